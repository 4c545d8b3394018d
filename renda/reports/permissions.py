"""Who may read the work statistics (工作统计), their record lists and dashboards, and the units' own
handling reports."""

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


def can_view_record(user: Any, deputy: Any) -> bool:
    """A deputy reads their own activity record; Standing Committee staff read every record of their
    congress (a login bound to no congress, every congress). Nobody else, not another deputy."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == User.Role.DEPUTY:
        return bool(user.deputy_id) and user.deputy_id == deputy.pk
    if user.role == User.Role.STAFF:
        return not user.congress_id or user.congress_id == deputy.term.congress_id
    return False


def can_list_records(user: Any) -> bool:
    """Staff list every deputy's record with filters (same as the statistics)."""
    return can_view_statistics(user)


def can_manage_record_settings(user: Any) -> bool:
    """Staff of a congress set what the public sees and the points scheme (履职积分)."""
    return can_view_statistics(user) and bool(getattr(user, "congress_id", None))


def can_record_training(user: Any, congress_id: int) -> bool:
    """Staff of the congress (代表工作机构) register deputies' trainings (a login bound to no congress may
    not: a training belongs to one congress)."""
    return can_view_statistics(user) and getattr(user, "congress_id", None) == congress_id


#: The dashboards (统计图表) by who reads them.
STAFF, SUPERVISOR, UNIT = "staff", "supervisor", "unit"


def dashboard_role(user: Any) -> str | None:
    """The dashboard ``user`` may open: ``STAFF`` (Standing Committee staff), ``SUPERVISOR`` (a supervisor
    linked to a deputy), ``UNIT`` (a unit officer with a handling unit); ``None`` for every other role,
    who read the public dashboard only."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.role == User.Role.STAFF:
        return STAFF
    if user.role == User.Role.SUPERVISOR and user.deputy_id:
        return SUPERVISOR
    if user.role == User.Role.UNIT_OFFICER and user.handling_unit_id:
        return UNIT
    return None


def can_view_unit_report(user: Any, unit: Any) -> bool:
    """A handling unit's own report on its suggestions (S20): the unit's officers read their unit's;
    Standing Committee staff read any unit's of their congress (a login bound to no congress, any unit's).
    Nobody else, not another unit's officer."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == User.Role.UNIT_OFFICER:
        return bool(user.handling_unit_id) and user.handling_unit_id == unit.pk
    if user.role == User.Role.STAFF:
        return not user.congress_id or user.congress_id == unit.congress_id
    return False


def can_choose_report_unit(user: Any) -> bool:
    """Staff choose which unit's report to open; a unit officer only ever sees their own unit's."""
    return can_view_statistics(user)
