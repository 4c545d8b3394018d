"""Statuses and allowed transitions of meetings and polls (DESIGN.md house style 3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.workflow import assert_transition


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


def assert_meeting_transition(current: str, target: str) -> None:
    """Raise :class:`~renda.core.exceptions.InvalidTransition` unless the meeting may move."""
    assert_transition(MEETING_TRANSITIONS, current, target, labels={k: str(v) for k, v in MeetingStatus.choices})


def assert_poll_transition(current: str, target: str) -> None:
    """Raise :class:`~renda.core.exceptions.InvalidTransition` unless the poll may move."""
    assert_transition(POLL_TRANSITIONS, current, target, labels={k: str(v) for k, v in PollStatus.choices})
