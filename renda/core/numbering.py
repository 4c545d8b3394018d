"""Gap-free numbering series (编号), generic: any app keeps its counters in a model of its own.

A counter model has the lookup fields of its series (for proposals: ``congress`` and ``series``) and
a positive integer field ``last``. :func:`next_in_series` takes the next number inside the caller's
transaction, under a row lock on the counter: two concurrent callers get consecutive numbers, and a
caller whose transaction rolls back gives its number back (nothing is burnt). It imports no domain app.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction


def next_in_series(counters: type[models.Model], **series: Any) -> int:
    """Take and return the next number of one series (1 for a new series).

    Args:
        counters: the counter model (a unique constraint over the ``series`` fields, and ``last``).
        series: the lookup naming the series, e.g. ``congress_id=3, series="between:2026:bill"``.
    Returns:
        The number taken (int ≥ 1).
    Raises:
        TransactionManagementError: called outside a transaction (the lock would be released at once).
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("next_in_series must run inside the caller's transaction")
    manager = counters._default_manager
    try:
        with transaction.atomic():  # two first numbers of a series at once: one creates, one reuses
            manager.get_or_create(**series)
    except IntegrityError:
        pass
    counter = manager.select_for_update().get(**series)
    counter.last += 1  # type: ignore[attr-defined]
    counter.save(update_fields=["last"])
    return int(counter.last)  # type: ignore[attr-defined]
