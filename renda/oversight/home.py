"""Menu entries and home panels of the oversight domain (group 监督与任免; the public page in 信息公开)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from renda.core import navigation
from renda.core.home import Panel, PanelItem, register
from renda.core.navigation import Link
from renda.organization.models import User
from renda.oversight import selectors


def staff_overdue(user: User) -> Panel:
    """Staff: handling, rectification or resolution-implementation reports past due (the overdue board's
    figure, M6/M7/M10)."""
    qs = selectors.overdue_items(user.congress_id)
    decisions = selectors.overdue_decisions(user.congress_id)
    rows = [PanelItem(label=i.title, url=reverse("oversight:item", args=[i.pk])) for i in qs[:6]]
    rows += [PanelItem(label=str(d), url=reverse("oversight:overdue")) for d in decisions[:3]]
    return Panel(
        title=_("监督事项超期未报"),
        count=qs.count() + decisions.count(),
        items=rows,
        empty_text=_("没有超期的报告"),
        url=reverse("oversight:overdue"),
        order=45,
    )


def staff_annual_check(user: User) -> Panel:
    """Staff: reports the Standing Committee must hear every year that this year's plan lacks (M23)."""
    plan = selectors.current_plan(user.congress_id)
    year = plan.year if plan else timezone.localdate().year
    missing = selectors.annual_missing(user.congress_id, year)
    return Panel(
        title=_("年度法定报告缺项"),
        count=len(missing),
        items=[PanelItem(label=r.label, url=reverse("oversight:annual-check"), note=r.rule) for r in missing],
        empty_text=_("本年度计划已包括全部法定报告"),
        url=reverse("oversight:annual-check"),
        order=46,
    )


def my_oversight(user: User) -> Panel | None:
    """An organ's reports to send, a member's reports under deliberation, a deputy's inspections."""
    rows = (
        list(selectors.organ_pending(user))
        + list(selectors.member_pending(user))
        + list(selectors.invited_inspections(user))
    )
    decisions = list(selectors.organ_decisions_pending(user))
    if not rows and not decisions:
        return None
    items = [
        PanelItem(label=i.title, url=reverse("oversight:item", args=[i.pk]), note=i.get_status_display())
        for i in rows[:6]
    ]
    items += [
        PanelItem(label=str(d), url=reverse("oversight:implementation-report", args=[d.pk]), note=str(d.report_due_on))
        for d in decisions[:3]
    ]
    return Panel(
        title=_("我的监督事项"),
        count=len(rows) + len(decisions),
        items=items,
        empty_text=_("暂无"),
        url=reverse("oversight:mine"),
        order=35,
    )


def register_all() -> None:
    """Register panels and menu links (called from ``OversightConfig.ready``)."""
    register(User.Role.STAFF, staff_overdue)
    register(User.Role.STAFF, staff_annual_check)
    for role in (User.Role.DEPUTY, User.Role.UNIT_OFFICER):
        register(role, my_oversight)
    for role in (User.Role.STAFF, User.Role.DEPUTY, User.Role.SUPERVISOR):
        navigation.add(role, Link(_l("监督工作"), "oversight:plan", order=460, group="oversight"))
    navigation.add(User.Role.STAFF, Link(_l("决议决定"), "oversight:decisions", order=462, group="oversight"))
    navigation.add(User.Role.STAFF, Link(_l("工作记录"), "oversight:records", order=463, group="oversight"))
    navigation.add(User.Role.STAFF, Link(_l("年度法定报告"), "oversight:annual-check", order=464, group="oversight"))
    for role in (User.Role.DEPUTY, User.Role.UNIT_OFFICER):
        navigation.add(role, Link(_l("我的监督事项"), "oversight:mine", order=461, group="oversight"))
    navigation.add(navigation.PUBLIC, Link(_l("监督工作公开"), "oversight:public", order=60))
