"""Pages every role shares: the landing redirect and the role home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from renda.core.home import panels_for
from renda.core.typing import AuthedRequest


def landing(request: HttpRequest) -> HttpResponse:
    """``/``: the login page for visitors, the home page for logged-in users."""
    if request.user.is_authenticated:
        return redirect("home")
    return redirect("login")


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The logged-in user's home page: the panels registered for their role."""
    user = request.user
    return render(
        request,
        "core/home.html",
        {"panels": panels_for(user), "role": user.role, "role_label": user.get_role_display()},
    )
