"""Convening a meeting from a body's roster, editing it and its agenda before it opens, the roll at the
door in one submit, the live 未投票 list, and the vice-chair's menu and 待投票 panel (issue 13 items 1
and 6; RULES.md §3 V1–V5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from renda.core import navigation
from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.core.home import panels_for
from renda.meetings import convening, permissions, selectors, services
from renda.meetings.events import Action
from renda.meetings.models import AgendaItem, Attendance, Meeting, MeetingEvent, Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, Membership, User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _sc(size: int, staff: User) -> Body:
    return mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=size, term=f.TermFactory())


# --- 新建会议 -----------------------------------------------------------------------------------------


def test_V3_staff_convene_a_standing_committee_meeting_and_the_roster_fills_itself():
    # given a Standing Committee of 12 members, one of whose seats ended before the meeting
    staff = mf.staff()
    body = _sc(12, staff)
    ended = Membership.objects.filter(body=body).order_by("deputy__code").first()
    Membership.objects.filter(pk=ended.pk).update(ended_on=datetime(2025, 1, 1).date())
    c = _client(staff)
    # when staff open 新建会议 and choose the body
    page = c.get(reverse("meetings:meeting-new"))
    preview = c.get(
        reverse("meetings:meeting-new-preview"), {"target": f"body-{body.pk}", "starts_at": "2026-06-26T09:00"}
    )
    # then the preview shows 11 members (the statutory denominator) and the quorum (> half: 6)
    assert page.status_code == 200 and f"body-{body.pk}" in page.content.decode()
    text = preview.content.decode()
    assert "组成人员 11 人" in text and "至少 6 人" in text and "第 1 次" in text
    # when they save with the number and title left blank
    r = c.post(
        reverse("meetings:meeting-new"),
        {"target": f"body-{body.pk}", "starts_at": "2026-06-26T09:00", "location": "常委会会议室"},
    )
    # then the meeting exists with roster 11, the next number and the usual title, logged on its trail
    meeting = Meeting.objects.get(body=body)
    assert r.status_code == 302 and r.url == reverse("meetings:meeting-detail", args=[meeting.pk])
    assert (meeting.kind, meeting.roster_size, meeting.attendances.count()) == (Meeting.Kind.STANDING_COMMITTEE, 11, 11)
    assert meeting.number == 1 and meeting.title == f"第16届{body.name}第1次会议"
    assert MeetingEvent.objects.filter(meeting=meeting, action=Action.CREATE).count() == 1


def test_convene_page_refuses_bad_input_in_chinese_and_saves_nothing():
    # given staff and a Standing Committee
    staff = mf.staff()
    body = _sc(3, staff)
    c = _client(staff)
    # when they post a meeting without a date, then one with an unknown body
    no_date = c.post(reverse("meetings:meeting-new"), {"target": f"body-{body.pk}"})
    bad_body = c.post(reverse("meetings:meeting-new"), {"target": "body-999999", "starts_at": "2026-06-26T09:00"})
    # then the form answers in Chinese and nothing is created
    assert no_date.status_code == 200 and "请填写开始时间" in no_date.content.decode()
    assert bad_body.status_code == 200 and "请选择机构" in bad_body.content.decode()
    assert not Meeting.objects.exists()


def test_a_number_already_used_is_refused_in_chinese_not_a_500():
    # given Standing Committee meeting no. 1
    staff = mf.staff()
    body = _sc(3, staff)
    mf.meeting_of(body, actor=staff, number=1, start=False)
    # when staff convene another no. 1 of the same body from the page
    r = _client(staff).post(
        reverse("meetings:meeting-new"), {"target": f"body-{body.pk}", "number": "1", "starts_at": "2026-07-01T09:00"}
    )
    # then the page says so and no second meeting exists
    assert r.status_code == 200 and "第1次会议已经存在" in r.content.decode()
    assert Meeting.objects.filter(body=body).count() == 1


def test_only_staff_may_convene_a_member_gets_404_and_no_button():
    # given a member of a Standing Committee with a deputy login
    staff = mf.staff()
    body = _sc(3, staff)
    member = mf.deputy_login(Membership.objects.filter(body=body).first().deputy)
    c = _client(member)
    # then the page and the preview are 404 and the list offers no 新建会议
    assert c.get(reverse("meetings:meeting-new")).status_code == 404
    assert c.post(reverse("meetings:meeting-new"), {"target": f"body-{body.pk}"}).status_code == 404
    assert "meeting-new" not in c.get(reverse("meetings:meeting-list")).content.decode()
    assert 'data-testid="meeting-new"' in _client(staff).get(reverse("meetings:meeting-list")).content.decode()
    assert not Meeting.objects.exists()


def test_edit_a_planned_meeting_and_refused_once_it_opened():
    # given a planned Standing Committee meeting
    staff = mf.staff()
    meeting = mf.meeting_of(_sc(5, staff), actor=staff, start=False)
    # when staff change its number, title and place
    convening.meeting_update(
        meeting=meeting, actor=staff, number=4, title="第四次会议", starts_at=meeting.starts_at, location="二楼"
    )
    meeting.refresh_from_db()
    assert (meeting.number, meeting.title, meeting.location) == (4, "第四次会议", "二楼")
    assert MeetingEvent.objects.filter(meeting=meeting, action=Action.EDIT).count() == 1
    # when it has opened, an edit is refused and writes nothing
    meeting = services.meeting_start(meeting=meeting, actor=staff)
    with pytest.raises(InvalidTransition):
        convening.meeting_update(meeting=meeting, actor=staff, number=5, title="x", starts_at=meeting.starts_at)
    meeting.refresh_from_db()
    assert meeting.number == 4 and MeetingEvent.objects.filter(meeting=meeting, action=Action.EDIT).count() == 1
    assert _client(staff).get(reverse("meetings:meeting-edit", args=[meeting.pk])).status_code == 404


# --- 议程 ---------------------------------------------------------------------------------------------


def test_agenda_reorder_and_remove_before_opening_through_the_page():
    # given a planned meeting with three items, a poll set up on the third
    staff = mf.staff()
    meeting = mf.meeting_of(_sc(5, staff), actor=staff, start=False)
    a, b, c3 = (services.agenda_item_add(meeting=meeting, title=t, actor=staff) for t in ("甲", "乙", "丙"))
    services.poll_create(item=c3, method=Poll.Method.ELECTRONIC, actor=staff)
    c = _client(staff)
    # when staff move 乙 up and remove 甲
    c.post(reverse("meetings:item-action", args=[b.pk, "up"]))
    c.post(reverse("meetings:item-action", args=[a.pk, "remove"]))
    # then the agenda reads 乙, 丙 with orders 1, 2 and both acts are on the trail
    assert list(meeting.items.order_by("order").values_list("order", "title")) == [(1, "乙"), (2, "丙")]
    assert (
        MeetingEvent.objects.filter(meeting=meeting, action__in=[Action.AGENDA_MOVE, Action.AGENDA_REMOVE]).count() == 2
    )
    # and an item with a poll cannot be removed (nothing changes)
    r = c.post(reverse("meetings:item-action", args=[c3.pk, "remove"]), follow=True)
    assert "该议程已设置表决，不能删除" in r.content.decode() and meeting.items.count() == 2


def test_agenda_cannot_be_rearranged_once_the_meeting_opened():
    # given a meeting in progress with two items
    staff = mf.staff()
    meeting = mf.meeting_of(_sc(5, staff), actor=staff)
    first = services.agenda_item_add(meeting=meeting, title="甲", actor=staff)
    services.agenda_item_add(meeting=meeting, title="乙", actor=staff)
    # when staff try to remove or move an item, they are refused and nothing is logged
    with pytest.raises(InvalidTransition):
        convening.agenda_item_remove(item=first, actor=staff)
    with pytest.raises(InvalidTransition):
        convening.agenda_item_move(item=first, by=1, actor=staff)
    assert list(meeting.items.order_by("order").values_list("title", flat=True)) == ["甲", "乙"]
    assert not MeetingEvent.objects.filter(
        meeting=meeting, action__in=[Action.AGENDA_MOVE, Action.AGENDA_REMOVE]
    ).exists()


def test_agenda_item_move_by_a_member_is_forbidden():
    staff = mf.staff()
    meeting = mf.meeting_of(_sc(5, staff), actor=staff, start=False)
    services.agenda_item_add(meeting=meeting, title="甲", actor=staff)
    second = services.agenda_item_add(meeting=meeting, title="乙", actor=staff)
    member = mf.deputy_login(mf.members(meeting)[0])
    with pytest.raises(PermissionDeniedError):
        convening.agenda_item_move(item=second, by=-1, actor=member)
    assert AgendaItem.objects.get(pk=second.pk).order == 2


# --- 批量报到 -----------------------------------------------------------------------------------------


def test_V3_bulk_check_in_of_345_in_one_submit_with_bounded_queries(django_assert_max_num_queries):
    # given a meeting of 345 members
    staff = mf.staff()
    meeting = mf.meeting_of(_sc(345, staff), actor=staff)
    people = mf.members(meeting)
    present = [d.pk for d in people[:340]]
    leave = {people[340].pk: "出国访问", people[341].pk: "因病"}
    # when staff submit the roll once: 340 present, 2 on leave, 3 unticked
    with django_assert_max_num_queries(40):
        result = convening.attendance_record_bulk(meeting=meeting, present=present, leave=leave, actor=staff)
    # then 340 are present and 2 on leave with their reasons; one event per member naming him
    assert (result.present, result.leave) == (340, 2)
    state = selectors.quorum_state(meeting=meeting)
    assert (state.present, state.leave, state.met) == (340, 2, True)
    assert Attendance.objects.get(meeting=meeting, deputy=people[341]).note == "因病"
    assert (
        Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT, checked_in_at__isnull=True).count()
        == 0
    )
    checked = MeetingEvent.objects.filter(meeting=meeting, action=Action.CHECK_IN)
    assert checked.count() == 340 and checked.filter(note=people[0].name).count() == 1
    assert (
        MeetingEvent.objects.get(meeting=meeting, action=Action.LEAVE, note__contains="出国访问").note
        == f"{people[340].name}：出国访问"
    )


def test_bulk_check_in_page_of_120_members_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    # given a meeting of 120 members, 3 already recorded
    staff = mf.staff()
    meeting = mf.meeting_of(_sc(120, staff), actor=staff)
    people = mf.members(meeting)
    convening.attendance_record_bulk(meeting=meeting, present=[people[0].pk], leave={people[1].pk: "因公"}, actor=staff)
    c = _client(staff)
    # when staff open the roll page
    with django_assert_max_num_queries(15):
        page = c.get(reverse("meetings:meeting-check-in", args=[meeting.pk]))
    # then every member has a row; the recorded ones cannot be ticked again
    body = page.content.decode()
    assert body.count('name="present"') == 118 and 'data-testid="present-' + people[2].code + '"' in body


def test_bulk_check_in_page_refuses_a_leave_without_reason_and_changes_nothing():
    # given a meeting of 10 in progress
    staff = mf.staff()
    meeting = mf.meeting_of(_sc(10, staff), actor=staff)
    people = mf.members(meeting)
    c = _client(staff)
    url = reverse("meetings:meeting-check-in", args=[meeting.pk])
    # when staff tick everyone present but one on leave without a reason
    r = c.post(url, {"present": [d.pk for d in people[:9]], "leave": [people[9].pk], f"reason-{people[9].pk}": " "})
    # then the page says so in Chinese, keeps the ticks, and nobody was recorded
    body = r.content.decode()
    assert r.status_code == 200 and f"请填写{people[9].name}的请假事由" in body and "checked" in body
    assert not Attendance.objects.filter(meeting=meeting).exclude(status=Attendance.Status.EXPECTED).exists()
    assert not MeetingEvent.objects.filter(meeting=meeting, action__in=[Action.CHECK_IN, Action.LEAVE]).exists()
    # when a member is ticked both present and on leave, the same
    r = c.post(url, {"present": [people[0].pk], "leave": [people[0].pk], f"reason-{people[0].pk}": "因公"})
    assert "同时勾选了出席和请假" in r.content.decode()
    # when the roll is right, one submit records it and goes back to the meeting
    r = c.post(url, {"present": [d.pk for d in people[:9]], "leave": [people[9].pk], f"reason-{people[9].pk}": "因公"})
    assert r.status_code == 302 and selectors.quorum_state(meeting=meeting).present == 9


def test_bulk_check_in_does_not_undo_a_leave_and_members_may_not_use_it():
    # given a member on leave and a member's own login
    staff = mf.staff()
    meeting = mf.meeting_of(_sc(6, staff), actor=staff)
    people = mf.members(meeting)
    services.attendance_mark_leave(meeting=meeting, deputy=people[0], reason="因公", actor=staff)
    # when staff tick him present in the bulk form: refused (defect 5: undo a leave one by one, with a reason)
    with pytest.raises(RuleViolation) as err:
        convening.attendance_record_bulk(meeting=meeting, present=[people[0].pk, people[1].pk], leave={}, actor=staff)
    assert err.value.code == "on_leave"
    # when a member submits the roll: forbidden; the page is 404 for him
    member = mf.deputy_login(people[2])
    with pytest.raises(PermissionDeniedError):
        convening.attendance_record_bulk(meeting=meeting, present=[people[2].pk], leave={}, actor=member)
    assert _client(member).get(reverse("meetings:meeting-check-in", args=[meeting.pk])).status_code == 404
    # then nothing changed
    assert selectors.quorum_state(meeting=meeting).present == 0


# --- 未投票 -------------------------------------------------------------------------------------------


def test_named_vote_staff_see_the_names_of_members_present_who_have_not_voted():
    # given an open electronic (named) vote: 46 present, 3 voted
    staff, meeting, people, poll = mf.open_with_votes()
    # when staff load the 未投票 fragment
    r = _client(staff).get(reverse("meetings:poll-pending", args=[poll.pk]))
    # then it names the 43 present who have not voted, not the 3 who did nor the 4 absent
    text = r.content.decode()
    assert "未投票 43 人" in text and "已投票 3 人" in text
    assert people[3].name in text and people[0].name not in text
    absent = [d for d in mf.members(meeting) if d not in people]
    assert absent and absent[0].name not in text


def test_secret_vote_staff_see_only_the_count_never_names():
    # given an open secret vote with 3 ballots cast
    staff, meeting, _people, poll = mf.open_with_votes(method=Poll.Method.SECRET)
    # when staff load the 未投票 fragment
    text = _client(staff).get(reverse("meetings:poll-pending", args=[poll.pk])).content.decode()
    # then they see how many have not voted, and no member's name at all
    assert "未投票 43 人" in text
    assert not any(d.name in text for d in mf.members(meeting))
    pending = selectors.pending_voters(poll=Poll.objects.get(pk=poll.pk), viewer=staff)
    assert pending is not None and pending.count == 43 and pending.names is None


def test_pending_is_for_staff_only_and_only_while_the_vote_is_open():
    # given an open named vote and a member present
    staff, _meeting, people, poll = mf.open_with_votes()
    member = mf.deputy_login(people[10])
    # then the member gets an empty fragment (no names), and staff too once the vote is closed
    assert "未投票" not in _client(member).get(reverse("meetings:poll-pending", args=[poll.pk])).content.decode()
    services.poll_close(poll=poll, actor=staff)
    assert "未投票" not in _client(staff).get(reverse("meetings:poll-pending", args=[poll.pk])).content.decode()


# --- the vice-chair -------------------------------------------------------------------------------------


def _vice_chair_in_session() -> tuple[Any, Poll, Any]:
    staff = mf.staff()
    body = _sc(10, staff)
    meeting = mf.meeting_of(body, actor=staff)
    people = mf.members(meeting)
    supervisor = f.UserFactory(role=User.Role.SUPERVISOR, username="vc", deputy=people[1], congress=staff.congress)
    convening.attendance_record_bulk(meeting=meeting, present=[d.pk for d in people], leave={}, actor=staff)
    item = services.agenda_item_add(meeting=meeting, title="关于任免的决定", actor=staff)
    poll = services.poll_open(
        poll=services.poll_create(item=item, method=Poll.Method.ELECTRONIC, actor=staff), actor=staff
    )
    return supervisor, poll, staff


def test_vice_chair_on_the_standing_committee_may_vote_and_has_the_menu_and_a_to_vote_panel():
    # given a vice-chair (role supervisor, a deputy on the Standing Committee's roster), present, and an open vote
    supervisor, poll, _staff = _vice_chair_in_session()
    # then the vote is his to cast, the menu has 会议与表决 and his home page lists the poll under 待投票
    assert "vote" in permissions.allowed_actions(supervisor, poll, attendance_status=Attendance.Status.PRESENT)
    assert any(link.url_name == "meetings:meeting-list" for link in navigation.links_for(supervisor))
    panel = next(p for p in panels_for(supervisor) if p.title == "待投票的表决")
    assert [i.label for i in panel.items] == [poll.title]
    assert panel.items[0].url == reverse("meetings:poll-vote", args=[poll.pk])
    # and he votes from the ballot page
    c = _client(supervisor)
    assert 'data-testid="ballot"' in c.get(reverse("meetings:poll-vote", args=[poll.pk])).content.decode()
    option = poll.options.get().pk
    c.post(reverse("meetings:poll-vote", args=[poll.pk]), {f"option-{option}": "yes"})
    assert selectors.has_voted(poll=poll, user=supervisor)


def test_a_supervisor_without_a_deputy_gets_no_to_vote_panel():
    supervisor = f.UserFactory(role=User.Role.SUPERVISOR, username="sv_nodeputy")
    assert all(p.title != "待投票的表决" for p in panels_for(supervisor))


# --- API ----------------------------------------------------------------------------------------------


def test_api_roll_and_pending_mirror_the_pages():
    # given a Standing Committee meeting of 6 in session with a named vote on its agenda
    from rest_framework.test import APIClient

    staff = mf.staff()
    meeting = mf.meeting_of(_sc(6, staff), actor=staff)
    people = mf.members(meeting)
    api = APIClient()
    api.force_authenticate(staff)
    # when staff post the roll: 5 present, 1 on leave
    r = api.post(
        f"/api/meetings/meetings/{meeting.pk}/roll/",
        {"present": [d.pk for d in people[:5]], "leave": {str(people[5].pk): "因公"}},
        format="json",
    )
    assert r.status_code == 200 and r.json() == {"present": 5, "leave": 1}
    # and a leave without a reason is a coded refusal that changes nothing
    bad = api.post(f"/api/meetings/meetings/{meeting.pk}/roll/", {"leave": {str(people[0].pk): ""}}, format="json")
    assert bad.status_code == 422 and bad.json()["code"] == "reason_required"
    # when a named vote opens, 未投票 lists the 5 present by name
    item = services.agenda_item_add(meeting=meeting, title="决定", actor=staff)
    poll = services.poll_open(
        poll=services.poll_create(item=item, method=Poll.Method.ELECTRONIC, actor=staff), actor=staff
    )
    body = api.get(f"/api/meetings/polls/{poll.pk}/pending/").json()
    assert body["count"] == 5 and {n["name"] for n in body["names"]} == {d.name for d in people[:5]}
