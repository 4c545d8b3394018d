"""Typed events of a citizen's opinion (群众意见): the actions written on its timeline, with Chinese labels.

Status changes write their event through :func:`renda.core.workflow.transition` (the services in
:mod:`renda.liaison.services`); the acts that do not change the status have one small function each
here, calling :func:`renda.core.workflow.record_event` (Saleor ``order/events.py`` style).
``OpinionEvent.ACTIONS`` is :class:`Action`, so an unknown action string raises ``ValueError``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from renda.core.models import DomainEvent
    from renda.liaison.models import Opinion


class Action(models.TextChoices):
    """What happened to an opinion (the ``action`` column of :class:`~renda.liaison.models.OpinionEvent`)."""

    RECEIVED = "received", _("收到意见")
    TRIAGE = "triage", _("分类")
    ROUTE = "route", _("转办")
    WITHDRAW = "withdraw", _("撤回转办")
    ANSWER = "answer", _("答复")
    RATE = "rate", _("群众评价")
    RATE_LOW = "rate_low", _("群众不满意，转回访复核")
    REROUTE = "reroute", _("回访后重新交办")
    CLOSE_EXPLAINED = "close_explained", _("回访办结（附办结说明）")
    DRAFT_SUGGESTION = "draft_suggestion", _("转为代表建议")


def opinion_received(opinion: Opinion, *, actor: Any, note: str = "", at: datetime | None = None) -> DomainEvent:
    """Log that ``opinion`` was received (its first event: ``'' → received``).

    Args:
        opinion: the opinion just stored (status 已接收).
        actor: who recorded it (a station operator, staff), or ``None`` (web form, import).
        note: how it came in (the source's label).
        at: when (default now).
    Returns:
        The event row.
    """
    return record_opinion_event(opinion, action=Action.RECEIVED, actor=actor, note=note, at=at, from_status="")


def opinion_reclassified(opinion: Opinion, *, actor: Any, note: str) -> DomainEvent:
    """Log a new topic chosen for an opinion already classified and not yet routed (重新分类, no status move).

    Args:
        opinion: the opinion (status 已分类), locked by the caller.
        actor: the staff member.
        note: the topic chosen (or staff's comment).
    Returns:
        The event row.
    """
    return record_opinion_event(opinion, action=Action.TRIAGE, actor=actor, note=note)


def suggestion_drafted(opinion: Opinion, *, actor: Any, title: str) -> DomainEvent:
    """Log that a deputy turned ``opinion`` into a draft suggestion titled ``title`` (no status move).

    Args:
        opinion: one of the opinions the draft was made from.
        actor: the deputy.
        title: the draft suggestion's title.
    Returns:
        The event row.
    """
    return record_opinion_event(opinion, action=Action.DRAFT_SUGGESTION, actor=actor, note=title)


def record_opinion_event(opinion: Opinion, *, action: Action, actor: Any, note: str = "", **kw: Any) -> DomainEvent:
    """Write one event of ``opinion``'s workflow (``record_event`` with the opinion workflow)."""
    from renda.core.workflow import record_event
    from renda.liaison.workflow import OPINION_FLOW

    return record_event(OPINION_FLOW, opinion, action=action, actor=actor, note=note, **kw)
