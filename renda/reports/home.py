"""Menu links of the reports domain: 工作统计, 统计图表 and 代表履职档案 for staff, the dashboards' home panel for
supervisors and units, 统计公开 for everyone, 我的履职档案 for deputies, and
the public page of deputies' records (it shows only what the congress made public)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _l

from renda.core import navigation
from renda.core.home import Panel, PanelItem, register
from renda.organization.models import User
from renda.reports import permissions


def register_all() -> None:
    """Add the menu entries (called from ``ReportsConfig.ready``): 工作统计 and 代表履职档案 beside
    工作日历 under 统计与日历 (the staff bar keeps its groups), 我的履职档案 under the deputy's 代表
    group, 代表履职公开 among the public pages; 办理情况报告 (S20) for unit officers and staff."""
    navigation.add(User.Role.STAFF, navigation.Link(_l("工作统计"), "reports:work", order=60, group="office"))
    navigation.add(
        User.Role.STAFF, navigation.Link(_l("代表履职档案"), "reports:deputy-records", order=62, group="office")
    )
    navigation.add(User.Role.STAFF, navigation.Link(_l("履职学习培训"), "reports:trainings", order=63, group="office"))
    navigation.add(
        User.Role.STAFF, navigation.Link(_l("单位办理情况报告"), "reports:unit-report", order=64, group="office")
    )
    navigation.add(User.Role.UNIT_OFFICER, navigation.Link(_l("办理情况报告"), "reports:unit-report", order=12))
    navigation.add(
        User.Role.DEPUTY, navigation.Link(_l("我的履职档案"), "reports:my-record", order=480, group="organization")
    )
    navigation.add(navigation.PUBLIC, navigation.Link(_l("代表履职公开"), "reports:public-records", order=890))


def dashboard_panel(user: User) -> Panel | None:
    """Home panel of supervisors and handling units: a link to their 统计图表 (their menus are full, so
    the dashboard is reached from home rather than a new menu entry); ``None`` without a dashboard."""
    if permissions.dashboard_role(user) is None:
        return None
    url = reverse("reports:dashboard")
    text = _l("督办事项统计图表") if user.role == User.Role.SUPERVISOR else _l("本单位办理情况与平均对照")
    return Panel(title=str(_l("统计图表")), items=[PanelItem(str(text), url)], url=url, order=90)


def register_dashboards() -> None:
    """统计图表 for staff (under 统计与日历), a home panel for supervisors and units, 统计公开 for everyone."""
    navigation.add(User.Role.STAFF, navigation.Link(_l("统计图表"), "reports:dashboard", order=61, group="office"))
    register(User.Role.SUPERVISOR, dashboard_panel)
    register(User.Role.UNIT_OFFICER, dashboard_panel)
    navigation.add(navigation.PUBLIC, navigation.Link(_l("统计公开"), "reports:public-dashboard", order=990))
