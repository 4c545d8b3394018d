"""Menu links of the legislation domain (group 立法与备案审查) and its public pages (信息公开)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from renda.core import navigation
from renda.organization.models import User


def register_all() -> None:
    """Add the legislation links: drafts for staff, deputies and contact-point operators; plans for staff
    and deputies; the public comment list for everyone (called from ``LegislationConfig.ready``)."""
    Link = navigation.Link
    for role in (User.Role.STAFF, User.Role.DEPUTY, User.Role.STATION_OPERATOR):
        navigation.add(role, Link(_l("法规草案"), "legislation:drafts", order=440, group="legislation"))
    for role in (User.Role.STAFF, User.Role.DEPUTY):
        navigation.add(role, Link(_l("立法规划计划"), "legislation:plans", order=445, group="legislation"))
    navigation.add(
        User.Role.STAFF, Link(_l("搁置满两年的法规案"), "legislation:terminations", order=446, group="legislation")
    )
    navigation.add(
        User.Role.STAFF, Link(_l("立法论证会、协商会"), "legislation:hearings", order=447, group="legislation")
    )
    navigation.add(navigation.PUBLIC, Link(_l("法规草案征求意见"), "legislation:public-list", order=820))
