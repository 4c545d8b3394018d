"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from renda.core import navigation as nav


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Add ``nav_links``: the menu entries the current user's role may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": nav.public_links()}
    return {"nav_links": nav.links_for(user)}
