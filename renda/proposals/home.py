"""Home-page panels (real pending counts) and menu links of the proposals domain."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from renda.core import navigation
from renda.core.home import Panel, PanelItem, register
from renda.core.notifications import unread_for
from renda.organization.models import User
from renda.proposals import selectors


def staff_panel(user: User) -> Panel:
    """Staff: proposals to register and assign, requests to decide, overdue assignments."""
    c = selectors.pending_counts(user)
    url = reverse("proposals:list")
    return Panel(
        title=_("议案建议待办"),
        count=c["to_register"] + c["to_assign"] + c["reassign"] + c["extension"],
        items=[
            PanelItem(_("待登记"), f"{url}?status=submitted", str(c["to_register"])),
            PanelItem(_("待交办"), reverse("proposals:assign-bulk"), str(c["to_assign"])),
            PanelItem(_("申请调整待审批"), f"{url}?pending=reassign", str(c["reassign"])),
            PanelItem(_("延期申请待审批"), f"{url}?pending=extension", str(c["extension"])),
            PanelItem(_("超期未办"), reverse("proposals:overdue-board"), str(c["overdue"])),
        ],
        url=url,
        order=10,
    )


def deputy_panel(user: User) -> Panel:
    """Deputy: own proposals and drafts (to edit), invitations to co-sign, replies to rate."""
    c = selectors.pending_counts(user)
    url = reverse("proposals:list")
    return Panel(
        title=_("我的建议"),
        count=c["invites"] + c["to_rate"],
        items=[
            PanelItem(_("我领衔的"), f"{url}?scope=mine", str(c["mine"])),
            PanelItem(_("我的草稿（可修改）"), f"{url}?scope=mine&status=draft", str(c["drafts"])),
            PanelItem(_("待确认联名"), f"{url}?scope=cosigned", str(c["invites"])),
            PanelItem(_("待评价答复"), f"{url}?scope=to_rate", str(c["to_rate"])),
        ],
        url=reverse("proposals:new"),
        order=10,
    )


def unit_panel(user: User) -> Panel:
    """Unit officer: assignments to sign for, due soon and overdue."""
    c = selectors.pending_counts(user)
    url = reverse("proposals:inbox")
    return Panel(
        title=_("承办建议"),
        count=c.get("open", 0),
        items=[
            PanelItem(_("待签收"), f"{url}?bucket=open", str(c.get("to_receive", 0))),
            PanelItem(_("即将到期（15天内）"), f"{url}?bucket=due_soon", str(c.get("due_soon", 0))),
            PanelItem(_("已超期"), f"{url}?bucket=overdue", str(c.get("overdue", 0))),
        ],
        url=url,
        order=10,
    )


def supervisor_panel(user: User) -> Panel:
    """Supervisor: key suggestions they supervise and their overdue assignments."""
    c = selectors.pending_counts(user)
    return Panel(
        title=_("我督办的重点建议"),
        count=c["supervised"],
        items=[PanelItem(_("其中超期单位件次"), reverse("proposals:key-board"), str(c["overdue"]))],
        url=reverse("proposals:key-board"),
        order=10,
    )


def notifications_panel(user: User) -> Panel:
    """Everyone with a login: unread in-app notifications (站内通知)."""
    rows = list(unread_for(user)[:5])
    return Panel(
        title=_("未读通知"),
        count=unread_for(user).count(),
        items=[PanelItem(n.text, n.link) for n in rows],
        url=reverse("notifications"),
        empty_text=_("没有未读通知"),
        order=5,
    )


def register_all() -> None:
    """Register this app's home panels and menu links (called from ``AppConfig.ready``)."""
    register(User.Role.STAFF, staff_panel)
    register(User.Role.DEPUTY, deputy_panel)
    register(User.Role.UNIT_OFFICER, unit_panel)
    register(User.Role.SUPERVISOR, supervisor_panel)
    for role in (User.Role.STAFF, User.Role.DEPUTY, User.Role.UNIT_OFFICER, User.Role.SUPERVISOR):
        register(role, notifications_panel)
    L = navigation.Link
    navigation.add(User.Role.STAFF, L(_l("议案建议"), "proposals:list", order=10))
    navigation.add(User.Role.STAFF, L(_l("交办"), "proposals:assign-bulk", order=11))
    navigation.add(User.Role.STAFF, L(_l("超期督办"), "proposals:overdue-board", order=12))
    navigation.add(User.Role.STAFF, L(_l("重点建议"), "proposals:key-board", order=13))
    navigation.add(User.Role.STAFF, L(_l("导入"), "proposals:import", order=14))
    navigation.add(User.Role.DEPUTY, L(_l("我的建议"), "proposals:list", order=10))
    navigation.add(User.Role.DEPUTY, L(_l("提出建议"), "proposals:new", order=11))
    navigation.add(User.Role.UNIT_OFFICER, L(_l("承办件"), "proposals:inbox", order=10))
    navigation.add(User.Role.SUPERVISOR, L(_l("重点建议"), "proposals:key-board", order=10))
    navigation.add(User.Role.SUPERVISOR, L(_l("超期督办"), "proposals:overdue-board", order=11))
    navigation.add(navigation.PUBLIC, L(_l("答复公开"), "proposals:public", order=50))
