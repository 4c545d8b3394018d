"""Every meeting and poll transition through the spine: allowed for staff of the congress with its
typed event, forbidden for anyone else with no event; the optimistic version; ``allowed_actions``
(the buttons pages show); and the ballot's fixed query count."""

from __future__ import annotations

import pytest
from django.db import connection

from renda.core.exceptions import ConcurrentModification, PermissionDeniedError
from renda.meetings import permissions, services
from renda.meetings.events import Action
from renda.meetings.models import Attendance, Meeting, MeetingEvent, Poll, PollEvent
from renda.meetings.tests import factories as mf
from renda.meetings.workflow import MeetingStatus, PollStatus
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def _other_congress_staff():
    term = f.TermFactory(congress=f.CongressFactory(region_code="999999", name="另一人大"))
    return f.UserFactory(role=User.Role.STAFF, username="other_staff", congress=term.congress)


def _outsiders(meeting):
    """A member of the meeting (deputy login) and staff of another congress."""
    return [mf.deputy_login(mf.members(meeting)[0]), _other_congress_staff()]


def test_meeting_start_allowed_for_staff_with_a_typed_event():
    # given a planned meeting
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff, start=False)
    # when staff start it with the version they saw
    started = services.meeting_start(meeting=meeting, actor=staff, expected_version=1)
    # then it is in progress, version 2, with a 宣布开会 event
    assert (started.status, started.version) == (MeetingStatus.IN_PROGRESS, 2)
    event = MeetingEvent.objects.filter(meeting=meeting).last()
    assert (event.action, event.action_label, event.actor) == (Action.START, "宣布开会", staff)


@pytest.mark.parametrize("who", [0, 1])
def test_meeting_start_and_close_forbidden_to_others_leave_no_event(who):
    # given a planned meeting and someone who is not staff of its congress
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff, start=False)
    actor = _outsiders(meeting)[who]
    events = MeetingEvent.objects.count()
    # when they start it, or (once started) close it
    with pytest.raises(PermissionDeniedError):
        services.meeting_start(meeting=meeting, actor=actor)
    services.meeting_start(meeting=meeting, actor=staff)
    events += 1
    with pytest.raises(PermissionDeniedError):
        services.meeting_close(meeting=meeting, actor=actor)
    # then no event of theirs, and the meeting is still in progress
    assert MeetingEvent.objects.count() == events
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.IN_PROGRESS


def test_meeting_start_on_a_stale_version_changes_nothing():
    # given a planned meeting whose title staff changed (version 2) after another clerk loaded it (version 1)
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff, start=False)
    Meeting.objects.filter(pk=meeting.pk).update(version=2)
    # when the other clerk starts it with version 1
    with pytest.raises(ConcurrentModification):
        services.meeting_start(meeting=meeting, actor=staff, expected_version=1)
    # then it is still planned, without a start event
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED
    assert not MeetingEvent.objects.filter(meeting=meeting, action=Action.START).exists()


@pytest.mark.parametrize("who", [0, 1])
def test_poll_open_close_publish_and_counts_forbidden_to_others_leave_no_event(who):
    # given an open show-of-hands poll and someone who is not staff of the congress
    staff, meeting, _people, poll = mf.poll_setup(method=Poll.Method.SHOW_OF_HANDS, present=30)
    actor = _outsiders(meeting)[who]
    with pytest.raises(PermissionDeniedError):
        services.poll_open(poll=poll, actor=actor)
    services.poll_open(poll=poll, actor=staff)
    events = PollEvent.objects.filter(poll=poll).count()
    # when they enter counts, close or publish
    with pytest.raises(PermissionDeniedError):
        services.poll_enter_counts(poll=poll, counts={"yes": 30}, actor=actor)
    with pytest.raises(PermissionDeniedError):
        services.poll_close(poll=poll, actor=actor)
    services.poll_enter_counts(poll=poll, counts={"yes": 30}, actor=staff)
    services.poll_close(poll=poll, actor=staff)
    with pytest.raises(PermissionDeniedError):
        services.poll_publish(poll=poll, actor=actor)
    # then only staff's two events were written, and the poll is closed, not published
    assert PollEvent.objects.filter(poll=poll).count() == events + 2
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.CLOSED


def test_poll_lifecycle_writes_typed_events_with_labels_and_bumps_the_version():
    # given a poll of a meeting with a quorum
    staff, _meeting, _people, poll = mf.poll_setup(method=Poll.Method.SHOW_OF_HANDS, present=30)
    # when staff open it, enter counts, close and publish it
    services.poll_open(poll=poll, actor=staff, expected_version=1)
    services.poll_enter_counts(poll=poll, counts={"yes": 28, "no": 1, "abstain": 1}, actor=staff)
    services.poll_close(poll=poll, actor=staff)
    done = services.poll_publish(poll=poll, actor=staff)
    # then each step has its labelled event, and the version counted every change
    labels = [(e.action, e.action_label) for e in PollEvent.objects.filter(poll=poll)]
    assert labels == [
        ("create", "创建"),
        ("open", "开始表决"),
        ("enter_counts", "录入票数"),
        ("close", "结束"),
        ("publish", "公布结果"),
    ]
    assert done.version == 5 and done.published_at is not None


def test_poll_close_on_a_stale_version_is_refused_and_counts_nothing():
    # given an open electronic poll whose version staff saw as 2 (it is 2 after opening)
    staff, _meeting, _people, poll = mf.open_with_votes()
    # when a clerk closes it on a stale version
    with pytest.raises(ConcurrentModification):
        services.poll_close(poll=poll, actor=staff, expected_version=1)
    # then it is still open, with no close event
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN
    assert not PollEvent.objects.filter(poll=poll, action=Action.CLOSE).exists()


def test_allowed_actions_of_a_meeting_follow_the_viewer_and_the_status():
    # given a planned meeting
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff, start=False)
    member = mf.deputy_login(mf.members(meeting)[0])
    # then staff may start it, edit it, arrange the agenda and record the roll; a member may do none of it
    assert permissions.allowed_actions(staff, meeting) == {
        "start",
        "edit",
        "add_item",
        "arrange_agenda",
        "create_poll",
        "check_in_bulk",
        "minutes",
        "roster",
    }
    assert permissions.allowed_actions(member, meeting) == set()
    # and once started, close instead of start; once closed, only the minutes and roster
    meeting = services.meeting_start(meeting=meeting, actor=staff)
    running = permissions.allowed_actions(staff, meeting)
    assert "close" in running and "start" not in running
    # and the meeting can no longer be edited nor its agenda rearranged (items may still be added)
    assert {"edit", "arrange_agenda"}.isdisjoint(running) and {"add_item", "check_in_bulk"} <= running
    meeting = services.meeting_close(meeting=meeting, actor=staff)
    assert permissions.allowed_actions(staff, meeting) == {"minutes", "roster"}


def test_allowed_actions_of_a_poll_and_vote_only_when_present():
    # given an open electronic poll, a present member and a member on leave
    staff, meeting, people, poll = mf.poll_setup(present=30)
    poll = services.poll_open(poll=poll, actor=staff)
    present = mf.deputy_login(people[0])
    on_leave_deputy = mf.members(meeting)[40]
    services.attendance_mark_leave(meeting=meeting, deputy=on_leave_deputy, reason="因公", actor=staff)
    # then staff may close it and see the screen; the present member may vote; the one on leave may not
    assert permissions.allowed_actions(staff, poll) == {"close", "pending", "screen"}
    assert permissions.allowed_actions(present, poll, attendance_status=Attendance.Status.PRESENT) == {"vote"}
    assert permissions.allowed_actions(mf.deputy_login(on_leave_deputy), poll, attendance_status="leave") == set()
    assert permissions.vote_refusal(poll, Attendance.Status.LEAVE) == "您已登记请假，请假期间不能投票。"


def test_allowed_actions_of_an_attendance_row():
    # given a member not yet checked in and one on leave
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    first, second = mf.members(meeting)[:2]
    services.attendance_mark_leave(meeting=meeting, deputy=second, reason="因公", actor=staff)
    row1 = Attendance.objects.select_related("meeting").get(meeting=meeting, deputy=first)
    row2 = Attendance.objects.select_related("meeting").get(meeting=meeting, deputy=second)
    # then staff may check in, record leave or absence; the member only check himself in
    assert permissions.allowed_actions(staff, row1) == {"check_in", "leave", "absent"}
    assert permissions.allowed_actions(mf.deputy_login(first), row1) == {"check_in"}
    # and on leave: staff may undo it (with a reason) or mark absent; the member nothing
    assert permissions.allowed_actions(staff, row2) == {"revoke_leave", "absent"}
    assert permissions.allowed_actions(mf.deputy_login(second), row2) == set()


def test_casting_a_ballot_writes_no_event_and_runs_a_fixed_number_of_queries(django_assert_num_queries):
    # given an open electronic poll and a present member
    staff, _meeting, people, poll = mf.poll_setup(present=30)
    poll = services.poll_open(poll=poll, actor=staff)
    login = mf.deputy_login(people[0])
    option = poll.options.get().pk
    events = PollEvent.objects.count() + MeetingEvent.objects.count()
    # when he votes (issue 17, the lean path): one query reads and share-locks poll, attendance, login and
    # options; one statement stores cast, ballot and entries (three on SQLite); + the savepoint and release
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 6):
        services.ballot_cast(poll=poll, voter=people[0], choices={option: "yes"}, actor=login)
    # then no event row is written for the ballot
    assert PollEvent.objects.count() + MeetingEvent.objects.count() == events
