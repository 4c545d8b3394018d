"""Reads of the reports domain: whose figures a viewer sees, grouped for the statistics page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django_stubs_ext import StrOrPromise

from renda.organization import selectors as org_selectors
from renda.reports import metrics
from renda.reports.periods import Period


def congress_id_for(user: Any) -> int | None:
    """The congress whose figures ``user`` reads: their own, or for a login bound to no congress (the
    platform's administrators) the congress of the latest session; ``None`` when there is none."""
    if getattr(user, "congress_id", None):
        return int(user.congress_id)
    session = org_selectors.current_session()
    return session.term.congress_id if session else None


@dataclass(frozen=True)
class FigureGroup:
    """The figures of one heading on the statistics page (议案建议, 会议 …)."""

    label: StrOrPromise
    figures: list[metrics.Figure]


def grouped_figures(congress_id: int, period: Period) -> list[FigureGroup]:
    """Every metric's figure for the congress and period, grouped by heading in dictionary order."""
    groups: dict[str, FigureGroup] = {}
    for figure in metrics.figures(congress_id, period):
        key = str(figure.metric.group)
        groups.setdefault(key, FigureGroup(figure.metric.group, [])).figures.append(figure)
    return list(groups.values())
