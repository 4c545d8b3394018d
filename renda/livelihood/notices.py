"""Who is told what in the livelihood domain: one function per event returning a
:class:`~renda.core.notifications.Notice` (queued on commit by the service that acts)."""

from __future__ import annotations

from django.urls import reverse

from renda.core.notifications import Notice
from renda.livelihood.models import Project
from renda.organization.models import User


def _unit_officers(project: Project) -> list[int]:
    """Active officers of the project's responsible unit (ids)."""
    if not project.responsible_unit_id:
        return []
    return list(
        User.objects.filter(
            role=User.Role.UNIT_OFFICER, handling_unit_id=project.responsible_unit_id, is_active=True
        ).values_list("pk", flat=True)
    )


def _vice_chair_login(project: Project) -> list[int]:
    """The login of the project's lead vice-chair, if he has one."""
    if not project.lead_vice_chair_id:
        return []
    return list(User.objects.filter(deputy_id=project.lead_vice_chair_id, is_active=True).values_list("pk", flat=True))


def supervision_assigned(project: Project) -> Notice:
    """ "三个1" supervision assigned (L6): the responsible unit and the lead vice-chair learn who supervises."""
    committee = project.special_committee.name if project.special_committee else "—"
    vice_chair = project.lead_vice_chair.name if project.lead_vice_chair else "—"
    return Notice.to(
        [*_unit_officers(project), *_vice_chair_login(project)],
        f"民生实事项目“{project.title}”已落实“三个1”督办：牵头督办副主任{vice_chair}，"
        f"对口联系{committee}，{project.supervision_group}",
        reverse("livelihood:project-detail", args=[project.pk]),
    )


def project_started(project: Project) -> Notice:
    """Implementation started (L5): the responsible unit is to report progress; the lead vice-chair supervises."""
    return Notice.to(
        [*_unit_officers(project), *_vice_chair_login(project)],
        f"民生实事项目“{project.title}”已开始实施，完成时限 {project.deadline}，请按节点报告进展",
        reverse("livelihood:project-detail", args=[project.pk]),
    )
