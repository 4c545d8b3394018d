"""Menu links of the appointments domain, in the 监督与任免 group (public list under 信息公开)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from renda.core import navigation
from renda.organization.models import User


def register_all() -> None:
    """Staff: 任免工作 and 宪法宣誓; organs: 提请任免; members: 任免案; everyone: 任免名单 (public)."""
    group = "oversight"
    navigation.add(User.Role.STAFF, navigation.Link(_l("任免工作"), "appointments:board", order=470, group=group))
    navigation.add(User.Role.STAFF, navigation.Link(_l("任职登记"), "appointments:register", order=472, group=group))
    navigation.add(User.Role.STAFF, navigation.Link(_l("宪法宣誓"), "appointments:oaths", order=474, group=group))
    navigation.add(
        User.Role.UNIT_OFFICER, navigation.Link(_l("提请任免"), "appointments:organ", order=470, group=group)
    )
    navigation.add(User.Role.DEPUTY, navigation.Link(_l("任免案"), "appointments:member", order=470, group=group))
    navigation.add(navigation.PUBLIC, navigation.Link(_l("任免名单"), "appointments:public", order=970))
