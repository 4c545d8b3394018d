"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from renda.core import navigation as nav
from renda.core.notifications import unread_for

#: Roles that receive in-app notifications (站内通知): the header links to them with the unread count.
NOTIFIED_ROLES = frozenset({"staff", "deputy", "unit_officer", "supervisor", "station_operator"})


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Add ``nav_menu`` (the main menu for the current user's role, grouped by area) and, for the roles
    that receive notifications, ``unread_notifications``: the number shown beside 站内通知 in the header
    (one indexed count query; ``None`` for other users, who see no link)."""
    user = getattr(request, "user", None)
    unread = None
    if user is not None and user.is_authenticated and getattr(user, "role", "") in NOTIFIED_ROLES:
        unread = unread_for(user).count()
    return {"nav_menu": nav.menu_for(user), "unread_notifications": unread}
