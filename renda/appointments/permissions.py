"""Who may do what with appointments and removals (RULES.md §10): the single source for services,
selectors, views, the API and templates (DESIGN.md house style 6).

- Staff of the congress (人事任免工作委员会 / 常委会工作人员) enter nominations of the council of
  chairpersons (A6, A18) and paper nominations of any organ, record the pre-appointment steps, list a
  case for a Standing Committee meeting, record the vote's result, issue letters and record oath
  ceremonies.
- An officer (UNIT_OFFICER) of the handling unit acting for an organ (:class:`OrganUnit`) drafts and files
  that organ's nominations, and sees them.
- Members of the Standing Committee (DEPUTY with a current membership) see a 任免案 once filed.
- Everybody sees adopted appointments and removals (the published list).
"""

from __future__ import annotations

from typing import Any

from renda.appointments.models import Appointment, OrganUnit
from renda.appointments.posts import NOMINATOR_ORGAN
from renda.appointments.workflow import APPOINTMENT_WORKFLOW
from renda.organization.models import Body, Membership, User

S = Appointment.Status


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


def _of_congress(user: Any, congress_id: int) -> bool:
    return not user.congress_id or user.congress_id == congress_id


def is_staff(user: Any, congress_id: int) -> bool:
    """Staff of congress ``congress_id`` (or a staff login bound to no congress)."""
    return _authenticated(user) and user.role == User.Role.STAFF and _of_congress(user, congress_id)


def organ_of_user(user: Any, congress_id: int) -> str:
    """The organ (``posts.Organ`` value) whose unit ``user`` is an officer of, or ''."""
    if not _authenticated(user) or user.role != User.Role.UNIT_OFFICER or not user.handling_unit_id:
        return ""
    row = OrganUnit.objects.filter(congress_id=congress_id, unit_id=user.handling_unit_id).values_list(
        "organ", flat=True
    )
    return row.first() or ""


def is_sc_member(user: Any) -> bool:
    """A deputy login whose deputy holds a current seat on a Standing Committee."""
    if not _authenticated(user) or user.role != User.Role.DEPUTY or not user.deputy_id:
        return False
    return Membership.objects.filter(
        deputy_id=user.deputy_id, body__kind=Body.Kind.STANDING_COMMITTEE, ended_on__isnull=True
    ).exists()


def can_nominate(user: Any, congress_id: int, nominator: str) -> bool:
    """Staff enter any nomination; an organ's officer files only the nominations of his own organ's head."""
    if is_staff(user, congress_id):
        return True
    organ = NOMINATOR_ORGAN.get(nominator)  # type: ignore[call-overload]
    return bool(organ) and organ_of_user(user, congress_id) == organ


def can_propose_jointly(user: Any, congress_id: int) -> bool:
    """A Standing Committee member (or staff entering the paper bill) may file a removal bill jointly
    with other members (M26)."""
    return is_staff(user, congress_id) or (
        is_sc_member(user) and _authenticated(user) and _of_congress(user, congress_id)
    )


def can_discipline(user: Any, congress_id: int) -> bool:
    """Staff, or an officer of the supervisory commission, record a 政务处分 (A23)."""
    from renda.appointments.posts import Organ

    return is_staff(user, congress_id) or organ_of_user(user, congress_id) == Organ.SUPERVISION


def can_file(user: Any, appointment: Appointment) -> bool:
    """The organ that drafted the case (or staff) files it in writing (A8)."""
    return can_nominate(user, appointment.congress_id, appointment.nominator)


def can_manage(user: Any, appointment: Appointment) -> bool:
    """Staff of the congress: steps, listing, the vote's result, withdrawal, letters, oaths."""
    return is_staff(user, appointment.congress_id)


def can_view(user: Any, appointment: Appointment) -> bool:
    """Staff; the nominating organ; Standing Committee members once filed (and the signers of a joint
    removal bill, M26); anyone once adopted."""
    if appointment.status == S.ADOPTED:
        return True
    if not _authenticated(user) or not _of_congress(user, appointment.congress_id):
        return False
    if is_staff(user, appointment.congress_id) or can_file(user, appointment):
        return True
    if user.deputy_id and appointment.signers.filter(deputy_id=user.deputy_id).exists():
        return True
    return appointment.status != S.DRAFT and is_sc_member(user)


def allowed_actions(user: Any, appointment: Appointment) -> set[str]:
    """The actions ``user`` may take on ``appointment`` now (the buttons a page shows)."""
    acts: set[str] = set()
    status = appointment.status
    if status == S.DRAFT and can_file(user, appointment):
        acts.add("file")
    if can_manage(user, appointment):
        if status in (S.DRAFT, S.FILED, S.LISTED):
            acts.add("step")
        if APPOINTMENT_WORKFLOW.allows(status, S.LISTED) and appointment.meeting_id:
            acts.add("list")
        if status == S.LISTED:
            acts.update({"vote", "withhold"})
        if APPOINTMENT_WORKFLOW.allows(status, S.WITHDRAWN):
            acts.add("withdraw")
        if status == S.ADOPTED and appointment.takes_office and appointment.kind != Appointment.Kind.ACTING:
            acts.add("letter")
        if status == S.AWAITING:
            acts.add("upper")
        if status == S.ADOPTED and appointment.notified_on is None:
            acts.add("notify")
    return acts
