"""Pages every role shares: the landing redirect and the role home page."""

from __future__ import annotations

from typing import Any, Protocol

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_http_methods

from renda.core import auditing, guides, loginguard
from renda.core.apis import MESSAGES
from renda.core.exceptions import ApplicationError
from renda.core.forms import GuardedLoginForm, OwnPasswordChangeForm
from renda.core.home import panels_for
from renda.core.notifications import mark_read
from renda.core.numbers import form_int


class RoleUser(Protocol):
    """What core's pages need of the logged-in user (the user model lives in the organisation app)."""

    role: str
    notifications: Any

    def get_role_display(self) -> str: ...


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: ``user`` has a role and notifications."""

    user: RoleUser  # type: ignore[assignment]


def landing(request: HttpRequest) -> HttpResponse:
    """``/``: the login page for visitors, the home page for logged-in users."""
    if request.user.is_authenticated:
        return redirect("home")
    return redirect("login")


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The logged-in user's home page: the panels registered for their role, and their role's “where to
    start” guide (从这里开始, :mod:`renda.core.guides`) until they dismiss it."""
    user = request.user
    return render(
        request,
        "core/home.html",
        {
            "panels": panels_for(user),
            "guide": guides.guide_for(user),
            "role": user.role,
            "role_label": user.get_role_display(),
        },
    )


@login_required
@require_http_methods(["POST"])
def guide_dismiss(request: AuthedRequest) -> HttpResponse:
    """POST (the guide's 不再显示 button): stop showing the user their role's guide, on every device."""
    guides.guide_dismiss(user=request.user)
    return redirect("home")


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    """站内通知: the user's notifications, newest first, 30 per page; POST marks them all read."""
    if request.method == "POST":
        mark_read(user=request.user)
        return redirect("notifications")
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


login = auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=GuardedLoginForm)
#: 修改密码: every logged-in user changes his own password (old password, new twice; the validators apply).
password_change = auth_views.PasswordChangeView.as_view(form_class=OwnPasswordChangeForm)
password_change_done = auth_views.PasswordChangeDoneView.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def lockouts(request: HttpRequest) -> HttpResponse:
    """登录锁定: the (account, address) pairs locked now, each with a 解锁 button (the security administrator,
    :func:`renda.core.auditing.can_manage_lockouts`)."""
    if not auditing.can_manage_lockouts(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            attempt_id = form_int(request.POST.get("attempt"), label=_("锁定记录"), minimum=1)
        except ApplicationError:
            messages.error(request, _("请选择要解锁的记录"))
            return redirect("lockouts")
        pair = loginguard.unlock(attempt_id=attempt_id, actor=request.user)
        if pair is None:
            messages.info(request, _("没有这条锁定记录（可能已解锁或已过期）"))
        else:
            messages.success(
                request,
                _("已解锁：账号 %(username)s（地址 %(address)s）")
                % {"username": pair.username, "address": pair.address},
            )
        return redirect("lockouts")
    return render(request, "core/lockouts.html", {"pairs": loginguard.locked_pairs()})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for every URL: ``{"code": "not_found", "detail"}`` under ``/api/`` (as the API's own 404s), the
    404 page elsewhere. Set as ``handler404`` in ``config/urls.py``."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "detail": MESSAGES["not_found"]}, status=404)
    return defaults.page_not_found(request, exception or Http404())
