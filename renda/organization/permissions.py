"""Role predicates (django-rules) shared by every app's ``permissions.py``.

Object-level rules (a unit officer acts only on their unit's assignments, a deputy only on their own
suggestions …) are built by combining these with record-specific predicates in each app.
"""

from __future__ import annotations

import rules

from renda.organization.models import User


@rules.predicate
def is_staff_office(user: User) -> bool:
    """Standing Committee office staff (常委会工作人员)."""
    return bool(user.is_authenticated and user.role == User.Role.STAFF)


@rules.predicate
def is_deputy(user: User) -> bool:
    """A deputy with a linked Deputy record."""
    return bool(user.is_authenticated and user.role == User.Role.DEPUTY and user.deputy_id)


@rules.predicate
def is_unit_officer(user: User) -> bool:
    """An officer of a handling unit (承办单位)."""
    return bool(user.is_authenticated and user.role == User.Role.UNIT_OFFICER and user.handling_unit_id)


@rules.predicate
def is_supervisor(user: User) -> bool:
    """A supervisor: vice-chair, special-committee member or government-office urger (督办)."""
    return bool(user.is_authenticated and user.role == User.Role.SUPERVISOR)


@rules.predicate
def is_station_operator(user: User) -> bool:
    """An operator of a liaison station."""
    return bool(user.is_authenticated and user.role == User.Role.STATION_OPERATOR and user.liaison_station_id)


rules.add_perm("organization.view_personal_data", is_staff_office)
