"""Home-page panels contributed by the organisation domain, one set per role."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.home import Panel, PanelItem, register
from renda.organization.models import Deputy, HandlingUnit, LiaisonStation, Membership, User


def staff_deputies(user: User) -> Panel:
    """Staff: serving deputies of the congress and how many are first-term."""
    qs = Deputy.objects.filter(status=Deputy.Status.SERVING)
    if user.congress_id:
        qs = qs.filter(term__congress_id=user.congress_id)
    first = qs.filter(is_first_term=True).count()
    return Panel(
        title=_("在任代表"),
        count=qs.count(),
        items=[PanelItem(label=_("其中新任代表"), note=str(first))],
        url=reverse("organization:deputy-directory"),
        order=900,
    )


def deputy_stations(user: User) -> Panel:
    """Deputy: the liaison stations where they receive citizens."""
    stations = (
        list(LiaisonStation.objects.filter(deputies=user.deputy_id).order_by("name")[:5]) if user.deputy_id else []
    )
    return Panel(
        title=_("我进驻的联络站"),
        count=len(stations),
        items=[PanelItem(label=s.name, note=s.district) for s in stations],
        empty_text=_("尚未安排进站"),
        order=900,
    )


def unit_profile(user: User) -> Panel:
    """Unit officer: their unit and its contact officer."""
    unit: HandlingUnit | None = user.handling_unit
    items = (
        [PanelItem(label=unit.name, note=unit.get_kind_display()), PanelItem(label=_("联系人"), note=unit.contact_name)]
        if unit
        else []
    )
    return Panel(title=_("本单位"), items=items, order=900)


def supervisor_bodies(user: User) -> Panel:
    """Supervisor: the bodies they sit in (vice-chair of the Standing Committee, a committee …)."""
    rows = (
        list(Membership.objects.filter(deputy_id=user.deputy_id, ended_on__isnull=True).select_related("body")[:8])
        if user.deputy_id
        else []
    )
    return Panel(
        title=_("我的职务"),
        items=[PanelItem(label=m.body.name, note=m.get_role_display()) for m in rows],
        empty_text=_("无"),
        order=900,
    )


def station_deputies(user: User) -> Panel:
    """Station operator: the deputies on duty at their station."""
    deputies = (
        list(Deputy.objects.filter(liaison_stations=user.liaison_station_id).order_by("code")[:10])
        if user.liaison_station_id
        else []
    )
    return Panel(
        title=_("本站进站代表"),
        count=len(deputies),
        items=[PanelItem(label=d.name, note=d.occupation) for d in deputies],
        order=900,
    )


def citizen_stations(user: User) -> Panel:
    """Citizen: how many liaison stations are open to them."""
    return Panel(
        title=_("代表联络站"),
        count=LiaisonStation.objects.count(),
        empty_text=_("可就近到代表联络站反映意见建议"),
        order=900,
    )


def register_all() -> None:
    """Register this module's providers (called from ``OrganizationConfig.ready``)."""
    register(User.Role.STAFF, staff_deputies)
    register(User.Role.DEPUTY, deputy_stations)
    register(User.Role.UNIT_OFFICER, unit_profile)
    register(User.Role.SUPERVISOR, supervisor_bodies)
    register(User.Role.STATION_OPERATOR, station_deputies)
    register(User.Role.CITIZEN, citizen_stations)
    from renda.organization import guides

    guides.register_all()
