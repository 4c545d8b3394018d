"""Helpers shared by the proposals services: the clock argument, row locks and notices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.utils import timezone

from renda.core.notifications import Notice, notify_on_commit
from renda.core.workflow import lock
from renda.proposals.models import Assignment, Proposal


def now(at: datetime | None) -> datetime:
    """``at`` (an explicit, possibly back-dated time) or the current time."""
    return at or timezone.now()


def day(at: datetime | None) -> date:
    """The local date (Asia/Shanghai) of ``at`` or of now."""
    return timezone.localdate(now(at))


def lock_proposal(proposal: Proposal, expected_version: int | None = None) -> Proposal:
    """Lock the proposal's row and return a fresh copy (optimistic ``expected_version`` checked).

    Raises:
        NotFoundOrForbidden: the row is gone.
        ConcurrentModification: the version differs.
    """
    return lock(proposal, expected_version=expected_version)


def lock_assignment(assignment: Assignment, expected_version: int | None = None) -> tuple[Proposal, Assignment]:
    """Lock the proposal row, then the assignment row (always in this order); return fresh copies.

    Raises:
        NotFoundOrForbidden: a row is gone.
        ConcurrentModification: the assignment's version differs from ``expected_version``.
    """
    proposal = lock(Proposal(pk=assignment.proposal_id))
    fresh = lock(assignment, expected_version=expected_version, related=("unit",))
    fresh.proposal = proposal
    return proposal, fresh


def send(notices: Notice | Iterable[Notice] | None) -> None:
    """Queue one notice or several for delivery when the transaction commits."""
    if notices is None:
        return
    for n in [notices] if isinstance(notices, Notice) else notices:
        notify_on_commit(n)
