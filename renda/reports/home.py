"""Menu links of the reports domain: 工作统计 and 代表履职档案 for staff, 我的履职档案 for deputies, and
the public page of deputies' records (it shows only what the congress made public)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from renda.core import navigation
from renda.organization.models import User


def register_all() -> None:
    """Add the menu entries (called from ``ReportsConfig.ready``): 工作统计 and 代表履职档案 beside
    工作日历 under 统计与日历 (the staff bar keeps its groups), 我的履职档案 under the deputy's 代表
    group, 代表履职公开 among the public pages."""
    navigation.add(User.Role.STAFF, navigation.Link(_l("工作统计"), "reports:work", order=60, group="office"))
    navigation.add(
        User.Role.STAFF, navigation.Link(_l("代表履职档案"), "reports:deputy-records", order=61, group="office")
    )
    navigation.add(
        User.Role.DEPUTY, navigation.Link(_l("我的履职档案"), "reports:my-record", order=480, group="organization")
    )
    navigation.add(navigation.PUBLIC, navigation.Link(_l("代表履职公开"), "reports:public-records", order=890))
