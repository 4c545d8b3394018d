"""The meetings demo: loaded through the services with back-dated ``at=`` (event rows are append-only
and never updated), on the session's dates, with an unbroken audit chain."""

from __future__ import annotations

import pytest

from renda.core.audit import verify_model
from renda.meetings import demo as meetings_demo
from renda.meetings.models import Meeting, MeetingEvent, Poll, PollEvent
from renda.organization import demo as org_demo
from renda.organization.demo import SHANGHAI
from renda.organization.models import Session

pytestmark = pytest.mark.django_db


def test_demo_meeting_events_are_written_on_the_meeting_day_without_updating_event_rows():
    # given the demo congress (3rd session)
    org_demo.load()
    day = Session.objects.get(term__ordinal=16, ordinal=3).opening_date.replace(day=21)
    # when the meetings demo loads (event rows refuse any update, so it must pass at= through the services)
    meeting = meetings_demo.load()
    # then the meeting was convened and its agenda set the day before, and everything else is on the 21st
    events = list(MeetingEvent.objects.filter(meeting=meeting))
    days = {e.action: e.at.astimezone(SHANGHAI).date() for e in events}
    assert days["create"] == days["agenda_add"] == day.replace(day=20)
    assert days["start"] == days["check_in"] == days["close"] == day
    poll_days = {e.at.astimezone(SHANGHAI).date() for e in PollEvent.objects.filter(poll__item__meeting=meeting)}
    assert poll_days == {day}
    # and the polls' own stamps agree with their events
    for poll in Poll.objects.filter(item__meeting=meeting):
        opened = poll.events.get(action="open").at
        assert poll.opened_at == opened < poll.closed_at < poll.published_at
        assert poll.published_at == poll.events.get(action="publish").at
    # and the audit chains of both trails verify
    assert list(verify_model(MeetingEvent)) == []
    assert list(verify_model(PollEvent)) == []
    # and every event has a Chinese label (no raw code on a timeline)
    assert all(e.action_label != e.action for e in [*events, *PollEvent.objects.all()])


def test_demo_loading_twice_adds_no_second_meeting():
    # given the demo loaded once
    org_demo.load()
    first = meetings_demo.load()
    events = MeetingEvent.objects.count()
    # when it loads again
    second = meetings_demo.load()
    # then nothing is added
    assert first.pk == second.pk
    assert Meeting.objects.count() == 1
    assert MeetingEvent.objects.count() == events
