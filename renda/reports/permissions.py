"""Who may read the work statistics (工作统计) and their record lists."""

from __future__ import annotations

from typing import Any

from renda.organization.models import User


def can_view_statistics(user: Any) -> bool:
    """Standing Committee staff (the office compiling the work report) read every figure and the
    records behind it; every other role, and visitors, may not."""
    return bool(getattr(user, "is_authenticated", False) and user.role == User.Role.STAFF)


def can_take_snapshot(user: Any) -> bool:
    """Staff who read the statistics may freeze them (a snapshot is never edited afterwards)."""
    return can_view_statistics(user)
