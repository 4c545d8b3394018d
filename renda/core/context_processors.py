"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from renda.core import navigation as nav


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Add ``nav_menu``: the main menu for the current user's role, grouped by area."""
    return {"nav_menu": nav.menu_for(getattr(request, "user", None))}
