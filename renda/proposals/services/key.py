"""Key suggestions (重点督办, S6): the Council of Chairpersons' decision and the 五办联动 chain."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction

from renda.core.exceptions import InvalidTransition, RuleViolation
from renda.core.workflow import save_versioned
from renda.organization.models import Body, Deputy, HandlingUnit, Membership, Official, User
from renda.proposals import events, notices, permissions
from renda.proposals.models import Assignment, KeySupervision, Kind, Proposal
from renda.proposals.services._base import day, lock_proposal, send
from renda.proposals.workflow import AssignmentStatus, Status


def leading_official(unit_ids: Iterable[int]) -> Official | None:
    """The vice-mayor whose portfolio covers one of ``unit_ids`` (领办), or ``None``."""
    return Official.objects.filter(portfolio__in=list(unit_ids)).order_by("id").first()


def _urging_unit(congress_id: int) -> HandlingUnit | None:
    return HandlingUnit.objects.filter(congress_id=congress_id, name__contains="政府办公").order_by("id").first()


@transaction.atomic
def suggestion_designate_key(
    *,
    proposal: Proposal,
    actor: User,
    vice_chair: Deputy,
    committee: Body,
    designated_on: date | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> KeySupervision:
    """Record the Council of Chairpersons' decision that a suggestion is a key suggestion (S6) and its
    五办联动 chain. The vice-chair must be a current vice-chair of the Standing Committee; the
    committee a special committee; the leading vice-mayor is found through ``Official.portfolio`` of the
    lead units (now, or when assigned), and the government office urges.

    Raises:
        PermissionDeniedError, InvalidTransition, RuleViolation (S6).
    """
    p = lock_proposal(proposal, expected_version)
    permissions.require(permissions.can_designate_key(actor, p))
    if p.kind != Kind.SUGGESTION or p.status not in (Status.REGISTERED, Status.ASSIGNED, Status.REHANDLING):
        raise InvalidTransition("只有已登记或办理中的建议可以确定为重点督办建议")
    if p.is_key:
        raise InvalidTransition("该建议已是重点督办建议")
    council = Body.objects.filter(term__congress_id=p.congress_id, kind=Body.Kind.COUNCIL_OF_CHAIRPERSONS).first()
    if council is None:
        raise RuleViolation("未设立主任会议，无法确定重点督办建议", extra={"rule": "S6"})
    if not Membership.objects.filter(
        deputy=vice_chair,
        role=Membership.Role.VICE_CHAIR,
        ended_on__isnull=True,
        body__kind=Body.Kind.STANDING_COMMITTEE,
    ).exists():
        raise RuleViolation("督办领导须为常委会副主任", extra={"rule": "S6"})
    if committee.kind != Body.Kind.SPECIAL_COMMITTEE:
        raise RuleViolation("督办委员会须为专门委员会", extra={"rule": "S6"})
    lead_units = p.assignments.filter(role=Assignment.Role.LEAD).exclude(status=AssignmentStatus.CANCELLED)
    chain = KeySupervision.objects.create(
        proposal=p,
        designated_by=council,
        designated_on=designated_on or day(at),
        vice_chair=vice_chair,
        committee=committee,
        leading_official=leading_official(lead_units.values_list("unit_id", flat=True)),
        urging_unit=_urging_unit(p.congress_id),
    )
    p.is_key = True
    save_versioned(p, ["is_key"])
    events.key_designated(p, actor=actor, note=f"主任会议确定为重点督办建议，{vice_chair.name}副主任督办", at=at)
    send(notices.key_designated(p, vice_chair.pk))
    return chain
