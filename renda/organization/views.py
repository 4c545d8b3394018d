"""Pages of the organisation domain: the deputy directory."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from renda.organization import permissions, selectors
from renda.organization.forms import DeputyFilterForm
from renda.organization.typing import AuthedRequest


@login_required
def deputy_directory(request: AuthedRequest) -> HttpResponse:
    """代表名录: search (name, code, occupation, delegation, group), filter by delegation, professional group
    and first term, 50 per page; phones masked unless the viewer is staff. The viewer's congress only."""
    congress = request.user.congress
    form = DeputyFilterForm(
        request.GET or None,
        delegations=selectors.delegation_choices(congress=congress),
        groups=selectors.professional_group_choices(congress=congress),
    )
    qs = selectors.deputy_list(viewer=request.user, congress=congress, **form.filters())
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organization/deputy_directory.html",
        {
            "page": page,
            "form": form,
            "show_phone": selectors.can_see_personal_data(request.user),
            "can_assign": permissions.can_manage_reference(request.user),
            "total": page.paginator.count,
        },
    )
