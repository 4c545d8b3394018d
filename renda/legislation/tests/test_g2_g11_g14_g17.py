"""RULES.md G2 (kind and repetition of higher law), G11 (comment after the first reading), G14 (termination
two years after the last reading) and G17 (publication of the announced text): an allowed and a forbidden
or boundary case each, by the services and the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from renda.core.exceptions import InvalidTransition, RuleViolation
from renda.core.models import Notification
from renda.legislation import comments, lifecycle, selectors, services
from renda.legislation.docstruct import parse_paragraphs
from renda.legislation.models import Draft, DraftEvent, Publication
from renda.legislation.tests import factories as lf
from renda.legislation.tests.test_g_rules import _approved
from renda.legislation.workflow import Status
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db

#: The higher law's provision that article 5 of ``lf.TEXT`` repeats word for word.
HIGHER = "第三十七条　禁止在河道管理范围内倾倒垃圾、渣土和其他废弃物。\n第四十条　其他规定由国务院另行制定。"


def _events(draft: Draft) -> int:
    return DraftEvent.objects.filter(draft=draft).count()


def test_g2_implementing_regulation_names_its_higher_law_and_g1_covers_every_kind():
    w = lf.world()
    congress = w.draft.congress
    # forbidden: an implementing regulation without the law it implements
    with pytest.raises(RuleViolation) as err:
        services.draft_create(
            congress=congress,
            title="实施条例",
            subject=Draft.Subject.URBAN,
            kind=Draft.Kind.IMPLEMENTING,
            actor=w.staff,
        )
    assert err.value.code == "higher_law_required" and err.value.extra["rule"] == "G2"
    # forbidden: a pilot (先行性) regulation outside the G1 matters is refused like any other
    with pytest.raises(RuleViolation) as err:
        services.draft_create(
            congress=congress, title="先行条例", subject="finance", kind=Draft.Kind.PILOT, actor=w.staff
        )
    assert err.value.code == "invalid_subject"
    assert not Draft.objects.filter(title__in=["实施条例", "先行条例"]).exists()
    # allowed: implementing with its higher law
    d = services.draft_create(
        congress=congress,
        title="实施条例",
        subject=Draft.Subject.URBAN,
        kind=Draft.Kind.IMPLEMENTING,
        higher_law="中华人民共和国河道管理条例",
        actor=w.staff,
    )
    assert d.kind == Draft.Kind.IMPLEMENTING and d.higher_law == "中华人民共和国河道管理条例"
    # the basis may be set later, before the vote, with the same check
    with pytest.raises(RuleViolation):
        lifecycle.draft_basis_set(draft=w.draft, kind=Draft.Kind.IMPLEMENTING, actor=w.staff)
    lifecycle.draft_basis_set(draft=w.draft, kind=Draft.Kind.PILOT, actor=w.staff)
    assert Draft.objects.get(pk=w.draft.pk).kind == Draft.Kind.PILOT


def test_g2_articles_repeating_higher_law_need_a_reason_at_submission():
    w = lf.world()
    # no higher-law text: nothing flagged, the submission passes without a reason
    assert selectors.repetitions(w.version) == []
    lifecycle.draft_basis_set(
        draft=w.draft, kind=Draft.Kind.IMPLEMENTING, higher_law="河道管理条例", higher_law_text=HIGHER, actor=w.staff
    )
    found = selectors.repetitions(w.version)
    assert [r.article for r in found] == [5] and found[0].similarity >= 0.9
    before = _events(w.draft)
    with pytest.raises(RuleViolation) as err:
        services.draft_submit(draft=w.draft, proposer="government", actor=w.staff, submitted_on=date(2026, 1, 10))
    assert err.value.code == "repetition" and err.value.extra["articles"] == ["第5条"]
    assert _events(w.draft) == before and Draft.objects.get(pk=w.draft.pk).status == Status.DRAFTING
    d = services.draft_submit(
        draft=w.draft,
        proposer="government",
        actor=w.staff,
        submitted_on=date(2026, 1, 10),
        repetition_reason="衔接罚则，保留",
    )
    assert d.status == Status.SUBMITTED
    assert "保留重复性规定（第5条）：衔接罚则，保留" in DraftEvent.objects.get(draft=d, to_status=Status.SUBMITTED).note
    # a version that rewrites article 5 in its own words is not flagged
    text = [
        t if not t.startswith("第五条") else "第五条　河道保洁实行河长负责制，每月巡查不少于两次。" for t in lf.TEXT
    ]
    v2 = services.version_create(draft=d, label="修改稿", document=parse_paragraphs(text), actor=w.staff)
    assert selectors.repetitions(v2) == []


def test_g11_comment_opens_after_the_first_reading_or_by_council_decision():
    w = lf.world()
    before = _events(w.draft)
    # forbidden: no reading yet and no 主任会议 decision
    with pytest.raises(RuleViolation) as err:
        comments.period_open(version=w.version, opens=date(2026, 3, 25), actor=w.staff)
    assert err.value.code == "before_first_reading" and err.value.extra["rule"] == "G11"
    assert _events(w.draft) == before and w.version.__class__.objects.get(pk=w.version.pk).comment_opens is None
    lf.submitted(w)
    services.reading_schedule(draft=w.draft, version=w.version, meeting=w.meeting(1), actor=w.staff)  # 2026-03-21
    # boundary: the day before the first reading's meeting is still before it
    with pytest.raises(RuleViolation):
        comments.period_open(version=w.version, opens=date(2026, 3, 20), actor=w.staff)
    # allowed: from the day of the first reading
    v = comments.period_open(version=w.version, opens=date(2026, 3, 21), actor=w.staff)
    assert v.comment_opens == date(2026, 3, 21) and v.comment_early_reason == ""
    # allowed earlier with the decision, which is kept and written on the event
    other = lf.world()
    v = comments.period_open(version=other.version, opens=date(2026, 3, 1), actor=other.staff, early_reason=lf.EARLY)
    assert v.comment_early_reason == lf.EARLY
    assert lf.EARLY in DraftEvent.objects.filter(draft=other.draft, action="comment_open").get().note


def _council_member_user(w: lf.World) -> User:
    council = mf.body_with_members(kind=Body.Kind.COUNCIL_OF_CHAIRPERSONS, size=1, term=w.body.term)
    deputy = council.memberships.get().deputy
    return f.UserFactory(role=User.Role.DEPUTY, deputy=deputy, congress=w.draft.congress)  # type: ignore[return-value]


def test_g14_terminated_two_years_after_the_last_reading_boundary(django_capture_on_commit_callbacks):
    w = lf.world()
    lf.submitted(w)
    services.reading_schedule(draft=w.draft, version=w.version, meeting=w.meeting(1), actor=w.staff)  # 2026-03-21
    member = _council_member_user(w)
    d = Draft.objects.get(pk=w.draft.pk)
    assert selectors.termination_due(d) == date(2028, 3, 21)
    report = "主任会议向常委会第20次会议报告"
    # one day before the two years: refused, nothing written
    before = _events(d)
    with pytest.raises(RuleViolation) as err:
        lifecycle.draft_terminate(draft=d, on=date(2028, 3, 20), report=report, actor=w.staff)
    assert err.value.code == "not_yet_due" and err.value.extra["rule"] == "G14"
    with pytest.raises(RuleViolation) as err:
        lifecycle.draft_terminate(draft=d, on=date(2028, 3, 22), report=" ", actor=w.staff)
    assert err.value.code == "report_required"
    assert _events(d) == before and Draft.objects.get(pk=d.pk).status == Status.IN_READING
    # the board: listed within 90 days, reached on the day
    assert [r.due for r in selectors.termination_board(w.staff, today=date(2028, 1, 1))] == [date(2028, 3, 21)]
    assert selectors.termination_board(w.staff, today=date(2027, 12, 1)) == []
    assert selectors.termination_board(w.staff, today=date(2028, 3, 21))[0].overdue
    # one day after: terminated, its event, the Council of Chairpersons told
    with django_capture_on_commit_callbacks(execute=True):
        d = lifecycle.draft_terminate(draft=d, on=date(2028, 3, 22), report=report, actor=w.staff)
    assert d.status == Status.TERMINATED and d.terminated_on == date(2028, 3, 22)
    event = DraftEvent.objects.get(draft=d, to_status=Status.TERMINATED)
    assert event.action == "terminate" and report in event.note
    assert Notification.objects.filter(recipient=member, text__contains="终止审议").exists()
    with pytest.raises(InvalidTransition):
        lifecycle.draft_terminate(draft=d, on=date(2028, 4, 1), report=report, actor=w.staff)


def test_g14_a_new_reading_restarts_the_clock_and_a_draft_put_to_the_vote_is_not_terminated():
    w = lf.world()
    lf.submitted(w)
    lf.read(w, 2)  # both on 2026-03-21
    assert selectors.termination_due(Draft.objects.get(pk=w.draft.pk)) == date(2028, 3, 21)
    services.vote_schedule(draft=w.draft, meeting=w.meeting(5), actor=w.staff)
    d = Draft.objects.get(pk=w.draft.pk)
    assert selectors.termination_due(d) is None
    with pytest.raises(RuleViolation) as err:
        lifecycle.draft_terminate(draft=d, on=date(2029, 1, 1), report="报告", actor=w.staff)
    assert err.value.code == "vote_exists"


def _promulgated(w: lf.World) -> Draft:
    return services.promulgate(
        draft=_approved(w),
        actor=w.staff,
        enacting_body="某市人大常委会",
        notice_number="第5号",
        promulgated_on=date(2026, 6, 5),
        effective_on=date(2026, 9, 1),
    )


def test_g17_text_published_in_the_gazette_with_explanation_and_report_after_the_notice():
    w = lf.world()
    # forbidden: before the 公告
    with pytest.raises(InvalidTransition):
        lifecycle.publication_record(draft=w.draft, channel="gazette", published_on=date(2026, 6, 5), actor=w.staff)
    d = _promulgated(w)
    assert len(selectors.publications_missing(d)) == 4
    before = _events(d)
    with pytest.raises(RuleViolation) as err:  # the 公报 carries the explanation and the 审议结果报告 too
        lifecycle.publication_record(
            draft=d, channel="gazette", published_on=date(2026, 6, 10), with_explanation=True, actor=w.staff
        )
    assert err.value.code == "materials_incomplete" and err.value.extra["rule"] == "G17"
    with pytest.raises(RuleViolation) as err:  # boundary: the day before the 公告
        lifecycle.publication_record(draft=d, channel="newspaper", published_on=date(2026, 6, 4), actor=w.staff)
    assert err.value.code == "before_promulgation"
    assert _events(d) == before and not Publication.objects.exists()
    # allowed: the 公报 with all materials, the newspaper on the day of the 公告
    lifecycle.publication_record(
        draft=d,
        channel="gazette",
        published_on=date(2026, 6, 10),
        reference="2026年第3号",
        with_explanation=True,
        with_results_report=True,
        actor=w.staff,
    )
    lifecycle.publication_record(draft=d, channel="newspaper", published_on=date(2026, 6, 5), actor=w.staff)
    assert selectors.publications_missing(d) == ["中国人大网", "本级人大网站"]
    assert DraftEvent.objects.filter(draft=d, action="publish_text").count() == 2
    with pytest.raises(RuleViolation) as err:
        lifecycle.publication_record(draft=d, channel="newspaper", published_on=date(2026, 6, 6), actor=w.staff)
    assert err.value.code == "already_published"


def test_pages_g14_board_terminate_and_g17_publication_for_staff_only():
    w = lf.world()
    lf.submitted(w)
    lf.read(w, 1)
    staff, deputy = Client(), Client()
    staff.force_login(w.staff)
    deputy.force_login(
        f.UserFactory(role=User.Role.DEPUTY, deputy=f.DeputyFactory(term=w.body.term), congress=w.draft.congress)
    )
    assert deputy.get(reverse("legislation:terminations")).status_code == 403
    page = staff.get(reverse("legislation:drafts")).content.decode()
    assert reverse("legislation:terminations") in page  # reachable from the staff's drafts list
    assert staff.get(reverse("legislation:terminations")).status_code == 200
    # the page refuses a termination before the two years with the rule's message, no 500
    r = staff.post(reverse("legislation:act", args=[w.draft.pk, "terminate"]), {"on": "2027-01-01", "report": "报告"})
    assert r.status_code == 200 and "搁置审议满两年" in r.content.decode()
    r = staff.post(reverse("legislation:act", args=[w.draft.pk, "terminate"]), {"on": "2028-03-21", "report": "报告"})
    assert r.status_code == 302 and Draft.objects.get(pk=w.draft.pk).status == Status.TERMINATED
    # the timeline names each act (the labels were missing: ``get_action_display`` of a field without choices)
    timeline = staff.get(reverse("legislation:draft", args=[w.draft.pk])).content.decode()
    assert "提请审议" in timeline and "终止审议：搁置审议满两年" in timeline
    # G17 on the page of an announced regulation
    w2 = lf.world()
    d = _promulgated(w2)
    c = Client()
    c.force_login(w2.staff)
    assert "act-publication" in c.get(reverse("legislation:draft", args=[d.pk])).content.decode()
    r = c.post(
        reverse("legislation:act", args=[d.pk, "publication"]), {"channel": "gazette", "published_on": "2026-06-10"}
    )
    assert r.status_code == 200 and "公报" in r.content.decode() and not Publication.objects.exists()
    r = c.post(
        reverse("legislation:act", args=[d.pk, "publication"]),
        {"channel": "npc_web", "published_on": "2026-06-10", "reference": "http://www.npc.gov.cn/"},
    )
    assert r.status_code == 302 and Publication.objects.filter(draft=d, channel="npc_web").exists()


def test_a_draft_is_made_or_revised_and_the_report_counts_each_apart():
    # given one adopted draft registered as a revision (修订) and an unknown value refused
    w = lf.world(making=Draft.Making.REVISION)
    with pytest.raises(RuleViolation) as refused:
        services.draft_create(
            congress=w.draft.congress, title="另一条例", subject=Draft.Subject.URBAN, making="amend", actor=w.staff
        )
    assert refused.value.code == "invalid_making"
    assert w.draft.making == Draft.Making.REVISION and Draft.objects.count() == 1
    # when the selector is asked for revisions and for new regulations on its adoption day
    Draft.objects.filter(pk=w.draft.pk).update(adopted_on=date(2025, 6, 26))
    span = {"congress_id": w.draft.congress_id, "start": date(2025, 1, 1), "end": date(2025, 12, 31)}
    # then it is a revision, not a new regulation, and counted in the adopted
    assert list(selectors.drafts_adopted(**span, making=Draft.Making.REVISION)) == [w.draft]
    assert not selectors.drafts_adopted(**span, making=Draft.Making.NEW).exists()
    assert selectors.drafts_adopted(**span).count() == 1
