"""The last rung of the ladder (RULES.md F5): the revocation bill goes on a Standing Committee meeting's
agenda through the meetings app, and the outcome of its vote closes the review."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from renda.core.exceptions import ApplicationError, InvalidTransition, RuleViolation
from renda.filing import revocation, services, suggestions
from renda.filing.events import Action
from renda.filing.tests.conftest import in_review
from renda.filing.workflow import CLOSED, DocStatus, SuggestionStatus
from renda.meetings import services as ms
from renda.meetings.models import AgendaItem, Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import Body
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


@pytest.fixture
def sc(congress):
    """The congress's Standing Committee (10 members)."""
    return mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=10, term=org.TermFactory(congress=congress))


def _opinion_issued(staff, organ, on=date(2026, 6, 1)):
    doc = in_review(staff, organ)
    services.document_step(doc=doc, actor=staff, step="consult", note="第五条罚款无依据")
    services.document_step(doc=doc, actor=staff, step="propose_opinion", note="未纠正")
    services.document_step(doc=doc, actor=staff, step="council_approve", note="主任会议同意", on=on)
    return doc


def _vote(meeting, poll, staff, yes):
    mf.check_in(meeting, 8, actor=staff)
    ms.poll_open(poll=poll, actor=staff)
    ms.poll_enter_counts(poll=poll, counts={"yes": yes, "no": 8 - yes, "abstain": 0}, actor=staff)
    ms.poll_close(poll=poll, actor=staff, at=mf.STARTS)


def test_f5_revocation_only_after_the_response_period_and_only_at_a_standing_committee(staff, organ, sc, congress):
    doc = _opinion_issued(staff, organ)
    meeting = mf.meeting_of(sc, actor=staff, number=5)
    # 2 months (Shanghai): 2026-08-01 is a Saturday → the period ends 2026-08-03 (D3); nothing is written
    with pytest.raises(RuleViolation) as exc:
        revocation.revocation_propose(doc=doc, actor=staff, meeting=meeting, note="逾期未纠正", on=date(2026, 8, 3))
    assert exc.value.extra["rule"] == "F5"
    council = mf.body_with_members(kind=Body.Kind.COUNCIL_OF_CHAIRPERSONS, size=5, term=sc.term)
    with pytest.raises(RuleViolation) as exc:
        revocation.revocation_propose(
            doc=doc, actor=staff, meeting=mf.meeting_of(council, actor=staff, number=1), note="x", on=date(2026, 8, 4)
        )
    assert exc.value.code == "not_standing_committee"
    doc.refresh_from_db()
    assert doc.status == DocStatus.OPINION_ISSUED and not AgendaItem.objects.filter(meeting=meeting).exists()
    # the plain step no longer exists: the bill needs a meeting
    with pytest.raises(ApplicationError):
        services.document_step(doc=doc, actor=staff, step="revocation", note="x", on=date(2026, 8, 4))
    poll = revocation.revocation_propose(doc=doc, actor=staff, meeting=meeting, note="逾期未纠正", on=date(2026, 8, 4))
    doc.refresh_from_db()
    assert doc.status == DocStatus.REVOCATION and doc.revocation_poll_id == poll.pk
    item = poll.item
    assert item.meeting_id == meeting.pk and item.kind == AgendaItem.Kind.BILL
    assert item.proposer == "council_of_chairpersons" and item.object_id == doc.pk
    assert "撤销" in item.title and doc.title in item.title
    assert doc.events.filter(action=Action.REVOCATION, to_status=DocStatus.REVOCATION).exists()


def test_f5_revocation_vote_passed_revokes_and_closes_the_review(staff, organ, sc):
    doc = _opinion_issued(staff, organ)
    meeting = mf.meeting_of(sc, actor=staff, number=5)
    poll = revocation.revocation_propose(
        doc=doc, actor=staff, meeting=meeting, note="逾期未纠正", method=Poll.Method.SHOW_OF_HANDS, on=date(2026, 8, 4)
    )
    with pytest.raises(RuleViolation) as exc:
        revocation.revocation_record(doc=doc, actor=staff)
    assert exc.value.code == "poll_not_closed"
    _vote(meeting, poll, staff, yes=6)  # more than half of all 10 members
    revocation.revocation_record(doc=doc, actor=staff)
    assert doc.status == DocStatus.REVOKED and doc.status in CLOSED
    assert doc.events.filter(action=Action.REVOKED, to_status=DocStatus.REVOKED).exists()
    assert meeting.title in doc.outcome_note
    with pytest.raises(InvalidTransition):
        revocation.revocation_record(doc=doc, actor=staff)


def test_f5_revocation_vote_failed_is_not_revoked_and_the_requester_is_answered(staff, organ, sc, congress):
    s = suggestions.suggestion_submit(
        congress=congress, name="王建国", phone="", document_title="停车管理办法", reasons="罚款无依据"
    )
    doc = _opinion_issued(staff, organ)
    suggestions.suggestion_accept(suggestion=s, actor=staff, document=doc)
    meeting = mf.meeting_of(sc, actor=staff, number=5)
    poll = revocation.revocation_propose(
        doc=doc, actor=staff, meeting=meeting, note="逾期未纠正", method=Poll.Method.SHOW_OF_HANDS, on=date(2026, 8, 4)
    )
    with pytest.raises(RuleViolation):  # review not finished while the bill waits for its vote
        suggestions.suggestion_answer(suggestion=s, actor=staff, feedback="x")
    _vote(meeting, poll, staff, yes=5)  # half of all members is not enough
    revocation.revocation_record(doc=doc, actor=staff)
    assert doc.status == DocStatus.NOT_REVOKED
    suggestions.suggestion_answer(suggestion=s, actor=staff, feedback="常委会表决未通过撤销议案")
    s.refresh_from_db()
    assert s.status == SuggestionStatus.ANSWERED


def test_f5_revocation_page_and_api(client, staff, organ, sc, officer):
    doc = _opinion_issued(staff, organ, on=date(2026, 1, 5))
    meeting = mf.meeting_of(sc, actor=staff, number=5)
    client.force_login(staff)
    page = client.get(reverse("filing:detail", args=[doc.pk])).content.decode()
    assert 'data-testid="revocation-submit"' in page and meeting.title in page
    r = client.post(
        reverse("filing:revocation", args=[doc.pk]), {"meeting": meeting.pk, "method": "electronic", "note": ""}
    )
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.status == DocStatus.OPINION_ISSUED
    api = APIClient()
    api.force_authenticate(officer)
    denied = api.post(
        f"/api/filing/documents/{doc.pk}/revocation/", {"meeting": meeting.pk, "note": "x"}, format="json"
    )
    assert denied.status_code == 403
    api.force_authenticate(staff)
    early = api.post(f"/api/filing/documents/{doc.pk}/revocation/result/", format="json")
    assert early.status_code == 422 and early.json()["code"] == "no_vote"
    ok = api.post(
        f"/api/filing/documents/{doc.pk}/revocation/", {"meeting": meeting.pk, "note": "逾期未纠正"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "revocation"
    pending = api.post(f"/api/filing/documents/{doc.pk}/revocation/result/", format="json")
    assert pending.status_code == 422 and pending.json()["code"] == "poll_not_closed"
    page = client.get(reverse("filing:detail", args=[doc.pk])).content.decode()
    assert 'data-testid="revocation-item"' in page and 'data-testid="revocation-result"' in page


def test_f5_revocations_are_published_only_once_the_standing_committee_revoked(client, staff, organ, sc):
    """F5 "revocations are published": the public page and API list a revoked document with the deciding
    meeting; a document whose bill failed, or whose vote is still to come, is not listed."""
    revoked, failed, waiting = (_opinion_issued(staff, organ) for _ in range(3))
    meeting = mf.meeting_of(sc, actor=staff, number=5)
    polls = [
        revocation.revocation_propose(
            doc=d,
            actor=staff,
            meeting=meeting,
            note="逾期未纠正",
            method=Poll.Method.SHOW_OF_HANDS,
            on=date(2026, 8, 4),
        )
        for d in (revoked, failed, waiting)
    ]
    _vote(meeting, polls[0], staff, yes=6)
    revocation.revocation_record(doc=revoked, actor=staff)
    ms.poll_open(poll=polls[1], actor=staff)
    ms.poll_enter_counts(poll=polls[1], counts={"yes": 5, "no": 3, "abstain": 0}, actor=staff)
    ms.poll_close(poll=polls[1], actor=staff, at=mf.STARTS)
    revocation.revocation_record(doc=failed, actor=staff)
    assert failed.status == DocStatus.NOT_REVOKED and waiting.status == DocStatus.REVOCATION

    page = client.get(reverse("filing:public-revocations"))  # no login
    assert page.status_code == 200
    listed = [d.pk for d in page.context["documents"]]
    assert listed == [revoked.pk]
    assert meeting.title in page.content.decode()
    api = APIClient().get("/api/filing/revocations/")
    assert api.status_code == 200
    assert [(r["id"], r["meeting"]) for r in api.json()] == [(revoked.pk, meeting.title)]
