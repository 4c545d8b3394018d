"""The draft's course through the API (issue 14 item 6): each page action has an operation calling the same
service, refused for another role (403), from the wrong status (409), for malformed input (400) and by a
rule (422, its code), and the page and the API leave the same events on the draft's trail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from renda.legislation import campaigns, comments, services
from renda.legislation.models import Comment, Draft, DraftEvent, Position
from renda.legislation.tests import factories as lf
from renda.legislation.workflow import Status
from renda.meetings import services as ms
from renda.meetings.models import Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/legislation"
SUBMIT = {"proposer": "council_of_chairpersons", "co_signers": 0, "submitted_on": "2026-01-10"}


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post(user: User, path: str, data: Any = None) -> Any:
    return _client(user).post(f"{API}{path}", data or {}, content_type="application/json")


def _deputy(w: lf.World) -> User:
    """A deputy of the draft's congress: sees the draft, may not drive its course."""
    return f.UserFactory(  # type: ignore[return-value]
        role=User.Role.DEPUTY, deputy=f.DeputyFactory(term=w.body.term), congress=w.draft.congress
    )


def _trail(draft: Draft) -> list[tuple[str, str, str, str]]:
    return list(
        DraftEvent.objects.filter(draft=draft).order_by("pk").values_list("action", "from_status", "to_status", "note")
    )


def _adopted(w: lf.World) -> Draft:
    lf.submitted(w)
    lf.read(w, 2)
    meeting = w.meeting(9)
    mf.check_in(meeting, 8, actor=w.staff)
    poll = services.vote_schedule(draft=w.draft, meeting=meeting, actor=w.staff, method=Poll.Method.SHOW_OF_HANDS)
    ms.poll_open(poll=poll, actor=w.staff)
    ms.poll_enter_counts(poll=poll, counts={"yes": 7, "no": 1, "abstain": 0}, actor=w.staff)
    ms.poll_close(poll=poll, actor=w.staff, at=mf.STARTS)
    return services.vote_record(draft=w.draft, actor=w.staff)


def test_g6_api_submit_allowed_and_refused_by_role_status_input_and_rule():
    w = lf.world()
    before = _trail(w.draft)
    r = _post(_deputy(w), f"/drafts/{w.draft.pk}/submit/", SUBMIT)
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = _post(w.staff, f"/drafts/{w.draft.pk}/submit/", {**SUBMIT, "proposer": "nobody"})
    assert r.status_code == 400 and r.json()["code"] == "invalid" and "proposer" in r.json()["errors"]
    r = _post(w.staff, f"/drafts/{w.draft.pk}/submit/", {**SUBMIT, "submitted_on": "3000-01-01"})
    assert r.status_code == 400 and "submitted_on" in r.json()["errors"]
    r = _post(w.staff, f"/drafts/{w.draft.pk}/submit/", {**SUBMIT, "proposer": "court"})
    assert r.status_code == 422 and r.json()["code"] == "proposer_not_allowed" and r.json()["rule"] == "G6"
    assert _trail(w.draft) == before  # a refused action changes nothing
    r = _post(w.staff, f"/drafts/{w.draft.pk}/submit/", SUBMIT)
    assert (
        r.status_code == 200
        and r.json()["status"] == Status.SUBMITTED
        and r.json()["proposer"] == "council_of_chairpersons"
    )
    # submitting again: the status refuses it (409), not a permission refusal (it was a 403 before)
    r = _post(w.staff, f"/drafts/{w.draft.pk}/submit/", SUBMIT)
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"
    assert _post(w.staff, "/drafts/99999999/submit/", SUBMIT).status_code == 404


def test_g7_g8_api_reading_readings_and_vote():
    w = lf.world()
    other = lf.world()
    m1 = w.meeting(1)
    reading = {"meeting": m1.pk, "version": w.version.pk}
    r = _post(w.staff, f"/drafts/{w.draft.pk}/reading/", reading)
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"  # still 起草中
    lf.submitted(w)
    assert _post(_deputy(w), f"/drafts/{w.draft.pk}/reading/", reading).status_code == 403
    r = _post(w.staff, f"/drafts/{w.draft.pk}/reading/", {**reading, "version": other.version.pk})
    assert r.status_code == 400 and "version" in r.json()["errors"]  # a version of another draft
    r = _post(w.staff, f"/drafts/{w.draft.pk}/reading/", reading)
    assert r.status_code == 200 and r.json()["status"] == Status.IN_READING and len(r.json()["readings"]) == 1
    # G8/G9: the number of readings
    r = _post(w.staff, f"/drafts/{w.draft.pk}/required-readings/", {"required": 4})
    assert r.status_code == 400 and "required" in r.json()["errors"]
    r = _post(w.staff, f"/drafts/{w.draft.pk}/required-readings/", {"required": 1})
    assert r.status_code == 422 and r.json()["code"] == "ground_required"
    # G8: two readings required, one held
    r = _post(w.staff, f"/drafts/{w.draft.pk}/vote/", {"meeting": w.meeting(2).pk})
    assert r.status_code == 422 and r.json()["code"] == "readings_required"
    r = _post(w.staff, f"/drafts/{w.draft.pk}/required-readings/", {"required": 1, "ground": "调整事项单一"})
    assert r.status_code == 200 and r.json()["required_readings"] == 1
    assert _post(_deputy(w), f"/drafts/{w.draft.pk}/vote/", {"meeting": w.meeting(3).pk}).status_code == 403
    r = _post(w.staff, f"/drafts/{w.draft.pk}/vote/", {"meeting": w.meeting(4).pk, "method": "show_of_hands"})
    assert r.status_code == 200 and Draft.objects.get(pk=w.draft.pk).poll_id
    # vote-result before the poll closed: a rule (422); another role: 403
    assert _post(_deputy(w), f"/drafts/{w.draft.pk}/vote-result/").status_code == 403
    r = _post(w.staff, f"/drafts/{w.draft.pk}/vote-result/")
    assert r.status_code == 422 and r.json()["code"] == "poll_not_closed"
    r = _post(w.staff, f"/drafts/{other.draft.pk}/vote/", {"meeting": other.meeting(1).pk})
    assert r.status_code == 409  # 起草中: not in reading


def test_g14_api_withdraw():
    w = lf.world()
    body = {"reason": "情况发生变化", "council_decision": "第12次主任会议同意"}
    r = _post(w.staff, f"/drafts/{w.draft.pk}/withdraw/", body)
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"  # 起草中: nothing to withdraw
    lf.submitted(w)
    assert _post(_deputy(w), f"/drafts/{w.draft.pk}/withdraw/", body).status_code == 403
    r = _post(w.staff, f"/drafts/{w.draft.pk}/withdraw/", {"reason": "情况发生变化"})
    assert r.status_code == 400 and "council_decision" in r.json()["errors"]
    r = _post(w.staff, f"/drafts/{w.draft.pk}/withdraw/", body)
    assert r.status_code == 200 and r.json()["status"] == Status.WITHDRAWN


def test_g15_g16_g18_api_approval_promulgation_and_filing():
    w = lf.world()
    r = _post(w.staff, f"/drafts/{w.draft.pk}/request-approval/", {"on": "2026-04-01"})
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"
    d = _adopted(w)
    assert _post(_deputy(w), f"/drafts/{d.pk}/request-approval/", {"on": "2026-04-01"}).status_code == 403
    assert _post(w.staff, f"/drafts/{d.pk}/request-approval/", {"on": "1. April"}).status_code == 400
    r = _post(w.staff, f"/drafts/{d.pk}/request-approval/", {"on": "2026-04-01"})
    assert r.status_code == 200 and r.json()["status"] == Status.AWAITING_APPROVAL
    r = _post(w.staff, f"/drafts/{d.pk}/approve/", {"approved_on": "2026-03-01", "approval_body": "某省人大常委会"})
    assert r.status_code == 422 and r.json()["code"] == "before_request"
    r = _post(w.staff, f"/drafts/{d.pk}/approve/", {"approved_on": "2026-05-28", "approval_body": "某省人大常委会"})
    assert r.status_code == 200 and r.json()["status"] == Status.APPROVED
    r = _post(w.staff, f"/drafts/{d.pk}/promulgate/", {"notice_number": "第5号", "promulgated_on": "2026-06-05"})
    assert r.status_code == 422 and r.json()["code"] == "notice_incomplete" and "施行日期" in r.json()["missing"]
    notice = {
        "enacting_body": "某市人大常委会",
        "notice_number": "第5号",
        "promulgated_on": "2026-06-05",
        "effective_on": "2026-09-01",
    }
    assert _post(_deputy(w), f"/drafts/{d.pk}/promulgate/", notice).status_code == 403
    r = _post(w.staff, f"/drafts/{d.pk}/promulgate/", notice)
    assert r.status_code == 200 and r.json()["status"] == Status.PROMULGATED
    r = _post(w.staff, f"/drafts/{d.pk}/file/", {"on": "2026-06-01"})
    assert r.status_code == 422 and r.json()["code"] == "before_promulgation"
    r = _post(w.staff, f"/drafts/{d.pk}/file/", {"on": "2026-06-15"})
    assert r.status_code == 200 and r.json()["status"] == Status.FILED and r.json()["filed_on"] == "2026-06-15"
    r = _post(w.staff, f"/drafts/{d.pk}/file/", {"on": "2026-06-15"})
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"


def test_g11_api_open_comment_period():
    w = lf.world()
    path = f"/versions/{w.version.pk}/open/"
    assert _post(_deputy(w), path, {"opens": "2026-04-15"}).status_code == 403
    assert _post(w.staff, path, {"opens": "2026-04-15", "days": 0}).status_code == 400
    r = _post(w.staff, path, {"opens": "2026-04-15", "days": 10})
    assert r.status_code == 422 and r.json()["code"] == "short_period" and r.json()["rule"] == "G11"
    r = _post(w.staff, path, {"opens": "2026-04-15"})  # no reading held: G11 needs the 主任会议's decision
    assert r.status_code == 422 and r.json()["code"] == "before_first_reading" and r.json()["rule"] == "G11"
    r = _post(w.staff, path, {"opens": "2026-04-15", "early_reason": lf.EARLY})
    assert r.status_code == 200 and r.json()["comment_closes"] == "2026-05-15"
    assert _post(w.staff, "/versions/99999999/open/", {"opens": "2026-04-15"}).status_code == 404


def test_api_hide_comment_and_g12_publish_feedback():
    w = lf.world()
    c = comments.comment_submit(version=w.version, text="某某是骗子", source="hearing", hearing="论证会", user=w.staff)
    assert _post(_deputy(w), f"/comments/{c.pk}/hide/", {"reason": "人身攻击"}).status_code == 403
    r = _post(w.staff, f"/comments/{c.pk}/hide/", {"reason": ""})
    assert r.status_code == 400 and "reason" in r.json()["errors"]
    assert _post(w.staff, "/comments/99999999/hide/", {"reason": "人身攻击"}).status_code == 404
    r = _post(w.staff, f"/comments/{c.pk}/hide/", {"reason": "人身攻击"})
    assert r.status_code == 200 and r.json() == {"id": c.pk, "hidden": True, "hidden_reason": "人身攻击"}
    # G12: publish only once every position has its response
    comments.comment_submit(
        version=w.version, text="建议提高罚款", source="hearing", hearing="论证会", user=w.staff, article=5
    )
    path = f"/versions/{w.version.pk}/publish/"
    r = _post(w.staff, path)
    assert r.status_code == 422 and r.json()["code"] == "no_positions"
    positions = campaigns.analyse(version=w.version, actor=w.staff)
    r = _post(w.staff, path)
    assert r.status_code == 422 and r.json()["code"] == "unanswered"
    for p in positions:
        campaigns.position_respond(position=p, response=Position.Response.ADOPTED, reason="", actor=w.staff)
    assert _post(_deputy(w), path).status_code == 403
    r = _post(w.staff, path)
    assert r.status_code == 200 and r.json()["feedback_published"] is True


def _by_page(w: lf.World, action: str, data: dict[str, Any]) -> None:
    r = _client(w.staff).post(reverse("legislation:act", args=[w.draft.pk, action]), data)
    assert r.status_code == 302, r.content.decode()[:2000]


def test_page_and_api_leave_the_same_events_before_the_vote():
    page, api = lf.world(), lf.world()
    hearing = {"text": "建议删去第五条", "source": "hearing", "hearing": "论证会"}
    c_page = comments.comment_submit(version=page.version, user=page.staff, **hearing)
    c_api = comments.comment_submit(version=api.version, user=api.staff, **hearing)
    # by the pages
    _by_page(page, "submit", SUBMIT)
    m_page, m_api = page.meeting(1), api.meeting(1)
    _by_page(page, "reading", {"meeting": m_page.pk, "version": page.version.pk})
    cp = _client(page.staff)
    assert (
        cp.post(reverse("legislation:open", args=[page.version.pk]), {"opens": "2026-04-15", "days": 30}).status_code
        == 302
    )
    assert cp.post(reverse("legislation:hide", args=[c_page.pk]), {"reason": "与草案无关"}).status_code == 302
    _by_page(page, "withdraw", {"reason": "情况发生变化", "council_decision": "第12次主任会议同意"})
    # by the API
    for path, data in [
        (f"/drafts/{api.draft.pk}/submit/", SUBMIT),
        (f"/drafts/{api.draft.pk}/reading/", {"meeting": m_api.pk, "version": api.version.pk}),
        (f"/versions/{api.version.pk}/open/", {"opens": "2026-04-15", "days": 30}),
        (f"/comments/{c_api.pk}/hide/", {"reason": "与草案无关"}),
        (f"/drafts/{api.draft.pk}/withdraw/", {"reason": "情况发生变化", "council_decision": "第12次主任会议同意"}),
    ]:
        assert _post(api.staff, path, data).status_code == 200, path

    # the same events, but for the names of each world's own meeting and comment
    def same(w: lf.World, meeting: Any, comment: Comment) -> list[tuple[str, str, str, str]]:
        names = {meeting.title: "<meeting>", f"意见 {comment.pk}：": "意见 <id>："}
        rows = []
        for a, fr, to, note in _trail(w.draft):
            for name, stand_in in names.items():
                note = note.replace(name, stand_in)
            rows.append((a, fr, to, note))
        return rows

    assert len(_trail(page.draft)) == 7 and _trail(page.draft)[-1][2] == Status.WITHDRAWN
    assert same(page, m_page, c_page) == same(api, m_api, c_api)


def test_page_and_api_leave_the_same_events_after_the_vote():
    page, api = lf.world(), lf.world()
    _adopted(page)
    _adopted(api)
    steps = [
        ("request_approval", "request-approval", {"on": "2026-04-01"}),
        ("approve", "approve", {"approved_on": "2026-08-30", "approval_body": "某省人大常委会"}),
        (
            "promulgate",
            "promulgate",
            {
                "enacting_body": "某市人大常委会",
                "notice_number": "第5号",
                "promulgated_on": "2026-09-05",
                "effective_on": "2026-12-01",
            },
        ),
        ("file", "file", {"on": "2026-09-30"}),
    ]
    for action, path, data in steps:
        _by_page(page, action, data)
        assert _post(api.staff, f"/drafts/{api.draft.pk}/{path}/", data).status_code == 200, path
    assert Draft.objects.get(pk=page.draft.pk).status == Status.FILED
    assert _trail(page.draft)[-4:] == _trail(api.draft)[-4:]
    assert "逾期" in _trail(api.draft)[-1][3]  # filed 25 days after publication (G18: 15)


def test_comment_period_moderation_and_feedback_events_take_their_date():
    # the demo dates its past acts; these three services had no ``at`` and stamped today
    w = lf.world()
    at = datetime(2025, 4, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    comments.period_open(early_reason=lf.EARLY, version=w.version, opens=date(2025, 4, 15), actor=w.staff, at=at)
    c = comments.comment_submit(version=w.version, text="无关内容", source="hearing", hearing="论证会", user=w.staff)
    comments.comment_submit(version=w.version, text="建议", source="hearing", hearing="论证会", user=w.staff)
    comments.comment_hide(comment=c, reason="与草案无关", actor=w.staff, at=at.replace(day=20))
    for p in campaigns.analyse(version=w.version, actor=w.staff):
        campaigns.position_respond(position=p, response=Position.Response.ADOPTED, reason="", actor=w.staff)
    campaigns.feedback_publish(version=w.version, actor=w.staff, at=at.replace(month=5))
    stamped = dict(DraftEvent.objects.filter(draft=w.draft).values_list("action", "at"))
    assert stamped["comment_open"] == at
    assert stamped["comment_hide"] == at.replace(day=20)
    assert stamped["feedback"] == at.replace(month=5)
