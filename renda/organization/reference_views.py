"""Pages of the reference data staff keep (:mod:`renda.organization.reference`): 承办单位 and
代表联络站 with their 联络点 — lists with filters, new and edit forms, the change history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renda.core.exceptions import ApplicationError
from renda.organization import forms, permissions, reference, selectors
from renda.organization.models import HandlingUnit, LiaisonPoint, LiaisonStation
from renda.organization.typing import AuthedRequest


def _require(request: AuthedRequest) -> None:
    if not permissions.can_manage_reference(request.user):
        raise PermissionDenied


def _unit(request: AuthedRequest, pk: int) -> HandlingUnit:
    unit = reference.units_visible(viewer=request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def _station(request: AuthedRequest, pk: int) -> LiaisonStation:
    station = reference.stations_visible(viewer=request.user).filter(pk=pk).first()
    if station is None:
        raise Http404
    return station


def _history(record: Any) -> list[Any]:
    return list(record.history.select_related("history_user").order_by("-history_date")[:20])


@login_required
@require_http_methods(["GET"])
def unit_list(request: AuthedRequest) -> HttpResponse:
    """承办单位: the congress's units by name; filter by text, kind and 停用; 50 per page."""
    _require(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in HandlingUnit.Kind.values else ""
    active = {"1": True, "0": False}.get(request.GET.get("active", ""))
    q = request.GET.get("q", "").strip()[:40]
    qs = reference.units_visible(viewer=request.user, q=q, kind=kind, active=active)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organization/units.html",
        {
            "page": page,
            "kinds": HandlingUnit.Kind.choices,
            "kind": kind,
            "q": q,
            "active": request.GET.get("active", ""),
        },
    )


def _unit_form(request: AuthedRequest, unit: HandlingUnit | None) -> HttpResponse:
    units = selectors.handling_unit_list(congress=request.user.congress)
    if unit is not None:
        units = units.exclude(pk=unit.pk)
    initial = (
        {
            "name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "parent": unit.parent_id,
            "contact_name": unit.contact_name, "contact_phone": unit.contact_phone, "is_active": unit.is_active,
        }
        if unit is not None
        else {"is_active": True}
    )  # fmt: skip
    form = forms.UnitForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = reference.UnitData(
            name=d["name"], kind=d["kind"], short_name=d["short_name"], parent=d["parent"],
            contact_name=d["contact_name"], contact_phone=d["contact_phone"], is_active=d["is_active"],
        )  # fmt: skip
        try:
            saved = reference.unit_save(actor=request.user, unit=unit, data=data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存承办单位“%(name)s”") % {"name": saved.name})
            return redirect("organization:units")
    context = {"form": form, "unit": unit, "history": _history(unit) if unit else []}
    return render(request, "organization/unit_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_new(request: AuthedRequest) -> HttpResponse:
    """新增承办单位."""
    _require(request)
    return _unit_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改承办单位 (or 停用/启用 it), with its change history."""
    _require(request)
    return _unit_form(request, _unit(request, pk))


@login_required
@require_http_methods(["GET"])
def station_list(request: AuthedRequest) -> HttpResponse:
    """代表联络站: the congress's stations by district and name with their deputy and point counts; 50 per page."""
    _require(request)
    q = request.GET.get("q", "").strip()[:40]
    page = Paginator(reference.stations_visible(viewer=request.user, q=q), 50).get_page(request.GET.get("page"))
    return render(request, "organization/stations.html", {"page": page, "q": q})


def _deputies(request: AuthedRequest) -> Any:
    return selectors.deputy_list(viewer=request.user, congress=request.user.congress)


def _station_data(d: dict[str, Any]) -> reference.StationData:
    return reference.StationData(
        name=d["name"], district=d.get("district", ""), address=d["address"], deputies=list(d["deputies"])
    )


def _station_form(request: AuthedRequest, station: LiaisonStation | None) -> HttpResponse:
    initial = (
        {"name": station.name, "district": station.district, "address": station.address,
         "deputies": list(station.deputies.values_list("pk", flat=True))}
        if station is not None
        else {}
    )  # fmt: skip
    form = forms.StationForm(request.POST or None, initial=initial, deputies=_deputies(request))
    if request.method == "POST" and form.is_valid():
        try:
            saved = reference.station_save(actor=request.user, station=station, data=_station_data(form.cleaned_data))
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存联络站“%(name)s”") % {"name": saved.name})
            return redirect("organization:station-edit", pk=saved.pk)
    context = {
        "form": form,
        "station": station,
        "points": list(station.points.order_by("name")) if station else [],
        "history": _history(station) if station else [],
    }
    return render(request, "organization/station_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def station_new(request: AuthedRequest) -> HttpResponse:
    """新增代表联络站."""
    _require(request)
    return _station_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def station_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """修改代表联络站: its fields and deputies, its points (联络点), its change history."""
    _require(request)
    return _station_form(request, _station(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def point_form(request: AuthedRequest, pk: int, point_id: int | None = None) -> HttpResponse:
    """新增 or 修改联络点 of a station."""
    _require(request)
    station = _station(request, pk)
    point: LiaisonPoint | None = None
    if point_id is not None:
        point = station.points.filter(pk=point_id).first()
        if point is None:
            raise Http404
    initial = (
        {"name": point.name, "address": point.address, "deputies": list(point.deputies.values_list("pk", flat=True))}
        if point is not None
        else {}
    )
    form = forms.StationForm(request.POST or None, initial=initial, deputies=_deputies(request), point=True)
    if request.method == "POST" and form.is_valid():
        try:
            reference.point_save(
                actor=request.user, station=station, point=point, data=_station_data(form.cleaned_data)
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存联络点"))
            return redirect("organization:station-edit", pk=station.pk)
    context = {"form": form, "station": station, "point": point, "history": _history(point) if point else []}
    return render(request, "organization/point_form.html", context)
