"""Writes that prepare and run a meeting's roster and agenda: edit a planned meeting, arrange its
agenda, and record the roll at the door in one submit (issue 13 items 1 and 6).

Convening itself is :func:`renda.meetings.services.meeting_create` (the page and the API call the same
service). Every status change goes through :func:`renda.core.workflow.transition_bulk` with
``ATTENDANCE_WORKFLOW``: one UPDATE and one event per member, all or nothing. Rule ids refer to
RULES.md §3 (V1–V5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.core.workflow import lock, save_versioned, transition_bulk
from renda.meetings import events, permissions
from renda.meetings.events import Action
from renda.meetings.models import AgendaItem, Attendance, Meeting, Poll
from renda.meetings.services import STAFF_ONLY, roster_for
from renda.meetings.workflow import ATTENDANCE_WORKFLOW, MeetingStatus
from renda.organization.models import User

NOT_PLANNED = "会议已经开始，不能再修改"
AGENDA_FIXED = "会议已经开始，议程不能再调整或删除"


def _require(allowed: bool, message: str = STAFF_ONLY) -> None:
    if not allowed:
        raise PermissionDeniedError(message)


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: User,
    number: int,
    title: str,
    starts_at: datetime,
    location: str = "",
    presiding: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Meeting:
    """Edit a planned (筹备中) meeting: number, title, start time (aware datetime), place, presiding.

    The body and kind stay (convene another meeting instead). When the date moves, the roster is taken
    again from the body's membership on the new date and ``roster_size`` (the statutory denominator,
    V1/V3/V5) follows it, as long as nobody has been recorded yet; otherwise a change of the roster is
    refused.
    Raises:
        PermissionDeniedError: not staff of the congress. InvalidTransition: the meeting is no longer
        筹备中. RuleViolation: empty title, a number already used, the roster would change after
        attendance was recorded, or the new roster is empty. ConcurrentModification: stale version.
    """
    locked = lock(meeting, expected_version=expected_version)
    _require(permissions.can_run(actor, locked))
    if not permissions.can_edit_meeting(actor, locked):
        raise InvalidTransition(NOT_PLANNED)
    title = title.strip()
    if not title:
        raise RuleViolation("请填写会议名称", code="title_required")
    clash = Meeting.objects.filter(
        term_id=locked.term_id, kind=locked.kind, session=locked.session, body=locked.body, number=number
    ).exclude(pk=locked.pk)
    if clash.exists():
        raise RuleViolation(f"第{number}次会议已经存在", code="number_taken")
    before = {"number": locked.number, "title": locked.title, "starts_at": locked.starts_at}
    roster = roster_for(kind=locked.kind, term=locked.term, body=locked.body, on=starts_at)
    current = set(Attendance.objects.filter(meeting=locked).values_list("deputy_id", flat=True))
    wanted = {d.pk for d in roster}
    if wanted != current:
        if not roster:
            raise RuleViolation("该机构在新日期没有组成人员，不能召开会议", extra={"rule": "V3"})
        if Attendance.objects.filter(meeting=locked).exclude(status=Attendance.Status.EXPECTED).exists():
            raise RuleViolation("已有出席登记，改期会改变组成人员名单，请先核对出席情况", code="roster_recorded")
        Attendance.objects.filter(meeting=locked).exclude(deputy_id__in=wanted).delete()
        Attendance.objects.bulk_create([Attendance(meeting=locked, deputy=d) for d in roster if d.pk not in current])
        locked.roster_size = len(roster)
    locked.number, locked.title, locked.starts_at = number, title, starts_at
    locked.location, locked.presiding = location.strip(), presiding.strip()
    save_versioned(locked, ["number", "title", "starts_at", "location", "presiding", "roster_size"])
    changed = [
        f"{label}：{before[key]} → {getattr(locked, key)}"
        for key, label in (("number", "序号"), ("title", "名称"), ("starts_at", "时间"))
        if before[key] != getattr(locked, key)
    ]
    events.meeting_edited(locked, actor=actor, note="；".join(changed) or "修改地点或主持人", at=at)
    return locked


def _agenda_locked(item: AgendaItem, actor: User) -> tuple[Meeting, list[AgendaItem]]:
    """Lock the item's meeting, check the agenda may be arranged, return the meeting and its items."""
    meeting = lock(item.meeting)
    _require(permissions.can_edit_agenda(actor, meeting))
    if not permissions.can_arrange_agenda(actor, meeting):
        raise InvalidTransition(AGENDA_FIXED)
    return meeting, list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))


def _renumber(items: list[AgendaItem]) -> None:
    """Store ``items`` as orders 1..n (two UPDATEs: out of the way first, for the unique order)."""
    ids = [i.pk for i in items]
    AgendaItem.objects.filter(pk__in=ids).update(order=F("order") + 10_000)
    for n, it in enumerate(items, start=1):
        it.order = n
    AgendaItem.objects.bulk_update(items, ["order"])


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by: int, actor: User, at: datetime | None = None) -> AgendaItem:
    """Move ``item`` ``by`` places (-1 up, +1 down) on a planned meeting's agenda; the orders stay 1..n.

    Raises:
        PermissionDeniedError: not staff. InvalidTransition: the meeting is no longer 筹备中.
        RuleViolation: the item is already first/last, or is not on the agenda any more.
    """
    meeting, items = _agenda_locked(item, actor)
    index = next((i for i, it in enumerate(items) if it.pk == item.pk), None)
    if index is None:
        raise RuleViolation("议程事项已被删除", code="item_gone")
    target = index + by
    if by == 0 or not 0 <= target < len(items):
        raise RuleViolation("已在议程首位或末位", code="cannot_move")
    moved = items.pop(index)
    items.insert(target, moved)
    _renumber(items)
    events.agenda_item_moved(meeting, actor=actor, title=moved.title, order=moved.order, at=at)
    return moved


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor: User, at: datetime | None = None) -> None:
    """Remove ``item`` from a planned meeting's agenda (the rest close up); logged on the meeting's trail.

    Raises:
        PermissionDeniedError: not staff. InvalidTransition: the meeting is no longer 筹备中.
        RuleViolation: a vote was already set up on the item (code ``item_has_poll``).
    """
    meeting, items = _agenda_locked(item, actor)
    if Poll.objects.filter(item_id=item.pk).exists():
        raise RuleViolation("该议程已设置表决，不能删除", code="item_has_poll")
    gone = next((it for it in items if it.pk == item.pk), None)
    if gone is None:
        raise RuleViolation("议程事项已被删除", code="item_gone")
    rest = [it for it in items if it.pk != gone.pk]
    gone.delete()
    _renumber(rest)
    events.agenda_item_removed(meeting, actor=actor, title=gone.title, at=at)


@dataclass(frozen=True)
class RollResult:
    """What one bulk submit recorded: members newly 出席 and newly 请假 (people)."""

    present: int
    leave: int


@transaction.atomic
def attendance_record_bulk(
    *,
    meeting: Meeting,
    present: Iterable[int],
    leave: Mapping[int, str],
    actor: User,
    at: datetime | None = None,
) -> RollResult:
    """Record the roll at the door in one submit: the members ticked present (出席) and those on leave
    (请假, with a reason each). Members already present or on leave are left as they are; unticked
    members stay 未报到 (the meeting's close marks them 缺席). A bounded number of queries whatever the
    roster (345 members in one submit): one bulk move per status, one event per member.

    Args:
        present: deputy ids ticked present. leave: deputy id → reason (required) for members on leave.
        at: when (aware datetime, default now).
    Returns:
        :class:`RollResult` with how many members moved to each status.
    Raises:
        PermissionDeniedError: not staff. InvalidTransition: the meeting is closed.
        RuleViolation: a member ticked both present and on leave (``both_ticked``), a leave without a
            reason (``reason_required``), a member on leave ticked present (undo a leave one by one, with
            its reason: defect 5, ``on_leave``), or an id not on the roster (V3). Nothing changes then.
    """
    locked = lock(meeting)
    _require(permissions.can_manage_attendance(actor, locked))
    if locked.status == MeetingStatus.CLOSED:
        raise InvalidTransition("会议已结束，不能更改出席情况")
    present_ids = {int(i) for i in present}
    reasons = {int(k): v.strip() for k, v in leave.items()}
    rows = {
        a.deputy_id: a
        for a in Attendance.objects.filter(meeting=locked, deputy_id__in=present_ids | set(reasons)).select_related(
            "deputy"
        )
    }
    if missing := (present_ids | set(reasons)) - set(rows):
        raise RuleViolation(f"{len(missing)} 人不是本次会议的组成人员", extra={"rule": "V3"})
    if both := present_ids & set(reasons):
        names = "、".join(rows[i].deputy.name for i in sorted(both))
        raise RuleViolation(f"{names}同时勾选了出席和请假", code="both_ticked")
    if unexplained := [i for i, r in reasons.items() if not r]:
        names = "、".join(rows[i].deputy.name for i in sorted(unexplained))
        raise RuleViolation(f"请填写{names}的请假事由", code="reason_required")
    on_leave = [rows[i] for i in sorted(present_ids) if rows[i].status == Attendance.Status.LEAVE]
    if on_leave:
        names = "、".join(a.deputy.name for a in on_leave)
        raise RuleViolation(f"{names}已请假：撤销请假须逐人填写理由", code="on_leave")
    when = at or timezone.now()
    name_of = {i: a.deputy.name for i, a in rows.items()}
    arrived = [i for i in present_ids if rows[i].status != Attendance.Status.PRESENT]
    n_present = transition_bulk(
        Attendance.objects.filter(meeting=locked, deputy_id__in=arrived),
        workflow=ATTENDANCE_WORKFLOW,
        to=Attendance.Status.PRESENT,
        action=Action.CHECK_IN,
        actor=actor,
        at=when,
        note_for=lambda a: name_of[a.deputy_id],
        changes={"checked_in_at": when, "note": ""},
    )
    new_leave = [rows[i] for i in reasons if rows[i].status != Attendance.Status.LEAVE]
    n_leave = transition_bulk(
        Attendance.objects.filter(pk__in=[a.pk for a in new_leave]),
        workflow=ATTENDANCE_WORKFLOW,
        to=Attendance.Status.LEAVE,
        action=Action.LEAVE,
        actor=actor,
        at=when,
        note_for=lambda a: f"{name_of[a.deputy_id]}：{reasons[a.deputy_id]}",
        changes={"checked_in_at": None},
    )
    for a in new_leave:
        a.note = reasons[a.deputy_id]
    Attendance.objects.bulk_update(new_leave, ["note"])
    return RollResult(present=n_present, leave=n_leave)
