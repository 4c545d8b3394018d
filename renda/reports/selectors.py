"""Reads of the reports domain: whose figures a viewer sees, grouped for the statistics page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise

from renda.core.exceptions import NotFoundOrForbidden
from renda.organization import selectors as org_selectors
from renda.organization.models import Congress, Deputy
from renda.reports import metrics, permissions
from renda.reports.models import RecordSettings
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


@dataclass(frozen=True)
class RecordConfig:
    """A congress's activity-record settings as read: public page on, points on, the kinds shown
    publicly and each kind's weight (defaults: nothing public, points off, weights 0)."""

    public: bool = False
    points: bool = False
    public_kinds: frozenset[str] = frozenset()
    weights: dict[str, int] = field(default_factory=dict)


def record_config(congress_id: int | None) -> RecordConfig:
    """The activity-record settings of the congress (two queries; the defaults when none are stored)."""
    row = RecordSettings.objects.filter(congress_id=congress_id).first() if congress_id else None
    if row is None:
        return RecordConfig()
    kinds = list(row.kinds.all())
    return RecordConfig(
        public=row.public,
        points=row.points,
        public_kinds=frozenset(k.kind for k in kinds if k.public),
        weights={k.kind: k.weight for k in kinds},
    )


def access_deputy_record(user: Any, pk: int) -> Deputy:
    """The deputy ``pk`` whose activity record ``user`` may read (404 alike for missing and forbidden):
    the deputy's own, or any of the congress's for staff (``permissions.can_view_record``)."""
    deputy = Deputy.objects.select_related("term", "delegation").filter(pk=pk).first()
    if deputy is None or not permissions.can_view_record(user, deputy):
        raise NotFoundOrForbidden(gettext("代表履职档案不存在"))
    return deputy


def congress_of(congress_id: int) -> Congress | None:
    """The congress ``congress_id`` (``None`` when there is none)."""
    return Congress.objects.filter(pk=congress_id).first()


def record_deputies(
    *, congress_id: int, delegation_id: int | None = None, group_id: int | None = None
) -> QuerySet[Deputy]:
    """Deputies of the congress for the staff list of records, by delegation and professional group
    (``organization.selectors.deputy_list``), by code."""
    return org_selectors.deputy_list(
        viewer=None,  # type: ignore[arg-type]  # the list applies no visibility of its own
        congress=congress_of(congress_id),
        delegation_id=delegation_id,
        group_id=group_id,
    ).select_related("term")
