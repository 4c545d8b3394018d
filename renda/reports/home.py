"""Menu link of the reports domain: 工作统计 for Standing Committee staff."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from renda.core import navigation
from renda.organization.models import User


def register_all() -> None:
    """Add 工作统计 to the staff menu (called from ``ReportsConfig.ready``)."""
    navigation.add(User.Role.STAFF, navigation.Link(_l("工作统计"), "reports:work", order=60))
