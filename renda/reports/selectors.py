"""Reads of the reports domain: whose figures a viewer sees, grouped for the statistics page; frozen
snapshots, their records as they are now, and their difference from today."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from renda.core.exceptions import NotFoundOrForbidden
from renda.organization import selectors as org_selectors
from renda.organization.models import Congress, Deputy
from renda.reports import metrics, permissions, tables
from renda.reports.models import RecordSettings, ReportSnapshot, SnapshotFigure
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


# --- frozen snapshots (issue 16 item 3) -------------------------------------------------------------


def snapshot_list(*, congress_id: int) -> QuerySet[ReportSnapshot]:
    """The congress's snapshots, newest first, with who took them."""
    return ReportSnapshot.objects.filter(congress_id=congress_id).select_related("taken_by")


def access_snapshot(*, user: Any, pk: int) -> ReportSnapshot:
    """The snapshot ``pk`` of the viewer's congress, for a viewer who may read the statistics.

    Raises:
        NotFoundOrForbidden: no such snapshot, another congress's, or a viewer who is not staff
        (answered alike, 404).
    """
    congress_id = congress_id_for(user) if permissions.can_view_statistics(user) else None
    found = snapshot_list(congress_id=congress_id).filter(pk=pk).first() if congress_id else None
    if found is None:
        raise NotFoundOrForbidden(_("找不到该报告快照"))
    return found


def snapshot_period(snapshot: ReportSnapshot) -> Period:
    """The period the snapshot froze, as the statistics pages read it (a year or a session year)."""
    return Period(snapshot.period_start, snapshot.period_end, snapshot.period_label, snapshot.session_id)


@dataclass(frozen=True)
class FrozenFigure:
    """A frozen figure with its metric (``None`` when the dictionary no longer has it)."""

    row: SnapshotFigure
    metric: metrics.Metric | None

    @property
    def value(self) -> int | float:
        """The frozen value (a count, a sum, or a rate in %)."""
        return self.row.number

    @property
    def rounded(self) -> str:
        """The report's rounded writing when it differs from the exact figure ("6300余"), else ""."""
        return metrics.Figure(self.metric, self.value).rounded if self.metric else ""


def frozen_figures(snapshot: ReportSnapshot) -> list[FrozenFigure]:
    """Every figure of the snapshot in dictionary order (one query; the id lists are not loaded)."""
    rows = snapshot.figures.defer("record_ids").order_by("position")
    return [FrozenFigure(r, metrics.get(r.metric)) for r in rows]


def frozen_values(snapshot: ReportSnapshot) -> dict[str, int | float]:
    """metric id → frozen value, for the report document of a snapshot."""
    return {f.row.metric: f.value for f in frozen_figures(snapshot)}


def frozen_figure(snapshot: ReportSnapshot, metric_id: str) -> SnapshotFigure:
    """One figure of the snapshot with its record ids. Raises ``NotFoundOrForbidden`` when it has none."""
    found = snapshot.figures.filter(metric=metric_id).first()
    if found is None:
        raise NotFoundOrForbidden(_("该快照没有这个指标"))
    return found


@dataclass(frozen=True)
class Gone:
    """A record the snapshot counted that has since been deleted (only its id remains)."""

    pk: int


def records_by_ids(figure: SnapshotFigure, ids: list[int], congress_id: int, period: Period) -> list[Any]:
    """The records ``ids`` of the figure as they are now, in the order given; a :class:`Gone` for
    each id no longer in the database. The related rows the metric's drill-down reads are joined."""
    metric = metrics.get(figure.metric)
    model = apps.get_model(figure.record_model)
    qs = model._base_manager.filter(pk__in=ids)
    if metric is not None:
        base = metric.records(congress_id, period)
        if base.model is model:
            qs.query.select_related = base.query.select_related
            qs = qs.prefetch_related(*getattr(base, "_prefetch_related_lookups", ()))
    found = {r.pk: r for r in qs}
    return [found.get(pk, Gone(pk)) for pk in ids]


def frozen_rows(
    figure: SnapshotFigure, records: list[Any], viewer: Any
) -> list[list[tuple[tables.Column, tables.Cell]]]:
    """The drill-down cells of frozen records; a deleted one reads "已删除" in every column."""
    metric = metrics.get(figure.metric)
    columns = tables.TABLES[metric.table] if metric else ()
    gone = tables.Cell(_("（该记录已删除）"))
    out = []
    for r in records:
        if isinstance(r, Gone):
            out.append(
                [(c, tables.Cell(f"#{r.pk} {gone.text}") if i == 0 else tables.Cell("")) for i, c in enumerate(columns)]
            )
        else:
            out.append(tables.rows(metric.table, [r], viewer)[0] if metric else [])
    return out


@dataclass(frozen=True)
class FigureDiff:
    """A figure then (frozen) and now, and the records that entered or left it since."""

    metric_id: str
    label: str
    unit: str
    then: int | float
    now: int | float | None
    added: list[int]
    removed: list[int]

    @property
    def changed(self) -> bool:
        """Whether the figure or the records behind it differ."""
        return self.then != self.now or bool(self.added or self.removed)


def figure_diff(snapshot: ReportSnapshot, row: SnapshotFigure) -> FigureDiff:
    """One frozen figure against today's for the same congress and period (``now`` is ``None`` when the
    dictionary no longer has the metric). Reads the frozen id list and today's ids (one query each)."""
    metric = metrics.get(row.metric)
    frozen = list(row.record_ids)
    if metric is None:
        return FigureDiff(row.metric, row.label, row.unit, row.number, None, [], frozen)
    period = snapshot_period(snapshot)
    qs = metric.records(snapshot.congress_id, period)
    current = list(dict.fromkeys(qs.values_list("pk", flat=True)))
    then_set, now_set = set(frozen), set(current)
    return FigureDiff(
        row.metric,
        row.label,
        row.unit,
        row.number,
        metric.value(snapshot.congress_id, period),
        [pk for pk in current if pk not in then_set],
        [pk for pk in frozen if pk not in now_set],
    )


def snapshot_diff(snapshot: ReportSnapshot) -> list[FigureDiff]:
    """Every frozen figure against today's, in dictionary order (two or three queries a metric)."""
    return [figure_diff(snapshot, row) for row in snapshot.figures.order_by("position")]


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
        raise NotFoundOrForbidden(_("代表履职档案不存在"))
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
