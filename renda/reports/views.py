"""Pages of the reports domain: 工作统计 (every metric for a period) and each metric's record list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from renda.organization import selectors as org_selectors
from renda.organization.typing import AuthedRequest
from renda.reports import metrics, permissions, selectors, tables
from renda.reports.periods import BadPeriod, Period, parse_period

PER_PAGE = 50


def _context(request: AuthedRequest) -> tuple[int, Period | None, str, dict[str, Any]]:
    if not permissions.can_view_statistics(request.user):
        raise PermissionDenied
    congress_id = selectors.congress_id_for(request.user)
    if congress_id is None:
        raise Http404
    error, period = "", None
    try:
        period = parse_period(
            congress_id=congress_id, year=request.GET.get("year", ""), session=request.GET.get("session", "")
        )
    except BadPeriod as exc:
        error = exc.message
    common = {
        "sessions": org_selectors.sessions_of(congress_id=congress_id),
        "year": request.GET.get("year", "") if not request.GET.get("session") else "",
        "session": request.GET.get("session", ""),
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
    return render(request, "reports/work.html", {**ctx, "groups": groups}, status=400 if error else 200)


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
