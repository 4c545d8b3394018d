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


#: Roles Standing Committee staff give and manage from the 账号管理 page; the system, security and audit
#: administrators are the system administrator's to create (三员分立), in the admin.
MANAGED_ROLES = (
    User.Role.STAFF,
    User.Role.DEPUTY,
    User.Role.UNIT_OFFICER,
    User.Role.SUPERVISOR,
    User.Role.STATION_OPERATOR,
)


def can_manage_accounts(user: User) -> bool:
    """Standing Committee staff open the 账号管理 page (accounts of their congress)."""
    return bool(is_staff_office(user))


def can_manage_account(actor: User, target: User) -> bool:
    """``actor`` (staff) may change ``target``: an account of a managed role, of the actor's congress (any
    congress for staff bound to none), not a superuser (the system administrator's own), not the actor
    himself (his own password is changed from 修改密码)."""
    return bool(
        can_manage_accounts(actor)
        and target.role in MANAGED_ROLES
        and not target.is_superuser
        and target.pk != actor.pk
        and (actor.congress_id is None or target.congress_id == actor.congress_id)
    )


def can_manage_reference(user: User) -> bool:
    """Standing Committee staff of a congress keep its handling units and liaison stations (承办单位、联络站)."""
    return bool(is_staff_office(user)) and getattr(user, "congress_id", None) is not None
