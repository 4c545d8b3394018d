"""Pages of a handling unit's own report (办理情况报告, RULES.md S20): the unit officer's page (their unit)
and staff's (any unit of their congress, chosen with a picker), with the .docx download."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from renda.organization.models import HandlingUnit
from renda.organization.typing import AuthedRequest
from renda.reports import document, permissions, unit_reports
from renda.reports.forms import UnitReportForm


def default_choice(today: date) -> dict[str, Any]:
    """The report due last: from July the current year's mid-year report, before it last year's year-end."""
    return {"year": today.year, "half": "mid"} if today.month >= 7 else {"year": today.year - 1, "half": "end"}


def _report(request: AuthedRequest) -> tuple[UnitReportForm, unit_reports.UnitReport | None]:
    """The form read from the query and, when valid and allowed, the report (403 for a role without one)."""
    user = request.user
    staff = permissions.can_choose_report_unit(user)
    if not staff and not (user.role == user.Role.UNIT_OFFICER and user.handling_unit_id):
        raise PermissionDenied
    units = None
    if staff:  # a login bound to no congress chooses among every congress's units
        units = HandlingUnit.objects.order_by("name")
        if user.congress_id is not None:
            units = units.filter(congress_id=user.congress_id)
    if "year" not in request.GET and units is not None:  # staff first choose the unit
        return UnitReportForm(initial=default_choice(timezone.localdate()), units=units), None
    data = request.GET if "year" in request.GET else {**default_choice(timezone.localdate())}
    form = UnitReportForm(data, units=units)
    if not form.is_valid():
        return form, None
    unit = units.get(pk=form.cleaned_data["unit"]) if units is not None else user.handling_unit
    if unit is None or not permissions.can_view_unit_report(user, unit):
        raise PermissionDenied
    period = unit_reports.unit_period(form.cleaned_data["year"], form.cleaned_data["half"])
    return form, unit_reports.unit_report(unit=unit, period=period, half=form.cleaned_data["half"])


@login_required
@require_GET
def unit_report(request: AuthedRequest) -> HttpResponse:
    """办理情况报告: choose mid-year or year-end and see the per-suggestion table and the totals; a bad
    choice answers the page with its Chinese message (status 400)."""
    form, report = _report(request)
    status = 400 if form.is_bound and form.errors and "year" in request.GET else 200
    return render(
        request,
        "reports/unit_report.html",
        {"form": form, "report": report, "query": request.GET.urlencode() if report else ""},
        status=status,
    )


@login_required
@require_GET
def unit_report_docx(request: AuthedRequest) -> HttpResponse:
    """The same report as a GB/T 9704 .docx (the page with its message, status 400, on a bad choice)."""
    form, report = _report(request)
    if report is None:
        return render(request, "reports/unit_report.html", {"form": form, "report": None}, status=400)
    response = HttpResponse(document.to_docx(unit_reports.compose_unit_report(report)), content_type=document.DOCX_TYPE)
    name = f"unit-{report.unit.pk}-handling-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
