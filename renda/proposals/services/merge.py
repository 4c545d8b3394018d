"""Merging suggestions with the same content (并案, S10) and undoing it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from renda.core.exceptions import InvalidTransition, RuleViolation
from renda.core.workflow import save_versioned
from renda.organization.models import User
from renda.proposals import events, permissions
from renda.proposals.models import Kind, MergeGroup, Proposal
from renda.proposals.services._base import lock_proposal, now
from renda.proposals.workflow import Status


@transaction.atomic
def proposals_merge(
    *, primary: Proposal, others: Sequence[Proposal], actor: User, note: str = "", at: datetime | None = None
) -> MergeGroup:
    """Merge suggestions with the same content (并案, S10) before assignment: the group is handled
    with ``primary``; the originals stay and every deputy still receives the reply and rates it.

    Raises:
        PermissionDeniedError, RuleViolation (S10).
    """
    permissions.require(permissions.can_merge(actor, primary))
    members = [lock_proposal(x) for x in sorted([primary, *others], key=lambda x: x.pk)]
    if len({m.pk for m in members}) < 2:
        raise RuleViolation("并案至少需要两件建议", extra={"rule": "S10"})
    for m in members:
        if m.kind != Kind.SUGGESTION or m.status != Status.REGISTERED or m.merge_group_id:
            raise RuleViolation(
                f"{m.number or m.title}：只有已登记、未交办且未并案的建议可以并案", extra={"rule": "S10"}
            )
        permissions.require(permissions.can_merge(actor, m))
    group = MergeGroup.objects.create(congress_id=primary.congress_id, primary_id=primary.pk, note=note)
    for m in members:
        m.merge_group = group
        save_versioned(m, ["merge_group"])
        events.merged(m, actor=actor, note=f"并案，主件{primary.number}", at=at)
    return group


@transaction.atomic
def merge_undo(*, group: MergeGroup, actor: User, at: datetime | None = None) -> None:
    """Undo a merge (S10) while its suggestions are not yet assigned; logged on every member.

    Raises:
        PermissionDeniedError, InvalidTransition (dissolved already), RuleViolation (S10: assigned).
    """
    g = MergeGroup.objects.select_for_update().select_related("primary").get(pk=group.pk)
    permissions.require(permissions.can_merge(actor, g.primary))
    if g.dissolved_at:
        raise InvalidTransition("该并案已撤销")
    members = list(Proposal.objects.select_for_update().filter(merge_group=g))
    if any(m.status != Status.REGISTERED for m in members):
        raise RuleViolation("已交办的并案不能撤销", extra={"rule": "S10"})
    g.dissolved_at = now(at)
    g.save(update_fields=["dissolved_at"])
    for m in members:
        m.merge_group = None
        save_versioned(m, ["merge_group"])
        events.unmerged(m, actor=actor, note=f"撤销并案#{g.pk}", at=at)
