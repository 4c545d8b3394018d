"""Bills (议案): the Bill Review Committee's recommendation, the Presidium's decision, the result (B3–B5)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from renda.core import workdays
from renda.core.exceptions import InvalidTransition, RuleViolation
from renda.core.workflow import save_versioned, transition
from renda.organization.models import Body, User
from renda.proposals import conf, events, permissions
from renda.proposals.events import Action
from renda.proposals.models import Kind, Proposal
from renda.proposals.services._base import day, lock_proposal, now
from renda.proposals.services.intake import assign_due, take_number
from renda.proposals.workflow import PROPOSAL, Status


@transaction.atomic
def bill_recommend(
    *,
    proposal: Proposal,
    actor: User,
    decision: str,
    opinion: str,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """The Bill Review Committee's recommendation (B3), recorded by staff: list on the agenda, refer
    to a committee, or handle as a suggestion (outside the congress's powers, B5).

    Raises:
        PermissionDeniedError, InvalidTransition (not a bill / not registered), RuleViolation (B3).
    """
    p = lock_proposal(proposal, expected_version)
    permissions.require(permissions.can_recommend(actor, p))
    if p.kind != Kind.BILL:
        raise InvalidTransition("只有议案需要审查委员会提出意见")
    if decision not in Proposal.Decision.values or not opinion.strip():
        raise RuleViolation("须写明议案审查委员会的意见", extra={"rule": "B3"})
    p.recommended_decision, p.review_opinion = decision, opinion.strip()
    transition(
        p,
        workflow=PROPOSAL,
        to=Status.RECOMMENDED,
        action=Action.BILL_RECOMMEND,
        actor=actor,
        note=opinion,
        at=at,
        fields=["recommended_decision", "review_opinion"],
    )
    return p


@transaction.atomic
def bill_decide(
    *,
    proposal: Proposal,
    actor: User,
    decision: str,
    committee: Body | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """The Presidium decides on a bill after the committee's recommendation (B3): list it on the
    agenda, refer it to a committee (report due 3 months after the session closes, B5), or handle it
    as a suggestion (B5): it is renumbered in the suggestion series and follows the suggestion clock
    (its status stays 已登记; the conversion is an event).

    Raises:
        PermissionDeniedError, InvalidTransition, RuleViolation (B3).
    """
    p = lock_proposal(proposal, expected_version)
    permissions.require(permissions.can_decide(actor, p))
    if p.kind != Kind.BILL:
        raise InvalidTransition("只有议案由主席团决定")
    if decision == Proposal.Decision.AGENDA:
        p.decision = decision
        transition(
            p,
            workflow=PROPOSAL,
            to=Status.ON_AGENDA,
            action=Action.BILL_DECIDE,
            actor=actor,
            note="主席团决定列入会议议程",
            at=at,
            fields=["decision"],
        )
    elif decision == Proposal.Decision.REFER:
        if committee is None or committee.kind != Body.Kind.SPECIAL_COMMITTEE:
            raise RuleViolation("须指定审议的专门委员会", extra={"rule": "B3"})
        start = p.session.closing_date if p.session is not None else day(at)
        p.decision, p.referred_to = decision, committee
        p.report_due = workdays.month_deadline(start, conf.get("BILL_REPORT_MONTHS"), rule="B5").date
        transition(
            p,
            workflow=PROPOSAL,
            to=Status.REFERRED,
            action=Action.BILL_DECIDE,
            actor=actor,
            note=f"交{committee.name}审议",
            at=at,
            fields=["decision", "referred_to", "report_due"],
        )
    elif decision == Proposal.Decision.AS_SUGGESTION:
        _convert_to_suggestion(p, actor=actor, decision=decision, at=at)
    else:
        raise RuleViolation("未知的决定", extra={"rule": "B3"})
    return p


def _convert_to_suggestion(p: Proposal, *, actor: User, decision: str, at: datetime | None) -> None:
    """B5: the bill becomes a suggestion, renumbered, back to 已登记 (from 审查委员会已提出意见) or staying
    there; the renumbering is one event."""
    if p.status not in (Status.REGISTERED, Status.RECOMMENDED):
        PROPOSAL.check(p.status, Status.REGISTERED)  # raises InvalidTransition with the labels
    p.decision, p.kind = decision, Kind.SUGGESTION
    p.converted_reason = "主席团决定作为建议处理（B5）"
    when = day(at)
    take_number(p, when)
    due = assign_due(p, when)
    p.assign_due, p.assign_due_provisional = due.date, due.provisional
    fields = ["decision", "kind", "converted_reason", "number", "serial", "assign_due", "assign_due_provisional"]
    if p.status == Status.RECOMMENDED:
        transition(
            p,
            workflow=PROPOSAL,
            to=Status.REGISTERED,
            action=Action.BILL_TO_SUGGESTION,
            actor=actor,
            note=p.converted_reason,
            at=at,
            fields=fields,
        )
    else:
        save_versioned(p, fields)
        events.bill_converted(p, actor=actor, note=p.converted_reason, at=at)


@transaction.atomic
def bill_conclude(
    *, proposal: Proposal, actor: User, report: str, at: datetime | None = None, expected_version: int | None = None
) -> Proposal:
    """End a bill's review: the result of the session's deliberation (on the agenda) or the committee's
    report on a referred bill (B5: reported within 3 months of the session's close; a late report is
    logged as such). The report text is required and kept in the event row.

    Raises:
        PermissionDeniedError, InvalidTransition, RuleViolation (B5).
    """
    p = lock_proposal(proposal, expected_version)
    permissions.require(permissions.can_conclude(actor, p))
    if p.kind != Kind.BILL:
        raise InvalidTransition("只有议案需要报告审议结果")
    if not report.strip():
        raise RuleViolation("须写明审议结果或审议结果报告", extra={"rule": "B5"})
    late = p.report_due is not None and day(at) > p.report_due
    p.closed_at = now(at)
    transition(
        p,
        workflow=PROPOSAL,
        to=Status.CLOSED,
        action=Action.BILL_CONCLUDE,
        actor=actor,
        note=report.strip() + ("（逾期报告，B5）" if late else ""),
        at=at,
        fields=["closed_at"],
    )
    return p
