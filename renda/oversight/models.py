"""The Standing Committee's oversight (监督, RULES.md §9 M1–M24).

An :class:`OversightPlan` is one year's plan adopted by the Council of Chairpersons (M1). Each
:class:`OversightItem` is one piece of oversight — a special work report, the plan/budget/final
accounts/audit reports, the audit rectification report, the state-assets report, a law-enforcement
inspection, a research topic, a special inquiry or an interpellation — with the organ concerned, the
lead committee, the Standing Committee meeting it goes to and its clocks (M4, M6, M22). Around an item:
the members' :class:`DeliberationOpinion` rows (审议意见), the organ's :class:`HandlingReport` rows
(研究处理情况 and 整改 reports), the inspection group and visits (M11–M13), inquiry questions (M16) and
:class:`Inquiry` bills (质询案, M17–M18). :class:`Decision` rows are the numbered resolutions (M7) and
:class:`WorkRecord` rows the register of work that is not a workflow.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.constraints import db_checked
from renda.core.models import DomainEvent, TimeStampedModel
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.organization.models import Body, Congress, Deputy, HandlingUnit
from renda.oversight.events import GROUP_LABELS, Action


@db_checked(dates=["adopted_on"])
class OversightPlan(TimeStampedModel):
    """One year's oversight plan (年度监督工作计划, M1): drafted by staff, adopted and published by the
    Council of Chairpersons (``adopted_on``, ``adopted_at_meeting``); items may be added afterwards (adjusted)."""

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=120)
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    adopted_at_meeting = models.ForeignKey(
        Meeting, verbose_name=_("主任会议"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("年度监督工作计划")
        verbose_name_plural = _("年度监督工作计划")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="oversight_plan_one_per_year")]

    def __str__(self) -> str:
        return self.title


@db_checked(
    dates=[
        "hearing_on",
        "audit_heard_on",
        "report_submitted_on",
        "opinions_sent_on",
        "handling_due_on",
        "rectification_due_on",
        "inspection_starts_on",
        "plan_sent_on",
        "published_on",
        "views_sent_on",
    ]
)
class OversightItem(TimeStampedModel):
    """One item of the plan and its pipeline (M2–M24); see :mod:`renda.oversight.workflow`."""

    class Kind(models.TextChoices):
        SPECIAL_REPORT = "special_report", _("专项工作报告")
        PLAN_BUDGET = "plan_budget", _("计划和预算执行情况报告")
        FINAL_ACCOUNTS = "final_accounts", _("决算和审计工作报告")
        AUDIT_RECTIFICATION = "audit_rectification", _("审计查出问题整改情况报告")
        STATE_ASSETS = "state_assets", _("国有资产管理情况报告")
        GOVERNMENT_DEBT = "government_debt", _("政府债务管理情况报告")
        INSPECTION = "inspection", _("执法检查")
        RESEARCH = "research", _("专题调研")
        VISIT = "visit", _("集中视察")
        SPECIAL_INQUIRY = "special_inquiry", _("专题询问")
        INTERPELLATION = "interpellation", _("质询")
        INVESTIGATION = "investigation", _("特定问题调查")
        FILING_REVIEW = "filing_review", _("备案审查工作情况报告")

    class Status(models.TextChoices):
        PLANNED = "planned", _("已列入计划")
        SUBMITTED = "submitted", _("已报送报告")
        REVIEWED = "reviewed", _("专委会已初审")
        HEARD = "heard", _("已听取审议")
        OPINIONS_SENT = "opinions_sent", _("审议意见已交办")
        RECTIFYING = "rectifying", _("测评不满意，整改中")
        HANDLED = "handled", _("已报送处理情况")
        CLOSED = "closed", _("已办结")

    class Source(models.TextChoices):
        INSPECTION = "inspection", _("执法检查中发现的突出问题")
        SUGGESTIONS = "suggestions", _("代表议案建议集中反映的问题")
        MEMBERS = "members", _("常委会组成人员提出的意见")
        RESEARCH = "research", _("专门委员会调研中发现的问题")
        PETITIONS = "petitions", _("人民来信来访集中反映的问题")
        PUBLIC = "public", _("社会普遍关注的其他问题")
        ORGAN = "organ", _("有关机关要求报告")
        STATUTORY = "statutory", _("法定报告事项")

    plan = models.ForeignKey(OversightPlan, verbose_name=_("监督计划"), on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("题目"), max_length=150)
    source = models.CharField(_("选题来源"), max_length=16, choices=Source.choices, default=Source.STATUTORY)
    organ = models.ForeignKey(
        HandlingUnit, verbose_name=_("报告机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        Body, verbose_name=_("牵头委员会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("常委会会议"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hearing_on = models.DateField(_("拟提请审议日期"), null=True, blank=True)
    audit_heard_on = models.DateField(_("审计工作报告审议日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    report_file = models.FileField(_("报告文件"), upload_to="oversight/reports/%Y/", blank=True, max_length=200)
    report_submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    review_note = models.TextField(_("初审意见"), blank=True)
    reporter = models.CharField(_("报告人"), max_length=60, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("议程"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opinions_text = models.TextField(_("审议意见（汇总）"), blank=True)
    opinions_sent_on = models.DateField(_("审议意见交办日期"), null=True, blank=True)
    handling_months = models.PositiveSmallIntegerField(_("办理期限（月）"), null=True, blank=True)
    handling_due_on = models.DateField(_("处理情况报告期限"), null=True, blank=True)
    satisfaction_poll = models.ForeignKey(
        Poll, verbose_name=_("满意度测评"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    satisfaction_text = models.CharField(_("测评结果"), max_length=200, blank=True)
    dissatisfied = models.BooleanField(_("测评不满意"), default=False)
    rectification_due_on = models.DateField(_("整改报告期限"), null=True, blank=True)
    # inspections (M11–M13)
    law_title = models.CharField(_("检查的法律法规"), max_length=120, blank=True)
    articles = models.CharField(_("检查条款"), max_length=200, blank=True)
    inspection_starts_on = models.DateField(_("检查开始日期"), null=True, blank=True)
    plan_sent_on = models.DateField(_("方案送达日期"), null=True, blank=True)
    assessment = models.TextField(_("实施情况评价、问题和改进意见"), blank=True)
    law_suggestions = models.TextField(_("修改完善法律法规的建议"), blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    # M4: the report reached the committee later than 20 days before the meeting (taken, flagged)
    report_late = models.BooleanField(_("报告逾期报送"), default=False)
    # M3: the views collected before the hearing were sent to the organ to answer in its report
    views_sent_on = models.DateField(_("意见建议转送日期"), null=True, blank=True)
    # M8: follow-up oversight of an earlier item; the handling report put to a deliberation
    follows = models.ForeignKey(
        "self",
        verbose_name=_("跟踪监督的事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    handling_agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("处理情况报告的审议议程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("监督事项")
        verbose_name_plural = _("监督事项")
        ordering = ["hearing_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(handling_months__lte=24), name="oversight_item_handling_months_max")
        ]

    def __str__(self) -> str:
        return self.title


@db_checked()
class DeliberationOpinion(TimeStampedModel):
    """One member's deliberation opinion (审议意见) on an item heard (M6), entered from his page."""

    item = models.ForeignKey(
        OversightItem, verbose_name=_("监督事项"), on_delete=models.CASCADE, related_name="opinions"
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("组成人员"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("审议意见"))

    class Meta:
        verbose_name = _("审议意见")
        verbose_name_plural = _("审议意见")
        ordering = ["item", "id"]


@db_checked(dates=["collected_on"])
class PreHearingView(TimeStampedModel):
    """A view collected before the hearing (M3): from an inspection or research the Council of
    Chairpersons organised with members and deputies, or from members and deputies directly; the
    office sends them to the organ to answer in its report."""

    class Source(models.TextChoices):
        INSPECTION = "inspection", _("视察")
        RESEARCH = "research", _("专题调查研究")
        MEMBERS = "members", _("常委会组成人员")
        DEPUTIES = "deputies", _("人大代表")

    item = models.ForeignKey(
        OversightItem, verbose_name=_("监督事项"), on_delete=models.CASCADE, related_name="prehearing_views"
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    collected_on = models.DateField(_("收集日期"))
    text = models.TextField(_("意见建议"))
    participants = models.ManyToManyField(Deputy, verbose_name=_("参加的组成人员和代表"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("听取报告前收集的意见建议")
        verbose_name_plural = _("听取报告前收集的意见建议")
        ordering = ["item", "collected_on", "id"]


@db_checked()
class OrganAttendance(TimeStampedModel):
    """A responsible official an organ sent to a deliberation or a special inquiry to hear views and
    answer questions (M15–M16)."""

    item = models.ForeignKey(
        OversightItem, verbose_name=_("监督事项"), on_delete=models.CASCADE, related_name="attendance"
    )
    organ = models.ForeignKey(HandlingUnit, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=60)
    post = models.CharField(_("职务"), max_length=60)
    is_head = models.BooleanField(_("机关主要负责人"), default=False)

    class Meta:
        verbose_name = _("到会听取意见、回答询问的负责人")
        verbose_name_plural = _("到会听取意见、回答询问的负责人")
        ordering = ["item", "organ", "id"]

    def __str__(self) -> str:
        return f"{self.organ} {self.post} {self.name}"


@db_checked(dates=["submitted_on"])
class HandlingReport(TimeStampedModel):
    """The organ's written report on how it handled the opinions (M6) or its rectification after a
    不满意 vote (M10); ``late`` when it arrived after its due date."""

    class Kind(models.TextChoices):
        HANDLING = "handling", _("研究处理情况报告")
        RECTIFICATION = "rectification", _("整改情况报告")

    item = models.ForeignKey(
        OversightItem, verbose_name=_("监督事项"), on_delete=models.CASCADE, related_name="handling"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("报告文件"), upload_to="oversight/handling/%Y/", max_length=200)
    submitted_on = models.DateField(_("报送日期"))
    due_on = models.DateField(_("期限"), null=True, blank=True)
    late = models.BooleanField(_("逾期报送"), default=False)

    class Meta:
        verbose_name = _("处理情况报告")
        verbose_name_plural = _("处理情况报告")
        ordering = ["item", "submitted_on", "id"]


@db_checked()
class InspectionMember(models.Model):
    """A member of an inspection group (M11): a Standing Committee member or an invited deputy."""

    class Role(models.TextChoices):
        LEADER = "leader", _("组长")
        MEMBER = "member", _("组成人员")
        INVITED_DEPUTY = "invited_deputy", _("受邀代表")

    item = models.ForeignKey(OversightItem, verbose_name=_("执法检查"), on_delete=models.CASCADE, related_name="group")
    deputy = models.ForeignKey(Deputy, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("身份"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("执法检查组成员")
        verbose_name_plural = _("执法检查组成员")
        constraints = [models.UniqueConstraint(fields=["item", "deputy"], name="inspection_member_once")]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.get_role_display()}"


@db_checked(dates=["visited_on"])
class InspectionVisit(models.Model):
    """One activity of an inspection (M11): date, place and form (座谈会, 实地检查, 问卷调查 …)."""

    class Form(models.TextChoices):
        FORUM = "forum", _("座谈会")
        FIELD = "field", _("实地检查")
        THIRD_PARTY = "third_party", _("第三方评估")
        QUESTIONNAIRE = "questionnaire", _("问卷调查")
        SPOT_CHECK = "spot_check", _("抽查")

    item = models.ForeignKey(OversightItem, verbose_name=_("执法检查"), on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=120)
    form = models.CharField(_("形式"), max_length=16, choices=Form.choices)

    class Meta:
        verbose_name = _("检查活动")
        verbose_name_plural = _("检查活动")
        ordering = ["item", "visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.place}"


@db_checked()
class InquiryQuestion(TimeStampedModel):
    """A question at a special inquiry (专题询问, M15–M16): who asked, the official answering, the answer
    and the follow-up commitment."""

    item = models.ForeignKey(
        OversightItem, verbose_name=_("专题询问"), on_delete=models.CASCADE, related_name="questions"
    )
    asker = models.ForeignKey(Deputy, verbose_name=_("询问人"), on_delete=models.PROTECT, related_name="+")
    question = models.TextField(_("问题"))
    official = models.CharField(_("应询人"), max_length=60)
    attendee = models.ForeignKey(
        OrganAttendance, verbose_name=_("应询负责人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("答复"), blank=True)
    commitment = models.TextField(_("整改承诺"), blank=True)

    class Meta:
        verbose_name = _("询问")
        verbose_name_plural = _("询问")
        ordering = ["item", "id"]


@db_checked(dates=["answer_due_on", "answered_on"])
class Inquiry(TimeStampedModel):
    """A 质询案 (M17–M18): ≥ 5 members jointly, in writing, during a Standing Committee session; the
    Council of Chairpersons sets the form of the answer and its date; the organ's head answers."""

    class Status(models.TextChoices):
        FILED = "filed", _("已提出")
        SCHEDULED = "scheduled", _("已决定答复形式")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已办结")

    class AnswerForm(models.TextChoices):
        ORAL_PLENARY = "oral_plenary", _("在常委会会议上口头答复")
        ORAL_COMMITTEE = "oral_committee", _("在专门委员会会议上口头答复")
        WRITTEN = "written", _("书面答复")

    item = models.ForeignKey(
        OversightItem, verbose_name=_("监督事项"), on_delete=models.PROTECT, related_name="inquiries"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("提出时的常委会会议"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(HandlingUnit, verbose_name=_("质询对象"), on_delete=models.PROTECT, related_name="+")
    questions = models.TextField(_("质询的问题"))
    content = models.TextField(_("质询的内容"))
    signers = models.ManyToManyField(Deputy, verbose_name=_("提质询案人"), related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.FILED)
    answer_form = models.CharField(_("答复形式"), max_length=16, choices=AnswerForm.choices, blank=True)
    answer_due_on = models.DateField(_("答复期限"), null=True, blank=True)
    answerer = models.CharField(_("答复人"), max_length=60, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    rounds = models.PositiveSmallIntegerField(_("答复次数"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("质询案")
        verbose_name_plural = _("质询案")
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(rounds__lte=10), name="inquiry_rounds_max")]


@db_checked(dates=["adopted_on", "published_on"])
class Decision(TimeStampedModel):
    """A resolution or decision (决议决定) adopted at a Standing Committee meeting, numbered per year and
    published (M7)."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("决定")
        RESOLUTION = "resolution", _("决议")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("编号"))
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=150)
    text = models.TextField(_("正文"))
    meeting = models.ForeignKey(Meeting, verbose_name=_("常委会会议"), on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        OversightItem, verbose_name=_("监督事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("通过日期"))
    organ = models.ForeignKey(
        HandlingUnit, verbose_name=_("执行机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report_due_on = models.DateField(_("执行情况报告期限"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("决议决定")
        verbose_name_plural = _("决议决定")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["congress", "year", "number"], name="decision_unique_number")]

    def __str__(self) -> str:
        return f"〔{self.year}〕{self.number}号 {self.title}"


@db_checked(dates=["submitted_on"])
class ImplementationReport(TimeStampedModel):
    """The organ's report on carrying out a resolution (M7), due by the date the resolution sets;
    ``late`` when it arrived after it."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("决议决定"), on_delete=models.CASCADE, related_name="implementation_reports"
    )
    file = models.FileField(_("报告文件"), upload_to="oversight/implementation/%Y/", max_length=200)
    submitted_on = models.DateField(_("报送日期"))
    due_on = models.DateField(_("期限"), null=True, blank=True)
    late = models.BooleanField(_("逾期报送"), default=False)

    class Meta:
        verbose_name = _("决议执行情况报告")
        verbose_name_plural = _("决议执行情况报告")
        ordering = ["decision", "submitted_on", "id"]


@db_checked(dates=["date"])
class WorkRecord(TimeStampedModel):
    """A register entry for work the annual report counts that is not a workflow (issue 15 item 8)."""

    class Kind(models.TextChoices):
        PARTY_REQUEST = "party_request", _("向市委请示报告")
        PARTY_GROUP_MEETING = "party_group_meeting", _("党组会议")
        RESEARCH_REPORT = "research_report", _("专题调研报告")
        WORK_SUGGESTION = "work_suggestion", _("工作建议")
        INFORMATION = "information", _("人大信息")
        PRESS_CONFERENCE = "press_conference", _("新闻发布会")
        RULE_REVISED = "rule_revised", _("制度修订")
        STUDY_SESSION = "study_session", _("理论中心组集体学习")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    date = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=150)
    attachment = models.FileField(_("附件"), upload_to="oversight/records/%Y/", blank=True, max_length=200)

    class Meta:
        verbose_name = _("工作记录")
        verbose_name_plural = _("工作记录")
        ordering = ["-date", "-id"]


class OversightEvent(DomainEvent):
    """One transition or act on an oversight item's trail (its 质询案 included)."""

    SUBJECT_FIELD = "item"
    ACTIONS = Action
    STATUS_LABELS = {**dict(Inquiry.Status.choices), **dict(OversightItem.Status.choices)}

    item = models.ForeignKey(OversightItem, on_delete=models.PROTECT, related_name="events")
    inquiry = models.ForeignKey(Inquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="events")

    @property
    def action_label(self) -> str:
        """The action's Chinese label; the group act is named for the item's kind (``events.GROUP_LABELS``:
        调研组, 视察组… rather than 执法检查组). Reads ``self.item`` — cached when listed through
        ``item.events`` — so callers listing events of many items select the item."""
        if self.action == Action.GROUP:
            return str(GROUP_LABELS.get(self.item.kind, Action.GROUP.label))
        return super().action_label

    class Meta(DomainEvent.Meta):
        verbose_name = _("监督记录")
        verbose_name_plural = _("监督记录")
