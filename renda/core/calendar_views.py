"""工作日历 page: staff see a year's holidays and make-up working days and maintain the override table."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import holidays
from renda.core.exceptions import ApplicationError
from renda.core.forms import HolidayOverrideForm
from renda.core.numbers import form_int


def _year(request: HttpRequest) -> int:
    try:
        return form_int(
            request.GET.get("year") or request.POST.get("year"),
            label=_("年份"),
            minimum=holidays.FIRST_YEAR,
            maximum=holidays.LAST_YEAR,
            default=timezone.localdate().year,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return timezone.localdate().year


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """The year's special days (package and table) and a form to enter or change one day."""
    if not holidays.can_edit_calendar(request.user):
        raise PermissionDenied
    year = _year(request)
    form = HolidayOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            holidays.override_set(on=d["date"], is_workday=d["is_workday"], name=d["name"], actor=request.user)
        except ApplicationError as exc:
            form.add_error("date", exc.message)
        else:
            kind = _("调休上班") if d["is_workday"] else _("休息")
            messages.success(
                request,
                _("已设定 %(date)s 为%(kind)s（%(name)s）")
                % {"date": f"{d['date']:%Y-%m-%d}", "kind": kind, "name": d["name"] or _("未命名")},
            )
            return redirect(f"{reverse('workday-calendar')}?year={d['date'].year}")
    return render(
        request,
        "core/calendar.html",
        {"cal": holidays.year_calendar(year), "form": form, "prev": year - 1, "next": year + 1},
    )


@login_required
@require_POST
def calendar_remove(request: HttpRequest) -> HttpResponse:
    """Remove one day's override (the package's answer applies again)."""
    if not holidays.can_edit_calendar(request.user):
        raise PermissionDenied
    form = HolidayOverrideForm(request.POST)
    form.is_valid()
    on = form.cleaned_data.get("date")
    if on is None:
        messages.error(request, _("请选择要撤销的日期"))
        return redirect("workday-calendar")
    if holidays.override_remove(on=on, actor=request.user):
        messages.success(request, _("已撤销 %(date)s 的调整") % {"date": f"{on:%Y-%m-%d}"})
    else:
        messages.info(request, _("%(date)s 没有本表的调整") % {"date": f"{on:%Y-%m-%d}"})
    return redirect(f"{reverse('workday-calendar')}?year={on.year}")
