"""Pure progress arithmetic for livelihood projects (no ORM)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def weighted_percent(milestones: Iterable[tuple[int, int]]) -> Decimal:
    """Σ(weight × progress) / Σ weight, in percent with one decimal (0.0 when there are no milestones).

    Args:
        milestones: ``(weight, progress)`` pairs; weight ≥ 1, progress 0–100 (%).
    """
    rows = list(milestones)
    total = sum(w for w, _ in rows)
    if not total:
        return Decimal("0.0")
    value = Decimal(sum(w * p for w, p in rows)) / Decimal(total)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def is_overdue(*, due_on: date | None, done: bool, today: date) -> bool:
    """A milestone or project is overdue when its due date (calendar day) has passed and it is not done."""
    return due_on is not None and not done and due_on < today
