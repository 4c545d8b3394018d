"""Home-page panels and menu links of the liaison domain, one set per role."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core import navigation
from renda.core.home import Panel, PanelItem, register
from renda.core.privacy import redact_text
from renda.liaison import selectors
from renda.liaison.workflow import Status
from renda.organization.models import User


def _items(qs) -> list[PanelItem]:  # type: ignore[no-untyped-def]
    return [
        PanelItem(
            label=redact_text(o.title)[:30],
            url=reverse("liaison:opinion-detail", args=[o.pk]),
            note=o.get_status_display(),
        )
        for o in qs[:5]
    ]


def operator_today(user: User) -> Panel:
    """Station operator: opinions recorded at their station today."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    qs = selectors.opinion_visible(viewer=user).filter(received_at__gte=start).order_by("-received_at")
    return Panel(
        title=_("今日登记的群众意见"),
        count=qs.count(),
        items=_items(qs),
        url=reverse("liaison:record"),
        empty_text=_("今天尚未登记意见"),
        order=100,
    )


def staff_triage(user: User) -> Panel:
    """Staff: how many opinions the triage page lists (the same selector), and the first few of it."""
    qs = selectors.triage_inbox(viewer=user)
    return Panel(
        title=_("待分诊群众意见"),
        count=selectors.triage_queue_count(viewer=user),
        items=_items(qs),
        url=reverse("liaison:triage"),
        order=110,
    )


def staff_follow_up(user: User) -> Panel:
    """Staff: opinions the citizen rated low, waiting for follow-up (回访复核, issue 13 item 4)."""
    qs = selectors.opinion_visible(viewer=user).filter(status=Status.FOLLOW_UP).order_by("answered_at")
    return Panel(
        title=_("待回访复核的群众意见"),
        count=qs.count(),
        items=_items(qs),
        url=reverse("liaison:follow-up"),
        empty_text=_("没有群众不满意的答复"),
        order=115,
    )


def unit_routed(user: User) -> Panel:
    """Unit officer: opinions routed to their unit and not yet answered."""
    qs = selectors.opinion_visible(viewer=user).filter(status=Status.ROUTED).order_by("received_at")
    return Panel(
        title=_("转交本单位的群众意见"),
        count=qs.count(),
        items=_items(qs),
        url=reverse("liaison:opinion-list") + "?status=routed",
        order=110,
    )


def deputy_station_opinions(user: User) -> Panel:
    """Deputy: the latest opinions heard at the stations they serve (notifications have their own panel)."""
    qs = selectors.opinion_visible(viewer=user).order_by("-received_at")
    items = _items(qs)[:5]
    return Panel(
        title=_("我所在联络站的群众意见"),
        count=qs.count(),
        items=items,
        url=reverse("liaison:opinion-list"),
        order=110,
    )


def register_all() -> None:
    """Register panels and menu links (called from ``LiaisonConfig.ready``)."""
    register(User.Role.STATION_OPERATOR, operator_today)
    register(User.Role.STAFF, staff_triage)
    register(User.Role.STAFF, staff_follow_up)
    register(User.Role.UNIT_OFFICER, unit_routed)
    register(User.Role.DEPUTY, deputy_station_opinions)
    Link = navigation.Link
    navigation.add(User.Role.STAFF, Link(gettext_lazy("意见分诊"), "liaison:triage", order=300))
    navigation.add(User.Role.STAFF, Link(gettext_lazy("回访复核"), "liaison:follow-up", order=305))
    navigation.add(User.Role.STAFF, Link(gettext_lazy("导入群众留言"), "liaison:import", order=340))
    for role in (
        User.Role.STAFF,
        User.Role.SUPERVISOR,
        User.Role.DEPUTY,
        User.Role.UNIT_OFFICER,
        User.Role.STATION_OPERATOR,
    ):
        navigation.add(role, Link(gettext_lazy("群众意见"), "liaison:opinion-list", order=310))
        navigation.add(role, Link(gettext_lazy("意见检索"), "liaison:search", order=320))
    for role in (User.Role.STAFF, User.Role.SUPERVISOR, User.Role.DEPUTY):
        navigation.add(role, Link(gettext_lazy("热点问题"), "liaison:hot", order=330))
    for role in (User.Role.STATION_OPERATOR, User.Role.STAFF):
        navigation.add(role, Link(gettext_lazy("登记意见"), "liaison:record", order=290))
        navigation.add(role, Link(gettext_lazy("接待活动"), "liaison:receptions", order=295))
    navigation.add(navigation.PUBLIC, Link(gettext_lazy("网上留言"), "liaison:public-form", order=800))
    navigation.add(navigation.PUBLIC, Link(gettext_lazy("留言查询"), "liaison:track", order=810))
