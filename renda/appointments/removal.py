"""撤职 proposed jointly by members of the Standing Committee (RULES.md M26): "by ≥1/5 of SC members in
writing", the bill stating the reasons and materials. The person's defence (申辩, oral or written, or its
waiver) is a step of the case (:data:`renda.appointments.posts.Step.DEFENCE`) that must be recorded
before the case is listed for the vote (:func:`renda.appointments.services.missing_steps`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from renda.appointments import notices, permissions, services
from renda.appointments.models import Appointment, Signer, Tenure
from renda.appointments.posts import Nominator
from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.core.notifications import notify_on_commit
from renda.meetings.models import Meeting
from renda.organization.models import Body, Congress, Deputy, Membership, User


def sc_member_ids(congress_id: int) -> set[int]:
    """Deputy ids of the current members (组成人员) of the congress's Standing Committee."""
    return set(
        Membership.objects.filter(
            body__kind=Body.Kind.STANDING_COMMITTEE, body__term__congress_id=congress_id, ended_on__isnull=True
        ).values_list("deputy_id", flat=True)
    )


def signers_needed(congress_id: int) -> int:
    """M26: one fifth of the Standing Committee's members, rounded up (at least 1)."""
    return max(1, math.ceil(len(sc_member_ids(congress_id)) / 5))


@transaction.atomic
def removal_by_members(
    *,
    congress: Congress,
    actor: User,
    tenure: Tenure,
    signers: Sequence[Deputy],
    reasons: str,
    has_materials: bool,
    meeting: Meeting | None = None,
    at: datetime | None = None,
) -> Appointment:
    """Draft a 撤职 case (起草中) jointly proposed by members of the Standing Committee (M26).

    Args:
        tenure: the current register entry of the person and post. signers: the members signing; a member
            filing it signs too. reasons / has_materials: the bill's reasons and its materials.
        meeting: the Standing Committee meeting it is meant for (staff file it in writing, A8).
    Returns:
        The case, with its :class:`~renda.appointments.models.Signer` rows; the office is notified.
    Raises:
        PermissionDeniedError: ``actor`` is neither staff nor a current Standing Committee member.
        RuleViolation: rule M26 — fewer signers than one fifth of all members, a signer who is not a
            current member, no reasons or materials; ``not_in_office`` (the tenure has ended); a
            tenure of another congress.
    """
    if not permissions.can_propose_jointly(actor, congress.pk):
        raise PermissionDeniedError("只有常委会组成人员可以联名提出撤职案")
    post, person = tenure.post, tenure.person
    if post.congress_id != congress.pk:
        raise RuleViolation("任职记录不存在", code="invalid_choice")
    if tenure.ended_on is not None:
        raise RuleViolation(f"{person.name}现未担任{post.title}", code="not_in_office")
    members = sc_member_ids(congress.pk)
    chosen = {d.pk for d in signers}
    if actor.deputy_id and actor.deputy_id in members:
        chosen.add(actor.deputy_id)
    outsiders = chosen - members
    if outsiders:
        raise RuleViolation("联名人须为本届常委会组成人员", extra={"rule": "M26"})
    need = signers_needed(congress.pk)
    if len(chosen) < need:
        raise RuleViolation(
            f"撤职案须由常委会组成人员五分之一以上（{need}人以上）联名提出，现有{len(chosen)}人",
            extra={"rule": "M26", "need": need, "have": len(chosen)},
        )
    if not reasons.strip() or not has_materials:
        raise RuleViolation("撤职案应当写明撤职理由，并提供有关材料", extra={"rule": "M26"})
    names = list(Deputy.objects.filter(pk__in=chosen).order_by("code", "pk").values_list("name", flat=True))
    case = services.appointment_nominate(
        congress=congress, actor=actor, kind=Appointment.Kind.DISMISS, person_name=person.name,
        post_title=post.title, post_type=post.post_type, nominator=Nominator.MEMBERS,
        signed_by=f"{names[0]}等{len(names)}人"[:40], reasons=reasons, has_assessment=True, meeting=meeting,
        birth_year=person.birth_year, joint=True, at=at,
    )  # fmt: skip
    Signer.objects.bulk_create([Signer(appointment=case, deputy_id=pk) for pk in sorted(chosen)])
    notify_on_commit(notices.joint_bill(case))
    return case
