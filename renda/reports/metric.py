"""The metric type of the dictionary (see ``renda.reports.metrics``), apart so that the dictionary's
modules (``metrics``, ``work_metrics``) can share it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django_stubs_ext import StrOrPromise

from renda.reports.periods import Period, approximate

Records = Callable[[int, Period], QuerySet[Any]]


@dataclass(frozen=True)
class Metric:
    """One figure: ``records(congress_id, period)`` lists what it counts; ``value`` computes it.

    ``table`` names the drill-down layout of its records (see ``renda.reports.tables``); ``approx``
    marks figures the work report writes rounded down with "余" (``shown`` gives that text).
    """

    id: str
    label: StrOrPromise
    definition: StrOrPromise
    unit: StrOrPromise
    group: StrOrPromise
    table: str
    source: Records
    compute: Callable[[QuerySet[Any]], int | float] | None = None
    approx: bool = False

    def records(self, congress_id: int, period: Period) -> QuerySet[Any]:
        """The records behind the figure, in the order the drill-down page lists them."""
        return self.source(congress_id, period)

    def value(self, congress_id: int, period: Period) -> int | float:
        """The figure: the number of records, or what ``compute`` makes of them (a sum, a rate in %)."""
        qs = self.records(congress_id, period)
        return self.compute(qs) if self.compute else qs.count()

    def shown(self, value: int | float) -> str:
        """The figure as the work report writes it ("6300余" for an approximate metric, else exact)."""
        return approximate(int(value)) if self.approx else str(value)
