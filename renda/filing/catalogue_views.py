"""Pages of the annual catalogue (年度目录, RULES.md F1): an organ's officer sends the catalogue of the
documents the organ made in a year; staff see which organs in scope have not sent theirs, which came
late, and the entries never filed (漏报). Thin: the form checks shapes, :mod:`renda.filing.catalogues`
applies the rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.filing import catalogues, forms, permissions
from renda.filing.models import Organ
from renda.filing.services import IN_SCOPE


def _organs(user: Any) -> Any:
    """The organs in scope the user may send a catalogue for (staff: all; an officer: its own)."""
    qs = Organ.objects.filter(kind__in=IN_SCOPE)
    if permissions.is_staff(user):
        return qs
    unit = getattr(user, "handling_unit_id", None)
    return qs.filter(handling_unit_id=unit) if unit else qs.none()


def _year(raw: Any) -> int:
    """The year asked for in the query (default last year), kept within 2000 – this year."""
    today = timezone.localdate()
    try:
        year = int(raw or today.year - 1)
    except (TypeError, ValueError):
        year = today.year - 1
    return min(max(year, 2000), today.year)


@login_required
def catalogue_board(request: Any) -> HttpResponse:
    """年度目录报送情况: every organ in scope with its catalogue of the year (missing, late, 漏报)."""
    if not permissions.can_view_all(request.user):
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    today = timezone.localdate()
    rows = catalogues.catalogue_board(congress_id=request.user.congress_id, year=year, today=today)
    return render(
        request,
        "filing/catalogue_board.html",
        {
            "year": year,
            "rows": rows,
            "due": catalogues.catalogue_due(year),
            "missing": sum(1 for r in rows if r.catalogue is None),
        },
    )


@login_required
def catalogue_new(request: Any) -> HttpResponse:
    """报送年度目录: the organ's officer (or staff, for a paper catalogue) sends the catalogue."""
    organs = _organs(request.user)
    if not permissions.can_file(request.user):
        raise PermissionDenied
    staff = permissions.is_staff(request.user)
    year = _year(request.GET.get("year"))
    raw = request.GET.get("organ", "")
    organ = organs.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None
    organ = organ or (organs.first() if organs.count() == 1 else None)
    initial = {"year": year, "organ": organ, "entries": catalogues.prefill(organ, year) if organ else ""}
    form = forms.CatalogueForm(request.POST or None, organs=organs, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rows = catalogues.parse_entries(d["entries"], d["year"])
            cat = catalogues.catalogue_submit(
                actor=request.user, organ=d["organ"], year=d["year"], entries=rows, on=d.get("submitted_on")
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if catalogues.catalogue_late(cat.year, cat.submitted_on):
                messages.warning(request, _("已报送。该目录在1月31日后报送，已标记为逾期报送"))
            else:
                messages.success(request, _("年度目录已报送"))
            return redirect("filing:catalogue", catalogue_id=cat.pk)
    mine = catalogues.catalogues_for(request.user).order_by("-year", "organ__name")[:50]
    return render(
        request,
        "filing/catalogue_new.html",
        {"form": form, "mine": mine, "due": catalogues.catalogue_due(year), "year": year, "organs": organs},
    )


@login_required
def catalogue_detail(request: Any, catalogue_id: int) -> HttpResponse:
    """One catalogue: its entries with those never filed (漏报) marked, its dates and its trail."""
    try:
        cat = catalogues.catalogue_get(viewer=request.user, catalogue_id=catalogue_id)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    unfiled = {e.pk for e in catalogues.unfiled_entries(cat)}
    return render(
        request,
        "filing/catalogue_detail.html",
        {
            "cat": cat,
            "entries": [(e, e.pk in unfiled) for e in cat.entries.all()],
            "unfiled": len(unfiled),
            "due": catalogues.catalogue_due(cat.year),
            "late": catalogues.catalogue_late(cat.year, cat.submitted_on),
            "events": cat.events.select_related("actor"),
            "can_correct": permissions.can_submit_catalogue(request.user, cat.organ),
        },
    )
