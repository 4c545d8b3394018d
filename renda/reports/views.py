"""Pages of the reports domain: 工作统计 (every metric for a period) and each metric's record list, the
work report's statistical paragraphs (web view and .docx), and frozen snapshots with their drill-downs
and their difference from today."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.organization import selectors as org_selectors
from renda.organization.typing import AuthedRequest
from renda.reports import document, handling, metrics, permissions, selectors, services, tables
from renda.reports.forms import SnapshotForm
from renda.reports.models import ReportSnapshot
from renda.reports.periods import BadPeriod, Period, parse_period

PER_PAGE = 50


def _context(request: AuthedRequest) -> tuple[int, Period | None, str, dict[str, Any]]:
    if not permissions.can_view_statistics(request.user):
        raise PermissionDenied
    congress_id = selectors.congress_id_for(request.user)
    if congress_id is None:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    error, period = "", None
    try:
        period = parse_period(congress_id=congress_id, year=data.get("year", ""), session=data.get("session", ""))
    except BadPeriod as exc:
        error = exc.message
    common = {
        "sessions": org_selectors.sessions_of(congress_id=congress_id),
        "year": data.get("year", "") if not data.get("session") else "",
        "session": data.get("session", ""),
        "period": period,
        "error": error,
    }
    return congress_id, period, error, common


@login_required
@require_GET
def work(request: AuthedRequest) -> HttpResponse:
    """工作统计: every metric of the dictionary for the viewer's congress and a year or session year,
    each figure linking to its records. A bad period shows its Chinese message (status 400)."""
    congress_id, period, error, ctx = _context(request)
    groups = selectors.grouped_figures(congress_id, period) if period else []
    values = {f.metric.id: f.value for g in groups for f in g.figures}
    return render(
        request,
        "reports/work.html",
        {
            **ctx,
            "groups": groups,
            "blocks": document.compose(values, period_label=period.label) if period else [],
            "form": SnapshotForm(),
            "snapshots": selectors.snapshot_list(congress_id=congress_id)[:5],
        },
        status=400 if error else 200,
    )


def _docx(blocks: list[document.Block], name: str) -> HttpResponse:
    response = HttpResponse(document.to_docx(blocks), content_type=document.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@login_required
@require_GET
def work_document(request: AuthedRequest) -> HttpResponse:
    """The work report's statistical paragraphs for a period as a GB/T 9704 .docx (today's figures).
    A bad period answers the statistics page with its Chinese message (status 400)."""
    congress_id, period, _error, ctx = _context(request)
    if period is None:
        return render(request, "reports/work.html", {**ctx, "groups": []}, status=400)
    values = {f.metric.id: f.value for f in metrics.figures(congress_id, period)}
    name = f"work-report-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return _docx(document.compose(values, period_label=period.label), name)


@login_required
@require_GET
def metric_records(request: AuthedRequest, metric_id: str) -> HttpResponse:
    """One metric's figure and the records behind it, 50 a page, personal data masked by role."""
    metric = metrics.get(metric_id)
    if metric is None:
        raise Http404
    congress_id, period, error, ctx = _context(request)
    page, rows, value = None, [], None
    if period:
        value = metric.value(congress_id, period)
        page = Paginator(metric.records(congress_id, period), PER_PAGE).get_page(request.GET.get("page"))
        rows = tables.rows(metric.table, page, request.user)
    return render(
        request,
        "reports/metric.html",
        {
            **ctx,
            "metric": metric,
            "figure": metrics.Figure(metric, value) if value is not None else None,
            "columns": tables.TABLES[metric.table],
            "rows": rows,
            "page": page,
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def handling_document(request: AuthedRequest) -> HttpResponse:
    """The office's report on suggestion handling for a period (S5, S20) as .docx: totals and the
    per-unit table. A bad period answers the statistics page with its Chinese message (status 400)."""
    congress_id, period, _error, ctx = _context(request)
    if period is None:
        return render(request, "reports/work.html", {**ctx, "groups": []}, status=400)
    blocks = handling.compose_handling(handling.unit_rows(congress_id, period), period_label=period.label)
    return _docx(blocks, f"suggestion-handling-{period.start:%Y%m%d}-{period.end:%Y%m%d}")


def _snapshot(request: AuthedRequest, pk: int) -> ReportSnapshot:
    try:
        return selectors.access_snapshot(user=request.user, pk=pk)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_new(request: AuthedRequest) -> HttpResponse:
    """保存报告快照: freeze every figure of a period (the year or session and a note); on success go to
    the snapshot's page. Bad input shows its Chinese message (status 400) and saves nothing."""
    congress_id, period, error, ctx = _context(request)
    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and period and form.is_valid():
        try:
            snapshot = services.snapshot_take(
                congress_id=congress_id, period=period, actor=request.user, note=form.cleaned_data["note"]
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            return HttpResponseRedirect(reverse("reports:snapshot", args=[snapshot.pk]))
    bad = request.method == "POST"
    return render(
        request, "reports/snapshot_new.html", {**ctx, "error": error, "form": form}, status=400 if bad else 200
    )


@login_required
@require_GET
def snapshot_list(request: AuthedRequest) -> HttpResponse:
    """报告快照: the congress's snapshots, newest first, 50 a page."""
    if not permissions.can_view_statistics(request.user):
        raise PermissionDenied
    congress_id = selectors.congress_id_for(request.user)
    if congress_id is None:
        raise Http404
    page = Paginator(selectors.snapshot_list(congress_id=congress_id), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/snapshot_list.html", {"page": page})


@login_required
@require_GET
def snapshot_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A snapshot: every figure as frozen, each linking to its frozen records, and the report's
    statistical paragraphs written from the frozen figures."""
    snapshot = _snapshot(request, pk)
    figures = selectors.frozen_figures(snapshot)
    values = {f.row.metric: f.value for f in figures}
    return render(
        request,
        "reports/snapshot.html",
        {
            "snapshot": snapshot,
            "figures": figures,
            "blocks": document.compose(values, period_label=snapshot.period_label),
        },
    )


@login_required
@require_GET
def snapshot_document(request: AuthedRequest, pk: int) -> HttpResponse:
    """The work report's statistical paragraphs as .docx with the snapshot's frozen figures."""
    snapshot = _snapshot(request, pk)
    blocks = document.compose(selectors.frozen_values(snapshot), period_label=snapshot.period_label)
    return _docx(blocks, f"work-report-snapshot-{snapshot.pk}")


@login_required
@require_GET
def snapshot_metric(request: AuthedRequest, pk: int, metric_id: str) -> HttpResponse:
    """A frozen figure and the records behind it when it was taken, as they are now (50 a page);
    records deleted since are listed as such."""
    snapshot = _snapshot(request, pk)
    try:
        row = selectors.frozen_figure(snapshot, metric_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    page = Paginator(row.record_ids, PER_PAGE).get_page(request.GET.get("page"))
    period = selectors.snapshot_period(snapshot)
    records = selectors.records_by_ids(row, list(page.object_list), snapshot.congress_id, period)
    metric = metrics.get(row.metric)
    return render(
        request,
        "reports/snapshot_metric.html",
        {
            "snapshot": snapshot,
            "row": row,
            "figure": selectors.FrozenFigure(row, metric),
            "columns": tables.TABLES[metric.table] if metric else (),
            "rows": selectors.frozen_rows(row, records, request.user),
            "page": page,
        },
    )


@login_required
@require_GET
def snapshot_diff(request: AuthedRequest, pk: int) -> HttpResponse:
    """A snapshot against today: each figure then and now, and how many records entered or left it."""
    snapshot = _snapshot(request, pk)
    return render(
        request, "reports/snapshot_diff.html", {"snapshot": snapshot, "diffs": selectors.snapshot_diff(snapshot)}
    )


@login_required
@require_GET
def snapshot_diff_metric(request: AuthedRequest, pk: int, metric_id: str) -> HttpResponse:
    """One figure's records added since the snapshot and those it counted that no longer count
    (removed from the figure or deleted), 50 a page."""
    snapshot = _snapshot(request, pk)
    try:
        row = selectors.frozen_figure(snapshot, metric_id)
    except NotFoundOrForbidden as exc:
        raise Http404 from exc
    diff = selectors.figure_diff(snapshot, row)
    changes = [(pk_, True) for pk_ in diff.added] + [(pk_, False) for pk_ in diff.removed]
    page = Paginator(changes, PER_PAGE).get_page(request.GET.get("page"))
    ids = [c[0] for c in page.object_list]
    period = selectors.snapshot_period(snapshot)
    records = selectors.records_by_ids(row, ids, snapshot.congress_id, period)
    rows = selectors.frozen_rows(row, records, request.user)
    metric = metrics.get(row.metric)
    return render(
        request,
        "reports/snapshot_diff_metric.html",
        {
            "snapshot": snapshot,
            "row": row,
            "diff": diff,
            "columns": tables.TABLES[metric.table] if metric else (),
            "rows": [(added, cells) for (_pk, added), cells in zip(page.object_list, rows, strict=True)],
            "page": page,
        },
    )
