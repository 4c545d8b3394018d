"""The history loader: the 2nd session's 2 bills and 193 suggestions went the whole way through the
services in their year (issue 16), with the statutory clocks kept; loading twice adds nothing."""

from __future__ import annotations

import io
from collections import Counter

import pytest

from renda.organization import demo as org_demo
from renda.proposals import demo_history
from renda.proposals.models import Assignment, Evaluation, Kind, Proposal, ProposalEvent, Reply
from renda.proposals.tests import factories as pf
from renda.proposals.workflow import AssignmentStatus, Status

pytestmark = pytest.mark.django_db


def test_s3_s13_s16_the_2nd_sessions_proposals_went_through_the_workflow_in_their_year():
    # given the organisation demo
    org_demo.load(stdout=io.StringIO())
    # when the history loads twice
    out = io.StringIO()
    assert demo_history.load(stdout=out) == 195
    assert demo_history.load(stdout=out) == 0
    # and every suggestion's and reply's public copy is the masking of its text (S21, written by the services)
    assert Reply.objects.exists() and pf.stale_public_copies() == []
    # then the 2nd session holds 2 bills referred to committees and 193 suggestions, all closed
    session_items = Proposal.objects.filter(session__ordinal=2)
    year = session_items.first().session.opening_date.year
    assert Counter(session_items.values_list("kind", "status")) == {
        (Kind.BILL, Status.REFERRED): 2,
        (Kind.SUGGESTION, Status.CLOSED): 193,
    }
    assert session_items.filter(is_key=True).count() == demo_history.N_KEY
    # and every suggestion's trail holds each step, in order, dated in the session's year
    expected = ["create", "submit", "register", "assign", "receive", "consult", "reply", "evaluate", "close"]
    suggestions = session_items.filter(kind=Kind.SUGGESTION)
    for p in suggestions:
        actions = [e.action for e in ProposalEvent.objects.filter(proposal=p).order_by("at", "id")]
        steps = [a for a in actions if a in expected]
        assert list(dict.fromkeys(steps)) == expected, (p.pk, actions)
    assert {e.at.year for e in ProposalEvent.objects.filter(proposal__in=suggestions)} == {year}
    # and the clocks held: assigned within a month of the close (S13), replied by the deadline (S3),
    # rated within the 15 working days (S16), every assignment closed
    # (id lists, not nested sub-selects: inside the test's transaction PostgreSQL has no statistics for the
    # new rows and planned four nested IN levels as nested loops, minutes for 193 rows)
    assignments = Assignment.objects.filter(proposal__in=list(suggestions.values_list("pk", flat=True)))
    assert assignments.count() == 193
    assert set(assignments.values_list("status", flat=True)) == {AssignmentStatus.CLOSED}
    closing = suggestions.first().session.closing_date
    assert all((a.assigned_on - closing).days <= 31 for a in assignments)
    replies = Reply.objects.filter(assignment__in=list(assignments.values_list("pk", flat=True)))
    replies = replies.select_related("assignment")
    assert replies.count() == 193 and all(r.replied_on <= r.assignment.due_date for r in replies)
    assert set(replies.values_list("reply_class", flat=True)) == {"A", "B", "C"}
    assert Evaluation.objects.filter(reply__in=list(replies.values_list("pk", flat=True))).count() == 193
    rated = {
        e.proposal_id: e.at.date() for e in ProposalEvent.objects.filter(proposal__in=suggestions, action="evaluate")
    }
    assert all(rated[r.assignment.proposal_id] <= r.evaluation_due for r in replies)
    assert "193 suggestions" in out.getvalue() and "already loaded" in out.getvalue()
