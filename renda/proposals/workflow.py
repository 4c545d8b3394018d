"""Statuses and allowed transitions of proposals (议案、建议) and of their assignments (交办).

DESIGN.md house style 3: the workflow is data in one place; services call :func:`check` before
changing a status.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.workflow import assert_transition


class Status(models.TextChoices):
    """Where a proposal stands."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("不予立案")
    WITHDRAWN = "withdrawn", _("已撤回")
    REGISTERED = "registered", _("已登记")
    RECOMMENDED = "recommended", _("审查委员会已提出意见")
    ON_AGENDA = "on_agenda", _("列入会议议程")
    REFERRED = "referred", _("交专门委员会审议")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复待评价")
    REHANDLING = "rehandling", _("重新办理")
    CLOSED = "closed", _("办结")


TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.REGISTERED, Status.RETURNED, Status.WITHDRAWN},
    # REGISTERED → REGISTERED happens when a bill is converted into a suggestion (B5/B6).
    Status.REGISTERED: {Status.ASSIGNED, Status.RECOMMENDED, Status.WITHDRAWN, Status.REGISTERED, Status.RETURNED},
    Status.RECOMMENDED: {Status.ON_AGENDA, Status.REFERRED, Status.REGISTERED, Status.WITHDRAWN},
    Status.ON_AGENDA: {Status.WITHDRAWN, Status.CLOSED},
    Status.REFERRED: {Status.WITHDRAWN, Status.CLOSED},
    Status.ASSIGNED: {Status.REPLIED},
    Status.REPLIED: {Status.CLOSED, Status.REHANDLING, Status.REPLIED},
    Status.REHANDLING: {Status.REPLIED},
    Status.RETURNED: set(),
    Status.WITHDRAWN: set(),
    Status.CLOSED: set(),
}

#: Statuses in which units are handling the proposal (deadlines run, urge notices go out).
HANDLING = {Status.ASSIGNED, Status.REHANDLING}


class AssignmentStatus(models.TextChoices):
    """Where one unit's part of the handling stands."""

    ASSIGNED = "assigned", _("待签收")
    RECEIVED = "received", _("办理中")
    REASSIGN_REQUESTED = "reassign_requested", _("申请调整")
    OPINION_SENT = "opinion_sent", _("已提出会办意见")
    REPLIED = "replied", _("已答复")
    REHANDLING = "rehandling", _("重新办理")
    CLOSED = "closed", _("办结")
    CANCELLED = "cancelled", _("已调整（撤销交办）")


ASSIGNMENT_TRANSITIONS: dict[str, set[str]] = {
    AssignmentStatus.ASSIGNED: {AssignmentStatus.RECEIVED, AssignmentStatus.CANCELLED},
    AssignmentStatus.RECEIVED: {
        AssignmentStatus.REASSIGN_REQUESTED,
        AssignmentStatus.OPINION_SENT,
        AssignmentStatus.REPLIED,
        AssignmentStatus.CANCELLED,
    },
    AssignmentStatus.REASSIGN_REQUESTED: {AssignmentStatus.RECEIVED, AssignmentStatus.CANCELLED},
    AssignmentStatus.OPINION_SENT: {AssignmentStatus.CLOSED, AssignmentStatus.OPINION_SENT},
    AssignmentStatus.REPLIED: {AssignmentStatus.CLOSED, AssignmentStatus.REHANDLING},
    AssignmentStatus.REHANDLING: {AssignmentStatus.REPLIED},
    AssignmentStatus.CLOSED: set(),
    AssignmentStatus.CANCELLED: set(),
}

#: Assignment statuses that still owe something (urge notices, overdue board).
ASSIGNMENT_OPEN = {
    AssignmentStatus.ASSIGNED,
    AssignmentStatus.RECEIVED,
    AssignmentStatus.REASSIGN_REQUESTED,
    AssignmentStatus.REHANDLING,
}


def check(current: str, target: str) -> None:
    """Raise :class:`~renda.core.exceptions.InvalidTransition` unless proposal ``current → target``."""
    assert_transition(TRANSITIONS, current, target, labels={k: str(v) for k, v in Status.choices})


def check_assignment(current: str, target: str) -> None:
    """Raise :class:`~renda.core.exceptions.InvalidTransition` unless assignment ``current → target``."""
    assert_transition(ASSIGNMENT_TRANSITIONS, current, target, labels={k: str(v) for k, v in AssignmentStatus.choices})
