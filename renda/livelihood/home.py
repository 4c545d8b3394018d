"""Home-page panels of the livelihood domain: projects a supervisor leads, overdue projects for staff,
the programmes collecting candidates and the projects a unit is responsible for."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.home import Panel, PanelItem, register
from renda.livelihood import selectors
from renda.organization.models import User


def supervisor_projects(user: User) -> Panel | None:
    """Supervisor (a Standing Committee vice-chair): the livelihood projects they lead ("三个1")."""
    if not user.deputy_id:
        return None
    qs = selectors.projects_led_by(deputy_id=user.deputy_id)
    projects = list(qs[:8])
    return Panel(
        title=_("我牵头督办的民生实事"),
        count=qs.count(),  # all of them, not the 8 listed (issue 13 item 7)
        items=[
            PanelItem(label=p.title, url=reverse("livelihood:project-detail", args=[p.pk]), note=p.get_status_display())
            for p in projects
        ],
        empty_text=_("暂无"),
        order=30,
    )


def staff_overdue_projects(user: User) -> Panel:
    """Staff: projects with a milestone past its due date and not done (2 queries)."""
    qs = selectors.projects_overdue(congress_id=user.congress_id)
    projects = list(qs[:6])
    return Panel(
        title=_("民生实事逾期节点"),
        count=qs.count(),  # all of them, not the 6 listed (issue 13 item 7)
        items=[PanelItem(label=p.title, url=reverse("livelihood:project-detail", args=[p.pk])) for p in projects],
        empty_text=_("没有逾期的民生实事项目"),
        url=reverse("livelihood:programme-list"),
        order=40,
    )


def unit_projects(user: User) -> Panel | None:
    """Unit officer: the livelihood projects their unit is responsible for, with a link to report progress."""
    if not user.handling_unit_id:
        return None
    qs = selectors.unit_projects(viewer=user)
    projects = list(qs[:6])
    return Panel(
        title=_("本单位民生实事项目"),
        count=qs.count(),  # the length of the unit's list it links to, not the 6 shown
        items=[
            PanelItem(label=p.title, url=reverse("livelihood:project-detail", args=[p.pk]), note=p.get_status_display())
            for p in projects
        ],
        empty_text=_("暂无"),
        url=reverse("livelihood:unit-projects"),
        order=30,
    )


def unit_solicitations(user: User) -> Panel | None:
    """Unit officer: the programmes collecting candidate projects now (L1), each linking to the form
    to propose one; no panel when none is collecting."""
    if not user.handling_unit_id:
        return None
    programmes = list(selectors.programmes_collecting(viewer=user))
    if not programmes:
        return None
    return Panel(
        title=_("民生实事候选项目征集"),
        count=len(programmes),
        items=[
            PanelItem(
                label=p.title,
                url=reverse("livelihood:candidate-new", args=[p.pk]),
                note=_("提交候选项目"),
            )
            for p in programmes
        ],
        url=reverse("livelihood:unit-projects"),
        order=29,
    )


def register_all() -> None:
    """Register this app's home panels and menu links (called from ``AppConfig.ready``)."""
    register(User.Role.SUPERVISOR, supervisor_projects)
    register(User.Role.STAFF, staff_overdue_projects)
    register(User.Role.UNIT_OFFICER, unit_solicitations)
    register(User.Role.UNIT_OFFICER, unit_projects)
