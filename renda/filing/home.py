"""Menu links and home panels of filing review (备案审查): staff, filing organs' officers, supervisors,
special-committee members (their opinion page, F4), the public."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from renda.core import navigation
from renda.core.home import Panel, PanelItem, register
from renda.core.navigation import Link
from renda.filing import committee, permissions
from renda.organization.models import User


def member_panel(user: User) -> Panel | None:
    """A special-committee member: the documents sent to the committee still open for an opinion (F4);
    nothing for deputies who sit on no special committee."""
    today = timezone.localdate()
    if not permissions.committee_ids(user, today):
        return None
    rows = [r for r in committee.member_rows(user, today) if r.open]
    return Panel(
        title=_("备案审查征求意见"),
        count=len(rows),
        items=[
            PanelItem(
                label=r.doc.title,
                url=reverse("filing:member-doc", args=[r.doc.pk]),
                note=_("已提出") if r.mine else _("%(d)s前提出") % {"d": f"{r.due:%Y-%m-%d}"},
            )
            for r in rows[:6]
        ],
        empty_text=_("暂无待提出意见的文件"),
        url=reverse("filing:member"),
        order=38,
    )


def register_all() -> None:
    """Add the filing-review entries under 立法与备案审查 (called from ``FilingConfig.ready``)."""
    navigation.add(User.Role.STAFF, Link(_l("备案审查"), "filing:list", order=45, group="legislation"))
    navigation.add(User.Role.STAFF, Link(_l("备案审查逾期"), "filing:overdue", order=46, group="legislation"))
    navigation.add(User.Role.STAFF, Link(_l("审查建议"), "filing:suggestions", order=47, group="legislation"))
    navigation.add(User.Role.STAFF, Link(_l("备案审查统计"), "filing:figures", order=48, group="legislation"))
    navigation.add(User.Role.STAFF, Link(_l("年度目录报送"), "filing:catalogues", order=49, group="legislation"))
    navigation.add(User.Role.SUPERVISOR, Link(_l("备案审查"), "filing:list", order=45, group="legislation"))
    navigation.add(User.Role.SUPERVISOR, Link(_l("年度目录报送"), "filing:catalogues", order=49, group="legislation"))
    navigation.add(User.Role.UNIT_OFFICER, Link(_l("报送备案"), "filing:list", order=45, group="legislation"))
    navigation.add(
        User.Role.UNIT_OFFICER, Link(_l("报送年度目录"), "filing:catalogue-new", order=46, group="legislation")
    )
    register(User.Role.DEPUTY, member_panel)
    navigation.add(navigation.PUBLIC, Link(_l("提出审查建议"), "filing:public-suggest", order=810))
    navigation.add(navigation.PUBLIC, Link(_l("撤销决定公布"), "filing:public-revocations", order=811))
