"""Writes of the organisation domain."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from renda.core.exceptions import ApplicationError
from renda.organization.models import Congress, Deputy, HandlingUnit, LiaisonStation, User


def user_upsert(
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    congress: Congress | None = None,
    deputy: Deputy | None = None,
    handling_unit: HandlingUnit | None = None,
    liaison_station: LiaisonStation | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create the login ``username`` or update it to the given role, links and password.

    Args:
        username: login name.
        password: plain password; checked by the configured password validators.
        role: a ``User.Role`` value; deputy, unit officer and station operator roles need their link.
        display_name: shown in the header.
        congress, deputy, handling_unit, liaison_station: what the user acts for.
        is_staff: may use the admin site (the system administrator's; Standing Committee staff keep
            accounts and reference data from Renda's pages and get ``False``). An account without it
            leaves the admin group :data:`STAFF_GROUP`.
        is_superuser: all permissions (demo administrator only).
    Returns:
        The saved user.
    Raises:
        ApplicationError: ``weak_password`` when validators reject the password;
            ``missing_link`` when the role needs a link that was not given.
    """
    needs: dict[str, object] = {
        User.Role.DEPUTY: deputy,
        User.Role.UNIT_OFFICER: handling_unit,
        User.Role.STATION_OPERATOR: liaison_station,
    }
    if role in needs and needs[role] is None:
        raise ApplicationError(
            f"角色“{User.Role(role).label}”必须关联对应的代表、承办单位或联络站", code="missing_link"
        )
    with transaction.atomic():
        user, _created = User.objects.select_for_update().get_or_create(username=username)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError("；".join(exc.messages), code="weak_password") from exc
        user.role = role
        user.display_name = display_name
        user.congress = congress
        user.deputy = deputy
        user.handling_unit = handling_unit
        user.liaison_station = liaison_station
        user.is_staff = is_staff
        user.is_superuser = is_superuser
        user.set_password(password)
        user.save()
        if role == User.Role.STAFF and is_staff and not is_superuser:
            user.groups.add(staff_group_ensure())
        elif not is_staff:
            user.groups.remove(*Group.objects.filter(name=STAFF_GROUP))
    return user


STAFF_GROUP = "常委会工作人员"
REFERENCE_MODELS = (
    "congress",
    "term",
    "session",
    "delegation",
    "professionalgroup",
    "deputy",
    "body",
    "membership",
    "handlingunit",
    "official",
    "liaisonstation",
    "liaisonpoint",
)


def staff_group_ensure() -> Group:
    """Create (or refresh) the staff group that may maintain reference data in the admin.

    Staff may view, add and change the organisation's reference records; deleting is left to the
    administrator (records are referenced by the workflow and are deactivated rather than deleted).

    Returns:
        The group named :data:`STAFF_GROUP`.
    """
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    codenames = [f"{action}_{model}" for model in REFERENCE_MODELS for action in ("view", "add", "change")]
    group.permissions.set(Permission.objects.filter(content_type__app_label="organization", codename__in=codenames))
    return group
