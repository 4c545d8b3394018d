"""Closing a suggestion (办结): co-handlers first (S8), each merged member by its own window (S10, S16)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from renda.core.exceptions import RuleViolation
from renda.proposals import services
from renda.proposals.models import ProposalEvent
from renda.proposals.tests.factories import at, merged_group, received, submit_reply, world
from renda.proposals.workflow import AssignmentStatus, Status

pytestmark = pytest.mark.django_db


def _rate(w, r, deputy: int, when=None) -> None:
    services.evaluation_submit(
        reply=r, actor=w.deputy_users[deputy], attitude="satisfied", result="satisfied", at=when or at(2026, 6, 5)
    )


def test_S8_suggestion_does_not_close_while_a_cohandler_never_signed_for_it():
    # given a suggestion with a co-handler that never received its assignment, replied by the lead unit
    w = world()
    p, a = received(w, co=True)
    co = p.assignments.get(role="co")
    r = submit_reply(w, a)
    # when the deputy rates the reply 满意
    _rate(w, r, 0)
    # then the suggestion is not closed: the co-handler has not sent its opinion (S8)
    p.refresh_from_db()
    assert p.status == Status.REPLIED
    co.refresh_from_db()
    assert co.status == AssignmentStatus.ASSIGNED


def test_S8_staff_cannot_close_after_the_window_while_a_cohandler_has_not_sent_its_opinion():
    # given a replied suggestion whose co-handler received but sent no opinion, window passed
    w = world()
    p, a = received(w, co=True)
    co = p.assignments.get(role="co")
    services.assignment_receive(assignment=co, actor=w.unit_users[1], at=at(2026, 4, 13))
    r = submit_reply(w, a)
    late = at(r.evaluation_due.year, r.evaluation_due.month, r.evaluation_due.day) + timedelta(days=1)
    before = ProposalEvent.objects.count()
    # when staff close after the window
    # then refused by S8, nothing written
    with pytest.raises(RuleViolation) as exc:
        services.proposal_close_after_window(proposal=p, actor=w.staff, at=late)
    assert exc.value.extra["rule"] == "S8"
    assert ProposalEvent.objects.count() == before


def test_S8_sending_the_last_cohandler_opinion_closes_a_fully_rated_suggestion():
    # given a rated suggestion waiting only for its co-handler's opinion
    w = world()
    p, a = received(w, co=True)
    co = services.assignment_receive(assignment=p.assignments.get(role="co"), actor=w.unit_users[1], at=at(2026, 4, 13))
    r = submit_reply(w, a)
    _rate(w, r, 0)
    # when the co-handler sends its opinion
    services.assignment_send_opinion(assignment=co, actor=w.unit_users[1], text="同意", at=at(2026, 6, 6))
    # then the suggestion and every assignment are closed
    p.refresh_from_db()
    assert p.status == Status.CLOSED
    assert set(p.assignments.values_list("status", flat=True)) == {AssignmentStatus.CLOSED}


def test_S16_closing_one_merged_member_before_its_window_passed_is_refused_and_closes_nothing():
    # given a merged group, replied; only the primary's deputy rated; the member's window is open
    w = world()
    primary, member, _a, r = merged_group(w)
    _rate(w, r, 0)
    # when staff press 评价期限已过，办结 on the member while its window is open
    # then refused, and neither the member nor the primary is closed
    with pytest.raises(RuleViolation):
        services.proposal_close_after_window(proposal=member, actor=w.staff, at=at(2026, 6, 8))
    primary.refresh_from_db()
    member.refresh_from_db()
    assert (primary.status, member.status) == (Status.REPLIED, Status.REPLIED)


def test_S16_closing_a_merged_member_closes_only_members_whose_deputies_rated_or_window_passed():
    # given a merged group where the primary's deputy rated and the member's deputy has not, window open
    w = world()
    primary, member, a, r = merged_group(w)
    _rate(w, r, 0)
    # when staff close the primary
    services.proposal_close_after_window(proposal=primary, actor=w.staff, at=at(2026, 6, 8))
    # then the primary is closed, the member stays open and its unit's assignment too
    primary.refresh_from_db()
    member.refresh_from_db()
    a.refresh_from_db()
    assert (primary.status, member.status, a.status) == (Status.CLOSED, Status.REPLIED, AssignmentStatus.REPLIED)
    # and when the member's deputy rates, the rest of the group closes
    _rate(w, r, 2, at(2026, 6, 9))
    member.refresh_from_db()
    a.refresh_from_db()
    assert (member.status, a.status) == (Status.CLOSED, AssignmentStatus.CLOSED)
