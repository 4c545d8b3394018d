"""Who may do what with meetings and polls (``rules`` predicates)."""

from __future__ import annotations

from typing import Any

import rules

from renda.organization.models import User


@rules.predicate
def is_meeting_staff(user: Any, meeting: Any = None) -> bool:
    """Standing Committee staff of the meeting's congress run meetings (check-in, open/close/publish)."""
    if not getattr(user, "is_authenticated", False) or user.role != User.Role.STAFF:
        return False
    if meeting is None or not user.congress_id:
        return True
    return bool(user.congress_id == meeting.congress_id)


@rules.predicate
def is_deputy(user: Any, obj: Any = None) -> bool:
    """A deputy's login, linked to a deputy record."""
    return bool(getattr(user, "is_authenticated", False) and user.role == User.Role.DEPUTY and user.deputy_id)


rules.add_perm("meetings.run_meeting", is_meeting_staff)
rules.add_perm("meetings.cast_ballot", is_deputy)


def can_run(user: Any, meeting: Any) -> bool:
    """True if ``user`` may run ``meeting`` (staff of its congress)."""
    return bool(is_meeting_staff(user, meeting))
