"""Livelihood projects decided by the deputies' vote (民生实事项目人大代表票决制, RULES.md §4 L1–L7).

A :class:`Programme` is one year's round: the government's candidates (L1), the deputies' secret vote
at a plenary (L2/L3, a :class:`renda.meetings.models.Poll`), the selection by L4, then one
:class:`Project` per chosen candidate with its implementation plan (L5), its "三个1" supervision (L6),
milestones and progress reports, and the year-end satisfaction evaluation (L7).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.constraints import db_checked
from renda.core.models import DomainEvent, TimeStampedModel
from renda.livelihood.events import Action
from renda.meetings.models import AgendaItem, Poll
from renda.organization.models import Body, Congress, Deputy, HandlingUnit, Session


@db_checked(dates=["solicitation_starts_on", "solicitation_ends_on"])
class Programme(TimeStampedModel):
    """One year's livelihood programme: ``seats`` (N) projects are chosen from more candidates (差额).

    ``solicitation_starts_on``/``solicitation_ends_on`` bound the public solicitation (calendar days,
    at least 30 — L1). ``ballot_form`` is L3's form: per-candidate 赞成/反对/弃权 (default) or choose up
    to N.
    """

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("准备中")
        SOLICITING = "soliciting", _("公开征集")
        SCREENING = "screening", _("筛选论证")
        SUBMITTED = "submitted", _("已提请大会")
        VOTING = "voting", _("票决中")
        DECIDED = "decided", _("已票决")
        PUBLISHED = "published", _("已公布")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, verbose_name=_("会次"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=120)
    seats = models.PositiveSmallIntegerField(_("确定项目数"))
    ballot_form = models.CharField(
        _("票式"), max_length=16, choices=Poll.BallotForm.choices, default=Poll.BallotForm.PER_OPTION
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFTING)
    solicitation_starts_on = models.DateField(_("征集开始日期"), null=True, blank=True)
    solicitation_ends_on = models.DateField(_("征集截止日期"), null=True, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("票决议程"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result_text = models.TextField(_("票决结果"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    #: Statuses in which candidates are collected (L1).
    COLLECTING = (Status.SOLICITING, Status.SCREENING)
    #: Statuses after the deputies' vote decided the programme: the adopted plan is read-only.
    ADOPTED = (Status.DECIDED, Status.PUBLISHED)

    class Meta:
        verbose_name = _("民生实事项目票决")
        verbose_name_plural = _("民生实事项目票决")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year"], name="programme_one_per_year"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="programme_seats_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        """Whether the deputies' vote has decided the programme (已票决 or 已公布): read-only from then on."""
        return self.status in self.ADOPTED


@db_checked()
class Candidate(TimeStampedModel):
    """A candidate project submitted by the government (候选项目): title, description, budget (万元),
    lead unit and targets; screened in or out (L1); after the vote, ``yes_votes`` and the outcome."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        SCREENED_IN = "screened_in", _("列入候选")
        SCREENED_OUT = "screened_out", _("未列入")
        SELECTED = "selected", _("当选")
        NOT_SELECTED = "not_selected", _("未当选")

    programme = models.ForeignKey(
        Programme, verbose_name=_("票决"), on_delete=models.CASCADE, related_name="candidates"
    )
    number = models.PositiveSmallIntegerField(_("编号"))
    title = models.CharField(_("项目名称"), max_length=120)
    description = models.TextField(_("项目内容"), blank=True)
    budget = models.DecimalField(_("预算（万元）"), max_digits=12, decimal_places=2)
    lead_unit = models.ForeignKey(HandlingUnit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+")
    targets = models.TextField(_("目标任务"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    screening_note = models.CharField(_("筛选意见"), max_length=200, blank=True)
    yes_votes = models.PositiveIntegerField(_("赞成票"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("候选项目")
        verbose_name_plural = _("候选项目")
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="candidate_unique_number")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_selected(self) -> bool:
        """Whether the deputies' vote chose this candidate (当选, L4)."""
        return self.status == self.Status.SELECTED


@db_checked(dates=["deadline"])
class Project(TimeStampedModel):
    """A chosen livelihood project under delivery.

    Implementation plan (L5): ``targets``, ``deadline``, ``funding`` (万元), ``responsible_unit``.
    "三个1" supervision (L6): exactly one lead Standing Committee vice-chair, one special committee and
    one supervision group; the database refuses to start implementation without all three.
    """

    class Status(models.TextChoices):
        PLANNING = "planning", _("制定实施方案")
        IMPLEMENTING = "implementing", _("实施中")
        COMPLETED = "completed", _("已完成")

    programme = models.ForeignKey(Programme, verbose_name=_("票决"), on_delete=models.PROTECT, related_name="projects")
    candidate = models.OneToOneField(
        Candidate, verbose_name=_("候选项目"), on_delete=models.PROTECT, related_name="project"
    )
    title = models.CharField(_("项目名称"), max_length=120)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PLANNING)
    targets = models.TextField(_("目标任务"), blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    funding = models.DecimalField(_("资金安排（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    responsible_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    plan_published_at = models.DateTimeField(_("实施方案公布时间"), null=True, blank=True)
    lead_vice_chair = models.ForeignKey(
        Deputy, verbose_name=_("牵头督办副主任"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    special_committee = models.ForeignKey(
        Body, verbose_name=_("对口联系专委会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supervision_group = models.CharField(_("监督小组"), max_length=80, blank=True)
    supervision_group_members = models.ManyToManyField(
        Deputy, verbose_name=_("监督小组成员"), blank=True, related_name="livelihood_supervision_groups"
    )
    satisfaction_passed = models.BooleanField(_("测评满意"), null=True, blank=True)
    satisfaction_text = models.CharField(_("测评结果"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("民生实事项目")
        verbose_name_plural = _("民生实事项目")
        ordering = ["programme", "candidate__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="planning")
                | (
                    Q(lead_vice_chair__isnull=False, special_committee__isnull=False)
                    & ~Q(supervision_group="")
                    & Q(deadline__isnull=False, responsible_unit__isnull=False, funding__isnull=False)
                ),
                name="project_implementing_has_plan_and_three_ones",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_plan(self) -> bool:
        """Whether the implementation plan is published with deadline, funding and unit (L5)."""
        return bool(self.plan_published_at and self.deadline and self.funding is not None and self.responsible_unit_id)

    @property
    def has_three_ones(self) -> bool:
        """Whether all three "三个1" supervisors are assigned (L6)."""
        return bool(self.lead_vice_chair_id and self.special_committee_id and self.supervision_group)

    @property
    def plan_locked(self) -> bool:
        """Whether the implementation plan (L5) is fixed: once the project is implemented it is read-only."""
        return self.status != self.Status.PLANNING


@db_checked(dates=["due_on", "completed_on"])
class Milestone(models.Model):
    """A milestone of a project's plan with its weight (relative) and progress (0–100 %)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("节点"), max_length=120)
    weight = models.PositiveSmallIntegerField(_("权重"), default=1)
    due_on = models.DateField(_("计划完成日期"))
    progress = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0)
    completed_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("进度节点")
        verbose_name_plural = _("进度节点")
        ordering = ["project", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "order"], name="milestone_unique_order"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="milestone_progress_max_100"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="milestone_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title


@db_checked(dates=["reported_on"])
class ProgressReport(models.Model):
    """A progress report on a project (进展情况), with the weighted percentage at that date."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("报告日期"))
    text = models.TextField(_("进展情况"))
    percent = models.DecimalField(_("总体进度（%）"), max_digits=5, decimal_places=1)
    author = models.ForeignKey(
        "organization.User", verbose_name=_("报告人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["project", "-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project} {self.reported_on}"


class ProgrammeEvent(DomainEvent):
    """One transition of a livelihood programme (actor, from, to, when, note)."""

    SUBJECT_FIELD = "programme"
    ACTIONS = Action
    # the programme's trail also holds its candidates' moves
    STATUS_LABELS = {**dict(Candidate.Status.choices), **dict(Programme.Status.choices)}

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="events")

    class Meta(DomainEvent.Meta):
        verbose_name = _("票决记录")
        verbose_name_plural = _("票决记录")


class ProjectEvent(DomainEvent):
    """One transition or report of a livelihood project (actor, from, to, when, note)."""

    SUBJECT_FIELD = "project"
    ACTIONS = Action
    STATUS_LABELS = dict(Project.Status.choices)

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="events")

    class Meta(DomainEvent.Meta):
        verbose_name = _("项目记录")
        verbose_name_plural = _("项目记录")
