"""Attendance (报到 / 请假 / 缺席) through the attendance workflow, and defect 5: a member recorded on
leave while a vote is open checked himself in 0.3 s later, the leave reason was erased and his vote
counted. A leave recorded by staff is undone only by staff, with a logged reason."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from renda.core.exceptions import ConcurrentModification, InvalidTransition, PermissionDeniedError, RuleViolation
from renda.meetings import services
from renda.meetings.events import Action
from renda.meetings.models import AgendaItem, Attendance, MeetingEvent, Poll, VoteCast
from renda.meetings.tests import factories as mf
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def _open_vote(size: int = 10, present: int = 8):
    """A Presidium meeting of ``size`` with ``present`` checked in and an electronic vote open."""
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=size), actor=staff)
    people = mf.check_in(meeting, present, actor=staff)
    item = services.agenda_item_add(
        meeting=meeting, title="关于计划的决议（草案）", kind=AgendaItem.Kind.RESOLUTION, actor=staff
    )
    poll = services.poll_open(
        poll=services.poll_create(item=item, method=Poll.Method.ELECTRONIC, actor=staff), actor=staff
    )
    return staff, meeting, people, poll


def _row(meeting, deputy) -> Attendance:
    return Attendance.objects.get(meeting=meeting, deputy=deputy)


def test_member_on_leave_cannot_check_himself_in_and_nothing_changes():
    # given a vote is open and staff record a member (not yet checked in) on leave with a reason
    staff, meeting, _people, _poll = _open_vote()
    member = mf.members(meeting)[9]
    services.attendance_mark_leave(meeting=meeting, deputy=member, reason="因公出差", actor=staff)
    events = MeetingEvent.objects.filter(meeting=meeting).count()
    # when he checks himself in from his phone
    with pytest.raises(PermissionDeniedError) as err:
        services.attendance_check_in(meeting=meeting, deputy=member, actor=mf.deputy_login(member))
    # then a clear Chinese refusal, the leave and its reason stand, and no event is written
    assert "请假" in err.value.message and "工作人员" in err.value.message
    row = _row(meeting, member)
    assert (row.status, row.note, row.checked_in_at) == (Attendance.Status.LEAVE, "因公出差", None)
    assert MeetingEvent.objects.filter(meeting=meeting).count() == events


def test_member_checked_in_then_put_on_leave_cannot_check_himself_back_in():
    # given a member checked in, then recorded on leave by staff while the vote is open
    staff, meeting, people, _poll = _open_vote()
    member = people[0]
    services.attendance_mark_leave(meeting=meeting, deputy=member, reason="身体不适", actor=staff)
    # when he checks himself in again 0.3 s later
    with pytest.raises(PermissionDeniedError):
        services.attendance_check_in(meeting=meeting, deputy=member, actor=mf.deputy_login(member))
    # then he is still on leave with the reason kept
    assert _row(meeting, member).status == Attendance.Status.LEAVE
    assert _row(meeting, member).note == "身体不适"


def test_member_on_leave_cannot_vote_and_his_ballot_is_not_counted():
    # given a vote open, and a checked-in member then recorded on leave
    staff, meeting, people, poll = _open_vote()
    member = people[0]
    services.attendance_mark_leave(meeting=meeting, deputy=member, reason="因公出差", actor=staff)
    option = poll.options.get().pk
    # when he tries to vote
    with pytest.raises(RuleViolation) as err:
        services.ballot_cast(poll=poll, voter=member, choices={option: "yes"}, actor=mf.deputy_login(member))
    # then he is refused in Chinese, and nothing is recorded for him
    assert err.value.code == "on_leave" and "请假" in err.value.message
    assert not VoteCast.objects.filter(poll=poll, deputy=member).exists()
    # and the closed poll counts nobody
    closed = services.poll_close(poll=poll, actor=staff)
    assert closed.votes_cast == 0


def test_the_reported_sequence_leave_self_check_in_vote_is_refused_end_to_end():
    # given the reported sequence: vote open, staff record leave, the member checks in and votes
    staff, meeting, _people, poll = _open_vote()
    member = mf.members(meeting)[8]
    login = mf.deputy_login(member)
    services.attendance_mark_leave(meeting=meeting, deputy=member, reason="请假一天", actor=staff)
    # when he posts a self check-in on the page and then a ballot over the API
    c = Client()
    c.force_login(login)
    page = c.post(f"/meetings/{meeting.pk}/do/check_in/", {"deputy": member.pk}, follow=True)
    api = APIClient()
    api.force_authenticate(login)
    vote = api.post(
        f"/api/meetings/polls/{poll.pk}/ballots/", {"choices": {str(poll.options.get().pk): "yes"}}, format="json"
    )
    # then the page shows the Chinese refusal, the API refuses the ballot, and his leave and reason stand
    assert "您已登记请假，不能自行报到" in page.content.decode()
    assert vote.status_code == 422 and vote.json()["code"] == "on_leave"
    assert _row(meeting, member).note == "请假一天"
    assert not VoteCast.objects.filter(poll=poll).exists()


def test_api_self_check_in_on_leave_answers_403_code_and_detail():
    # given a member on leave
    staff, meeting, _people, _poll = _open_vote()
    member = mf.members(meeting)[9]
    services.attendance_mark_leave(meeting=meeting, deputy=member, reason="因公出差", actor=staff)
    api = APIClient()
    api.force_authenticate(mf.deputy_login(member))
    # when he checks himself in over the API
    r = api.post(f"/api/meetings/meetings/{meeting.pk}/check-in/", {"deputy": member.pk}, format="json")
    # then 403 with a code and a Chinese detail
    assert r.status_code == 403
    assert r.json()["code"] == "permission_denied" and "请假" in r.json()["detail"]


def test_staff_undoing_a_leave_needs_a_reason_and_without_one_nothing_changes():
    # given a member on leave
    staff, meeting, _people, _poll = _open_vote()
    member = mf.members(meeting)[9]
    services.attendance_mark_leave(meeting=meeting, deputy=member, reason="因公出差", actor=staff)
    events = MeetingEvent.objects.filter(meeting=meeting).count()
    # when staff check him in without a reason
    with pytest.raises(RuleViolation) as err:
        services.attendance_check_in(meeting=meeting, deputy=member, actor=staff)
    # then refused, nothing changed, no event
    assert err.value.code == "reason_required"
    assert _row(meeting, member).status == Attendance.Status.LEAVE
    assert MeetingEvent.objects.filter(meeting=meeting).count() == events


def test_staff_undoing_a_leave_logs_their_reason_and_the_leave_reason():
    # given a member on leave
    staff, meeting, _people, _poll = _open_vote()
    member = mf.members(meeting)[9]
    services.attendance_mark_leave(meeting=meeting, deputy=member, reason="因公出差", actor=staff)
    # when staff undo the leave with a reason
    row = services.attendance_check_in(meeting=meeting, deputy=member, actor=staff, reason="出差取消，已到会")
    # then he is present, and the trail keeps who, both reasons and the move
    assert row.status == Attendance.Status.PRESENT
    event = MeetingEvent.objects.filter(meeting=meeting).last()
    assert event.action == Action.LEAVE_REVOKE and event.actor == staff
    assert (event.from_status, event.to_status) == (Attendance.Status.LEAVE, Attendance.Status.PRESENT)
    assert "因公出差" in event.note and "出差取消，已到会" in event.note and member.name in event.note
    assert event.action_label == "撤销请假"


def test_leave_event_keeps_the_reason_on_the_meeting_trail():
    # given a meeting in progress
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    member = mf.members(meeting)[0]
    # when staff record a leave with a reason
    services.attendance_mark_leave(meeting=meeting, deputy=member, reason="因病", actor=staff)
    # then the event names the member and the reason, with from/to statuses
    event = MeetingEvent.objects.get(meeting=meeting, action=Action.LEAVE)
    assert event.note == f"{member.name}：因病"
    assert (event.from_status, event.to_status) == (Attendance.Status.EXPECTED, Attendance.Status.LEAVE)


def test_page_hides_self_check_in_and_vote_link_from_a_member_on_leave():
    # given a member on leave while a vote is open
    staff, meeting, _people, _poll = _open_vote()
    member = mf.members(meeting)[9]
    services.attendance_mark_leave(meeting=meeting, deputy=member, reason="因公出差", actor=staff)
    c = Client()
    c.force_login(mf.deputy_login(member))
    # when he opens the meeting page
    html = c.get(f"/meetings/{meeting.pk}/").content.decode()
    # then he sees his leave and reason, and neither a check-in button nor a vote link
    assert "请假（因公出差）" in html
    assert 'data-testid="self-check-in"' not in html
    assert 'data-testid="vote-link"' not in html


def test_page_offers_staff_an_undo_of_a_leave_with_a_required_reason():
    # given a member on leave
    staff, meeting, _people, _poll = _open_vote()
    member = mf.members(meeting)[9]
    services.attendance_mark_leave(meeting=meeting, deputy=member, reason="因公出差", actor=staff)
    c = Client()
    c.force_login(staff)
    # when staff open the meeting page
    html = c.get(f"/meetings/{meeting.pk}/").content.decode()
    # then the roster row offers 撤销请假 with a reason field, not the plain check-in
    assert f'data-testid="revoke-leave-{member.code}"' in html
    assert f'data-testid="check-in-{member.code}"' not in html
    # and posting it with a reason checks him in
    c.post(f"/meetings/{meeting.pk}/do/check_in/", {"deputy": member.pk, "reason": "已到会"})
    assert _row(meeting, member).status == Attendance.Status.PRESENT


def test_member_checks_himself_in_from_expected():
    # given a meeting in progress and a member not yet checked in
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    member = mf.members(meeting)[0]
    # when he checks himself in
    row = services.attendance_check_in(meeting=meeting, deputy=member, actor=mf.deputy_login(member))
    # then he is present with a check-in time and one check-in event by him
    assert row.status == Attendance.Status.PRESENT and row.checked_in_at is not None
    event = MeetingEvent.objects.get(meeting=meeting, action=Action.CHECK_IN)
    assert event.actor.deputy_id == member.pk and event.note == member.name


def test_member_cannot_check_in_someone_else_and_no_event_is_written():
    # given two members of a meeting in progress
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    me, other = mf.members(meeting)[:2]
    events = MeetingEvent.objects.count()
    # when one checks the other in
    with pytest.raises(PermissionDeniedError):
        services.attendance_check_in(meeting=meeting, deputy=other, actor=mf.deputy_login(me))
    # then nothing changes
    assert _row(meeting, other).status == Attendance.Status.EXPECTED
    assert MeetingEvent.objects.count() == events


def test_member_cannot_record_his_own_leave_or_absence():
    # given a member of a meeting in progress
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    member = mf.members(meeting)[0]
    login = mf.deputy_login(member)
    events = MeetingEvent.objects.count()
    # when he records a leave or an absence for himself
    with pytest.raises(PermissionDeniedError):
        services.attendance_mark_leave(meeting=meeting, deputy=member, reason="x", actor=login)
    with pytest.raises(PermissionDeniedError):
        services.attendance_mark_absent(meeting=meeting, deputy=member, actor=login)
    # then nothing changes and no event is written
    assert _row(meeting, member).status == Attendance.Status.EXPECTED
    assert MeetingEvent.objects.count() == events


def test_checking_in_a_present_member_again_is_an_invalid_transition():
    # given a member already present
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    member = mf.check_in(meeting, 1, actor=staff)[0]
    events = MeetingEvent.objects.count()
    # when staff check him in again
    with pytest.raises(InvalidTransition):
        services.attendance_check_in(meeting=meeting, deputy=member, actor=staff)
    # then no second event
    assert MeetingEvent.objects.count() == events


def test_staff_mark_absent_with_an_event_and_a_stale_version_is_refused():
    # given a member not yet checked in, whose row staff loaded at version 1
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    member = mf.members(meeting)[0]
    # when staff mark him absent with the version they saw
    row = services.attendance_mark_absent(meeting=meeting, deputy=member, actor=staff, expected_version=1)
    # then he is absent, version 2, with an event
    assert (row.status, row.version) == (Attendance.Status.ABSENT, 2)
    assert MeetingEvent.objects.filter(meeting=meeting, action=Action.ABSENT).count() == 1
    # and a second change made on the stale version 1 is refused without an event
    with pytest.raises(ConcurrentModification):
        services.attendance_check_in(meeting=meeting, deputy=member, actor=staff, expected_version=1)
    assert _row(meeting, member).status == Attendance.Status.ABSENT
    assert MeetingEvent.objects.filter(meeting=meeting, action=Action.CHECK_IN).count() == 0


def test_closing_a_meeting_marks_members_never_checked_in_absent_each_with_an_event():
    # given a meeting of 5: 3 present, 1 on leave, 1 never came
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=5), actor=staff)
    mf.check_in(meeting, 3, actor=staff)
    on_leave, missing = mf.members(meeting)[3:5]
    services.attendance_mark_leave(meeting=meeting, deputy=on_leave, reason="因公", actor=staff)
    # when staff close the meeting
    services.meeting_close(meeting=meeting, actor=staff)
    # then only the one never checked in becomes absent (version bumped), with one absent event
    assert _row(meeting, missing).status == Attendance.Status.ABSENT
    assert _row(meeting, missing).version == 2
    assert _row(meeting, on_leave).status == Attendance.Status.LEAVE
    absent = MeetingEvent.objects.filter(meeting=meeting, action=Action.ABSENT)
    assert [(e.from_status, e.to_status) for e in absent] == [(Attendance.Status.EXPECTED, Attendance.Status.ABSENT)]


def test_attendance_cannot_change_after_the_meeting_closed():
    # given a closed meeting
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    services.meeting_close(meeting=meeting, actor=staff)
    member = mf.members(meeting)[0]
    events = MeetingEvent.objects.count()
    # when staff check a member in
    with pytest.raises(InvalidTransition):
        services.attendance_check_in(meeting=meeting, deputy=member, actor=staff)
    # then nothing is written
    assert MeetingEvent.objects.count() == events


def test_a_deputy_not_on_the_roster_is_refused():
    # given a meeting and a deputy of the same term outside its body
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    outsider = f.DeputyFactory(term=meeting.term)
    # when staff check him in
    with pytest.raises(RuleViolation) as err:
        services.attendance_check_in(meeting=meeting, deputy=outsider, actor=staff)
    # then V3: not a member
    assert err.value.extra["rule"] == "V3"
