"""Who may do what with meetings, attendance and polls: THE single source of the app's rights.

Plain predicates ``can_<verb>(user, obj) -> bool``, used by the services (``allowed=can_x(actor, obj)``
on :func:`renda.core.workflow.transition`), the selectors, views, API and templates alike;
:func:`allowed_actions` combines them with the workflow moves for a page's buttons. Predicates that
depend on a record's status take the record as the caller holds it (services pass the row they
locked). Rule ids refer to RULES.md §3.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from renda.meetings.workflow import (
    ATTENDANCE_WORKFLOW,
    MEETING_WORKFLOW,
    POLL_WORKFLOW,
    AttendanceStatus,
    MeetingStatus,
    PollStatus,
)
from renda.organization.models import User


def is_meeting_staff(user: Any, meeting: Any = None) -> bool:
    """Standing Committee staff of the meeting's congress run meetings (check-in, open/close/publish).

    ``meeting=None`` asks whether ``user`` is meeting staff at all (lists).
    """
    if not getattr(user, "is_authenticated", False) or user.role != User.Role.STAFF:
        return False
    if meeting is None or not user.congress_id:
        return True
    return bool(user.congress_id == meeting.congress_id)


#: Roles whose login may act as the deputy it is linked to: a deputy, and a supervisor who is himself a
#: deputy (a vice-chair of the Standing Committee sits on its roster and votes there).
MEMBER_ROLES = (User.Role.DEPUTY, User.Role.SUPERVISOR)


def is_deputy(user: Any) -> bool:
    """A login linked to a deputy record that acts as that deputy: role 人大代表, or 督办领导 (a
    vice-chair is a deputy and a member of the Standing Committee: he checks in and votes himself)."""
    return bool(getattr(user, "is_authenticated", False) and user.role in MEMBER_ROLES and user.deputy_id)


def can_run(user: Any, meeting: Any) -> bool:
    """True if ``user`` may run ``meeting`` (staff of its congress): see the roster, live counts, minutes."""
    return is_meeting_staff(user, meeting)


def can_create_meeting(user: Any, meeting: Any) -> bool:
    """Convene a meeting (``meeting``: an unsaved probe carrying its congress). Staff only."""
    return can_run(user, meeting)


def can_edit_meeting(user: Any, meeting: Any) -> bool:
    """修改会议 (number, title, time, place, presiding; the roster follows the date): staff, before it opens."""
    return can_run(user, meeting) and meeting.status == MeetingStatus.PLANNED


def can_start(user: Any, meeting: Any) -> bool:
    """宣布开会: staff of the meeting's congress (when: the workflow, planned → in progress)."""
    return can_run(user, meeting)


def can_close(user: Any, meeting: Any) -> bool:
    """结束会议: staff of the meeting's congress (when: in progress, no poll open — the service)."""
    return can_run(user, meeting)


def can_edit_agenda(user: Any, meeting: Any) -> bool:
    """Add agenda items: staff of the meeting's congress (the service refuses a closed meeting)."""
    return can_run(user, meeting)


def can_arrange_agenda(user: Any, meeting: Any) -> bool:
    """Reorder or remove agenda items: staff, before the meeting opens (once it is in progress the
    agenda is what the members were convened on; items may still be added, as before)."""
    return can_edit_agenda(user, meeting) and meeting.status == MeetingStatus.PLANNED


def can_manage_attendance(user: Any, meeting: Any) -> bool:
    """Record check-in, leave or absence of any member: staff of the meeting's congress."""
    return can_run(user, meeting)


def can_check_in(user: Any, attendance: Any) -> bool:
    """报到: staff for any member not on leave, or the member himself (his own login) not on leave.

    A member on leave (请假) cannot check himself in: a leave staff recorded is undone only by staff,
    with a logged reason (:func:`can_revoke_leave`; defect 5). ``attendance`` is the row as the caller
    holds it (the service passes the row it locked).
    """
    if attendance.status == AttendanceStatus.LEAVE:
        return False
    if can_manage_attendance(user, attendance.meeting):
        return True
    return bool(is_deputy(user) and user.deputy_id == attendance.deputy_id)


def can_revoke_leave(user: Any, attendance: Any) -> bool:
    """撤销请假 (the member came after all; a reason is required): staff only, a member on leave."""
    return attendance.status == AttendanceStatus.LEAVE and can_manage_attendance(user, attendance.meeting)


def can_mark_leave(user: Any, attendance: Any) -> bool:
    """请假 (with its reason): staff only."""
    return can_manage_attendance(user, attendance.meeting)


def can_mark_absent(user: Any, attendance: Any) -> bool:
    """缺席: staff only."""
    return can_manage_attendance(user, attendance.meeting)


def can_create_poll(user: Any, item: Any) -> bool:
    """设置表决 on an agenda item: staff of the meeting's congress."""
    return can_run(user, item.meeting)


def can_open_poll(user: Any, poll: Any) -> bool:
    """开始表决: staff (quorum, the meeting's state and the workflow are checked by the service)."""
    return can_run(user, poll.item.meeting)


def can_enter_counts(user: Any, poll: Any) -> bool:
    """录入票数 of a show of hands: staff."""
    return can_run(user, poll.item.meeting)


def can_close_poll(user: Any, poll: Any) -> bool:
    """结束表决: staff."""
    return can_run(user, poll.item.meeting)


def can_publish_poll(user: Any, poll: Any) -> bool:
    """公布结果: staff."""
    return can_run(user, poll.item.meeting)


def can_cast_ballot(user: Any, voter: Any) -> bool:
    """Whether ``user`` may cast ``voter``'s ballot: only the member's own login (只能本人投票)."""
    return bool(getattr(user, "is_authenticated", False) and user.deputy_id and user.deputy_id == voter.pk)


def can_vote(user: Any, poll: Any, attendance_status: str | None) -> bool:
    """投票: the member's own login, an open electronic or secret poll, the member checked in (出席).

    ``attendance_status`` is the member's attendance at the poll's meeting (``None``: not on the
    roster). A member on leave (请假) or absent cannot vote (V1; defect 5).
    """
    return bool(
        is_deputy(user)
        and poll.status == PollStatus.OPEN
        and poll.method != poll.Method.SHOW_OF_HANDS
        and attendance_status == AttendanceStatus.PRESENT
    )


def can_see_pending(user: Any, poll: Any) -> bool:
    """未投票 during an open electronic or secret poll: staff running the meeting (how many; names only
    for a named vote, :func:`can_see_pending_names`)."""
    return bool(
        poll.status == PollStatus.OPEN and poll.method != poll.Method.SHOW_OF_HANDS and can_run(user, poll.item.meeting)
    )


def can_see_pending_names(user: Any, poll: Any) -> bool:
    """The names of members present who have not voted yet: only in a named (记名, electronic) vote.

    In a secret (无记名) vote who has voted is itself secret while the vote runs: staff see the count
    only (RULES.md §3; the secrecy of the ballot).
    """
    return can_see_pending(user, poll) and poll.method == poll.Method.ELECTRONIC


def can_see_counts(user: Any, poll: Any) -> bool:
    """The counts of ``poll``: staff running the meeting at any time; members who may see the meeting
    once it is closed; everyone once published. The caller has already authorised the meeting."""
    if poll.status in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        return True
    return can_run(user, poll.item.meeting)


def can_edit_poll_definition(poll: Any) -> bool:
    """Whether a poll's title, threshold and options may still change (admin): only before it opens.

    From opening the electorate and the members present are snapshotted and ballots are cast against
    this text and this rule (V2/V3/V5): what was voted on and how it is decided is fixed.
    """
    return bool(poll.pk is None or poll.status == PollStatus.CREATED)


def vote_refusal(poll: Any, attendance_status: str | None) -> str:
    """Why a member with ``attendance_status`` at ``poll``'s meeting cannot vote now ('' if he can),
    in Chinese, for the ballot page (the service raises the same refusals)."""
    if poll.status != PollStatus.OPEN:
        return gettext("表决未开始或已经结束。")
    if poll.method == poll.Method.SHOW_OF_HANDS:
        return gettext("举手表决由工作人员录入票数。")
    if attendance_status == AttendanceStatus.LEAVE:
        return gettext("您已登记请假，请假期间不能投票。")
    if attendance_status != AttendanceStatus.PRESENT:
        return gettext("您未报到出席本次会议，不能投票。")
    return ""


def allowed_actions(user: Any, obj: Any, *, attendance_status: str | None = None) -> set[str]:
    """The actions ``user`` may take now on a meeting, a poll or an attendance row: the predicate (who)
    and the workflow move (when) combined, for pages (which show exactly these buttons) and the API.

    Meeting: ``start``, ``close``, ``edit``, ``add_item``, ``arrange_agenda``, ``create_poll``,
    ``check_in_bulk``, ``minutes``, ``roster``. Poll: ``open``, ``counts``, ``close``, ``publish``,
    ``pending`` (未投票), ``screen``, ``results`` (CSV/Excel), ``roll_call``,
    and ``vote`` when ``attendance_status`` (the viewer's attendance at the poll's meeting) allows it
    (:func:`can_vote`). Attendance: ``check_in``, ``revoke_leave``, ``leave``, ``absent``.
    """
    from renda.meetings.models import Attendance, Meeting, Poll

    out: set[str] = set()
    if isinstance(obj, Meeting):
        staff, status = can_run(user, obj), obj.status
        moves = {
            "start": can_start(user, obj) and MEETING_WORKFLOW.allows(status, MeetingStatus.IN_PROGRESS),
            "close": can_close(user, obj) and MEETING_WORKFLOW.allows(status, MeetingStatus.CLOSED),
            "edit": can_edit_meeting(user, obj),
            "add_item": can_edit_agenda(user, obj) and status != MeetingStatus.CLOSED,
            "arrange_agenda": can_arrange_agenda(user, obj),
            "check_in_bulk": can_manage_attendance(user, obj) and status != MeetingStatus.CLOSED,
            "create_poll": can_edit_agenda(user, obj) and status != MeetingStatus.CLOSED,
            "minutes": staff,
            "roster": staff,
        }
    elif isinstance(obj, Poll):
        staff, status = can_run(user, obj.item.meeting), obj.status
        done = status in (PollStatus.CLOSED, PollStatus.PUBLISHED)
        moves = {
            "open": can_open_poll(user, obj) and POLL_WORKFLOW.allows(status, PollStatus.OPEN),
            "counts": can_enter_counts(user, obj)
            and status == PollStatus.OPEN
            and obj.method == obj.Method.SHOW_OF_HANDS,
            "close": can_close_poll(user, obj) and POLL_WORKFLOW.allows(status, PollStatus.CLOSED),
            "publish": can_publish_poll(user, obj) and POLL_WORKFLOW.allows(status, PollStatus.PUBLISHED),
            "pending": can_see_pending(user, obj),
            "screen": staff,
            "results": staff and done,
            "roll_call": staff and done and obj.method == obj.Method.ELECTRONIC,
            "vote": can_vote(user, obj, attendance_status),
        }
    elif isinstance(obj, Attendance):
        open_meeting = obj.meeting.status != MeetingStatus.CLOSED
        status = obj.status
        moves = {
            "check_in": open_meeting
            and can_check_in(user, obj)
            and ATTENDANCE_WORKFLOW.allows(status, AttendanceStatus.PRESENT),
            "revoke_leave": open_meeting and can_revoke_leave(user, obj),
            "leave": open_meeting
            and can_mark_leave(user, obj)
            and ATTENDANCE_WORKFLOW.allows(status, AttendanceStatus.LEAVE),
            "absent": open_meeting
            and can_mark_absent(user, obj)
            and ATTENDANCE_WORKFLOW.allows(status, AttendanceStatus.ABSENT),
        }
    else:
        return out
    return {name for name, ok in moves.items() if ok}
