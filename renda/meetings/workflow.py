"""Statuses, allowed transitions and the :class:`~renda.core.workflow.Workflow` objects of meetings,
attendance and polls (DESIGN.md house style 3).

Every status change of the app goes through :func:`renda.core.workflow.transition` (or
``transition_bulk``) with one of the three workflows below; ``services.py`` holds the services.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.workflow import Workflow


class MeetingStatus(models.TextChoices):
    """Status of a meeting: planned (筹备中) → in progress (进行中) → closed (已结束)."""

    PLANNED = "planned", _("筹备中")
    IN_PROGRESS = "in_progress", _("进行中")
    CLOSED = "closed", _("已结束")


MEETING_TRANSITIONS: dict[str, tuple[str, ...]] = {
    MeetingStatus.PLANNED: (MeetingStatus.IN_PROGRESS,),
    MeetingStatus.IN_PROGRESS: (MeetingStatus.CLOSED,),
    MeetingStatus.CLOSED: (),
}


class AttendanceStatus(models.TextChoices):
    """Whether a member on a meeting's roster came: 未报到 / 出席 / 请假 / 缺席."""

    EXPECTED = "expected", _("未报到")
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")


#: Staff may correct any record; who may take which move is decided in ``permissions.py``
#: (a member may check in only from 未报到 or 缺席, never out of a leave staff recorded).
ATTENDANCE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    AttendanceStatus.EXPECTED: (AttendanceStatus.PRESENT, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT),
    AttendanceStatus.PRESENT: (AttendanceStatus.LEAVE, AttendanceStatus.ABSENT),
    AttendanceStatus.LEAVE: (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT),
    AttendanceStatus.ABSENT: (AttendanceStatus.PRESENT, AttendanceStatus.LEAVE),
}


class PollStatus(models.TextChoices):
    """OpenSlides-style poll states: created → open → closed → published."""

    CREATED = "created", _("未开始")
    OPEN = "open", _("表决中")
    CLOSED = "closed", _("已结束")
    PUBLISHED = "published", _("已公布")


POLL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PollStatus.CREATED: (PollStatus.OPEN,),
    PollStatus.OPEN: (PollStatus.CLOSED,),
    PollStatus.CLOSED: (PollStatus.PUBLISHED,),
    PollStatus.PUBLISHED: (),
}

MEETING_WORKFLOW = Workflow(
    statuses=MeetingStatus, transitions=MEETING_TRANSITIONS, event_model="meetings.MeetingEvent"
)
#: Attendance events belong to the meeting's trail (the event's note names the member).
ATTENDANCE_WORKFLOW = Workflow(
    statuses=AttendanceStatus,
    transitions=ATTENDANCE_TRANSITIONS,
    event_model="meetings.MeetingEvent",
    event_subject="meeting",
)
POLL_WORKFLOW = Workflow(statuses=PollStatus, transitions=POLL_TRANSITIONS, event_model="meetings.PollEvent")


def assert_meeting_transition(current: str, target: str) -> None:
    """Raise :class:`~renda.core.exceptions.InvalidTransition` unless the meeting may move."""
    MEETING_WORKFLOW.check(current, target)


def assert_poll_transition(current: str, target: str) -> None:
    """Raise :class:`~renda.core.exceptions.InvalidTransition` unless the poll may move."""
    POLL_WORKFLOW.check(current, target)
