"""Deputies' bills (议案) and suggestions (建议、批评和意见): intake, assignment, replies, evaluation.

One :class:`Proposal` row per bill or suggestion (DESIGN.md glossary: both kinds of ``Proposal``).
Each unit's part of the handling is an :class:`Assignment` carrying its stored deadlines; replies,
evaluations, commitments, consultations, urge notices and events hang off them. Every record keeps
its edit history (django-simple-history); every status change is an event row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.constraints import db_checked
from renda.core.jobs import JobPhase
from renda.core.models import DomainEvent, TimeStampedModel
from renda.organization.models import Body, Congress, Delegation, Deputy, HandlingUnit, Official, Session
from renda.proposals.events import Action
from renda.proposals.publication import fill_public
from renda.proposals.workflow import ASSIGNMENT_OPEN, AssignmentStatus, CoSignerState, ExtensionStatus, Status

TOPICS = ["城乡建设", "劳动和社会保障", "教育文体", "商贸旅游", "环境保护", "卫生计生", "交通运输", "其他"]


class Kind(models.TextChoices):
    """Kind of proposal: bill (议案) or suggestion (建议、批评和意见)."""

    BILL = "bill", _("议案")
    SUGGESTION = "suggestion", _("建议")


class Satisfaction(models.TextChoices):
    """Deputy's evaluation (S16): 满意 / 基本满意 / 不满意."""

    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


@db_checked()
class MergeGroup(TimeStampedModel):
    """A group of suggestions with the same content handled together (并案, S10). The originals stay;
    ``dissolved_at`` is set when the merge is undone."""

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT)
    primary = models.ForeignKey(
        "Proposal", verbose_name=_("主件"), on_delete=models.PROTECT, related_name="primary_of_groups"
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    dissolved_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("并案")
        verbose_name_plural = _("并案")

    def __str__(self) -> str:
        return f"并案#{self.pk}"


@db_checked()
class NumberCounter(models.Model):
    """Last number issued in one numbering series (per session and kind, or between sessions per year)."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT)
    series = models.CharField(max_length=80)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["congress", "series"], name="number_counter_unique")]

    def __str__(self) -> str:
        return f"{self.series}: {self.last}"


@db_checked()
class Proposal(TimeStampedModel):
    """A bill or a suggestion.

    ``session`` is set for items submitted to a session, empty for suggestions to the Standing
    Committee between sessions (S1), which are numbered in their own yearly series. ``version`` is
    raised by every service write: an actor who acted on an older version gets ConcurrentModification.
    ``assign_due`` is the S13 date by which staff must assign. ``converted_reason`` records why a bill
    is handled as a suggestion (B5, B6).
    """

    class Submitter(models.TextChoices):
        DEPUTIES = "deputies", _("代表联名")
        DELEGATION = "delegation", _("代表团")
        INSTITUTION = "institution", _("机关")

    class Institution(models.TextChoices):
        PRESIDIUM = "presidium", _("主席团")
        STANDING_COMMITTEE = "standing_committee", _("常务委员会")
        SPECIAL_COMMITTEE = "special_committee", _("专门委员会")
        GOVERNMENT = "government", _("市人民政府")
        COURT = "court", _("市中级人民法院")
        PROCURATORATE = "procuratorate", _("市人民检察院")

    class Decision(models.TextChoices):
        AGENDA = "agenda", _("列入会议议程")
        REFER = "refer", _("交专门委员会审议")
        AS_SUGGESTION = "as_suggestion", _("作为建议处理")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT)
    session = models.ForeignKey(
        Session, verbose_name=_("会次"), null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.SUGGESTION)
    submitted_as = models.CharField(_("提出时类别"), max_length=16, choices=Kind.choices, default=Kind.SUGGESTION)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    number = models.CharField(_("编号"), max_length=60, blank=True, db_index=True)
    serial = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    public_title = models.CharField(_("公开标题"), max_length=200, blank=True, editable=False)
    """``title`` as published (S21), masked once when saved (:mod:`renda.proposals.publication`)."""
    public_body = models.TextField(_("公开内容"), blank=True, editable=False)
    """``body`` as published (S21), masked once when saved."""
    topic = models.CharField(_("主题分类"), max_length=20, blank=True)
    submitter_type = models.CharField(
        _("提出者类型"), max_length=16, choices=Submitter.choices, default=Submitter.DEPUTIES
    )
    lead_deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("领衔代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_proposals",
    )
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("代表团"), null=True, blank=True, on_delete=models.PROTECT
    )
    institution = models.CharField(_("提案机关"), max_length=24, choices=Institution.choices, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    assign_due = models.DateField(_("应交办日期"), null=True, blank=True)
    assign_due_provisional = models.BooleanField(default=False)
    is_complex = models.BooleanField(_("涉及面广、难度大"), default=False, help_text=_("S3：答复期限6个月"))
    is_key = models.BooleanField(_("重点督办"), default=False, db_index=True)
    returned_reason = models.TextField(_("不予立案理由"), blank=True)
    converted_reason = models.CharField(_("转为建议理由"), max_length=200, blank=True)
    review_opinion = models.TextField(_("议案审查委员会意见"), blank=True)
    recommended_decision = models.CharField(_("建议处理方式"), max_length=16, choices=Decision.choices, blank=True)
    decision = models.CharField(_("主席团决定"), max_length=16, choices=Decision.choices, blank=True)
    referred_to = models.ForeignKey(
        Body, verbose_name=_("交付审议的委员会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report_due = models.DateField(_("审议结果报告期限"), null=True, blank=True)
    merge_group = models.ForeignKey(
        MergeGroup, verbose_name=_("并案组"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    create_token = models.CharField(
        _("提交令牌"),
        max_length=64,
        blank=True,
        help_text=_("起草表单的一次性令牌：重复提交同一表单只生成一件草稿"),
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    history = HistoricalRecords(excluded_fields=["version", "public_title", "public_body"])

    class Meta:
        verbose_name = _("议案和建议")
        verbose_name_plural = _("议案和建议")
        ordering = ["serial", "id"]
        indexes = [
            models.Index(fields=["congress", "kind", "status"], name="proposal_kind_status_idx"),
            # the suggestions list in its default order (selectors.proposal_list): the first page of a
            # congress's 5,000+ proposals without sorting them all (issue 17); covering what the list's
            # total and its search read (status and who entered a draft, the searched title, number and
            # lead deputy), so that they are counted from the index, not from 5,000 wide rows
            models.Index(
                fields=["congress", "serial", "id"],
                name="proposal_congress_serial_idx",
                include=["status", "entered_by", "lead_deputy", "number", "title"],
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "number"], condition=~Q(number=""), name="proposal_unique_number"
            ),
            models.UniqueConstraint(
                fields=["entered_by", "create_token"], condition=~Q(create_token=""), name="proposal_create_once"
            ),
            # the categories of TOPICS, or none (issue 12 item 8: a free-text topic was stored)
            models.CheckConstraint(condition=Q(topic__in=["", *TOPICS]), name="proposal_topic_in_topics"),
            # the masked copies are filled (publication.fill_public): masking keeps a text's length
            models.CheckConstraint(
                condition=Exact(Length("public_title"), Length("title")), name="proposal_public_title_filled"
            ),
            models.CheckConstraint(
                condition=Exact(Length("public_body"), Length("body")), name="proposal_public_body_filled"
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, with the masked public title and body set from the current ones (S21:
        :func:`renda.proposals.publication.fill_public`; with ``update_fields``, only for the texts named)."""
        kwargs["update_fields"] = fill_public(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.number or '（未编号）'} {self.title}"


@db_checked()
class CoSigner(TimeStampedModel):
    """A deputy invited to co-sign (联名); counts only once ``status`` is confirmed."""

    State = CoSignerState

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    deputy = models.ForeignKey(Deputy, verbose_name=_("联名代表"), on_delete=models.PROTECT, related_name="cosigned")
    status = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.INVITED)
    responded_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    agreed_to_withdraw = models.BooleanField(_("同意撤回"), default=False, help_text=_("S23：联名建议撤回须全体同意"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("联名代表")
        verbose_name_plural = _("联名代表")
        constraints = [models.UniqueConstraint(fields=["proposal", "deputy"], name="cosigner_unique")]


@db_checked()
class Attachment(TimeStampedModel):
    """A file attached to a proposal by its author or staff."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="proposals/attachments/%Y/")
    name = models.CharField(_("文件名"), max_length=200)


@db_checked()
class KeySupervision(TimeStampedModel):
    """The "五办联动" chain of a key suggestion (重点督办, S6): designated by the Council of
    Chairpersons; a vice-chair supervises, a vice-mayor leads (领办), a special committee supervises,
    the government office urges (催办); the assigned departments handle (承办)."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="key_supervision")
    designated_by = models.ForeignKey(Body, verbose_name=_("决定机构"), on_delete=models.PROTECT, related_name="+")
    designated_on = models.DateField(_("决定日期"))
    vice_chair = models.ForeignKey(Deputy, verbose_name=_("督办副主任"), on_delete=models.PROTECT, related_name="+")
    leading_official = models.ForeignKey(
        Official, verbose_name=_("领办副市长"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(Body, verbose_name=_("督办专门委员会"), on_delete=models.PROTECT, related_name="+")
    urging_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("催办单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("重点督办")
        verbose_name_plural = _("重点督办")


@db_checked()
class Assignment(TimeStampedModel):
    """One unit's part of handling a proposal (交办): lead (主办, S9: several allowed, each replies for
    its part) or co-handler (会办, S8: sends an opinion to the lead, never replies directly).

    Deadlines are computed when assigned or received and stored with their provisional flag:
    ``due_date`` (reply S3 3/6 months, or the co-handler's opinion S8 1 month, extended by S14 or reset
    by re-handling S17), ``reassign_until`` (S12, 7 working days from receipt).
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("主办")
        CO = "co", _("会办")

    Extension = ExtensionStatus

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    # the proposal's congress, copied when the assignment is made (services.assignment._new_assignment;
    # a proposal never changes congress): the overdue board aggregates one congress's open assignments
    # from the partial index assignment_congress_open_idx instead of joining 100,000 proposals (issue 17 item 3)
    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("承办方式"), max_length=8, choices=Role.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED
    )
    assigned_on = models.DateField(_("交办日期"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("签收日期"), null=True, blank=True)
    reassign_until = models.DateField(_("申请调整截止"), null=True, blank=True)
    reassign_until_provisional = models.BooleanField(default=False)
    reassign_reason = models.TextField(_("申请调整理由"), blank=True)
    due_date = models.DateField(_("办理期限"), db_index=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    due_rule = models.CharField(_("期限依据"), max_length=8)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    extension_status = models.CharField(
        _("延期"), max_length=12, choices=Extension.choices, default=Extension.NONE, blank=True
    )
    extension_months = models.PositiveSmallIntegerField(_("已批准延期（月）"), default=0)
    extension_requested_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    opinion = models.TextField(_("会办意见"), blank=True)
    opinion_sent_at = models.DateTimeField(_("会办意见时间"), null=True, blank=True)
    last_urged_at = models.DateTimeField(_("最近催办"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["role", "id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"], name="assignment_unit_idx"),
            models.Index(fields=["status", "due_date"], name="assignment_due_idx"),
            # one congress's open assignments by deadline (the overdue board's list and, index-only, its
            # per-unit counts); the statuses are workflow.ASSIGNMENT_OPEN, sorted (a stable migration)
            models.Index(
                fields=["congress", "due_date", "id"],
                include=["unit"],
                condition=Q(status__in=sorted(ASSIGNMENT_OPEN)),
                name="assignment_congress_open_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"], condition=~Q(status="cancelled"), name="assignment_unique_live_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"


@db_checked(dates=["held_on"])
class Consultation(TimeStampedModel):
    """A contact with the deputy before replying (S4); face-to-face (面商) is required for key
    suggestions (S15)."""

    class Method(models.TextChoices):
        FACE_TO_FACE = "face_to_face", _("面商")
        PHONE = "phone", _("电话沟通")
        WRITTEN = "written", _("书面沟通")
        SITE_VISIT = "site_visit", _("实地调研")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="consultations")
    method = models.CharField(_("方式"), max_length=16, choices=Method.choices)
    held_on = models.DateField(_("日期"))
    deputy_views = models.TextField(_("代表意见"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")


@db_checked(dates=["replied_on"])
class Reply(TimeStampedModel):
    """A lead unit's written reply for one handling round (S8, S9): text, the signed and sealed
    document (S18), reply class (S7). ``evaluation_due`` is 15 working days after delivery (S16);
    ``publish_on`` the date it appears on the public page (S21)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField(_("轮次"))
    text = models.TextField(_("答复内容"))
    public_text = models.TextField(_("公开答复内容"), blank=True, editable=False)
    """``text`` as published (S21), masked once when saved (:mod:`renda.proposals.publication`)."""
    reply_class = models.CharField(_("答复类别"), max_length=4)
    cohandler_views = models.TextField(_("会办单位意见"), blank=True)
    signer_name = models.CharField(_("签发人"), max_length=40)
    signer_title = models.CharField(_("签发人职务"), max_length=40)
    document = models.FileField(_("盖章答复件"), upload_to="proposals/replies/%Y/", blank=True)
    replied_on = models.DateField(_("答复日期"))
    evaluation_due = models.DateField(_("评价期限"))
    evaluation_due_provisional = models.BooleanField(default=False)
    publish_on = models.DateField(_("公开日期"), db_index=True)
    history = HistoricalRecords(excluded_fields=["public_text"])

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["replied_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "round"], name="reply_unique_round"),
            # the masked copy is filled (publication.fill_public): masking keeps a text's length
            models.CheckConstraint(
                condition=Exact(Length("public_text"), Length("text")), name="reply_public_text_filled"
            ),
        ]
        indexes = [
            # newest reply first, covering the publication date and the join (migration 0009; the
            # reports' replies of a period, by reply date)
            models.Index(
                fields=["-replied_on", "-id"], name="reply_public_order_idx", include=["publish_on", "assignment"]
            ),
            # the public page's order, newest publication first (S21): its first page starts at the
            # replies public today, not after the ~14,000 newest that are not yet (issue 17 item 3)
            models.Index(
                fields=["-publish_on", "-replied_on", "-id"], name="reply_public_published_idx", include=["assignment"]
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, with the masked public text set from the current one (S21:
        :func:`renda.proposals.publication.fill_public`; with ``update_fields``, only when ``text`` is named)."""
        kwargs["update_fields"] = fill_public(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)


@db_checked()
class ReplyRecipient(models.Model):
    """A deputy who receives a reply: the lead deputy, every confirmed co-signer (S11) and every
    deputy of a merged group (S10)."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="recipients")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="received_replies")
    delivered_at = models.DateTimeField(_("送达时间"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reply", "deputy"], name="reply_recipient_unique")]

    def __str__(self) -> str:
        return f"{self.reply_id} → {self.deputy_id}"


@db_checked()
class Evaluation(TimeStampedModel):
    """A deputy's rating of one reply (S16): attitude and result, 满意/基本满意/不满意.

    ``comment`` is the deputy's reason, required for 基本满意 and 不满意 (S16/S17: the unit re-handles
    knowing why); the lead unit sees it. A paper evaluation entered by staff for a deputy who cannot go
    online (代录) carries ``entered_by`` (the staff user) and ``paper_date`` (the date on the paper).
    """

    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="evaluations")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="evaluations")
    attitude = models.CharField(_("办理态度"), max_length=16, choices=Satisfaction.choices)
    result = models.CharField(_("办理结果"), max_length=16, choices=Satisfaction.choices)
    comment = models.TextField(_("评价理由"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paper_date = models.DateField(_("纸质评价日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("满意度评价")
        verbose_name_plural = _("满意度评价")
        constraints = [models.UniqueConstraint(fields=["reply", "deputy"], name="evaluation_unique_deputy")]


@db_checked(dates=["due_date", "delivered_on", "reported_to_deputy_on"])
class Commitment(TimeStampedModel):
    """A promise made in a B or C reply (S19): what, by which unit, by when; open until delivered and
    reported to the deputy. Unsolved items carry over to the next year."""

    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="commitments")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="commitments")
    what = models.CharField(_("承诺事项"), max_length=300)
    due_date = models.DateField(_("承诺完成日期"))
    delivered_on = models.DateField(_("完成日期"), null=True, blank=True)
    reported_to_deputy_on = models.DateField(_("告知代表日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("答复承诺")
        verbose_name_plural = _("答复承诺")
        ordering = ["due_date", "id"]

    @property
    def is_open(self) -> bool:
        return self.reported_to_deputy_on is None


@db_checked()
class UrgeNotice(models.Model):
    """A reminder (催办) to a unit: automatic before/after a deadline, or manual by staff/supervisors."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("到期前提醒")
        OVERDUE = "overdue", _("超期催办")
        MANUAL = "manual", _("人工催办")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="urges")
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    due_date = models.DateField(_("针对的期限"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("催办")
        verbose_name_plural = _("催办")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "due_date"], condition=~Q(kind="manual"), name="urge_auto_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_date}"


_PROPOSAL_LABELS = dict(Status.choices)
_ASSIGNMENT_LABELS = dict(AssignmentStatus.choices)
#: Labels of the co-signer and extension workflows, whose events share the proposal's trail.
_OTHER_LABELS = {**dict(CoSignerState.choices), **{k: v for k, v in ExtensionStatus.choices if k}}


class ProposalEvent(DomainEvent):
    """Timeline of a proposal (S5 audit): every transition, who, when, why."""

    ACTIONS = Action

    def _label(self, value: str) -> str:
        labels = _ASSIGNMENT_LABELS if self.assignment_id else _PROPOSAL_LABELS
        return str(labels.get(value) or _OTHER_LABELS.get(value) or value or "—")

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)

    SUBJECT_FIELD = "proposal"

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="events")
    assignment = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.PROTECT, related_name="events")

    class Meta(DomainEvent.Meta):
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")


@db_checked()
class ImportJob(JobPhase, TimeStampedModel):
    """One Excel import of suggestions (issue 12 item 6): who, which file, and how far it got.

    The job's phase is read from its timestamps (:attr:`phase`), not kept in a status field: it is a
    piece of bookkeeping, not a record with a workflow. ``total_rows`` is the number of data rows
    (header excluded) counted when the file was accepted; ``processed_rows``, ``created_count`` and
    ``rejected_count`` grow while it runs (the progress bar). ``failure`` is the Chinese reason when
    the whole file could not be read; bad rows are :class:`ImportRowError` rows. ``mapping`` is the
    column header of each field (``title``, ``body``, ``deputy``, ``topic``). The uploaded file is
    removed once the job has finished.
    """

    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("文件"), upload_to="imports/proposals/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    mapping = models.JSONField(_("列名"), default=dict)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("已导入"), default=0)
    rejected_count = models.PositiveIntegerField(_("未导入"), default=0)
    background = models.BooleanField(_("后台运行"), default=False)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    failure = models.CharField(_("失败原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("建议导入")
        verbose_name_plural = _("建议导入")
        ordering = ["-id"]
        indexes = [models.Index(fields=["congress", "-id"], name="importjob_congress_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")), name="importjob_processed_lte_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.pk})"

    @property
    def percent(self) -> int:
        """Rows processed, as a whole percentage (0–100; 100 once finished)."""
        if self.finished_at is not None:
            return 100
        return min(100, self.processed_rows * 100 // self.total_rows) if self.total_rows else 0


@db_checked()
class ImportRowError(models.Model):
    """A row of an :class:`ImportJob` that was not imported: its sheet row number (1-based, the
    header is row 1; 0 for the whole file) and the Chinese reason."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField(_("行号"))
    reason = models.CharField(_("原因"), max_length=300)

    class Meta:
        verbose_name = _("未导入的行")
        verbose_name_plural = _("未导入的行")
        ordering = ["job", "row", "id"]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.row} {self.reason}"
