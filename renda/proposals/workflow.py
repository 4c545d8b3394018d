"""Statuses and allowed transitions of proposals (议案、建议), their assignments (交办), co-signers
(联名) and extension requests (延期), each wrapped in a :class:`renda.core.workflow.Workflow`.

DESIGN.md house style 3: the workflow is data in one place; every status change is a service calling
:func:`renda.core.workflow.transition` with one of the workflows below. All four write their events to
the proposal's trail (``ProposalEvent``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.workflow import Workflow


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
    # No REGISTERED → REGISTERED: registering twice would renumber (a bill handled as a suggestion keeps
    # its status and is recorded as an event, services.bills.bill_decide).
    Status.REGISTERED: {Status.ASSIGNED, Status.RECOMMENDED, Status.WITHDRAWN, Status.RETURNED},
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


class CoSignerState(models.TextChoices):
    """A co-signer's answer to the invitation (联名)."""

    INVITED = "invited", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("已谢绝")


COSIGNER_TRANSITIONS: dict[str, set[str]] = {
    CoSignerState.INVITED: {CoSignerState.CONFIRMED, CoSignerState.DECLINED},
    CoSignerState.CONFIRMED: set(),
    CoSignerState.DECLINED: set(),
}


class ExtensionStatus(models.TextChoices):
    """Where a unit's request for more time stands (S14)."""

    NONE = "", _("无")
    REQUESTED = "requested", _("已申请")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


EXTENSION_TRANSITIONS: dict[str, set[str]] = {
    ExtensionStatus.NONE: {ExtensionStatus.REQUESTED},
    ExtensionStatus.REQUESTED: {ExtensionStatus.APPROVED, ExtensionStatus.REFUSED},
    # a unit may ask again while the 3 months in all are not used up (S14)
    ExtensionStatus.APPROVED: {ExtensionStatus.REQUESTED},
    ExtensionStatus.REFUSED: {ExtensionStatus.REQUESTED},
}

EVENTS = "proposals.ProposalEvent"

#: A proposal's own status.
PROPOSAL = Workflow(statuses=Status, transitions=TRANSITIONS, event_model=EVENTS)
#: One unit's part; its events belong to the proposal's trail, linked to the assignment.
ASSIGNMENT = Workflow(
    statuses=AssignmentStatus,
    transitions=ASSIGNMENT_TRANSITIONS,
    event_model=EVENTS,
    event_subject="proposal",
    event_link="assignment",
)
#: A co-signer's answer; written on the proposal's trail.
COSIGNER = Workflow(
    statuses=CoSignerState, transitions=COSIGNER_TRANSITIONS, event_model=EVENTS, event_subject="proposal"
)
#: An assignment's extension request (``Assignment.extension_status``).
EXTENSION = Workflow(
    statuses=ExtensionStatus,
    transitions=EXTENSION_TRANSITIONS,
    event_model=EVENTS,
    field="extension_status",
    event_subject="proposal",
    event_link="assignment",
)


def check(current: str, target: str) -> None:
    """Raise :class:`~renda.core.exceptions.InvalidTransition` unless proposal ``current → target``."""
    PROPOSAL.check(current, target)


def check_assignment(current: str, target: str) -> None:
    """Raise :class:`~renda.core.exceptions.InvalidTransition` unless assignment ``current → target``."""
    ASSIGNMENT.check(current, target)
