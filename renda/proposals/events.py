"""Typed events of the proposals domain (Saleor ``order/events.py`` style).

:class:`Action` lists every action written to a proposal's trail (``ProposalEvent.action``) with its
Chinese label, shown on timelines through ``event.action_label``. Transitions write their event
through :func:`renda.core.workflow.transition`; the acts that do not change a status have one small
function each below, calling :func:`renda.core.workflow.record_event`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from renda.proposals.models import Assignment, Proposal, ProposalEvent


class Action(models.TextChoices):
    """Every action of a proposal's trail."""

    CREATE = "create", _("起草")
    EDIT = "edit", _("修改草稿")
    SUBMIT = "submit", _("提交")
    COSIGN_CONFIRM = "cosign_confirm", _("确认联名")
    COSIGN_DECLINE = "cosign_decline", _("谢绝联名")
    REGISTER = "register", _("登记编号")
    RETURN = "return", _("不予立案")
    WITHDRAW = "withdraw", _("撤回")
    AGREE_WITHDRAW = "agree_withdraw", _("同意撤回")
    BILL_RECOMMEND = "bill_recommend", _("议案审查委员会意见")
    BILL_DECIDE = "bill_decide", _("主席团决定")
    BILL_TO_SUGGESTION = "bill_to_suggestion", _("议案转为建议")
    BILL_CONCLUDE = "bill_conclude", _("审议结果")
    DESIGNATE_KEY = "designate_key", _("确定重点督办")
    ASSIGN = "assign", _("交办")
    RECEIVE = "receive", _("签收")
    REQUEST_REASSIGN = "request_reassign", _("申请调整")
    APPROVE_REASSIGN = "approve_reassign", _("同意调整")
    REFUSE_REASSIGN = "refuse_reassign", _("不同意调整")
    CONSULT = "consult", _("沟通")
    SEND_OPINION = "send_opinion", _("会办意见")
    REPLY = "reply", _("答复")
    ALL_REPLIED = "all_replied", _("全部答复")
    EVALUATE = "evaluate", _("评价")
    EVALUATE_PAPER = "evaluate_paper", _("代录评价")
    REHANDLE = "rehandle", _("重新办理")
    CLOSE = "close", _("办结")
    REQUEST_EXTENSION = "request_extension", _("申请延期")
    DECIDE_EXTENSION = "decide_extension", _("延期审批")
    COMMITMENT_DELIVERED = "commitment_delivered", _("承诺完成")
    COMMITMENT_REPORTED = "commitment_reported", _("承诺告知代表")
    MERGE = "merge", _("并案")
    UNMERGE = "unmerge", _("撤销并案")
    URGE = "urge", _("催办")


def _write(
    proposal: Proposal,
    action: Action,
    *,
    actor: Any,
    note: str = "",
    at: datetime | None = None,
    assignment: Assignment | None = None,
) -> ProposalEvent:
    from renda.core.workflow import record_event
    from renda.proposals.workflow import ASSIGNMENT, PROPOSAL

    if assignment is not None:
        return record_event(  # type: ignore[return-value]
            ASSIGNMENT, assignment, action=action, actor=actor, note=note, at=at
        )
    return record_event(PROPOSAL, proposal, action=action, actor=actor, note=note, at=at)  # type: ignore[return-value]


def draft_created(proposal: Proposal, *, actor: Any, at: datetime | None = None) -> ProposalEvent:
    """A draft was written (status 草稿 from nothing)."""
    from renda.core.workflow import record_event
    from renda.proposals.workflow import PROPOSAL

    return record_event(  # type: ignore[return-value]
        PROPOSAL, proposal, action=Action.CREATE, actor=actor, at=at, from_status=""
    )


def draft_edited(proposal: Proposal, *, actor: Any, note: str, at: datetime | None = None) -> ProposalEvent:
    """The author changed the draft (title, content, topic, co-signers, attachments); ``note`` names
    what changed. The status stays 草稿."""
    return _write(proposal, Action.EDIT, actor=actor, note=note, at=at)


def withdrawal_agreed(proposal: Proposal, *, actor: Any, at: datetime | None = None) -> ProposalEvent:
    """A confirmed co-signer agreed to withdraw a joint suggestion (S23)."""
    return _write(proposal, Action.AGREE_WITHDRAW, actor=actor, at=at)


def bill_converted(proposal: Proposal, *, actor: Any, note: str, at: datetime | None = None) -> ProposalEvent:
    """A registered bill is handled as a suggestion (B5): renumbered, status unchanged."""
    return _write(proposal, Action.BILL_TO_SUGGESTION, actor=actor, note=note, at=at)


def key_designated(proposal: Proposal, *, actor: Any, note: str, at: datetime | None = None) -> ProposalEvent:
    """The Council of Chairpersons made it a key suggestion (S6)."""
    return _write(proposal, Action.DESIGNATE_KEY, actor=actor, note=note, at=at)


def assigned(assignment: Assignment, *, actor: Any, note: str, at: datetime | None = None) -> ProposalEvent:
    """A unit was given its part (a new assignment, status 待签收)."""
    from renda.core.workflow import record_event
    from renda.proposals.workflow import ASSIGNMENT

    return record_event(  # type: ignore[return-value]
        ASSIGNMENT, assignment, action=Action.ASSIGN, actor=actor, note=note, at=at, from_status=""
    )


def consulted(assignment: Assignment, *, actor: Any, note: str, at: datetime | None = None) -> ProposalEvent:
    """A unit recorded its contact with the deputy (S4)."""
    return _write(assignment.proposal, Action.CONSULT, actor=actor, note=note, at=at, assignment=assignment)


def evaluated(
    assignment: Assignment, *, actor: Any, note: str, at: datetime | None = None, on_paper: bool = False
) -> ProposalEvent:
    """A deputy rated a reply (S16); ``on_paper``: staff entered the deputy's paper evaluation (代录),
    the actor is the staff user and ``note`` names the deputy and the paper's date."""
    action = Action.EVALUATE_PAPER if on_paper else Action.EVALUATE
    return _write(assignment.proposal, action, actor=actor, note=note, at=at, assignment=assignment)


def commitment_delivered(assignment: Assignment, *, actor: Any, note: str, at: datetime | None = None) -> ProposalEvent:
    """A unit reported a promised item delivered (S19)."""
    return _write(
        assignment.proposal, Action.COMMITMENT_DELIVERED, actor=actor, note=note, at=at, assignment=assignment
    )


def commitment_reported(assignment: Assignment, *, actor: Any, note: str, at: datetime | None = None) -> ProposalEvent:
    """A unit told the deputy a promise is kept (S19)."""
    return _write(assignment.proposal, Action.COMMITMENT_REPORTED, actor=actor, note=note, at=at, assignment=assignment)


def merged(proposal: Proposal, *, actor: Any, note: str, at: datetime | None = None) -> ProposalEvent:
    """The suggestion joined a merge group (S10)."""
    return _write(proposal, Action.MERGE, actor=actor, note=note, at=at)


def unmerged(proposal: Proposal, *, actor: Any, note: str, at: datetime | None = None) -> ProposalEvent:
    """The suggestion's merge group was dissolved (S10)."""
    return _write(proposal, Action.UNMERGE, actor=actor, note=note, at=at)


def urged(assignment: Assignment, *, actor: Any, note: str, at: datetime | None = None) -> ProposalEvent:
    """Staff or a supervisor urged the unit (催办)."""
    return _write(assignment.proposal, Action.URGE, actor=actor, note=note, at=at, assignment=assignment)
