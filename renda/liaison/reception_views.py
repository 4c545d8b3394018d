"""Pages of reception days (接待活动): a station operator (or staff, for a station of their congress)
lists the station's reception days and records one — date, deputies on duty, visitors received."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renda.core.exceptions import ApplicationError
from renda.liaison import forms, permissions, selectors, services
from renda.organization.typing import AuthedRequest


def _require_recorder(request: AuthedRequest) -> None:
    if not permissions.can_record(request.user) or not selectors.recording_stations(viewer=request.user).exists():
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def reception_list(request: AuthedRequest) -> HttpResponse:
    """接待活动: the reception days of the user's station(s), newest first, 30 per page."""
    _require_recorder(request)
    page = Paginator(selectors.receptions_visible(viewer=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "liaison/receptions.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def reception_new(request: AuthedRequest) -> HttpResponse:
    """登记接待活动: the form; recording a day already recorded corrects it."""
    _require_recorder(request)
    user = request.user
    form = forms.ReceptionForm(
        request.POST or None,
        stations=selectors.recording_stations(viewer=user),
        points=selectors.reception_points(viewer=user),
        deputies=selectors.reception_deputies(viewer=user),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            reception = services.reception_record(
                station=d["station"],
                point=d.get("point"),
                on=d["date"],
                deputies=list(d["deputies"]),
                visitor_count=d["visitor_count"],
                note=d["note"],
                actor=user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("已登记 %(date)s 的接待活动：%(n)d 位代表，接待群众 %(visitors)d 人")
                % {"date": reception.date.isoformat(), "n": len(d["deputies"]), "visitors": reception.visitor_count},
            )
            return redirect("liaison:receptions")
    return render(request, "liaison/reception_form.html", {"form": form})
