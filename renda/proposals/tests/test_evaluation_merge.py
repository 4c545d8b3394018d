"""Evaluation with a reason and paper evaluations entered by staff (issue 13 item 4, S16/S17); the merge
form names what it cannot find and merges nothing (item 9, S10)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.proposals import services
from renda.proposals.events import Action
from renda.proposals.models import Assignment, Evaluation, MergeGroup, Proposal, ProposalEvent, Reply
from renda.proposals.tests.factories import World, at, received, registered, replied, submit_reply, world
from renda.proposals.workflow import AssignmentStatus

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def replied_today(w: World) -> tuple[Proposal, Assignment, Reply]:
    """A suggestion of deputy 0 replied by unit 0 today (the rating window is open now)."""
    p, a = received(w)
    r = submit_reply(w, a, reply_class="B")
    return p, Assignment.objects.get(pk=a.pk), r


# ------------------------------------------------------------------ a reason for 基本满意 / 不满意


@pytest.mark.parametrize(("attitude", "result"), [("satisfied", "dissatisfied"), ("basically", "satisfied")])
def test_S16_basically_or_dissatisfied_without_a_reason_is_refused_and_writes_nothing(attitude, result):
    # given a reply in its rating window
    w = world()
    _p, a, r = replied(w)
    before = ProposalEvent.objects.count()
    # when the deputy rates it 不满意 / 基本满意 without a reason / then refused, nothing written
    with pytest.raises(RuleViolation) as exc:
        services.evaluation_submit(
            reply=r, actor=w.deputy_users[0], attitude=attitude, result=result, comment="  ", at=at(2026, 6, 5)
        )
    assert exc.value.extra["rule"] == "S16" and "理由" in exc.value.message
    a.refresh_from_db()
    assert not Evaluation.objects.exists() and ProposalEvent.objects.count() == before
    assert a.status == AssignmentStatus.REPLIED


def test_S17_the_reason_is_stored_in_the_event_and_told_to_the_unit_when_re_handling():
    w = world()
    _p, _a, r = replied(w)
    ev = services.evaluation_submit(
        reply=r,
        actor=w.deputy_users[0],
        attitude="satisfied",
        result="dissatisfied",
        comment="新线路开通时间不明确",
        at=at(2026, 6, 5),
    )
    assert ev.comment == "新线路开通时间不明确"
    rated = ProposalEvent.objects.get(action=Action.EVALUATE)
    assert "理由：新线路开通时间不明确" in rated.note and rated.actor == w.deputy_users[0]
    rehandle = ProposalEvent.objects.filter(action=Action.REHANDLE).first()
    assert rehandle is not None and "新线路开通时间不明确" in rehandle.note


def test_the_lead_unit_sees_the_deputys_reason_on_its_page_and_in_the_api():
    # given a reply the deputy rated 不满意 with a reason, today
    w = world()
    p, _a, r = replied_today(w)
    resp = client_for(w.deputy_users[0]).post(
        reverse("proposals:evaluate", args=[r.pk]),
        {"attitude": "basically", "result": "dissatisfied", "comment": "施工进度没有明确时间表"},
    )
    assert resp.status_code == 302 and Evaluation.objects.get().comment == "施工进度没有明确时间表"
    unit = client_for(w.unit_users[0])
    # then the lead unit reads the reason on the suggestion's page
    html = unit.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert 'data-testid="evaluation-reason"' in html and "施工进度没有明确时间表" in html
    # and in the API
    rows = unit.get("/api/proposals/replies/").json()["results"]
    assert rows[0]["evaluations"][0]["comment"] == "施工进度没有明确时间表"
    assert rows[0]["evaluations"][0]["on_paper"] is False


def test_page_without_reason_shows_the_chinese_error_and_rates_nothing():
    w = world()
    _p, _a, r = replied_today(w)
    resp = client_for(w.deputy_users[0]).post(
        reverse("proposals:evaluate", args=[r.pk]), {"attitude": "satisfied", "result": "dissatisfied"}, follow=True
    )
    assert "请写明理由" in resp.content.decode() and not Evaluation.objects.exists()


# ------------------------------------------------------------------ 代录: a paper evaluation entered by staff


def test_staff_enter_a_paper_evaluation_for_a_deputy_recorded_as_theirs_on_behalf():
    # given a reply to a deputy who cannot go online
    w = world()
    _p, _a, r = replied(w)
    # when staff enter his paper form dated 2026-06-08
    ev = services.evaluation_submit(
        reply=r,
        actor=w.staff,
        deputy=w.deputies[0],
        paper_date=date(2026, 6, 8),
        attitude="satisfied",
        result="basically",
        comment="希望加快进度",
    )
    # then the evaluation is the deputy's, entered by staff with the paper's date; the trail says 代录
    assert (ev.deputy, ev.entered_by, ev.paper_date) == (w.deputies[0], w.staff, date(2026, 6, 8))
    e = ProposalEvent.objects.get(action=Action.EVALUATE_PAPER)
    assert e.actor == w.staff and "代录" in e.note and w.deputies[0].name in e.note and "2026-06-08" in e.note


def test_staff_paper_evaluation_through_the_page():
    w = world()
    p, _a, r = replied_today(w)
    staff = client_for(w.staff)
    html = staff.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert 'data-testid="paper-evaluate-form"' in html
    resp = staff.post(
        reverse("proposals:evaluate", args=[r.pk]),
        {
            "deputy": w.deputies[0].pk,
            "paper_date": timezone.localdate().isoformat(),
            "attitude": "satisfied",
            "result": "satisfied",
        },
    )
    assert resp.status_code == 302
    ev = Evaluation.objects.get()
    assert ev.entered_by == w.staff and ev.deputy == w.deputies[0]
    # the deputy's own rating is then refused as a duplicate
    with pytest.raises(Exception, match="已评价"):
        services.evaluation_submit(reply=r, actor=w.deputy_users[0], attitude="satisfied", result="satisfied")


def test_paper_evaluation_needs_a_recipient_and_a_plausible_paper_date():
    w = world()
    _p, _a, r = replied(w)
    ok = {"attitude": "satisfied", "result": "satisfied"}
    with pytest.raises(RuleViolation):  # deputy 3 did not receive the reply
        services.evaluation_submit(reply=r, actor=w.staff, deputy=w.deputies[3], paper_date=date(2026, 6, 8), **ok)
    with pytest.raises(RuleViolation):  # no date
        services.evaluation_submit(reply=r, actor=w.staff, deputy=w.deputies[0], **ok)
    with pytest.raises(RuleViolation):  # a date in the future
        future = timezone.localdate() + timedelta(days=3)
        services.evaluation_submit(reply=r, actor=w.staff, deputy=w.deputies[0], paper_date=future, **ok)
    with pytest.raises(RuleViolation) as exc:  # outside the S16 window
        services.evaluation_submit(reply=r, actor=w.staff, deputy=w.deputies[0], paper_date=date(2026, 7, 30), **ok)
    assert exc.value.extra["rule"] == "S16" and not Evaluation.objects.exists()


def test_a_unit_officer_cannot_evaluate_even_on_paper():
    w = world()
    _p, _a, r = replied_today(w)
    with pytest.raises(PermissionDeniedError):
        services.evaluation_submit(
            reply=r, actor=w.unit_users[0], deputy=w.deputies[0], paper_date=timezone.localdate(),
            attitude="satisfied", result="satisfied",
        )  # fmt: skip
    resp = client_for(w.unit_users[0]).post(
        reverse("proposals:evaluate", args=[r.pk]), {"attitude": "satisfied", "result": "satisfied"}
    )
    assert resp.status_code == 404 and not Evaluation.objects.exists()


def test_api_paper_evaluation_by_staff():
    w = world()
    _p, _a, r = replied_today(w)
    resp = client_for(w.staff).post(
        f"/api/proposals/replies/{r.pk}/evaluate/",
        {
            "attitude": "dissatisfied",
            "result": "dissatisfied",
            "comment": "纸质表：问题未解决",
            "deputy": w.deputies[0].pk,
            "paper_date": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert resp.status_code == 201
    assert Evaluation.objects.get().entered_by == w.staff


# ------------------------------------------------------------------ merge: nothing found → nothing merged


def test_S10_merge_form_names_numbers_it_cannot_find_and_merges_nothing():
    # given two registered suggestions
    w = world()
    primary = registered(w)
    other = registered(w, lead=2, title="关于增设自行车道的建议")
    # when staff list the other's number and one that does not exist
    resp = client_for(w.staff).post(
        reverse("proposals:act", args=[primary.pk, "merge"]),
        {"numbers": f"{other.number}\n第16届3次会议 建议第9999号"},
        follow=True,
    )
    # then the page names the missing number and nothing is merged
    html = resp.content.decode()
    assert "以下编号未找到或您无权查看，未并案" in html and "第9999号" in html
    assert not MergeGroup.objects.exists()
    assert not Proposal.objects.filter(merge_group__isnull=False).exists()


def test_S10_merge_names_every_item_that_is_not_mergeable():
    w = world()
    primary = registered(w)
    p2, _a = received(w)  # assigned already: not mergeable
    with pytest.raises(RuleViolation) as exc:
        services.proposals_merge_listed(primary=primary, numbers=[p2.number], actor=w.staff)
    assert p2.number in exc.value.message and not MergeGroup.objects.exists()
    with pytest.raises(RuleViolation, match="请填写"):
        services.proposals_merge_listed(primary=primary, numbers=["  "], actor=w.staff)


def test_S10_merge_api_unknown_id_is_a_code_and_merges_nothing():
    w = world()
    primary = registered(w)
    other = registered(w, lead=2, title="关于增设自行车道的建议")
    resp = client_for(w.staff).post(
        f"/api/proposals/proposals/{primary.pk}/merge/", {"others": [other.pk, 999999]}, content_type="application/json"
    )
    assert resp.status_code == 422 and resp.json()["code"] == "rule_violation" and "#999999" in resp.json()["detail"]
    assert not MergeGroup.objects.exists()
    ok = client_for(w.staff).post(
        f"/api/proposals/proposals/{primary.pk}/merge/", {"others": [other.pk]}, content_type="application/json"
    )
    assert ok.status_code == 201 and MergeGroup.objects.count() == 1
