from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from renda.core.home import Panel


class CoreConfig(AppConfig):
    name = "renda.core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from renda.core import guides, home, navigation

        navigation.add("staff", navigation.Link(_("工作日历"), "workday-calendar", order=940, group="office"))
        # the audit administrator (三员分立): read-only audit pages
        navigation.add("auditor", navigation.Link(_("审计记录完整性"), "audit-integrity", order=10))
        navigation.add("auditor", navigation.Link(_("操作记录"), "audit-trail", order=20))
        navigation.add("auditor", navigation.Link(_("登录日志"), "audit-logins", order=30))
        home.register("auditor", _auditor_panel)
        # the security administrator (三员分立): lockouts and the login history
        navigation.add("security_admin", navigation.Link(_("登录锁定"), "lockouts", order=10))
        navigation.add("security_admin", navigation.Link(_("登录日志"), "audit-logins", order=20))
        home.register("security_admin", _security_panel)
        step = guides.GuideStep
        guides.register(
            "auditor",
            [
                step(_("审计记录完整性"), "audit-integrity", _("校验各类事件记录的哈希链，查出被改动的记录")),
                step(_("操作记录"), "audit-trail", _("按记录查看谁在何时做了什么")),
                step(_("登录日志"), "audit-logins", _("查看登录成功和失败的记录")),
            ],
        )
        guides.register(
            "security_admin",
            [
                step(_("登录锁定"), "lockouts", _("为被锁定的账号解锁")),
                step(_("登录日志"), "audit-logins", _("查看登录成功和失败的记录")),
                step(_("修改密码"), "password_change", _("定期更换自己的密码")),
            ],
        )


def _auditor_panel(user: Any) -> Panel:
    """The audit administrator's home: the three read-only audit pages."""
    from django.urls import reverse

    from renda.core.home import Panel, PanelItem

    return Panel(
        title=str(_("安全审计")),
        items=[
            PanelItem(str(_("审计记录完整性（哈希链校验）")), reverse("audit-integrity")),
            PanelItem(str(_("操作记录")), reverse("audit-trail")),
            PanelItem(str(_("登录日志")), reverse("audit-logins")),
        ],
        order=10,
    )


def _security_panel(user: Any) -> Panel:
    """The security administrator's home: lockouts now and the login history."""
    from django.urls import reverse

    from renda.core import loginguard
    from renda.core.home import Panel, PanelItem

    return Panel(
        title=str(_("安全管理")),
        items=[
            PanelItem(str(_("当前登录锁定")), reverse("lockouts"), str(len(loginguard.locked_pairs()))),
            PanelItem(str(_("登录日志")), reverse("audit-logins")),
        ],
        order=10,
    )
