"""Menu links of filing review (备案审查): staff, filing organs' officers, supervisors, the public."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from renda.core import navigation
from renda.core.navigation import Link
from renda.organization.models import User


def register_all() -> None:
    """Add the filing-review entries under 立法与备案审查 (called from ``FilingConfig.ready``)."""
    navigation.add(User.Role.STAFF, Link(_l("备案审查"), "filing:list", order=45, group="legislation"))
    navigation.add(User.Role.STAFF, Link(_l("备案审查逾期"), "filing:overdue", order=46, group="legislation"))
    navigation.add(User.Role.STAFF, Link(_l("审查建议"), "filing:suggestions", order=47, group="legislation"))
    navigation.add(User.Role.STAFF, Link(_l("备案审查统计"), "filing:figures", order=48, group="legislation"))
    navigation.add(User.Role.SUPERVISOR, Link(_l("备案审查"), "filing:list", order=45, group="legislation"))
    navigation.add(User.Role.UNIT_OFFICER, Link(_l("报送备案"), "filing:list", order=45, group="legislation"))
    navigation.add(navigation.PUBLIC, Link(_l("提出审查建议"), "filing:public-suggest", order=810))
