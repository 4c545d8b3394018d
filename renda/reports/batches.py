"""Metrics read together (issue 16 item 7): figures whose records are the same rows, counted in one
query instead of one each, for :func:`renda.reports.metrics.figures`.

A batch reads the records of one of its metrics (``Metric.records``, the dictionary's own definition)
and counts each figure of the batch with conditional aggregation over them, by the same rule as the
metric's own ``value``: "replies" and "replies on time" (a reply is on time when dated on or before
the deadline then in force, ``proposals.selectors.with_due_then``, S3/S14), "evaluations" and the
satisfaction rate (满意 or 基本满意 of all ratings). A test checks every batched figure against its
metric's own ``value`` on constructed data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Count, F, Q

from renda.proposals import selectors as proposals
from renda.reports.metric import Metric
from renda.reports.periods import Period

Values = dict[str, int | float]


def _replies(by_id: Mapping[str, Metric], c: int, p: Period) -> Values:
    qs = proposals.with_due_then(by_id["replies"].records(c, p)).order_by()
    n = qs.aggregate(n=Count("*"), on_time=Count("pk", filter=Q(replied_on__lte=F("due_then"))))
    return {"replies": n["n"], "replies_on_time": n["on_time"]}


def _evaluations(by_id: Mapping[str, Metric], c: int, p: Period) -> Values:
    from renda.reports.metrics import satisfaction_rate_of

    qs = by_id["evaluations"].records(c, p).order_by()
    n = qs.aggregate(n=Count("*"), ok=Count("pk", filter=Q(result__in=proposals.SATISFIED_RESULTS)))
    return {"evaluations": n["n"], "satisfaction_rate": satisfaction_rate_of(n["ok"], n["n"])}


#: (the metric ids a batch gives, how it reads them): one query each.
BATCHES: tuple[tuple[tuple[str, ...], Callable[[Mapping[str, Metric], int, Period], Values]], ...] = (
    (("replies", "replies_on_time"), _replies),
    (("evaluations", "satisfaction_rate"), _evaluations),
)


def batched_values(by_id: Mapping[str, Metric], congress_id: int, period: Period) -> dict[str, Any]:
    """metric id → value of every batched metric present in ``by_id`` (one query per batch)."""
    out: dict[str, Any] = {}
    for ids, read in BATCHES:
        if all(i in by_id for i in ids):
            out.update(read(by_id, congress_id, period))
    return out
