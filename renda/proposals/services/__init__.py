"""Writes of the proposals domain, one keyword-only service per action (DESIGN.md house style 1, 4),
split by sub-domain: :mod:`.intake` (draft, co-sign, submit, register, return, withdraw), :mod:`.drafts` (editing a draft),
:mod:`.bills`, :mod:`.key` (key suggestions), :mod:`.assignment` (assign, receive, reassignment,
co-handler opinion), :mod:`.reply` (consultation, replies, extensions, evaluation, re-handling,
closing, commitments), :mod:`.merge` and :mod:`.urging` (manual urging and the daily ``urge_due``).

Every status change is :func:`renda.core.workflow.transition` with a workflow of
:mod:`renda.proposals.workflow` (row lock, stored status, optimistic ``expected_version``, the
actor's permission from :mod:`renda.proposals.permissions`, typed event, notice on commit). ``at``
(an aware datetime, default now) is an explicit argument for back-dated paper records and the demo.
This module re-exports the public names: ``from renda.proposals import services; services.x(...)``.
"""

from renda.proposals.notices import link_for
from renda.proposals.selectors import group_members, proposal_deputies, session_at
from renda.proposals.services.assignment import (
    BulkResult,
    assignment_decide_reassign,
    assignment_receive,
    assignment_request_reassign,
    assignment_send_opinion,
    suggestion_assign,
    suggestion_assign_bulk,
)
from renda.proposals.services.bills import bill_conclude, bill_decide, bill_recommend
from renda.proposals.services.drafts import proposal_update_draft
from renda.proposals.services.intake import (
    BODY_MAX,
    NOT_A_SUGGESTION,
    TITLE_MAX,
    check_attachment,
    check_text,
    cosigner_agree_withdraw,
    cosigner_respond,
    proposal_create,
    proposal_register,
    proposal_return,
    proposal_submit,
    proposal_withdraw,
)
from renda.proposals.services.key import suggestion_designate_key
from renda.proposals.services.merge import merge_undo, proposals_merge, proposals_merge_listed
from renda.proposals.services.reply import (
    CommitmentInput,
    check_document,
    commitment_deliver,
    commitment_report,
    consultation_record,
    evaluation_submit,
    extension_decide,
    extension_request,
    maybe_close,
    proposal_close_after_window,
    reply_submit,
)
from renda.proposals.services.urging import assignment_urge, urge_due

__all__ = [
    "BODY_MAX",
    "NOT_A_SUGGESTION",
    "TITLE_MAX",
    "BulkResult",
    "CommitmentInput",
    "assignment_decide_reassign",
    "assignment_receive",
    "assignment_request_reassign",
    "assignment_send_opinion",
    "assignment_urge",
    "bill_conclude",
    "bill_decide",
    "bill_recommend",
    "check_attachment",
    "check_document",
    "check_text",
    "commitment_deliver",
    "commitment_report",
    "consultation_record",
    "cosigner_agree_withdraw",
    "cosigner_respond",
    "evaluation_submit",
    "extension_decide",
    "extension_request",
    "group_members",
    "link_for",
    "maybe_close",
    "merge_undo",
    "proposal_close_after_window",
    "proposal_create",
    "proposal_deputies",
    "proposal_register",
    "proposal_return",
    "proposal_submit",
    "proposal_update_draft",
    "proposal_withdraw",
    "proposals_merge",
    "proposals_merge_listed",
    "reply_submit",
    "session_at",
    "suggestion_assign",
    "suggestion_assign_bulk",
    "suggestion_designate_key",
    "urge_due",
]
