"""“Where to start” (从这里开始) guides of the working roles: 3–5 first steps each, with the page to open.

Registered with :func:`renda.core.guides.register` from ``OrganizationConfig.ready`` (via
:func:`renda.organization.home.register_all`), since this app owns the roles; the audit and security
administrators' guides are registered by ``renda.core`` beside their pages. README.md's section
“Where to start (从这里开始)” lists the same steps for the demo logins; ``tests/test_guides.py`` checks
that both say the same and that every link opens for its role.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.guides import GuideStep, register
from renda.organization.models import User

S = GuideStep

GUIDES: dict[str, list[GuideStep]] = {
    User.Role.STAFF: [
        S(_("议案建议"), "proposals:list", _("登记代表提交的建议，查看办理进度")),
        S(_("交办"), "proposals:assign-bulk", _("把已登记的建议交给承办单位")),
        S(_("意见分诊"), "liaison:triage", _("确认群众意见的分类和承办单位")),
        S(_("会议与表决"), "meetings:meeting-list", _("安排会议、签到和表决")),
        S(_("基础数据"), "organization:reference", _("维护届次、机构和组成人员、代表团、承办单位等基础数据")),
    ],
    User.Role.DEPUTY: [
        S(_("提出建议"), "proposals:new", _("写一件建议，可邀请其他代表联名")),
        S(_("我的建议"), "proposals:list", _("查看办理进度，收到答复后评价")),
        S(_("会议与表决"), "meetings:meeting-list", _("会议签到，在手机上表决")),
        S(_("群众意见"), "liaison:opinion-list", _("看所在联络站收到的群众意见，可转为建议")),
    ],
    User.Role.UNIT_OFFICER: [
        S(_("承办件"), "proposals:inbox", _("签收交办的建议，按期答复代表")),
        S(_("群众意见"), "liaison:opinion-list", _("答复转交本单位的群众意见")),
        S(_("民生实事"), "livelihood:unit-projects", _("征集期间提交候选项目，报告本单位负责的民生实事项目进度")),
        S(_("站内通知"), "notifications", _("交办、催办和回访复核的通知都在这里")),
    ],
    User.Role.SUPERVISOR: [
        S(_("重点建议"), "proposals:key-board", _("查看领办、督办的重点建议")),
        S(_("超期督办"), "proposals:overdue-board", _("查看超过办理期限的建议")),
        S(_("民生实事"), "livelihood:programme-list", _("跟踪民生实事项目的实施")),
        S(_("热点问题"), "liaison:hot", _("了解群众反映集中的问题")),
    ],
    User.Role.STATION_OPERATOR: [
        S(_("登记意见"), "liaison:record", _("登记群众在联络站反映的意见，把查询码告诉群众")),
        S(_("接待活动"), "liaison:receptions", _("记录代表进站接待群众的活动")),
        S(_("群众意见"), "liaison:opinion-list", _("跟踪本站意见的转办和答复")),
    ],
    User.Role.CITIZEN: [
        S(_("网上留言"), "liaison:public-form", _("向人大代表反映意见，记下查询码")),
        S(_("留言查询"), "liaison:track", _("用查询码查看办理情况，对答复评价")),
        S(_("答复公开"), "proposals:public", _("阅读公开的代表建议答复")),
    ],
}


def register_all() -> None:
    """Register the guides above (called from :func:`renda.organization.home.register_all`)."""
    for role, steps in GUIDES.items():
        register(role, steps)
