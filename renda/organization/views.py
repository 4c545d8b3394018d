"""Pages of the organisation domain: the deputy directory."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from renda.organization import selectors
from renda.organization.typing import AuthedRequest


@login_required
def deputy_directory(request: AuthedRequest) -> HttpResponse:
    """代表名录: search, filter by delegation, 50 per page; phones masked unless the viewer is staff."""
    delegation = request.GET.get("delegation", "")
    qs = selectors.deputy_list(
        viewer=request.user,
        search=request.GET.get("q", "").strip(),
        delegation_id=int(delegation) if delegation.isdigit() else None,
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organization/deputy_directory.html",
        {
            "page": page,
            "show_phone": selectors.can_see_personal_data(request.user),
            "q": request.GET.get("q", ""),
            "total": page.paginator.count,
        },
    )
