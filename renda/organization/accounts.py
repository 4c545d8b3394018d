"""账号管理: Standing Committee staff open, change, deactivate accounts and reset passwords from pages
(issue 13 item 6), for the roles of :data:`~renda.organization.permissions.MANAGED_ROLES`. Every change is
kept in the account's history (simple-history, with the acting user and a reason); the administrators of
三员分立 are not managed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from renda.core.exceptions import ApplicationError, PermissionDeniedError, RuleViolation
from renda.organization import permissions
from renda.organization.models import Congress, Deputy, HandlingUnit, LiaisonStation, User

NOT_YOURS = "只能管理本级人大的工作账号（系统管理员、安全管理员、审计管理员由系统管理员管理）"


@dataclass(frozen=True)
class AccountData:
    """What staff set on an account: role, display name, phone and the record the user acts for."""

    role: str
    display_name: str = ""
    phone: str = ""
    deputy: Deputy | None = None
    handling_unit: HandlingUnit | None = None
    liaison_station: LiaisonStation | None = None


def accounts_visible(*, viewer: User, q: str = "", role: str = "", active: bool | None = None) -> QuerySet[User]:
    """Accounts ``viewer`` manages, by username: of the managed roles, of the viewer's congress.

    Args:
        q: part of the username or display name. role: one role value, or '' for all. active: filter.
    """
    if not permissions.can_manage_accounts(viewer):
        return User.objects.none()
    qs = User.objects.filter(role__in=permissions.MANAGED_ROLES, is_superuser=False).select_related(
        "deputy", "handling_unit", "liaison_station"
    )
    if viewer.congress_id:
        qs = qs.filter(congress_id=viewer.congress_id)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q) | Q(deputy__name__contains=q))
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("username")


def _check_links(data: AccountData, congress: Congress | None) -> dict[str, Any]:
    """The link fields for ``data.role`` (the others cleared), each of ``congress``.

    Raises:
        RuleViolation: the role's link is missing, or belongs to another congress, or the deputy already
            has an account.
    """
    role = data.role
    if role not in permissions.MANAGED_ROLES:
        raise RuleViolation("不能在此设置该角色")
    links: dict[str, Any] = {"deputy": None, "handling_unit": None, "liaison_station": None}
    if role in (User.Role.DEPUTY, User.Role.SUPERVISOR) and data.deputy is not None:
        links["deputy"] = data.deputy
    if role == User.Role.DEPUTY and data.deputy is None:
        raise RuleViolation("人大代表账号须关联代表")
    if role == User.Role.UNIT_OFFICER:
        if data.handling_unit is None:
            raise RuleViolation("承办单位工作人员账号须关联承办单位")
        links["handling_unit"] = data.handling_unit
    if role == User.Role.STATION_OPERATOR:
        if data.liaison_station is None:
            raise RuleViolation("联络站工作人员账号须关联联络站")
        links["liaison_station"] = data.liaison_station
    if congress is not None:
        owners = {
            "deputy": lambda d: d.term.congress_id,
            "handling_unit": lambda u: u.congress_id,
            "liaison_station": lambda s: s.congress_id,
        }
        for name, value in links.items():
            if value is not None and owners[name](value) != congress.pk:
                raise RuleViolation("关联的代表、承办单位或联络站不属于本级人大")
    return links


def _password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError("；".join(exc.messages), code="weak_password") from exc


@transaction.atomic
def account_create(*, actor: User, username: str, password: str, data: AccountData) -> User:
    """Open an account of the actor's congress with an initial password (the user changes it from 修改密码).

    Args:
        actor: staff. username: the login (unique). password: checked by the password validators.
        data: role, display name, phone and link.
    Returns:
        The new user.
    Raises:
        PermissionDeniedError: not staff. RuleViolation: a taken username, a missing or foreign link, a
            deputy who already has an account. ApplicationError ``weak_password``.
    """
    if not permissions.can_manage_accounts(actor):
        raise PermissionDeniedError(NOT_YOURS)
    if User.objects.filter(username__iexact=username).exists():
        raise RuleViolation(f"登录名“{username}”已被使用")
    links = _check_links(data, actor.congress)
    user = User(
        username=username,
        role=data.role,
        display_name=data.display_name,
        phone=data.phone,
        congress=actor.congress,
        **links,
    )
    _password(password, user)
    user.set_password(password)
    user._change_reason = "开通账号"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise RuleViolation("该代表已有账号，请编辑原账号") from exc
    return user


@transaction.atomic
def account_update(*, actor: User, user: User, data: AccountData, is_active: bool) -> User:
    """Change an account's role, display name, phone, link and whether it may log in (停用/启用).

    Raises:
        PermissionDeniedError: not an account the actor manages. RuleViolation: as :func:`account_create`.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not permissions.can_manage_account(actor, user):
        raise PermissionDeniedError(NOT_YOURS)
    links = _check_links(data, actor.congress)
    user.role, user.display_name, user.phone, user.is_active = data.role, data.display_name, data.phone, is_active
    for name, value in links.items():
        setattr(user, name, value)
    user._change_reason = "修改账号" if is_active else "停用账号"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise RuleViolation("该代表已有账号，请编辑原账号") from exc
    return user


@transaction.atomic
def account_password_reset(*, actor: User, user: User, password: str) -> User:
    """Set a new password for a user who forgot his (told to him in person; he changes it from 修改密码).

    Raises:
        PermissionDeniedError: not an account the actor manages. ApplicationError ``weak_password``.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not permissions.can_manage_account(actor, user):
        raise PermissionDeniedError(NOT_YOURS)
    _password(password, user)
    user.set_password(password)
    user._change_reason = "重置密码"  # type: ignore[attr-defined]
    user.save()
    return user
