"""Assignment (交办) and the units' first steps: assign, receive, reassignment, co-handler opinion
(S2, S3, S8, S9, S10, S12, S13)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from renda.core import workdays
from renda.core.exceptions import ConcurrentModification, InvalidTransition, PermissionDeniedError, RuleViolation
from renda.core.workflow import transition
from renda.organization.models import HandlingUnit, User
from renda.proposals import conf, events, notices, permissions
from renda.proposals.events import Action
from renda.proposals.models import Assignment, Kind, Proposal
from renda.proposals.selectors import group_members, in_live_group
from renda.proposals.services._base import day, lock_assignment, lock_proposal, now, send
from renda.proposals.services.key import leading_official
from renda.proposals.workflow import ASSIGNMENT, PROPOSAL, AssignmentStatus, Status


def reply_deadline(p: Proposal, when: date) -> workdays.Deadline:
    """S3: the reply is due 3 months after assignment, 6 for a complex suggestion."""
    months = conf.get("REPLY_MONTHS_COMPLEX") if p.is_complex else conf.get("REPLY_MONTHS")
    return workdays.month_deadline(when, months, rule="S3")


def _new_assignment(
    p: Proposal, unit: HandlingUnit, role: str, actor: User, when: date, at: datetime | None
) -> Assignment:
    if role == Assignment.Role.LEAD:
        due = reply_deadline(p, when)
    else:
        due = workdays.month_deadline(when, conf.get("COHANDLER_OPINION_MONTHS"), rule="S8")
    a = Assignment.objects.create(
        proposal=p,
        congress_id=p.congress_id,
        unit=unit,
        role=role,
        assigned_on=when,
        assigned_by=actor,
        due_date=due.date,
        due_provisional=due.provisional,
        due_rule=due.rule,
    )
    events.assigned(a, actor=actor, note=f"{unit.name}（{a.get_role_display()}），期限{due}", at=at)
    return a


@transaction.atomic
def suggestion_assign(
    *,
    proposal: Proposal,
    actor: User,
    leads: Sequence[HandlingUnit],
    cohandlers: Sequence[HandlingUnit] = (),
    is_complex: bool | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> list[Assignment]:
    """Assign (交办) a registered suggestion: only the Standing Committee's office assigns (S2); one
    or more lead units, each replying for its part (S9); co-handlers give opinions within 1 month
    (S8); reply due 3 months after assignment, 6 if ``is_complex`` (S3). Members of a merge group
    follow their primary (S10), and every member's deputies are told, each with a link to his own
    suggestion. Returns the new assignments.

    Raises:
        PermissionDeniedError, InvalidTransition, RuleViolation (S8, S9, S10).
    """
    p = lock_proposal(proposal, expected_version)
    permissions.require(permissions.can_assign(actor, p))
    if p.kind != Kind.SUGGESTION:
        raise InvalidTransition("议案不交办；须先由主席团决定作为建议处理")
    if in_live_group(p) and p.merge_group.primary_id != p.pk:  # type: ignore[union-attr]
        raise RuleViolation("并案建议随主件一并交办", extra={"rule": "S10"})
    PROPOSAL.check(p.status, Status.ASSIGNED)
    if not leads:
        raise RuleViolation("至少指定一个主办单位", extra={"rule": "S9"})
    lead_ids = {u.pk for u in leads}
    if lead_ids & {u.pk for u in cohandlers}:
        raise RuleViolation("同一单位不能既主办又会办", extra={"rule": "S8"})
    when = day(at)
    if is_complex is not None:
        p.is_complex = is_complex
    made = [_new_assignment(p, u, Assignment.Role.LEAD, actor, when, at) for u in dict.fromkeys(leads)]
    made += [_new_assignment(p, u, Assignment.Role.CO, actor, when, at) for u in dict.fromkeys(cohandlers)]
    note = "交办" + ("（逾期交办，S13）" if p.assign_due and when > p.assign_due else "")
    transition(
        p, workflow=PROPOSAL, to=Status.ASSIGNED, action=Action.ASSIGN, actor=actor, note=note, at=at,
        fields=["is_complex"],
    )  # fmt: skip
    members = group_members(p)
    for member in members:
        if member.pk != p.pk:
            transition(
                member,
                workflow=PROPOSAL,
                to=Status.ASSIGNED,
                action=Action.ASSIGN,
                actor=actor,
                note=f"随并案主件{p.number}交办",
                at=at,
            )
    if p.is_key and hasattr(p, "key_supervision") and p.key_supervision.leading_official_id is None:
        ks = p.key_supervision
        ks.leading_official = leading_official(lead_ids)
        ks.save(update_fields=["leading_official"])
    send(notices.assigned_units(p, [a.unit_id for a in made]))
    send(notices.assigned_deputies(members))
    return made


@dataclass
class BulkResult:
    """Outcome of a bulk action: the proposals done and, per refused one, the reason."""

    done: list[Proposal]
    refused: list[tuple[Proposal, str]]


def suggestion_assign_bulk(
    *,
    proposals: Sequence[Proposal],
    actor: User,
    leads: Sequence[HandlingUnit],
    cohandlers: Sequence[HandlingUnit] = (),
    at: datetime | None = None,
) -> BulkResult:
    """Assign many suggestions to the same units at once; each one in its own transaction so that
    one refusal (already assigned, say) does not undo the others.

    Raises:
        PermissionDeniedError: ``actor`` is not Standing Committee staff (checked once, before any
            proposal: a deputy or unit gets a refusal of the whole request, not a list of refusals).
    """
    permissions.require(permissions.can_manage(actor), permissions.STAFF_ONLY)
    result = BulkResult([], [])
    for p in proposals:
        try:
            suggestion_assign(proposal=p, actor=actor, leads=leads, cohandlers=cohandlers, at=at)
            result.done.append(p)
        except (InvalidTransition, RuleViolation, PermissionDeniedError, ConcurrentModification) as exc:
            result.refused.append((p, exc.message))
    return result


@transaction.atomic
def assignment_receive(
    *, assignment: Assignment, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Assignment:
    """The unit signs for receipt; the S12 window for a reassignment request (7 working days from
    receipt, receipt day not counted, D2) is computed and stored.

    Raises:
        PermissionDeniedError (not the unit), InvalidTransition.
    """
    _p, a = lock_assignment(assignment, expected_version)
    permissions.require(permissions.can_receive(actor, a), permissions.UNIT_ONLY)
    when = day(at)
    window = workdays.working_day_deadline(when, conf.get("REASSIGN_WINDOW_WORKING_DAYS"), rule="S12")
    a.received_on, a.reassign_until, a.reassign_until_provisional = when, window.date, window.provisional
    transition(
        a,
        workflow=ASSIGNMENT,
        to=AssignmentStatus.RECEIVED,
        action=Action.RECEIVE,
        actor=actor,
        at=at,
        fields=["received_on", "reassign_until", "reassign_until_provisional"],
    )
    return a


@transaction.atomic
def assignment_request_reassign(
    *, assignment: Assignment, actor: User, reason: str, at: datetime | None = None, expected_version: int | None = None
) -> Assignment:
    """A unit asks the assigning office to reassign, with reasons, within 7 working days of receipt
    (S12). After the window: RuleViolation S12 (no adjustment).

    Raises:
        PermissionDeniedError, RuleViolation (S12), InvalidTransition.
    """
    p, a = lock_assignment(assignment, expected_version)
    permissions.require(permissions.can_request_reassign(actor, a), permissions.UNIT_ONLY)
    if not reason.strip():
        raise RuleViolation("申请调整须说明理由", extra={"rule": "S12"})
    if a.reassign_until is None or day(at) > a.reassign_until:
        raise RuleViolation("已超过签收后7个工作日的申请调整期限，不再调整", extra={"rule": "S12"})
    a.reassign_reason = reason.strip()
    transition(
        a,
        workflow=ASSIGNMENT,
        to=AssignmentStatus.REASSIGN_REQUESTED,
        action=Action.REQUEST_REASSIGN,
        actor=actor,
        note=reason,
        at=at,
        fields=["reassign_reason"],
        notice=notices.reassign_requested(p, a),
    )
    return a


@transaction.atomic
def assignment_decide_reassign(
    *,
    assignment: Assignment,
    actor: User,
    approve: bool,
    new_unit: HandlingUnit | None = None,
    note: str = "",
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Assignment | None:
    """Only the assigning office reassigns (S12): approve (the assignment is cancelled and, if
    ``new_unit`` is given, a new one with fresh deadlines is created) or refuse (handling goes on).
    Returns the new assignment, if any.

    Raises:
        PermissionDeniedError, InvalidTransition, RuleViolation (S12: the unit already handles it).
    """
    p, a = lock_assignment(assignment, expected_version)
    permissions.require(permissions.can_decide_reassign(actor, a))
    if a.status != AssignmentStatus.REASSIGN_REQUESTED:
        raise InvalidTransition("该单位未申请调整")
    if not approve:
        transition(
            a,
            workflow=ASSIGNMENT,
            to=AssignmentStatus.RECEIVED,
            action=Action.REFUSE_REASSIGN,
            actor=actor,
            note=note,
            at=at,
            notice=notices.reassign_refused(p, a),
        )
        return None
    transition(
        a, workflow=ASSIGNMENT, to=AssignmentStatus.CANCELLED, action=Action.APPROVE_REASSIGN, actor=actor,
        note=note, at=at,
    )  # fmt: skip
    if new_unit is None:
        return None
    if p.assignments.filter(unit=new_unit).exclude(status=AssignmentStatus.CANCELLED).exists():
        raise RuleViolation("该单位已承办此件", extra={"rule": "S12"})
    new = _new_assignment(p, new_unit, a.role, actor, day(at), at)
    send(notices.reassigned(p, new_unit.pk))
    return new


@transaction.atomic
def assignment_send_opinion(
    *, assignment: Assignment, actor: User, text: str, at: datetime | None = None, expected_version: int | None = None
) -> Assignment:
    """A co-handler sends its written opinion to the lead unit(s) (S8); co-handlers never reply to
    the deputy directly. If every lead already replied and every deputy rated, the suggestion closes
    now (closing waits for the co-handlers, defect 1).

    Raises:
        PermissionDeniedError, RuleViolation (S8), InvalidTransition.
    """
    from renda.proposals.services.reply import maybe_close

    p, a = lock_assignment(assignment, expected_version)
    permissions.require(permissions.can_send_opinion(actor, a), permissions.UNIT_ONLY)
    if a.role != Assignment.Role.CO:
        raise RuleViolation("主办单位直接答复代表，不提出会办意见", extra={"rule": "S8"})
    if not text.strip():
        raise RuleViolation("会办意见不能为空", extra={"rule": "S8"})
    a.opinion, a.opinion_sent_at = text.strip(), now(at)
    lead_units = list(p.assignments.filter(role=Assignment.Role.LEAD).values_list("unit_id", flat=True))
    transition(
        a,
        workflow=ASSIGNMENT,
        to=AssignmentStatus.OPINION_SENT,
        action=Action.SEND_OPINION,
        actor=actor,
        note=text[:200],
        at=at,
        fields=["opinion", "opinion_sent_at"],
        notice=notices.opinion_sent(p, a, lead_units),
    )
    maybe_close(p, actor, at=at)
    return a
