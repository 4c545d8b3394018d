"""Merging suggestions with the same content (并案, S10) and undoing it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from renda.core.exceptions import InvalidTransition, RuleViolation
from renda.core.workflow import save_versioned
from renda.organization.models import User
from renda.proposals import events, permissions, selectors
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
    unique = {x.pk: x for x in [primary, *others]}
    members = [lock_proposal(x) for x in sorted(unique.values(), key=lambda x: x.pk)]
    if len(members) < 2:
        raise RuleViolation("并案至少需要两件建议", extra={"rule": "S10"})
    for m in members:
        permissions.require(permissions.can_merge(actor, m))
    refused = [
        m.number or m.title
        for m in members
        if m.kind != Kind.SUGGESTION or m.status != Status.REGISTERED or m.merge_group_id
    ]
    if refused:
        raise RuleViolation(
            f"只有已登记、未交办且未并案的建议可以并案，以下各件不符合，未并案：{'、'.join(refused)}",
            extra={"rule": "S10", "refused": refused},
        )
    group = MergeGroup.objects.create(congress_id=primary.congress_id, primary_id=primary.pk, note=note)
    for m in members:
        m.merge_group = group
        save_versioned(m, ["merge_group"])
        events.merged(m, actor=actor, note=f"并案，主件{primary.number}", at=at)
    return group


@transaction.atomic
def proposals_merge_listed(
    *,
    primary: Proposal,
    actor: User,
    numbers: Sequence[str] = (),
    ids: Sequence[int] = (),
    note: str = "",
    at: datetime | None = None,
) -> MergeGroup:
    """Merge the suggestions the user listed, by number (the page: one per line) or by id (the API),
    into ``primary``'s group (S10). Every listed item must be found among those ``actor`` may see in
    ``primary``'s congress: otherwise the error names each one not found and nothing is merged (never
    a silent partial merge); then :func:`proposals_merge` checks each is mergeable.

    Raises:
        PermissionDeniedError; RuleViolation (S10: nothing listed, not found or not visible, not mergeable).
    """
    permissions.require(permissions.can_merge(actor, primary))
    wanted_numbers = list(dict.fromkeys(n.strip() for n in numbers if n.strip()))
    wanted_ids = list(dict.fromkeys(ids))
    if not wanted_numbers and not wanted_ids:
        raise RuleViolation("请填写要并入本件的建议编号（每行一个）", extra={"rule": "S10"})
    by_number = {
        x.number: x
        for x in selectors.proposals_by_numbers(viewer=actor, congress_id=primary.congress_id, numbers=wanted_numbers)
    }
    by_id = {x.pk: x for x in selectors.proposals_by_ids(viewer=actor, congress_id=primary.congress_id, ids=wanted_ids)}
    missing = [n for n in wanted_numbers if n not in by_number] + [f"#{i}" for i in wanted_ids if i not in by_id]
    if missing:
        raise RuleViolation(
            f"以下编号未找到或您无权查看，未并案：{'、'.join(missing)}", extra={"rule": "S10", "missing": missing}
        )
    others = [by_number[n] for n in wanted_numbers] + [by_id[i] for i in wanted_ids]
    return proposals_merge(primary=primary, others=others, actor=actor, note=note, at=at)


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
