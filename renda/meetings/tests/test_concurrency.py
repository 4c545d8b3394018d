"""Two concurrent votes by the same member record exactly one (PostgreSQL, real threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from renda.core.exceptions import ApplicationError
from renda.meetings import services
from renda.meetings.models import AgendaItem, BallotEntry, Poll, VoteCast
from renda.meetings.tests import factories as mf

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (DATABASE_URL=postgres://…)"
    ),
]


def test_two_concurrent_votes_by_the_same_member_record_exactly_one():
    # given an open electronic poll and a member present
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=5), actor=staff)
    present = mf.check_in(meeting, 5, actor=staff)
    item = services.agenda_item_add(meeting=meeting, title="决议草案", kind=AgendaItem.Kind.RESOLUTION, actor=staff)
    poll = services.poll_open(
        poll=services.poll_create(item=item, method=Poll.Method.ELECTRONIC, actor=staff), actor=staff
    )
    option = poll.options.get()
    voter, login = present[0], mf.deputy_login(present[0])
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def vote(choice: str) -> None:
        try:
            barrier.wait()
            services.ballot_cast(poll=poll, voter=voter, choices={option.pk: choice}, actor=login)
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    # when 8 requests of the same member arrive at once
    threads = [threading.Thread(target=vote, args=("yes" if i % 2 else "no",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then exactly one ballot is stored and the others were told 已投票
    assert sorted(outcomes) == ["already_voted"] * 7 + ["ok"]
    assert VoteCast.objects.filter(poll=poll, deputy=voter).count() == 1
    assert BallotEntry.objects.filter(ballot__poll=poll).count() == 1
    closed = services.poll_close(poll=poll, actor=staff)
    assert closed.votes_cast == 1


def test_concurrent_voters_and_a_close_never_lose_or_add_a_ballot():
    # given an open poll with 30 members present
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=30), actor=staff)
    present = mf.check_in(meeting, 30, actor=staff)
    item = services.agenda_item_add(meeting=meeting, title="决议草案", kind=AgendaItem.Kind.RESOLUTION, actor=staff)
    poll = services.poll_open(poll=services.poll_create(item=item, method=Poll.Method.SECRET, actor=staff), actor=staff)
    option = poll.options.get()
    logins = [mf.deputy_login(d) for d in present]
    barrier = threading.Barrier(31)
    outcomes: list[str] = []

    def vote(i: int) -> None:
        try:
            barrier.wait()
            services.ballot_cast(poll=poll, voter=present[i], choices={option.pk: "yes"}, actor=logins[i])
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    def close() -> None:
        try:
            barrier.wait()
            services.poll_close(poll=poll, actor=staff)
        finally:
            connections.close_all()

    # when 30 members vote while staff close the poll at the same instant
    threads = [threading.Thread(target=vote, args=(i,)) for i in range(30)] + [threading.Thread(target=close)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then every accepted ballot is in the closed tally, and every refused one was refused as "not open"
    poll.refresh_from_db()
    stored = VoteCast.objects.filter(poll=poll).count()
    assert stored == outcomes.count("ok")
    assert set(outcomes) <= {"ok", "poll_not_open"}
    assert poll.votes_cast == stored
    assert poll.options.get().counts.get("yes", 0) == stored
    assert BallotEntry.objects.filter(ballot__poll=poll).count() == stored


def test_a_leave_and_the_members_own_check_in_and_ballot_at_once_never_leave_him_present_and_counted():
    # given an open electronic vote and a member not yet checked in, whom staff record on leave
    # while he checks himself in and votes from his phone at the same moment
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=5), actor=staff)
    mf.check_in(meeting, 4, actor=staff)
    item = services.agenda_item_add(meeting=meeting, title="决议草案", kind=AgendaItem.Kind.RESOLUTION, actor=staff)
    poll = services.poll_open(
        poll=services.poll_create(item=item, method=Poll.Method.ELECTRONIC, actor=staff), actor=staff
    )
    option = poll.options.get()
    member = mf.members(meeting)[4]
    login = mf.deputy_login(member)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def leave() -> None:
        try:
            barrier.wait()
            services.attendance_mark_leave(meeting=meeting, deputy=member, reason="因公出差", actor=staff)
            outcomes["leave"] = "ok"
        except ApplicationError as exc:
            outcomes["leave"] = exc.code
        finally:
            connections.close_all()

    def phone() -> None:
        try:
            barrier.wait()
            services.attendance_check_in(meeting=meeting, deputy=member, actor=login)
            outcomes["check_in"] = "ok"
            services.ballot_cast(poll=poll, voter=member, choices={option.pk: "yes"}, actor=login)
            outcomes["vote"] = "ok"
        except ApplicationError as exc:
            outcomes.setdefault("check_in", exc.code)
            outcomes.setdefault("vote", exc.code)
        finally:
            connections.close_all()

    # when both run at once
    threads = [threading.Thread(target=leave), threading.Thread(target=phone)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then the leave always stands with its reason (it waits for, or is waited for by, the check-in) …
    from renda.meetings.models import Attendance

    row = Attendance.objects.get(meeting=meeting, deputy=member)
    assert outcomes["leave"] == "ok"
    assert (row.status, row.note) == (Attendance.Status.LEAVE, "因公出差")
    # … and a ballot is stored only if he voted before the leave was recorded
    cast = VoteCast.objects.filter(poll=poll, deputy=member).exists()
    assert cast == (outcomes.get("vote") == "ok")
