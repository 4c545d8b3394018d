"""Typed events of the livelihood domain (Saleor ``order/events.py`` style).

:class:`Action` lists every action written to a programme's trail
(:class:`~renda.livelihood.models.ProgrammeEvent`, including its candidates' screening and outcome) and
to a project's trail (:class:`~renda.livelihood.models.ProjectEvent`), with the Chinese label that
timelines show. Status moves write their event through :func:`renda.core.workflow.transition`; the
functions below write the acts that change no status, each through
:func:`renda.core.workflow.record_event`. ``at`` back-dates an act (the demo's history, paper records).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.workflow import record_event

if TYPE_CHECKING:
    from renda.core.models import DomainEvent
    from renda.livelihood.models import Programme, Project


class Action(models.TextChoices):
    """Every action of the programme and project trails."""

    # programme
    CREATE = "create", _("创建票决")
    OPEN_SOLICITATION = "open_solicitation", _("开始公开征集")
    CANDIDATE_SUBMIT = "candidate_submit", _("提交候选项目")
    CANDIDATE_UPDATE = "candidate_update", _("修改候选项目")
    CLOSE_SOLICITATION = "close_solicitation", _("结束公开征集")
    SCREEN = "screen", _("筛选论证")
    SUBMIT = "submit", _("提请大会票决")
    VOTE_START = "vote_start", _("列入大会议程表决")
    REVOTE = "revote", _("重新投票")
    SELECT = "select", _("项目当选")
    NOT_SELECT = "not_select", _("项目未当选")
    DECIDE = "decide", _("票决确定项目")
    PUBLISH = "publish", _("公布票决结果")
    SATISFACTION_START = "satisfaction_start", _("开始满意度测评")
    # project
    PLAN = "plan", _("公布实施方案")
    SUPERVISION = "supervision", _("落实“三个1”督办")
    START = "start", _("开始实施")
    MILESTONE = "milestone", _("增加进度节点")
    PROGRESS = "progress", _("报告进展")
    COMPLETE = "complete", _("完成")
    SATISFACTION = "satisfaction", _("满意度测评结果")


def _programme_flow() -> Any:
    from renda.livelihood.workflow import PROGRAMME_WORKFLOW  # workflow imports the models, which import us

    return PROGRAMME_WORKFLOW


def _project_flow() -> Any:
    from renda.livelihood.workflow import PROJECT_WORKFLOW

    return PROJECT_WORKFLOW


def programme_created(programme: Programme, *, actor: Any, at: datetime | None = None) -> DomainEvent:
    """The first event of a programme's trail (from '' to 准备中)."""
    return record_event(
        _programme_flow(), programme, action=Action.CREATE, actor=actor, at=at, from_status="", lock_subject=False
    )


def candidate_submitted(programme: Programme, *, title: str, actor: Any, at: datetime | None = None) -> DomainEvent:
    """A candidate project titled ``title`` was submitted to ``programme`` (L1)."""
    return record_event(_programme_flow(), programme, action=Action.CANDIDATE_SUBMIT, actor=actor, note=title, at=at)


def candidate_updated(programme: Programme, *, title: str, actor: Any, at: datetime | None = None) -> DomainEvent:
    """A candidate project, now titled ``title``, was corrected by staff during collection (L1)."""
    return record_event(_programme_flow(), programme, action=Action.CANDIDATE_UPDATE, actor=actor, note=title, at=at)


def satisfaction_started(programme: Programme, *, title: str, actor: Any, at: datetime | None = None) -> DomainEvent:
    """The year-end satisfaction evaluation (L7) was put on a meeting's agenda as item ``title``."""
    return record_event(_programme_flow(), programme, action=Action.SATISFACTION_START, actor=actor, note=title, at=at)


def plan_published(project: Project, *, actor: Any, at: datetime | None = None) -> DomainEvent:
    """The project's implementation plan (L5) was published; the note states deadline, funding, unit."""
    note = f"完成时限 {project.deadline}，资金 {project.funding} 万元，责任单位 {project.responsible_unit}"
    return record_event(_project_flow(), project, action=Action.PLAN, actor=actor, note=note, at=at)


def supervision_assigned(project: Project, *, actor: Any, at: datetime | None = None) -> DomainEvent:
    """The project's "三个1" supervisors (L6) were assigned (or replaced)."""
    vice_chair = project.lead_vice_chair.name if project.lead_vice_chair else "—"
    committee = project.special_committee.name if project.special_committee else "—"
    note = f"牵头督办：{vice_chair}；对口联系：{committee}；{project.supervision_group}"
    return record_event(_project_flow(), project, action=Action.SUPERVISION, actor=actor, note=note, at=at)


def milestone_added(project: Project, *, title: str, actor: Any, at: datetime | None = None) -> DomainEvent:
    """A milestone titled ``title`` was added to the project's plan."""
    return record_event(_project_flow(), project, action=Action.MILESTONE, actor=actor, note=title, at=at)


def progress_reported(project: Project, *, percent: Any, actor: Any, at: datetime | None = None) -> DomainEvent:
    """A progress report with the weighted overall ``percent`` (0–100) was filed."""
    return record_event(
        _project_flow(), project, action=Action.PROGRESS, actor=actor, note=f"总体进度 {percent}%", at=at
    )


def satisfaction_recorded(project: Project, *, text: str, actor: Any, at: datetime | None = None) -> DomainEvent:
    """The year-end satisfaction result ``text`` (L7) was copied onto the project."""
    return record_event(_project_flow(), project, action=Action.SATISFACTION, actor=actor, note=text, at=at)
