"""Menu link of the reports domain: 工作统计 for Standing Committee staff."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from renda.core import navigation
from renda.organization.models import User


def register_all() -> None:
    """Add 工作统计 to the staff menu, beside 工作日历 under 统计与日历 (the bar holds 8 entries;
    called from ``ReportsConfig.ready``)."""
    navigation.add(User.Role.STAFF, navigation.Link(_l("工作统计"), "reports:work", order=60, group="office"))
