"""承办单位 and 代表联络站/联络点: Standing Committee staff keep this reference data from Renda's own pages
(issue 13: "Staff manage users and reference data from Renda's own pages; the Django admin stays for
system administrators").

Every change is kept in the record's history (simple-history: who, when, what, and the reason given
here). Records are deactivated (停用), not deleted: suggestions, opinions and receptions point at them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.organization import permissions
from renda.organization.models import Deputy, HandlingUnit, LiaisonPoint, LiaisonStation, User

NOT_YOURS = "只能维护本级人大的承办单位和联络站"


@dataclass(frozen=True)
class UnitData:
    """What staff set on a handling unit (承办单位)."""

    name: str
    kind: str
    short_name: str = ""
    parent: HandlingUnit | None = None
    contact_name: str = ""
    contact_phone: str = ""
    is_active: bool = True


@dataclass(frozen=True)
class StationData:
    """What staff set on a liaison station (代表联络站) or point (联络点): name, district (stations only),
    address, and the deputies on duty there (进站代表 / 联系代表)."""

    name: str
    district: str = ""
    address: str = ""
    deputies: Sequence[Deputy] = field(default_factory=tuple)


def _congress_id(user: User) -> int:
    """The congress of a user who passed ``permissions.can_manage_reference`` (which requires one)."""
    assert user.congress_id is not None
    return user.congress_id


def units_visible(*, viewer: User, q: str = "", kind: str = "", active: bool | None = None) -> QuerySet[HandlingUnit]:
    """The handling units of the viewer's congress by name, with their parent and number of sub-units.

    Args:
        q: part of the name or short name. kind: a ``HandlingUnit.Kind`` value or ''. active: filter.
    """
    if not permissions.can_manage_reference(viewer):
        return HandlingUnit.objects.none()
    qs = HandlingUnit.objects.filter(congress_id=_congress_id(viewer)).select_related("parent")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(short_name__contains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("name")


def stations_visible(*, viewer: User, q: str = "") -> QuerySet[LiaisonStation]:
    """The liaison stations of the viewer's congress by district and name, with deputy and point counts.

    Args:
        q: part of the name, district or address.
    """
    if not permissions.can_manage_reference(viewer):
        return LiaisonStation.objects.none()
    qs = LiaisonStation.objects.filter(congress_id=_congress_id(viewer))
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(district__contains=q) | Q(address__contains=q))
    return qs.annotate(
        deputy_count=Count("deputies", distinct=True), point_count=Count("points", distinct=True)
    ).order_by("district", "name")


def _check_deputies(actor: User, deputies: Sequence[Deputy]) -> None:
    if any(d.term.congress_id != actor.congress_id for d in deputies):
        raise RuleViolation("所选代表不属于本级人大")


@transaction.atomic
def unit_save(*, actor: User, unit: HandlingUnit | None, data: UnitData) -> HandlingUnit:
    """Create (``unit=None``) or change a handling unit of the actor's congress, or 停用/启用 it.

    Args:
        actor: staff of a congress (``permissions.can_manage_reference``).
        unit: the unit to change, or ``None`` to create one.
        data: the unit's fields; ``parent`` must be of the same congress and not the unit itself or one
            of its sub-units.
    Returns:
        The saved unit.
    Raises:
        PermissionDeniedError: not staff of the unit's congress.
        RuleViolation: an empty name, a name already used in the congress, an unknown kind, a parent of
            another congress or one that would make a loop.
    """
    if not permissions.can_manage_reference(actor) or (unit is not None and unit.congress_id != actor.congress_id):
        raise PermissionDeniedError(NOT_YOURS)
    name = data.name.strip()
    if not name:
        raise RuleViolation("请填写单位名称")
    if data.kind not in HandlingUnit.Kind.values:
        raise RuleViolation("请选择单位类别")
    parent = data.parent
    if parent is not None:
        if parent.congress_id != actor.congress_id:
            raise RuleViolation("上级单位不属于本级人大")
        ancestor: HandlingUnit | None = parent
        while ancestor is not None:
            if unit is not None and ancestor.pk == unit.pk:
                raise RuleViolation("上级单位不能是本单位或其下级单位")
            ancestor = ancestor.parent
    target = (
        HandlingUnit(congress_id=_congress_id(actor))
        if unit is None
        else HandlingUnit.objects.select_for_update().get(pk=unit.pk)
    )
    was_active = target.is_active if unit is not None else True
    target.name, target.kind, target.short_name, target.parent = name, data.kind, data.short_name.strip(), parent
    target.contact_name, target.contact_phone = data.contact_name.strip(), data.contact_phone.strip()
    target.is_active = data.is_active
    if unit is None:
        reason = "新增承办单位"
    elif was_active != data.is_active:
        reason = "启用承办单位" if data.is_active else "停用承办单位"
    else:
        reason = "修改承办单位"
    target._change_reason = reason  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:
        raise RuleViolation(f"本级人大已有名为“{name}”的承办单位") from exc
    return target


@transaction.atomic
def station_save(*, actor: User, station: LiaisonStation | None, data: StationData) -> LiaisonStation:
    """Create (``station=None``) or change a liaison station of the actor's congress and its deputies.

    Raises:
        PermissionDeniedError: not staff of the station's congress.
        RuleViolation: an empty name or district, a name already used in the congress, a deputy of
            another congress.
    """
    if not permissions.can_manage_reference(actor) or (
        station is not None and station.congress_id != actor.congress_id
    ):
        raise PermissionDeniedError(NOT_YOURS)
    name, district = data.name.strip(), data.district.strip()
    if not name or not district:
        raise RuleViolation("请填写联络站名称和所在区县")
    _check_deputies(actor, data.deputies)
    target = (
        LiaisonStation(congress_id=_congress_id(actor))
        if station is None
        else LiaisonStation.objects.select_for_update().get(pk=station.pk)
    )
    target.name, target.district, target.address = name, district, data.address.strip()
    target._change_reason = "新增联络站" if station is None else "修改联络站"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:
        raise RuleViolation(f"本级人大已有名为“{name}”的联络站") from exc
    target.deputies.set(data.deputies)
    return target


@transaction.atomic
def point_save(*, actor: User, station: LiaisonStation, point: LiaisonPoint | None, data: StationData) -> LiaisonPoint:
    """Create (``point=None``) or change a liaison point (联络点) of ``station`` and its deputies.

    Raises:
        PermissionDeniedError: not staff of the station's congress, or the point is another station's.
        RuleViolation: an empty name, a name already used at the station, a deputy of another congress.
    """
    if not permissions.can_manage_reference(actor) or station.congress_id != actor.congress_id:
        raise PermissionDeniedError(NOT_YOURS)
    if point is not None and point.station_id != station.pk:
        raise PermissionDeniedError(NOT_YOURS)
    name = data.name.strip()
    if not name:
        raise RuleViolation("请填写联络点名称")
    _check_deputies(actor, data.deputies)
    target = (
        LiaisonPoint(station=station) if point is None else LiaisonPoint.objects.select_for_update().get(pk=point.pk)
    )
    target.name, target.address = name, data.address.strip()
    target._change_reason = "新增联络点" if point is None else "修改联络点"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:
        raise RuleViolation(f"该联络站已有名为“{name}”的联络点") from exc
    target.deputies.set(data.deputies)
    return target
