"""Pages of the deputies' activity records (代表履职档案): a deputy's own record from their menu, staff's
list of every deputy with filters and each record, the printable .docx/PDF, the settings (public page,
履职积分) and the public page. Views are thin: the records are composed by ``records.deputy_record``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.organization import selectors as org_selectors
from renda.organization.models import Deputy
from renda.organization.typing import AuthedRequest
from renda.reports import aggregates, forms, metrics, permissions, selectors, services
from renda.reports.periods import BadPeriod, Period, parse_period
from renda.reports.record_documents import record_docx, record_pdf
from renda.reports.records import KINDS, deputy_record

PER_PAGE = 20
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(request: HttpRequest, congress_id: int) -> tuple[Period | None, dict[str, Any]]:
    """The period asked for (default: the year before today) and the period form's context."""
    error, period = "", None
    try:
        period = parse_period(
            congress_id=congress_id, year=request.GET.get("year", ""), session=request.GET.get("session", "")
        )
    except BadPeriod as exc:
        error = exc.message
    return period, {
        "sessions": org_selectors.sessions_of(congress_id=congress_id),
        "year": request.GET.get("year", "") if not request.GET.get("session") else "",
        "session": request.GET.get("session", ""),
        "period": period,
        "error": error,
    }


def _record_page(request: AuthedRequest, deputy: Deputy) -> HttpResponse:
    period, ctx = _period(request, deputy.term.congress_id)
    record = deputy_record(deputy=deputy, period=period) if period else None
    return render(
        request,
        "reports/record.html",
        {**ctx, "deputy": deputy, "record": record, "own": request.user.deputy_id == deputy.pk},
        status=400 if ctx["error"] else 200,
    )


def _deputy(request: AuthedRequest, pk: int) -> Deputy:
    try:
        return selectors.access_deputy_record(request.user, pk)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


@login_required
@require_GET
def my_record(request: AuthedRequest) -> HttpResponse:
    """我的履职档案: the signed-in deputy's own record for a year or session year (404 for a login that
    is not a deputy's)."""
    if not request.user.deputy_id:
        raise Http404
    return _record_page(request, _deputy(request, request.user.deputy_id))


@login_required
@require_GET
def deputy_record_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """One deputy's record: the deputy themselves or staff of the congress (404 for anyone else)."""
    return _record_page(request, _deputy(request, pk))


@login_required
@require_GET
def record_file(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """The record to print, as .docx or PDF, for the same period as the page (a bad period: 400)."""
    deputy = _deputy(request, pk)
    period, ctx = _period(request, deputy.term.congress_id)
    if period is None:
        return HttpResponse(ctx["error"], status=400, content_type="text/plain; charset=utf-8")
    record = deputy_record(deputy=deputy, period=period)
    if fmt == "docx":
        content, ctype = record_docx(record), DOCX
    elif fmt == "pdf":
        content, ctype = record_pdf(record), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="record-{deputy.code}-{period.start:%Y%m%d}.{fmt}"'
    return response


@login_required
@require_GET
def record_list(request: AuthedRequest) -> HttpResponse:
    """代表履职档案 for staff: every deputy of the congress, filtered by delegation, professional group
    and period, with each kind's count (20 a page) and the congress's figure "deputies in activities"."""
    if not permissions.can_list_records(request.user):
        raise PermissionDenied
    congress_id = selectors.congress_id_for(request.user)
    if congress_id is None:
        raise Http404
    period, ctx = _period(request, congress_id)
    congress = selectors.congress_of(congress_id)
    form = forms.RecordFilterForm(request.GET or None, congress=congress)
    valid = form.is_valid() if request.GET else True
    data = form.cleaned_data if request.GET and valid else {}
    page, rows, figure = None, [], None
    config = selectors.record_config(congress_id)
    if period and valid:
        deputies = selectors.record_deputies(
            congress_id=congress_id, delegation_id=data.get("delegation"), group_id=data.get("group")
        )
        page = Paginator(deputies, PER_PAGE).get_page(request.GET.get("page"))
        rows = aggregates.page_records(page, congress_id=congress_id, period=period, config=config)
        metric = metrics.BY_ID["deputies_in_activities"]
        figure = metrics.Figure(metric, metric.value(congress_id, period))
    return render(
        request,
        "reports/record_list.html",
        {**ctx, "form": form, "page": page, "rows": rows, "kinds": KINDS, "figure": figure, "config": config},
        status=400 if ctx["error"] or not valid else 200,
    )


@login_required
def record_settings(request: AuthedRequest) -> HttpResponse:
    """履职档案设置: whether the public page is on and which kinds it shows; the points scheme (履职积分)
    and each kind's weight. Staff only; a refused change saves nothing."""
    if not permissions.can_manage_record_settings(request.user):
        raise PermissionDenied
    congress_id = int(request.user.congress_id or 0)
    config = selectors.record_config(congress_id)
    form = forms.RecordSettingsForm(request.POST or None, config=config)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_settings_set(
                congress_id=congress_id,
                public=form.cleaned_data["public"],
                points=form.cleaned_data["points"],
                kinds=form.kinds(),
                actor=request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存代表履职档案设置"))
            return redirect("reports:record-settings")
    return render(request, "reports/record_settings.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def public_records(request: HttpRequest) -> HttpResponse:
    """代表履职公开: each deputy's counts of the kinds the congress made public, for a year; when the
    congress has not made its records public, the page says so and lists nothing."""
    congress_id = selectors.congress_id_for(request.user)
    if congress_id is None:
        raise Http404
    config = selectors.record_config(congress_id)
    period, ctx = _period(request, congress_id)
    page, rows = None, []
    kinds = [k for k in KINDS if k.kind.value in config.public_kinds]
    if config.public and period:
        deputies = selectors.record_deputies(congress_id=congress_id)
        page = Paginator(deputies, PER_PAGE).get_page(request.GET.get("page"))
        only = frozenset(config.public_kinds)
        rows = aggregates.page_records(page, congress_id=congress_id, period=period, config=config, only=only)
    return render(
        request,
        "reports/record_public.html",
        {**ctx, "config": config, "kinds": kinds, "page": page, "rows": rows},
        status=400 if ctx["error"] else 200,
    )
