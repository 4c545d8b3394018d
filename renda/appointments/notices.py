"""Who is told what in the appointments domain (one :class:`~renda.core.notifications.Notice` per act,
sent by the services through :func:`renda.core.notifications.notify_on_commit` or ``transition``).

- The nominating organ's officers: when its 任免案 is listed for a Standing Committee vote, when the vote
  is recorded (adopted, rejected or waiting for the upper level), and when the formal notice of an
  adopted case is issued (A15).
- The Standing Committee's office (staff of the congress): an appointee is in office and not yet sworn
  (A17), and a joint removal bill of members was filed (M26).
"""

from __future__ import annotations

from renda.appointments.models import Appointment, OrganUnit
from renda.appointments.posts import NOMINATOR_ORGAN, POST_TYPES
from renda.core.notifications import Notice
from renda.organization.models import User


def _link(case: Appointment) -> str:
    return f"/appointments/{case.pk}/"


def organ_officers(case: Appointment) -> list[User]:
    """Active officers of the handling unit acting for the organ of the case's post (the nominating
    organ, or the post's organ for council, member and self nominations)."""
    organ = NOMINATOR_ORGAN.get(case.nominator) or POST_TYPES[case.post.post_type].organ  # type: ignore[call-overload]
    units = OrganUnit.objects.filter(congress_id=case.congress_id, organ=organ).values_list("unit_id", flat=True)
    return list(User.objects.filter(role=User.Role.UNIT_OFFICER, handling_unit_id__in=list(units), is_active=True))


def office(congress_id: int) -> list[User]:
    """Active staff of the congress (the Standing Committee's office)."""
    return list(User.objects.filter(role=User.Role.STAFF, congress_id=congress_id, is_active=True))


def listed(case: Appointment) -> Notice:
    """The organ is told its case was put on the agenda of the Standing Committee meeting."""
    meeting = case.meeting.title if case.meeting else ""
    return Notice.to(organ_officers(case), f"任免案已列入{meeting}议程：{case}", _link(case))


def voted(case: Appointment, status: str) -> Notice:
    """The organ is told the result (``status``, the case's new status: adopted, rejected, or waiting
    for the upper level's approval)."""
    label = Appointment.Status(status).label
    return Notice.to(organ_officers(case), f"任免案表决结果（{label}）：{case}，{case.result_text}", _link(case))


def unsworn(case: Appointment) -> Notice:
    """The office is told an appointee is in office and must take the constitutional oath (A17)."""
    return Notice.to(
        office(case.congress_id), f"{case.person.name}已任{case.post.title}，尚未进行宪法宣誓", _link(case)
    )


def formal_notice(case: Appointment) -> Notice:
    """The organ receives the formal notice of the adopted case (任免通知, A15)."""
    return Notice.to(organ_officers(case), f"任免通知：常委会于{case.adopted_on}决定{case}", _link(case))


def joint_bill(case: Appointment) -> Notice:
    """The office is told members jointly filed a removal bill (M26), to check and report to the council."""
    return Notice.to(
        office(case.congress_id), f"常委会组成人员联名提出撤职案：{case}（{case.signers.count()}人联名）", _link(case)
    )
