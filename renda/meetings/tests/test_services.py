"""Meetings and votes by statute: quorum (V1, V3, V5), majorities of all members (V2–V5), the V4
proposer rule, poll transitions, one ballot per member, secret ballots."""

from __future__ import annotations

import pytest
from django.db import transaction

from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.core.models import Notification
from renda.meetings import selectors, services
from renda.meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotEntry,
    Meeting,
    MeetingEvent,
    Poll,
    PollEvent,
    VoteCast,
)
from renda.meetings.rules import standing_committee_bill_allowed
from renda.meetings.tests import factories as mf
from renda.meetings.workflow import PollStatus
from renda.organization.models import Body

pytestmark = pytest.mark.django_db


def _motion(
    meeting,
    actor,
    *,
    title="关于市政府工作报告的决议（草案）",
    method=Poll.Method.ELECTRONIC,
    kind=AgendaItem.Kind.RESOLUTION,
):
    item = services.agenda_item_add(meeting=meeting, title=title, kind=kind, actor=actor)
    return services.poll_create(item=item, method=method, actor=actor)


def _vote(poll, deputy, choice):
    option = poll.options.get()
    services.ballot_cast(poll=poll, voter=deputy, choices={option.pk: choice}, actor=mf.deputy_login(deputy))


def test_V5_presidium_with_46_of_50_present_opens_the_vote():
    # given a Presidium of 50 with 46 checked in
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=50), actor=staff)
    mf.check_in(meeting, 46, actor=staff)
    poll = _motion(meeting, staff)
    # when the vote is opened
    poll = services.poll_open(poll=poll, actor=staff)
    # then it is open with 应到 50 / 实到 46 snapshotted
    assert poll.status == PollStatus.OPEN
    assert (poll.electorate, poll.present) == (50, 46)
    assert (
        selectors.quorum_state(meeting=meeting).text == "应到 50 人，实到 46 人，请假 0 人，符合法定人数（至少 26 人）"
    )


def test_V5_presidium_with_20_of_50_present_cannot_open_and_writes_nothing():
    # given 20 of 50 checked in
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=50), actor=staff)
    mf.check_in(meeting, 20, actor=staff)
    poll = _motion(meeting, staff)
    events_before = PollEvent.objects.count()
    # when the vote is opened
    with pytest.raises(RuleViolation) as err:
        services.poll_open(poll=poll, actor=staff)
    # then it is refused by V5 and nothing changed
    assert err.value.code == "quorum_not_met"
    assert err.value.extra["rule"] == "V5"
    assert "出席 20 人，不足法定人数（应到 50 人的过半数，至少 26 人）" in err.value.message
    poll.refresh_from_db()
    assert poll.status == PollStatus.CREATED
    assert PollEvent.objects.count() == events_before


def test_V5_presidium_quorum_boundary_25_refused_26_allowed():
    # given a Presidium of 50 with 25 checked in (more than half is 26)
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=50), actor=staff)
    mf.check_in(meeting, 25, actor=staff)
    poll = _motion(meeting, staff)
    # when staff open the vote with 25, then with 26 present
    with pytest.raises(RuleViolation):
        services.poll_open(poll=poll, actor=staff)
    services.attendance_check_in(meeting=meeting, deputy=mf.members(meeting)[25], actor=staff)
    # then 25 is refused and 26 opens it
    assert services.poll_open(poll=poll, actor=staff).status == PollStatus.OPEN


def test_V5_leave_does_not_count_toward_quorum():
    # given 26 of 50 in, then one of them is recorded on leave
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=50), actor=staff)
    people = mf.check_in(meeting, 26, actor=staff)
    services.attendance_mark_leave(meeting=meeting, deputy=people[0], reason="因公出差", actor=staff)
    # then the quorum is lost
    state = selectors.quorum_state(meeting=meeting)
    assert (state.present, state.leave, state.met) == (25, 1, False)


def test_V5_presidium_result_counts_against_all_members_not_those_present():
    # given 46 of 50 present: 25 赞成, 21 弃权
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=50), actor=staff)
    present = mf.check_in(meeting, 46, actor=staff)
    poll = services.poll_open(poll=_motion(meeting, staff), actor=staff)
    for i, d in enumerate(present):
        _vote(poll, d, "yes" if i < 25 else "abstain")
    # when closed
    poll = services.poll_close(poll=poll, actor=staff)
    # then 25 is not more than half of 50: it fails, and the text says so
    assert poll.passed is False
    assert "赞成 25 票，未超过全体主席团成员 50 人的半数，未通过" in poll.result_text
    assert "应到 50 人，实到 46 人" in poll.result_text


def test_V5_presidium_26_yes_passes():
    # given 46 of 50 present and an electronic vote open
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=50), actor=staff)
    present = mf.check_in(meeting, 46, actor=staff)
    poll = services.poll_open(poll=_motion(meeting, staff), actor=staff)
    # when 26 vote 赞成 and 20 反对 and the vote closes
    for i, d in enumerate(present):
        _vote(poll, d, "yes" if i < 26 else "no")
    poll = services.poll_close(poll=poll, actor=staff)
    # then 26 is more than half of all 50 members: passed
    assert poll.passed is True
    assert "赞成 26 票，超过全体主席团成员 50 人的半数，通过" in poll.result_text
    assert poll.options.get().counts == {"yes": 26, "no": 20}


def test_V1_plenary_needs_two_thirds_of_all_deputies():
    # given a plenary of 30 deputies: two-thirds is 20
    staff = mf.staff()
    term = staff.congress.terms.get()
    meeting = mf.plenary(term=term, actor=staff, deputies=30)
    assert meeting.roster_size == 30
    mf.check_in(meeting, 19, actor=staff)
    poll = _motion(meeting, staff)
    # when opened with 19 present, then refused by V1
    with pytest.raises(RuleViolation) as err:
        services.poll_open(poll=poll, actor=staff)
    assert err.value.extra["rule"] == "V1"
    # and with 20 present it opens
    services.attendance_check_in(meeting=meeting, deputy=mf.members(meeting)[19], actor=staff)
    assert services.poll_open(poll=poll, actor=staff).status == PollStatus.OPEN


def test_V2_plenary_show_of_hands_majority_of_all_deputies():
    # given a plenary of 30 with 24 present voting by show of hands: 15 赞成 (exactly half of 30)
    staff = mf.staff()
    meeting = mf.plenary(term=staff.congress.terms.get(), actor=staff, deputies=30)
    mf.check_in(meeting, 24, actor=staff)
    poll = services.poll_open(poll=_motion(meeting, staff, method=Poll.Method.SHOW_OF_HANDS), actor=staff)
    services.poll_enter_counts(poll=poll, counts={"yes": 15, "no": 3, "abstain": 6}, actor=staff)
    # when closed, then it fails: 15 is not more than half of ALL 30 deputies
    poll = services.poll_close(poll=poll, actor=staff)
    assert poll.passed is False
    assert "赞成 15 票，未超过全体代表 30 人的半数，未通过" in poll.result_text


def test_V2_show_of_hands_cannot_exceed_members_present():
    # given a plenary of 30 with 24 present and a show of hands open
    staff = mf.staff()
    meeting = mf.plenary(term=staff.congress.terms.get(), actor=staff, deputies=30)
    mf.check_in(meeting, 24, actor=staff)
    poll = services.poll_open(poll=_motion(meeting, staff, method=Poll.Method.SHOW_OF_HANDS), actor=staff)
    before = PollEvent.objects.count()
    # when staff enter 25 hands
    with pytest.raises(RuleViolation):
        services.poll_enter_counts(poll=poll, counts={"yes": 20, "no": 5, "abstain": 0}, actor=staff)
    # then refused, and no event is written
    assert PollEvent.objects.count() == before


def test_V3_standing_committee_quorum_and_majority_of_all_members():
    # given a Standing Committee of 40 with 21 present (> half) and 20 赞成
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=40), actor=staff)
    present = mf.check_in(meeting, 21, actor=staff)
    poll = services.poll_open(poll=_motion(meeting, staff), actor=staff)
    for i, d in enumerate(present):
        _vote(poll, d, "yes" if i < 20 else "no")
    # when closed, then 20 of 40 is not more than half: fails (V3)
    poll = services.poll_close(poll=poll, actor=staff)
    assert poll.passed is False
    assert "常务委员会全体组成人员 40 人" in poll.result_text


def test_V3_standing_committee_20_of_40_present_is_not_a_quorum():
    # given a Standing Committee of 40 with 20 present
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=40), actor=staff)
    mf.check_in(meeting, 20, actor=staff)
    # when staff open a vote
    with pytest.raises(RuleViolation) as err:
        services.poll_open(poll=_motion(meeting, staff), actor=staff)
    # then refused under V3 (more than half is 21)
    assert err.value.extra["rule"] == "V3"


def test_V3_two_thirds_item_kind_needs_two_thirds_of_all_members():
    # given an item whose kind needs a two-thirds majority, 40 members, 26 赞成 (< 27 = 2/3 of 40 rounded up)
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=40), actor=staff)
    present = mf.check_in(meeting, 40, actor=staff)
    poll = services.poll_open(
        poll=_motion(meeting, staff, title="罢免案", kind=AgendaItem.Kind.QUALIFIED_MAJORITY), actor=staff
    )
    for i, d in enumerate(present):
        _vote(poll, d, "yes" if i < 26 else "no")
    poll = services.poll_close(poll=poll, actor=staff)
    # then it fails; 27 would have passed
    assert poll.passed is False
    assert "未达到常务委员会全体组成人员 40 人的三分之二" in poll.result_text


def test_V4_standing_committee_bill_needs_an_allowed_proposer():
    # given a Standing Committee meeting of 10
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=10), actor=staff)
    # when bills are added from 5 members jointly (allowed) and from 4 (forbidden)
    # allowed: 5 members jointly, or the government
    item = services.agenda_item_add(
        meeting=meeting,
        title="关于修改某条例的议案",
        kind=AgendaItem.Kind.BILL,
        proposer="members",
        co_signers=5,
        actor=staff,
    )
    assert item.pk
    assert standing_committee_bill_allowed(proposer="government")
    # forbidden: 4 members
    with pytest.raises(RuleViolation) as err:
        services.agenda_item_add(
            meeting=meeting, title="另一议案", kind=AgendaItem.Kind.BILL, proposer="members", co_signers=4, actor=staff
        )
    # then the second is refused under V4 and only the first is stored
    assert err.value.extra["rule"] == "V4"
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_second_vote_is_refused_with_already_voted():
    # given an open vote in which a member has voted 赞成
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=10), actor=staff)
    present = mf.check_in(meeting, 10, actor=staff)
    poll = services.poll_open(poll=_motion(meeting, staff), actor=staff)
    _vote(poll, present[0], "yes")
    # when he votes again
    with pytest.raises(services.AlreadyVoted) as err:
        _vote(poll, present[0], "no")
    # then refused; one ballot, his first choice
    assert err.value.message == "您已投票，不能重复投票"
    assert VoteCast.objects.filter(poll=poll).count() == 1
    assert BallotEntry.objects.filter(ballot__poll=poll).get().choice == "yes"


def test_member_not_checked_in_cannot_vote():
    # given an open vote and a member who never checked in
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=10), actor=staff)
    mf.check_in(meeting, 9, actor=staff)
    poll = services.poll_open(poll=_motion(meeting, staff), actor=staff)
    outsider = mf.members(meeting)[9]
    # when he votes
    with pytest.raises(RuleViolation):
        _vote(poll, outsider, "yes")
    # then refused, nothing recorded
    assert not VoteCast.objects.filter(poll=poll).exists()


def test_secret_ballot_keeps_no_link_from_voter_to_choice():
    # given an open secret ballot
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=10), actor=staff)
    present = mf.check_in(meeting, 10, actor=staff)
    poll = services.poll_open(poll=_motion(meeting, staff, method=Poll.Method.SECRET), actor=staff)
    # when a member votes 反对
    _vote(poll, present[0], "no")
    # then the cast row names the member but the ballot does not
    assert VoteCast.objects.filter(poll=poll, deputy=present[0]).exists()
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.voter_id is None
    assert not hasattr(ballot, "created_at")
    assert list(selectors.roll_call(poll=poll)) == []


def test_named_vote_has_a_roll_call():
    # given an open electronic (named) vote
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=10), actor=staff)
    present = mf.check_in(meeting, 10, actor=staff)
    poll = services.poll_open(poll=_motion(meeting, staff), actor=staff)
    # when a member votes 弃权
    _vote(poll, present[3], "abstain")
    rows = list(selectors.roll_call(poll=poll))
    # then the roll call names him with his choice
    assert [(b.voter, b.entries.get().choice) for b in rows] == [(present[3], "abstain")]


def test_poll_transitions_created_open_closed_published_with_events():
    # given a poll not yet opened
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=10), actor=staff)
    mf.check_in(meeting, 10, actor=staff)
    poll = _motion(meeting, staff)
    # when staff close or publish it first, then open, close and publish it
    # forbidden: close or publish before opening, with no event row written
    with pytest.raises(InvalidTransition):
        services.poll_close(poll=poll, actor=staff)
    with pytest.raises(InvalidTransition):
        services.poll_publish(poll=poll, actor=staff)
    assert list(poll.events.values_list("action", flat=True)) == ["create"]
    # allowed: open → close → publish
    services.poll_open(poll=poll, actor=staff)
    services.poll_close(poll=poll, actor=staff)
    poll = services.poll_publish(poll=poll, actor=staff)
    # then only the allowed moves happened, each with its event
    assert poll.status == PollStatus.PUBLISHED
    assert list(poll.events.values_list("action", "to_status")) == [
        ("create", "created"),
        ("open", "open"),
        ("close", "closed"),
        ("publish", "published"),
    ]
    assert poll in selectors.published_polls()


def test_voting_on_a_closed_poll_is_refused():
    # given a vote that has closed
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=10), actor=staff)
    present = mf.check_in(meeting, 10, actor=staff)
    poll = services.poll_open(poll=_motion(meeting, staff), actor=staff)
    services.poll_close(poll=poll, actor=staff)
    # when a present member votes
    with pytest.raises(RuleViolation) as err:
        _vote(poll, present[0], "yes")
    # then refused: the poll is not open
    assert err.value.code == "poll_not_open"


def test_deputy_cannot_open_a_poll_or_vote_for_another():
    # given a poll and two present members
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=10), actor=staff)
    present = mf.check_in(meeting, 10, actor=staff)
    poll = _motion(meeting, staff)
    # when a member opens the poll, or votes for another member
    with pytest.raises(PermissionDeniedError):
        services.poll_open(poll=poll, actor=mf.deputy_login(present[0]))
    # then both are refused; the poll has only its creation event
    assert poll.events.count() == 1
    services.poll_open(poll=poll, actor=staff)
    with pytest.raises(PermissionDeniedError):
        services.ballot_cast(
            poll=poll, voter=present[1], choices={poll.options.get().pk: "yes"}, actor=mf.deputy_login(present[0])
        )


def test_only_one_open_poll_per_meeting_and_meeting_close_marks_absent():
    # given 8 of 10 present and one vote open
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=10), actor=staff)
    mf.check_in(meeting, 8, actor=staff)
    first = services.poll_open(poll=_motion(meeting, staff, title="一"), actor=staff)
    # when staff open a second vote or close the meeting, then close the vote and the meeting
    with pytest.raises(RuleViolation):
        services.poll_open(poll=_motion(meeting, staff, title="二"), actor=staff)
    with pytest.raises(RuleViolation):
        services.meeting_close(meeting=meeting, actor=staff)
    services.poll_close(poll=first, actor=staff)
    services.meeting_close(meeting=meeting, actor=staff)
    # then the first two are refused; at close the 2 never checked in are absent
    assert Attendance.objects.filter(meeting=meeting, status=Attendance.Status.ABSENT).count() == 2
    assert MeetingEvent.objects.filter(meeting=meeting, action="close").count() == 1


def test_meeting_kind_must_match_body():
    # given a Standing Committee body
    staff = mf.staff()
    body = mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=3)
    # when staff convene a Presidium meeting of it
    with pytest.raises(RuleViolation):
        mf.meeting_of(body, actor=staff, kind=Meeting.Kind.PRESIDIUM)
    # then refused, nothing stored
    assert not Meeting.objects.exists()


def test_choose_up_to_ballot_refuses_more_than_n():
    # given a secret choose-up-to-2 ballot of three candidates
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=5), actor=staff)
    present = mf.check_in(meeting, 5, actor=staff)
    item = services.agenda_item_add(
        meeting=meeting, title="候选", kind=AgendaItem.Kind.LIVELIHOOD_CANDIDATES, actor=staff
    )
    poll = services.poll_create(
        item=item,
        method=Poll.Method.SECRET,
        kind=Poll.Kind.CANDIDATES,
        options=[("甲", None), ("乙", None), ("丙", None)],
        ballot_form=Poll.BallotForm.CHOOSE_UP_TO,
        max_choices=2,
        actor=staff,
    )
    services.poll_open(poll=poll, actor=staff)
    # when a member chooses all three, then two
    ids = list(poll.options.values_list("pk", flat=True))
    with pytest.raises(RuleViolation) as err:
        services.ballot_cast(
            poll=poll, voter=present[0], choices=dict.fromkeys(ids, "yes"), actor=mf.deputy_login(present[0])
        )
    # then three is refused by L3 and two is recorded
    assert err.value.extra["rule"] == "L3"
    services.ballot_cast(
        poll=poll, voter=present[0], choices=dict.fromkeys(ids[:2], "yes"), actor=mf.deputy_login(present[0])
    )
    assert VoteCast.objects.filter(poll=poll).count() == 1


def test_opening_an_electronic_poll_notifies_present_members_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    present = mf.check_in(meeting, 3, actor=staff)
    # given a meeting of 4 with 3 present; one present and the absent member have e-mail addresses
    login = mf.deputy_login(present[0])
    login.email = "deputy@example.org"
    login.save(update_fields=["email"])
    quiet = mf.deputy_login(present[1])
    quiet.email = ""
    quiet.save(update_fields=["email"])
    absent_login = mf.deputy_login(mf.members(meeting)[3])
    absent_login.email = "absent@example.org"
    absent_login.save(update_fields=["email"])
    poll = _motion(meeting, staff)
    # when staff open an electronic poll
    with django_capture_on_commit_callbacks(execute=True):
        services.poll_open(poll=poll, actor=staff)
    # then the present members' logins get the in-app notice, with a link to the ballot …
    notices = Notification.objects.filter(text__startswith="表决开始")
    assert {n.recipient_id for n in notices} == {login.pk, quiet.pk}
    assert {n.link for n in notices} == {f"/meetings/polls/{poll.pk}/vote/"}
    # … and one e-mail goes to the present member with an address, none to the absent one
    assert [m.to for m in mailoutbox] == [["deputy@example.org"]]
    assert "关于市政府工作报告的决议（草案）" in mailoutbox[0].body


def test_opening_a_poll_notifies_nobody_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    # given a meeting with a present member who has a login
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    present = mf.check_in(meeting, 3, actor=staff)
    mf.deputy_login(present[0])
    poll = _motion(meeting, staff)
    # when the poll is opened inside a transaction that then fails
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.poll_open(poll=poll, actor=staff)
        raise RuntimeError("rolled back")
    # then nobody is notified and the poll is still 未开始
    assert not Notification.objects.exists()
    poll.refresh_from_db()
    assert poll.status == PollStatus.CREATED


def test_V3_council_of_chairpersons_quorum_more_than_half_of_its_members():
    # given a Council of Chairpersons of 8: more than half is 5
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(kind=Body.Kind.COUNCIL_OF_CHAIRPERSONS, size=8), actor=staff)
    mf.check_in(meeting, 4, actor=staff)
    poll = _motion(meeting, staff, title="关于确定重点督办建议的决定")
    with pytest.raises(RuleViolation) as err:
        services.poll_open(poll=poll, actor=staff)
    assert err.value.extra["rule"] == "V3"
    services.attendance_check_in(meeting=meeting, deputy=mf.members(meeting)[4], actor=staff)
    assert services.poll_open(poll=poll, actor=staff).status == PollStatus.OPEN
