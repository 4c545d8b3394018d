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
    poll.refresh_from_db()
    assert poll.votes_cast == 1
