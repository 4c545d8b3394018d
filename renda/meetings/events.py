"""Typed events of the meetings domain (Saleor ``order/events.py`` style).

:class:`Action` lists every action written to the meeting trail (:class:`~renda.meetings.models.MeetingEvent`:
the meeting's moves and its attendance) and the poll trail (:class:`~renda.meetings.models.PollEvent`), with
the Chinese label timelines show. Status moves write their event through
:func:`renda.core.workflow.transition`; the functions below write the acts that change no status.
Ballots write no event (the :class:`~renda.meetings.models.VoteCast` row is their record).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.workflow import record_event
from renda.meetings.workflow import MEETING_WORKFLOW, POLL_WORKFLOW

if TYPE_CHECKING:
    from renda.core.models import DomainEvent
    from renda.meetings.models import Meeting, Poll


class Action(models.TextChoices):
    """Every action of the meeting and poll trails."""

    CREATE = "create", _("创建")
    START = "start", _("宣布开会")
    CLOSE = "close", _("结束")
    CHECK_IN = "check_in", _("报到")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")
    LEAVE_REVOKE = "leave_revoke", _("撤销请假")
    EDIT = "edit", _("修改会议")
    AGENDA_ADD = "agenda_add", _("增加议程")
    AGENDA_MOVE = "agenda_move", _("调整议程顺序")
    AGENDA_REMOVE = "agenda_remove", _("删除议程")
    OPEN = "open", _("开始表决")
    ENTER_COUNTS = "enter_counts", _("录入票数")
    PUBLISH = "publish", _("公布结果")


def meeting_created(meeting: Meeting, *, actor: Any, roster_size: int, at: datetime | None = None) -> DomainEvent:
    """Log that ``meeting`` was convened with ``roster_size`` members (people) on its roster."""
    return record_event(
        MEETING_WORKFLOW,
        meeting,
        action=Action.CREATE,
        actor=actor,
        note=f"应到 {roster_size} 人",
        at=at,
        from_status="",
    )


def agenda_item_added(meeting: Meeting, *, actor: Any, title: str, at: datetime | None = None) -> DomainEvent:
    """Log an item added to ``meeting``'s agenda (the note is its title)."""
    return record_event(MEETING_WORKFLOW, meeting, action=Action.AGENDA_ADD, actor=actor, note=title, at=at)


def meeting_edited(meeting: Meeting, *, actor: Any, note: str, at: datetime | None = None) -> DomainEvent:
    """Log an edit of a planned meeting (``note``: what changed, old → new)."""
    return record_event(MEETING_WORKFLOW, meeting, action=Action.EDIT, actor=actor, note=note, at=at)


def agenda_item_moved(
    meeting: Meeting, *, actor: Any, title: str, order: int, at: datetime | None = None
) -> DomainEvent:
    """Log an agenda item moved to position ``order`` (1-based)."""
    return record_event(
        MEETING_WORKFLOW, meeting, action=Action.AGENDA_MOVE, actor=actor, note=f"{title} → 第 {order} 项", at=at
    )


def agenda_item_removed(meeting: Meeting, *, actor: Any, title: str, at: datetime | None = None) -> DomainEvent:
    """Log an item removed from ``meeting``'s agenda before it opened (the note is its title)."""
    return record_event(MEETING_WORKFLOW, meeting, action=Action.AGENDA_REMOVE, actor=actor, note=title, at=at)


def poll_created(poll: Poll, *, actor: Any, at: datetime | None = None) -> DomainEvent:
    """Log that ``poll`` was set up (未开始)."""
    return record_event(POLL_WORKFLOW, poll, action=Action.CREATE, actor=actor, at=at, from_status="")


def counts_entered(poll: Poll, *, actor: Any, counts: dict[str, int], at: datetime | None = None) -> DomainEvent:
    """Log the show-of-hands counts staff entered (``counts``: choice → people)."""
    note = "，".join(f"{k}={v}" for k, v in counts.items())
    return record_event(POLL_WORKFLOW, poll, action=Action.ENTER_COUNTS, actor=actor, note=note, at=at)
