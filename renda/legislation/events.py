"""Typed events of a draft regulation (法规草案): the actions written on its timeline, with Chinese labels.

Status changes write their event through :func:`renda.core.workflow.transition` (in
:mod:`renda.legislation.services`); acts that do not move the status (a reading scheduled, a version
imported, comment opened, a comment hidden, the feedback published) go through :func:`record`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from renda.core.models import DomainEvent
    from renda.legislation.models import Draft


class Action(models.TextChoices):
    """What happened to a draft (the ``action`` column of :class:`~renda.legislation.models.DraftEvent`)."""

    CREATE = "create", _("立项起草")
    VERSION = "version", _("形成草案文本")
    SUBMIT = "submit", _("提请审议")
    READING = "reading", _("列入常委会会议审议")
    VOTE_SCHEDULED = "vote_scheduled", _("交付表决")
    ADOPT = "adopt", _("表决通过")
    REJECT = "reject", _("表决未通过")
    WITHDRAW = "withdraw", _("撤回")
    REQUEST_APPROVAL = "request_approval", _("报请省人大常委会批准")
    APPROVE = "approve", _("省人大常委会批准")
    PROMULGATE = "promulgate", _("发布公告")
    FILE = "file", _("报送备案")
    COMMENT_OPEN = "comment_open", _("公开征求意见")
    COMMENT_HIDE = "comment_hide", _("屏蔽意见")
    FEEDBACK = "feedback", _("公布意见采纳情况")
    TERMINATE = "terminate", _("终止审议")
    PUBLISH_TEXT = "publish_text", _("刊登法规文本")


def record(draft: Draft, *, action: Action, actor: Any, note: str = "", at: datetime | None = None) -> DomainEvent:
    """Write one event on ``draft``'s trail without a status move.

    Args:
        draft: the draft regulation.
        action: a member of :class:`Action`.
        actor: the user acting (``None``: the system).
        note: shown on the timeline (reason, version label, meeting).
        at: when (aware datetime, default now).
    Returns:
        The event row.
    """
    from renda.core.workflow import record_event
    from renda.legislation.workflow import DRAFT_FLOW

    return record_event(DRAFT_FLOW, draft, action=action, actor=actor, note=note, at=at)
