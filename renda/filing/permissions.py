"""Who may do what in filing review (备案审查): predicates used by services, views, API and templates.

Choice for the Council of Chairpersons' step (主任会议): the Council decides in its meeting; the
decision is recorded in Renda by Standing Committee staff (STAFF) or by a SUPERVISOR (a vice-chair
who chairs the filing work), with the meeting's date. Filing organs' officers (UNIT_OFFICER of the
organ's handling unit) file, supply materials and answer consultations.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from renda.filing.models import FilingDocument, Organ
from renda.filing.workflow import DOC_FLOW, UNDER_REVIEW, DocStatus
from renda.organization.models import Body, Membership, User


def is_staff(user: Any) -> bool:
    """Standing Committee staff (法工委 reviewing staff)."""
    return bool(getattr(user, "is_authenticated", False) and user.role == User.Role.STAFF)


def can_view_all(user: Any) -> bool:
    """Staff and supervisors see every filed document."""
    return bool(getattr(user, "is_authenticated", False) and user.role in (User.Role.STAFF, User.Role.SUPERVISOR))


def is_organ_officer(user: Any, doc: FilingDocument) -> bool:
    """The user is an officer of the organ that issued ``doc``."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == User.Role.UNIT_OFFICER
        and user.handling_unit_id
        and doc.organ.handling_unit_id == user.handling_unit_id
    )


def can_file(user: Any) -> bool:
    """Officers of an organ (UNIT_OFFICER with a unit) and staff (entering a paper filing) may file."""
    if is_staff(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False) and user.role == User.Role.UNIT_OFFICER and user.handling_unit_id
    )


def can_review(user: Any, doc: FilingDocument) -> bool:
    """Reviewing staff act on every step of review (F3–F5)."""
    return is_staff(user)


def can_supply(user: Any, doc: FilingDocument) -> bool:
    """The issuing organ's officer (or staff entering it) supplies missing materials (F3)."""
    return is_staff(user) or is_organ_officer(user, doc)


def can_answer_consultation(user: Any, doc: FilingDocument) -> bool:
    """The issuing organ's officer answers a consultation (沟通, F5)."""
    return is_staff(user) or is_organ_officer(user, doc)


def can_decide_council(user: Any, doc: FilingDocument) -> bool:
    """Record the Council of Chairpersons' decision: staff or a supervisor (see the module docstring)."""
    return bool(getattr(user, "is_authenticated", False) and user.role in (User.Role.STAFF, User.Role.SUPERVISOR))


#: action name → (target status, predicate)
_ACTIONS = {
    "formal_pass": (DocStatus.FILED, can_review),
    "request_materials": (DocStatus.MATERIALS, can_review),
    "supply": (DocStatus.RECEIVED, can_supply),
    "return": (DocStatus.RETURNED, can_review),
    "start_review": (DocStatus.REVIEWING, can_review),
    "no_problem": (DocStatus.NO_PROBLEM, can_review),
    "consult": (DocStatus.CONSULTING, can_review),
    "suspend": (DocStatus.SUSPENDED, can_review),
    "corrected": (DocStatus.ENDED, can_review),
    "propose_opinion": (DocStatus.OPINION_PROPOSED, can_review),
    "council_approve": (DocStatus.OPINION_ISSUED, can_decide_council),
    "council_return": (DocStatus.CONSULTING, can_decide_council),
    "revocation": (DocStatus.REVOCATION, can_review),
    "revocation_result": (DocStatus.REVOKED, can_review),
}


def allowed_actions(user: Any, doc: FilingDocument) -> set[str]:
    """The actions ``user`` may take on ``doc`` now (pages show exactly these buttons)."""
    out = {name for name, (to, pred) in _ACTIONS.items() if DOC_FLOW.allows(doc.status, to) and pred(user, doc)}
    if "revocation_result" in out and not doc.revocation_poll_id:
        out.discard("revocation_result")
    if doc.status != DocStatus.OPINION_PROPOSED:  # the Council sends back only what was put to it
        out.discard("council_return")
    if can_review(user, doc) and doc.status in (DocStatus.REVIEWING, DocStatus.CONSULTING, DocStatus.SUSPENDED):
        out.add("ask_committee")
        if doc.committee_asked_on and not doc.committee_opinion_on:
            out.add("committee_opinion")
    if can_answer_consultation(user, doc) and doc.status in (DocStatus.CONSULTING, DocStatus.OPINION_ISSUED):
        out.add("issuer_reply")
    if can_review(user, doc) and doc.status in UNDER_REVIEW:
        out.add("assist")
    return out


def is_deputy(user: Any) -> bool:
    """A deputy's login (members of special committees are deputies, F4)."""
    return bool(getattr(user, "is_authenticated", False) and user.role == User.Role.DEPUTY)


def can_submit_catalogue(user: Any, organ: Organ) -> bool:
    """Send an organ's annual catalogue (F1): the organ's officer (UNIT_OFFICER of its unit) or staff
    entering a paper catalogue."""
    if is_staff(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == User.Role.UNIT_OFFICER
        and user.handling_unit_id
        and organ.handling_unit_id == user.handling_unit_id
    )


def committee_ids(user: Any, on: date) -> set[int]:
    """Ids of the special committees ``user`` (a DEPUTY login) sits on on ``on`` (F4: a member's own
    opinion page). Empty for any other role."""
    if not (getattr(user, "is_authenticated", False) and user.role == User.Role.DEPUTY and user.deputy_id):
        return set()
    rows = (
        Membership.objects.filter(deputy_id=user.deputy_id, body__kind=Body.Kind.SPECIAL_COMMITTEE, started_on__lte=on)
        .exclude(ended_on__lt=on)
        .values_list("body_id", flat=True)
    )
    return set(rows)


def can_give_member_opinion(user: Any, doc: FilingDocument, on: date) -> bool:
    """A member of the committee ``doc`` was sent to, while it is under review (F4)."""
    return bool(doc.committee_id and doc.status in UNDER_REVIEW and doc.committee_id in committee_ids(user, on))
