"""账号管理 pages: staff list, open and change the accounts of their congress and reset passwords."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renda.core.exceptions import ApplicationError
from renda.core.numbers import parse_id
from renda.organization import accounts, forms, permissions, selectors
from renda.organization.models import User
from renda.organization.typing import AuthedRequest


def _choices(user: User) -> dict[str, object]:
    congress = user.congress
    return {
        "deputies": selectors.deputy_list(viewer=user, congress=congress),
        "units": selectors.handling_unit_list(congress=congress),
        "stations": selectors.liaison_station_list(congress=congress),
    }


def _data(d: dict[str, object]) -> accounts.AccountData:
    return accounts.AccountData(
        role=str(d["role"]),
        display_name=str(d.get("display_name") or ""),
        phone=str(d.get("phone") or ""),
        deputy=d.get("deputy"),  # type: ignore[arg-type]
        handling_unit=d.get("handling_unit"),  # type: ignore[arg-type]
        liaison_station=d.get("liaison_station"),  # type: ignore[arg-type]
    )


def _target(request: AuthedRequest, user_id: int) -> User:
    if parse_id(str(user_id)) is None:  # beyond a database integer: not found, not a 500
        raise Http404
    target = accounts.accounts_visible(viewer=request.user).filter(pk=user_id).first()
    if target is None:
        raise Http404
    if not permissions.can_manage_account(request.user, target):
        raise PermissionDenied
    return target


@login_required
@require_http_methods(["GET"])
def account_list(request: AuthedRequest) -> HttpResponse:
    """账号管理: accounts of the congress by login name; filter by text, role and 停用; 50 per page."""
    if not permissions.can_manage_accounts(request.user):
        raise PermissionDenied
    role = request.GET.get("role", "")
    role = role if role in permissions.MANAGED_ROLES else ""
    active = {"1": True, "0": False}.get(request.GET.get("active", ""))
    qs = accounts.accounts_visible(
        viewer=request.user, q=request.GET.get("q", "").strip()[:40], role=role, active=active
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organization/accounts.html",
        {
            "page": page,
            "rows": [(u, permissions.can_manage_account(request.user, u)) for u in page],
            "roles": forms.ROLE_CHOICES,
            "role": role,
            "q": request.GET.get("q", "")[:40],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_new(request: AuthedRequest) -> HttpResponse:
    """开通账号."""
    if not permissions.can_manage_accounts(request.user):
        raise PermissionDenied
    form = forms.AccountCreateForm(request.POST or None, **_choices(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = accounts.account_create(
                actor=request.user, username=d["username"], password=d["password1"], data=_data(d)
            )
        except ApplicationError as exc:
            form.add_error("password1" if exc.code == "weak_password" else None, exc.message)
        else:
            messages.success(
                request,
                _("已开通账号 %(username)s（%(role)s），请将初始密码当面告知本人")
                % {"username": user.username, "role": user.get_role_display()},
            )
            return redirect("organization:accounts")
    return render(request, "organization/account_form.html", {"form": form, "title": _("开通账号")})


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request: AuthedRequest, user_id: int) -> HttpResponse:
    """修改账号 (role, name, phone, link, 停用/启用)."""
    target = _target(request, user_id)
    initial = {
        "role": target.role,
        "display_name": target.display_name,
        "phone": target.phone,
        "deputy": target.deputy_id,
        "handling_unit": target.handling_unit_id,
        "liaison_station": target.liaison_station_id,
        "is_active": target.is_active,
    }
    form = forms.AccountEditForm(request.POST or None, initial=initial, **_choices(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            accounts.account_update(actor=request.user, user=target, data=_data(d), is_active=d["is_active"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存账号 %(username)s") % {"username": target.username})
            return redirect("organization:accounts")
    return render(
        request,
        "organization/account_form.html",
        {"form": form, "title": _("修改账号 %(username)s") % {"username": target.username}, "target": target},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_password(request: AuthedRequest, user_id: int) -> HttpResponse:
    """重置密码."""
    target = _target(request, user_id)
    form = forms.PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.account_password_reset(actor=request.user, user=target, password=form.cleaned_data["password1"])
        except ApplicationError as exc:
            form.add_error("password1", exc.message)
        else:
            messages.success(
                request, _("已重置 %(username)s 的密码，请当面告知本人并提醒其修改") % {"username": target.username}
            )
            return redirect("organization:accounts")
    return render(
        request,
        "organization/account_form.html",
        {"form": form, "title": _("重置密码 %(username)s") % {"username": target.username}, "target": target},
    )
