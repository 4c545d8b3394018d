"""Figures of many records at once, in a fixed number of queries whatever the data (issue 16 item 7).

:func:`page_records` counts the activity records (代表履职档案) of every deputy of a page of the staff
list, or of the public page, in **one** query: each kind's figure is a correlated ``COUNT`` subquery of
that kind's own selector (``records.KINDS``), read with the deputy's id as an outer reference, so a
deputy's figure is by construction the one ``records.deputy_record`` shows on their own page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery

from renda.organization.models import Deputy
from renda.reports.periods import Period
from renda.reports.records import KINDS, ActivityRecord, Entry, Kind
from renda.reports.selectors import RecordConfig


class CountOf(Subquery):
    """``(SELECT COUNT(*) FROM (<queryset>))``: the number of rows of a correlated queryset, as a column."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


@dataclass(frozen=True)
class _Term:
    congress_id: int


@dataclass(frozen=True)
class _DeputyRef:
    """Stands for "the deputy of the outer row" where a kind's selector reads ``deputy.pk`` and
    ``deputy.term.congress_id``."""

    pk: Any
    term: _Term


def _ref(depth: int) -> Any:
    ref: Any = OuterRef("pk")
    for _ in range(depth - 1):
        ref = OuterRef(ref)
    return ref


def _counted(kind: Kind, congress_id: int, period: Period) -> CountOf:
    deputy = cast(Deputy, _DeputyRef(_ref(kind.ref_depth), _Term(congress_id)))
    qs: QuerySet[Any] = kind.counted(kind.records(deputy, period).order_by())
    if not qs.query.values_select:
        qs = qs.values("pk")
    return CountOf(qs)


def page_records(
    deputies: Iterable[Deputy],
    *,
    congress_id: int,
    period: Period,
    config: RecordConfig,
    only: frozenset[str] | None = None,
) -> list[ActivityRecord]:
    """The counts-only activity record of each of ``deputies`` (deputies of ``congress_id``), in their
    order: what ``records.deputy_record(deputy=d, period=period, lists=False, config=config, only=only)``
    gives for each, read in one query for all (none when ``deputies`` is empty).

    Args:
        deputies: a page of deputies of the congress.
        congress_id: their congress (the kinds' selectors read it).
        period: the reporting period.
        config: the congress's record settings (weights, whether points are on).
        only: read just these kinds (``RecordKind`` values), all when ``None``.
    Returns:
        One :class:`~renda.reports.records.ActivityRecord` per deputy, without lines or visitors.
    """
    deputies = list(deputies)
    kinds = [k for k in KINDS if only is None or k.kind.value in only]
    if not deputies:
        return []
    names = {k.kind.value: f"n_{k.kind.value}" for k in kinds}
    rows = (
        Deputy.objects.filter(pk__in=[d.pk for d in deputies])
        .order_by()
        .annotate(**{names[k.kind.value]: _counted(k, congress_id, period) for k in kinds})
        .values("pk", *names.values())
    )
    found = {r["pk"]: r for r in rows}
    out = []
    for d in deputies:
        counts = found.get(d.pk, {})
        entries = [
            Entry(k.kind, k.kind.label, k.unit, int(counts.get(names[k.kind.value]) or 0), [],
                  config.weights.get(k.kind.value, 0))
            for k in kinds
        ]  # fmt: skip
        points = sum(e.points for e in entries) if config.points else None
        out.append(ActivityRecord(d, period, entries, 0, points))
    return out
