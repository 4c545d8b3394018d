"""Pages of the dashboards (统计图表): each role's charts with filters, the records behind a value, each
chart's data as xlsx, and the public page of published figures. Thin: the series, filters, scopes and
drill-downs are :mod:`renda.reports.dashboards`."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from renda.core.spreadsheets import append_row
from renda.liaison import permissions as liaison_permissions
from renda.organization import selectors as org_selectors
from renda.organization.typing import AuthedRequest
from renda.reports import dashboards, tables
from renda.reports.dashboards import BadFilter, Filters, Scope, Series

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 50


def _scope(request: AuthedRequest) -> Scope:
    scope = dashboards.scope_for(request.user)
    if scope is None:
        raise PermissionDenied
    return scope


def _filters(scope: Scope, request: HttpRequest) -> tuple[Filters | None, str]:
    try:
        return dashboards.parse_filters(scope=scope, data=request.GET), ""
    except BadFilter as exc:
        return None, str(exc.message)


def _form(scope: Scope, request: HttpRequest, f: Filters | None, error: str) -> dict[str, Any]:
    get = request.GET
    return {
        "scope": scope,
        "filters": f,
        "error": error,
        "period": f.period if f else None,
        "sessions": org_selectors.sessions_of(congress_id=scope.congress_id),
        "year": get.get("year", "") if not get.get("session") else "",
        "session": get.get("session", ""),
        "chosen": {k: get.get(k, "") for k in ("delegation", "group", "unit")},
        **(dashboards.filter_choices(scope.congress_id) if scope.role != dashboards.PUBLIC else {}),
    }


@login_required
@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    """统计图表: the viewer's role's charts for a period and filters; a bad filter shows its Chinese
    message (status 400). 403 for roles without a dashboard (they read the public one)."""
    scope = _scope(request)
    f, error = _filters(scope, request)
    series = dashboards.series_for(scope, f) if f else []
    ctx = _form(scope, request, f, error)
    ctx |= {"series": series, "hot": liaison_permissions.can_see_hot_topics(request.user)}
    return render(request, "reports/dashboard.html", ctx, status=400 if error else 200)


def _xlsx(series: Series, f: Filters) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "数据"
    append_row(ws, [str(series.title), f.period.label])
    append_row(ws, ["", *[label for label, _data in series.datasets]])
    for label, cells in series.rows():
        append_row(ws, [label, *[value for _name, value, _link in cells]])
    buf = io.BytesIO()
    wb.save(buf)
    resp = HttpResponse(buf.getvalue(), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{series.id}.xlsx"'
    return resp


@login_required
@require_GET
def dashboard_xlsx(request: AuthedRequest, series_id: str) -> HttpResponse:
    """One chart's data as xlsx (the same series as the chart: labels, one column per dataset)."""
    scope = _scope(request)
    f, error = _filters(scope, request)
    if f is None:
        return render(request, "reports/dashboard.html", _form(scope, request, f, error), status=400)
    try:
        series = dashboards.one_series(scope, f, series_id)
    except BadFilter as exc:
        raise Http404 from exc
    return _xlsx(series, f)


@login_required
@require_GET
def dashboard_records(request: AuthedRequest, series_id: str) -> HttpResponse:
    """The records behind one bar or point (``key``), 50 a page, personal data masked by role."""
    scope = _scope(request)
    f, error = _filters(scope, request)
    drill = None
    if f is not None:
        try:
            drill = dashboards.records(scope, f, series_id, request.GET.get("key", ""))
        except BadFilter as exc:
            error = str(exc.message)
    page, rows = None, []
    if drill is not None:
        page = Paginator(drill.records, PER_PAGE).get_page(request.GET.get("page"))
        rows = [[(c, c.cell(r, request.user)) for c in drill.columns] for r in page]
    ctx = _form(scope, request, f, error) | {"drill": drill, "page": page, "rows": rows, "tables": tables}
    return render(request, "reports/dashboard_records.html", ctx, status=400 if error else 200)


@require_GET
def public_dashboard(request: HttpRequest) -> HttpResponse:
    """统计公开: published figures for everyone (no login): classes of published replies and the
    progress of published livelihood programmes, for a year. No personal data."""
    congress_id = dashboards.public_congress_id()
    if congress_id is None:
        raise Http404
    scope = Scope(dashboards.PUBLIC, congress_id)
    f, error = _filters(scope, request)
    series = dashboards.series_for(scope, f) if f else []
    ctx = _form(scope, request, f, error) | {"series": series, "public": True}
    return render(request, "reports/dashboard.html", ctx, status=400 if error else 200)


@require_GET
def public_dashboard_xlsx(request: HttpRequest, series_id: str) -> HttpResponse:
    """A public chart's data as xlsx."""
    congress_id = dashboards.public_congress_id()
    if congress_id is None:
        raise Http404
    scope = Scope(dashboards.PUBLIC, congress_id)
    f, error = _filters(scope, request)
    if f is None:
        return render(request, "reports/dashboard.html", _form(scope, request, f, error) | {"public": True}, status=400)
    try:
        series = dashboards.one_series(scope, f, series_id)
    except BadFilter as exc:
        raise Http404 from exc
    return _xlsx(series, f)
