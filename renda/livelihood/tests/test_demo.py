"""The demo loaders reproduce the seed (Presidium 46 present, 10 projects under 三个1) and are idempotent."""

from __future__ import annotations

import io

import pytest

from renda.livelihood import demo as livelihood_demo
from renda.livelihood.models import ProgrammeEvent, Project
from renda.meetings import demo as meetings_demo
from renda.meetings.models import Meeting, MeetingEvent, Poll, PollEvent, VoteCast
from renda.organization import demo as org_demo
from renda.organization.demo import SHANGHAI
from renda.organization.models import Session, User

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seed_and_loading_twice_duplicates_nothing():
    # given the demo congress
    org_demo.load()
    # when the meetings and livelihood demos load twice
    for _ in range(2):
        meeting = meetings_demo.load()
        programme = livelihood_demo.load()
    # then the Presidium meeting had 46 present, quorum met, and its resolutions passed
    presidium = Meeting.objects.get(kind=Meeting.Kind.PRESIDIUM)
    assert presidium.pk == meeting.pk
    assert presidium.attendances.filter(status="present").count() == 46
    polls = Poll.objects.filter(item__meeting=presidium)
    assert polls.count() == 8 and all(p.passed and p.status == "published" for p in polls)
    # and 10 projects were chosen, each with its three supervisors, starting with the seed's three
    assert Project.objects.count() == 10
    titles = list(programme.projects.order_by("-candidate__yes_votes").values_list("title", flat=True))
    assert titles[:3] == ["修好断头路", "创造就业岗位", "实施学生放心午餐工程"]
    assert not Project.objects.filter(lead_vice_chair__isnull=True).exists()
    assert not Project.objects.filter(special_committee__isnull=True).exists()
    assert VoteCast.objects.count() == 330
    assert Meeting.objects.count() == 2


def test_demo_meetings_polls_and_events_carry_the_session_dates():
    # given the demo congress (3rd session 18–23 March)
    org_demo.load()
    session_start = Session.objects.get(term__ordinal=16, ordinal=3).opening_date
    out = io.StringIO()
    # when the meetings and livelihood demos load
    meetings_demo.load(stdout=out)
    livelihood_demo.load()
    # then every poll of the Presidium meeting was opened, closed and published on 21 March
    presidium = Meeting.objects.get(kind=Meeting.Kind.PRESIDIUM)
    day = presidium.starts_at.astimezone(SHANGHAI).date()
    assert day == session_start.replace(day=21)
    for poll in Poll.objects.filter(item__meeting=presidium):
        stamps = [poll.opened_at, poll.closed_at, poll.published_at]
        assert {s.astimezone(SHANGHAI).date() for s in stamps} == {day}
        assert poll.opened_at < poll.closed_at < poll.published_at
    # and the plenary's vote and its events are on 23 March
    plenary = Meeting.objects.get(kind=Meeting.Kind.PLENARY)
    plenary_poll = Poll.objects.get(item__meeting=plenary)
    assert plenary_poll.closed_at.astimezone(SHANGHAI).date() == session_start.replace(day=23)
    event_days = {
        e.at.astimezone(SHANGHAI).date()
        for e in [
            *PollEvent.objects.filter(poll__item__meeting__in=[presidium, plenary]),
            *MeetingEvent.objects.filter(meeting__in=[presidium, plenary], action__in=["start", "close"]),
        ]
    }
    assert event_days == {day, session_start.replace(day=23)}
    publish = ProgrammeEvent.objects.get(action="publish")
    assert publish.at.astimezone(SHANGHAI).date() == session_start.replace(day=23)
    # and the message counts the deputies who have logins
    with_login = User.objects.filter(deputy__term__ordinal=16).values("deputy_id").distinct().count()
    assert with_login > 300
    assert f"{with_login} deputies have logins" in out.getvalue()
    assert "0 deputy logins" not in out.getvalue()
