"""Who may do what with a proposal, an assignment or a reply: THE single source.

Plain ``can_<verb>(user, obj) -> bool`` predicates, used by the services (``allowed=can_x(actor, obj)``
on :func:`renda.core.workflow.transition`, or :func:`require`), the selectors
(``access_assignment``), the views, the API and the templates (through :func:`allowed_actions` and
:func:`assignment_actions`, which combine the predicates with the workflow's moves and the rule
windows, so templates hold no status lists). Visibility of lists lives in
:mod:`renda.proposals.selectors` (the same rules as querysets).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone

from renda.core.exceptions import PermissionDeniedError
from renda.organization.models import User
from renda.organization.permissions import is_deputy, is_staff_office, is_supervisor, is_unit_officer
from renda.proposals.models import Assignment, CoSigner, ImportJob, Kind, Proposal, Reply
from renda.proposals.workflow import ASSIGNMENT, PROPOSAL, AssignmentStatus, ExtensionStatus, Status
from renda.proposals.workflow import ASSIGNMENT_OPEN as ASSIGNMENT_OPEN_STATUSES

# Role predicates are shared by every app (renda.organization.permissions); the names stay for readers.
is_staff_role = is_staff_office
is_deputy_role = is_deputy
is_supervisor_role = is_supervisor
is_unit_role = is_unit_officer

#: Message of a refused staff-only action.
STAFF_ONLY = "只有常委会工作机构可以进行此项操作"
#: Message of a refused unit-only action.
UNIT_ONLY = "只有本件的承办单位可以进行此项操作"


def require(allowed: bool, message: str = STAFF_ONLY) -> None:
    """Raise :class:`PermissionDeniedError` (``message``) unless ``allowed`` (a predicate's result)."""
    if not allowed:
        raise PermissionDeniedError(message)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_lead_deputy(user: Any, proposal: Proposal) -> bool:
    """The user is the proposal's lead deputy (领衔代表)."""
    return bool(_authenticated(user) and user.deputy_id and proposal.lead_deputy_id == user.deputy_id)


def is_cosigner(user: Any, proposal: Proposal) -> bool:
    """The user is invited as a co-signer (联名代表) of the proposal."""
    return bool(
        _authenticated(user) and user.deputy_id and proposal.cosigners.filter(deputy_id=user.deputy_id).exists()
    )


def is_staff_of(user: Any, proposal: Proposal) -> bool:
    """Staff of the Standing Committee's office of the proposal's congress."""
    return bool(is_staff_office(user) and (user.congress_id is None or user.congress_id == proposal.congress_id))


def is_unit_of(user: Any, assignment: Assignment) -> bool:
    """The user is an officer of the assignment's unit."""
    return bool(is_unit_officer(user) and user.handling_unit_id == assignment.unit_id)


# ---------------------------------------------------------------- intake


def can_create(user: Any) -> bool:
    """Deputies draft their own; staff enter paper submissions and institutional bills (S1, B1, B2)."""
    return bool(is_deputy(user) or is_staff_office(user))


def staff_entered(proposal: Proposal) -> bool:
    """The draft was entered by the office (a paper submission or an institution's bill)."""
    return bool(proposal.entered_by is not None and proposal.entered_by.role == User.Role.STAFF)


def can_view_draft(user: Any, proposal: Proposal) -> bool:
    """A draft is the deputy's own: its lead deputy and invited co-signers see it; staff only see the
    drafts the office entered itself (defect 6)."""
    return bool(
        is_lead_deputy(user, proposal)
        or is_cosigner(user, proposal)
        or (is_staff_of(user, proposal) and staff_entered(proposal))
    )


def can_submit(user: Any, proposal: Proposal) -> bool:
    """The lead deputy submits his draft; staff submit only a draft the office entered (defect 6)."""
    return bool(is_lead_deputy(user, proposal) or (is_staff_of(user, proposal) and staff_entered(proposal)))


def can_edit_draft(user: Any, proposal: Proposal) -> bool:
    """Only the draft's author edits it, and only while it is a draft: the lead deputy his own draft
    (one made from a citizen's opinion too), the office a draft it entered (defect 6: staff never
    change a deputy's own draft)."""
    if proposal.status != Status.DRAFT:
        return False
    if is_lead_deputy(user, proposal) and proposal.entered_by_id == user.pk:  # his own (no query)
        return True
    if staff_entered(proposal):
        return is_staff_of(user, proposal)
    return is_lead_deputy(user, proposal)


def can_respond_cosign(user: Any, proposal: Proposal) -> bool:
    """An invited deputy who has not answered yet."""
    return bool(
        _authenticated(user)
        and user.deputy_id
        and proposal.cosigners.filter(deputy_id=user.deputy_id, status=CoSigner.State.INVITED).exists()
    )


def can_register(user: Any, proposal: Proposal) -> bool:
    """Staff register and number (S1)."""
    return is_staff_of(user, proposal)


can_return = can_register
can_recommend = can_register
can_decide = can_register
can_conclude = can_register
can_designate_key = can_register
can_assign = can_register
can_merge = can_register
can_close = can_register


def can_withdraw(user: Any, proposal: Proposal) -> bool:
    """The lead deputy or staff (a bill after registration: staff record the Presidium's consent, B4)."""
    if proposal.kind == Kind.BILL and proposal.status not in (Status.DRAFT, Status.SUBMITTED):
        return is_staff_of(user, proposal)
    return bool(is_lead_deputy(user, proposal) or is_staff_of(user, proposal))


def can_agree_withdraw(user: Any, proposal: Proposal) -> bool:
    """A confirmed co-signer of a joint suggestion (S23)."""
    return bool(
        _authenticated(user)
        and user.deputy_id
        and proposal.cosigners.filter(deputy_id=user.deputy_id, status=CoSigner.State.CONFIRMED).exists()
    )


# ---------------------------------------------------------------- assignments and replies


def can_handle(user: Any, assignment: Assignment) -> bool:
    """The officer of the assignment's unit: receive, ask for reassignment, consult, send an opinion,
    reply, ask for an extension, report commitments."""
    return is_unit_of(user, assignment)


can_receive = can_handle
can_request_reassign = can_handle
can_consult = can_handle
can_send_opinion = can_handle
can_reply = can_handle
can_request_extension = can_handle
can_report_commitment = can_handle


def can_decide_reassign(user: Any, assignment: Assignment) -> bool:
    """Only the assigning office decides a reassignment (S12) or an extension (S14)."""
    return is_staff_of(user, assignment.proposal)


can_decide_extension = can_decide_reassign


def can_urge(user: Any, assignment: Assignment) -> bool:
    """Staff, or a supervisor of this (key) suggestion."""
    if is_staff_of(user, assignment.proposal):
        return True
    if not is_supervisor(user):
        return False
    from renda.proposals.selectors import visible_proposals

    return visible_proposals(user).filter(pk=assignment.proposal_id).exists()


def can_evaluate(user: Any, reply: Reply) -> bool:
    """A deputy to whom ``reply`` was delivered (S16; every deputy of a merged group, S10), or staff
    of the proposal's congress entering a deputy's paper evaluation (代录) for one who cannot go online."""
    if is_staff_of(user, reply.assignment.proposal):
        return True
    return bool(_authenticated(user) and user.deputy_id and reply.recipients.filter(deputy_id=user.deputy_id).exists())


def can_evaluate_on_paper(user: Any, reply: Reply) -> bool:
    """Staff enter a paper evaluation (代录) on behalf of a deputy who received ``reply`` (S16)."""
    return is_staff_of(user, reply.assignment.proposal)


#: Assignment actions (URL names of the pages and the API) → their predicate.
ASSIGNMENT_PREDICATES: dict[str, Callable[[Any, Assignment], bool]] = {
    "receive": can_receive,
    "request_reassign": can_request_reassign,
    "consult": can_consult,
    "opinion": can_send_opinion,
    "reply": can_reply,
    "extension": can_request_extension,
    "request_extension": can_request_extension,
    "deliver": can_report_commitment,
    "report": can_report_commitment,
    "approve_reassign": can_decide_reassign,
    "refuse_reassign": can_decide_reassign,
    "decide_reassign": can_decide_reassign,
    "approve_extension": can_decide_extension,
    "refuse_extension": can_decide_extension,
    "decide_extension": can_decide_extension,
    "urge": can_urge,
}


def may_act_on_assignment(user: Any, assignment: Assignment, action: str) -> bool:
    """Whether ``user`` may take ``action`` on ``assignment``; an unknown action is refused."""
    predicate = ASSIGNMENT_PREDICATES.get(action)
    return bool(predicate and predicate(user, assignment))


# ---------------------------------------------------------------- what pages show


def allowed_actions(user: Any, p: Proposal) -> dict[str, bool]:
    """The proposal-level buttons ``user`` gets on ``p``'s page now: predicate and workflow move combined.

    Keys: edit, cosign, submit, withdraw, withdraw_bill, agree_withdraw, register, return, recommend, decide,
    conclude, assign, merge, close, unmerge, designate_key.
    """
    s, bill, suggestion = p.status, p.kind == Kind.BILL, p.kind == Kind.SUGGESTION
    staff = is_staff_of(user, p)
    live_group = bool(p.merge_group_id and p.merge_group and p.merge_group.dissolved_at is None)
    mine = CoSigner.objects.filter(proposal=p, deputy_id=getattr(user, "deputy_id", None) or 0).first()
    return {
        "edit": can_edit_draft(user, p),
        "cosign": bool(mine and mine.status == CoSigner.State.INVITED and s in (Status.DRAFT, Status.SUBMITTED)),
        "submit": PROPOSAL.allows(s, Status.SUBMITTED) and can_submit(user, p),
        "withdraw": suggestion and is_lead_deputy(user, p) and s in (Status.DRAFT, Status.SUBMITTED, Status.REGISTERED),
        "withdraw_bill": bill
        and staff
        and s in (Status.REGISTERED, Status.RECOMMENDED, Status.ON_AGENDA, Status.REFERRED),
        "agree_withdraw": bool(
            mine
            and mine.status == CoSigner.State.CONFIRMED
            and not mine.agreed_to_withdraw
            and s in (Status.SUBMITTED, Status.REGISTERED)
        ),
        "register": staff and s == Status.SUBMITTED,
        "return": staff and PROPOSAL.allows(s, Status.RETURNED) and s == Status.SUBMITTED,
        "recommend": staff and bill and s == Status.REGISTERED,
        "decide": staff and bill and s == Status.RECOMMENDED,
        "conclude": staff and bill and s in (Status.ON_AGENDA, Status.REFERRED),
        "assign": staff and suggestion and s == Status.REGISTERED,
        "merge": staff and suggestion and s == Status.REGISTERED,
        "close": staff and s == Status.REPLIED,
        "unmerge": staff and live_group and s == Status.REGISTERED,
        "designate_key": staff
        and suggestion
        and not p.is_key
        and s in (Status.REGISTERED, Status.ASSIGNED, Status.REHANDLING),
    }


def assignment_actions(user: Any, a: Assignment, today: date | None = None) -> dict[str, bool]:
    """The buttons ``user`` gets on one assignment now (predicates, workflow moves and the S12 window).

    Keys: receive, request_reassign, consult, opinion, reply, request_extension, commitments,
    decide_reassign, decide_extension, urge, overdue (a flag for the page, not a button).
    """
    today = today or timezone.localdate()
    s = a.status
    unit = is_unit_of(user, a)
    staff = is_staff_of(user, a.proposal)
    lead, co = a.role == Assignment.Role.LEAD, a.role == Assignment.Role.CO
    open_ = s in ASSIGNMENT_OPEN_STATUSES
    return {
        "receive": unit and ASSIGNMENT.allows(s, AssignmentStatus.RECEIVED) and s == AssignmentStatus.ASSIGNED,
        "request_reassign": unit
        and s == AssignmentStatus.RECEIVED
        and a.reassign_until is not None
        and today <= a.reassign_until,
        "consult": unit
        and s in (AssignmentStatus.RECEIVED, AssignmentStatus.REHANDLING, AssignmentStatus.OPINION_SENT),
        "opinion": unit and co and s == AssignmentStatus.RECEIVED,
        "reply": unit and lead and ASSIGNMENT.allows(s, AssignmentStatus.REPLIED),
        "request_extension": unit and lead and s in (AssignmentStatus.RECEIVED, AssignmentStatus.REHANDLING),
        "commitments": unit,
        "decide_reassign": staff and s == AssignmentStatus.REASSIGN_REQUESTED,
        "decide_extension": staff and a.extension_status == ExtensionStatus.REQUESTED,
        "urge": open_ and can_urge(user, a),
        "overdue": open_ and a.due_date < today,
    }


# ---------------------------------------------------------------- personal data and the timeline


def can_read_personal_details(user: Any) -> bool:
    """Whether ``user`` reads a suggestion's title and body as written, citizens' phone and ID numbers
    included (个人信息保护法 第6条 minimum necessary; docs/architecture.md "Security and privacy").

    Standing Committee staff (they register, screen and assign) and deputies (a deputy opens only the
    suggestions he leads, co-signs or shares a merged handling with: ``selectors.visible_proposals``)
    do; handling units, supervisors and everyone else read them through
    :func:`renda.core.privacy.redact_text` (``138****5678``): a unit handles the matter, it does not call
    the citizen a deputy quotes. Places and addresses stay: a unit needs to know where the road is.
    """
    return bool(is_staff_office(user) or is_deputy(user))


#: Actions of another unit's assignment a unit officer still sees on the timeline (the progress of the
#: suggestion it helps handle: who was assigned, received, replied with which class, closed).
OTHER_UNIT_FACTS = frozenset({"assign", "receive", "reply", "close"})


def can_view_event(user: Any, event: Any, own_assignment_ids: frozenset[int], lead_unit: bool) -> bool:
    """Whether ``user`` sees ``event`` (a ``ProposalEvent`` of a proposal he may open) on the timeline.

    Everyone who may open the proposal sees its proposal-level events and his own unit's assignment
    events. A unit officer does not see what belongs to another unit's handling (RULES.md S8: a
    co-handler sends its opinion to the lead; the lead alone deals with the deputy): the lead's
    consultations with the deputy (沟通, S4), the deputies' ratings of the lead's reply (评价, S16),
    urging, extension and reassignment requests, commitments. Of another unit's assignment he sees
    only the facts in :data:`OTHER_UNIT_FACTS` (assigned, received, replied — the reply's class, the
    reply's text stays with the lead and the deputies until it is published, S21 — closed), and a lead
    unit sees the co-handlers' opinions (会办意见), which S8 sends to it.

    Args:
        user: the viewer.
        event: a ``ProposalEvent`` (``assignment_id`` may be ``None``).
        own_assignment_ids: ids of the assignments of the viewer's unit on this proposal.
        lead_unit: the viewer's unit is a lead handler (主办) of this proposal.
    """
    if not is_unit_officer(user) or event.assignment_id is None or event.assignment_id in own_assignment_ids:
        return True
    if event.action == "send_opinion":
        return lead_unit
    return event.action in OTHER_UNIT_FACTS


# ---------------------------------------------------------------- pages of a role


def can_use_inbox(user: Any) -> bool:
    """A unit officer's inbox of assignments."""
    return bool(is_unit_officer(user))


def can_view_boards(user: Any) -> bool:
    """The overdue and key-suggestion boards: staff and supervisors (a supervisor sees his own)."""
    return bool(is_staff_office(user) or is_supervisor(user))


def can_manage(user: Any) -> bool:
    """The office's own pages: bulk assignment, Excel import, staff-only lists."""
    return bool(is_staff_office(user))


def can_view_import(user: Any, job: ImportJob) -> bool:
    """An Excel import job (issue 12 item 6) is seen by the staff member who started it and by the
    staff of its congress; nobody else."""
    if not is_staff_office(user):
        return False
    return bool(job.created_by_id == user.pk or (job.congress_id and job.congress_id == user.congress_id))


def is_overdue(a: Assignment, today: date) -> bool:
    """An assignment still owing something whose deadline has passed."""
    return a.status in ASSIGNMENT_OPEN_STATUSES and a.due_date < today
