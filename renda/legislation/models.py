"""Local legislation (设区的市地方立法, RULES.md §8): plans, draft regulations with structured versions,
readings at Standing Committee meetings, public comment and the drafting office's responses.

A draft's status moves only through :func:`renda.core.workflow.transition` (``workflow.DRAFT_FLOW``);
its events are :class:`DraftEvent` rows (append-only, hash-chained). A version's text is structured:
:class:`Article` rows in order (第X条), each with its chapter (第X章) and its paragraphs (款).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.constraints import db_checked
from renda.core.models import DomainEvent, TimeStampedModel
from renda.legislation.events import Action
from renda.legislation.workflow import Status
from renda.organization.models import Congress, Deputy, User


@db_checked()
class ContactPoint(TimeStampedModel):
    """A grassroots legislative contact point (基层立法联系点, G19): name, address, its experts."""

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=80)
    address = models.CharField(_("地址"), max_length=120, blank=True)
    experts = models.TextField(_("立法咨询专家"), blank=True, help_text=_("每行一位"))

    class Meta:
        verbose_name = _("基层立法联系点")
        verbose_name_plural = _("基层立法联系点")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="leg_contact_point_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def expert_list(self) -> list[str]:
        """The experts, one per non-empty line."""
        return [line.strip() for line in self.experts.splitlines() if line.strip()]


@db_checked(dates=["adopted_on"])
class LegislativePlan(TimeStampedModel):
    """A 立法规划 (five-year) or 年度立法计划 (annual), drafted by the working body and adopted by the
    主任会议 (G20)."""

    class Kind(models.TextChoices):
        FIVE_YEAR = "five_year", _("立法规划")
        ANNUAL = "annual", _("年度立法计划")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    year_from = models.PositiveSmallIntegerField(_("起始年度"))
    year_to = models.PositiveSmallIntegerField(_("终止年度"))
    title = models.CharField(_("名称"), max_length=120)
    adopted_on = models.DateField(_("主任会议通过日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("立法规划和计划")
        verbose_name_plural = _("立法规划和计划")
        ordering = ["-year_from", "kind"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year_to__gte=models.F("year_from")), name="leg_plan_years")
        ]

    def __str__(self) -> str:
        return self.title


@db_checked(dates=["submission_due", "submitted_on"])
class PlanItem(TimeStampedModel):
    """One item of a plan, by stage (G20): its proposer and (annual plan) submission date; a late
    proposer explains in writing to the 主任会议."""

    class Stage(models.TextChoices):
        RESEARCH = "research", _("调研项目")
        PREPARATORY = "preparatory", _("预备项目")
        FORMAL = "formal", _("正式项目")
        DONE = "done", _("已完成")

    plan = models.ForeignKey(
        LegislativePlan, verbose_name=_("规划或计划"), on_delete=models.CASCADE, related_name="items"
    )
    title = models.CharField(_("项目名称"), max_length=120)
    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices, default=Stage.RESEARCH)
    proposer = models.CharField(_("提请单位"), max_length=80)
    submission_due = models.DateField(_("计划提请审议日期"), null=True, blank=True)
    submitted_on = models.DateField(_("实际提请日期"), null=True, blank=True)
    late_explanation = models.TextField(_("逾期书面说明"), blank=True)
    draft = models.ForeignKey(
        "Draft", verbose_name=_("法规草案"), null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_items"
    )

    class Meta:
        verbose_name = _("立法项目")
        verbose_name_plural = _("立法项目")
        ordering = ["plan", "stage", "title"]

    def __str__(self) -> str:
        return self.title


@db_checked(
    dates=[
        "submitted_on",
        "sent_to_members_on",
        "adopted_on",
        "approval_requested_on",
        "approved_on",
        "promulgated_on",
        "effective_on",
        "filed_on",
        "terminated_on",
    ]
)
class Draft(TimeStampedModel):
    """A draft regulation (法规草案) and its course from drafting to filing (RULES.md G1–G18)."""

    class Subject(models.TextChoices):
        """G1: the matters a city may legislate on, plus 法律另有规定 (with its citation)."""

        URBAN = "urban", _("城乡建设与管理")
        ECOLOGY = "ecology", _("生态文明建设")
        HERITAGE = "heritage", _("历史文化保护")
        GRASSROOTS = "grassroots", _("基层治理")
        OTHER_LAW = "other_law", _("法律另有规定的事项")

    class Proposer(models.TextChoices):
        """G6: who submits; court, procuratorate and supervisory commission may not."""

        COUNCIL = "council_of_chairpersons", _("主任会议")
        GOVERNMENT = "government", _("市人民政府")
        SPECIAL_COMMITTEE = "special_committee", _("专门委员会")
        MEMBERS = "members", _("常委会组成人员五人以上联名")
        COURT = "court", _("市中级人民法院")
        PROCURATORATE = "procuratorate", _("市人民检察院")
        SUPERVISORY = "supervisory", _("市监察委员会")

    class Kind(models.TextChoices):
        """G2: the kinds of city regulation; the G1 limit covers all three."""

        AUTONOMOUS = "autonomous", _("自主性立法")
        IMPLEMENTING = "implementing", _("实施性立法")
        PILOT = "pilot", _("先行性立法")

    class Making(models.TextChoices):
        """Whether the draft makes a new regulation (制定) or revises one in force (修订): the work
        report counts them apart ("制定…条例", "修订…条例")."""

        NEW = "new", _("制定")
        REVISION = "revision", _("修订")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("法规名称"), max_length=120)
    kind = models.CharField(_("立法类型（G2）"), max_length=12, choices=Kind.choices, default=Kind.AUTONOMOUS)
    making = models.CharField(_("制定或修订"), max_length=8, choices=Making.choices, default=Making.NEW)
    higher_law = models.CharField(_("所实施的上位法"), max_length=120, blank=True)
    higher_law_text = models.TextField(
        _("上位法相关条文"),
        blank=True,
        help_text=_("用于检查重复性规定（G2）：每行一条或按“第X条”分条"),
    )
    subject = models.CharField(_("立法事项（G1）"), max_length=12, choices=Subject.choices)
    subject_basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    major_matter = models.BooleanField(_("特别重大事项（须由人民代表大会通过，G3）"), default=False)
    proposer = models.CharField(_("提请主体"), max_length=24, choices=Proposer.choices, blank=True)
    co_signers = models.PositiveSmallIntegerField(_("联名人数"), default=0)
    joint_with = models.CharField(_("协同立法城市"), max_length=120, blank=True)
    required_readings = models.PositiveSmallIntegerField(_("审议次数（G8/G9）"), default=2)
    readings_ground = models.CharField(_("主任会议决定审议次数的理由"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFTING)
    version = models.PositiveIntegerField(_("版本"), default=0)
    submitted_on = models.DateField(_("提请日期"), null=True, blank=True)
    sent_to_members_on = models.DateField(_("印发组成人员日期"), null=True, blank=True)
    poll = models.ForeignKey(
        "meetings.Poll", verbose_name=_("表决"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    approval_requested_on = models.DateField(_("报请批准日期（省人大常委会收到）"), null=True, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approval_body = models.CharField(_("批准机关"), max_length=80, blank=True)
    enacting_body = models.CharField(_("制定机关"), max_length=80, blank=True)
    notice_number = models.CharField(_("公告编号"), max_length=40, blank=True)
    promulgated_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    filed_on = models.DateField(_("报送省人大常委会备案日期"), null=True, blank=True)
    terminated_on = models.DateField(_("终止审议日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("法规草案")
        verbose_name_plural = _("法规草案")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


@db_checked(dates=["comment_opens", "comment_closes"])
class DraftVersion(TimeStampedModel):
    """One text of a draft (草案 / 草案修改稿 …): its articles, the import report, and its comment period
    (G11: ``comment_opens`` – ``comment_closes`` inclusive, Asia/Shanghai dates)."""

    draft = models.ForeignKey(Draft, verbose_name=_("法规草案"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本序号"))
    label = models.CharField(_("版本名称"), max_length=60)
    title = models.CharField(_("文本标题"), max_length=120)
    source_name = models.CharField(_("来源文件"), max_length=120, blank=True)
    unparsed = models.JSONField(_("未能识别的内容"), default=list, blank=True)
    comment_opens = models.DateField(_("征求意见开始"), null=True, blank=True)
    comment_closes = models.DateField(_("征求意见截止"), null=True, blank=True)
    comment_short_reason = models.CharField(_("期限少于规定日数的理由"), max_length=200, blank=True)
    comment_early_reason = models.CharField(_("一审前公开征求意见的主任会议决定"), max_length=200, blank=True)
    feedback_published = models.BooleanField(_("已公布意见采纳情况"), default=False)

    class Meta:
        verbose_name = _("草案文本")
        verbose_name_plural = _("草案文本")
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="leg_version_unique")]

    def __str__(self) -> str:
        return f"{self.draft.title}（{self.label}）"


@db_checked()
class Article(models.Model):
    """One article (第X条) of a version, in order; ``paragraphs`` is the list of its 款 (text)."""

    version = models.ForeignKey(
        DraftVersion, verbose_name=_("草案文本"), on_delete=models.CASCADE, related_name="articles"
    )
    number = models.PositiveSmallIntegerField(_("条序号"))
    chapter_number = models.PositiveSmallIntegerField(_("章序号"), default=0)
    chapter_title = models.CharField(_("章标题"), max_length=80, blank=True)
    paragraphs = models.JSONField(_("各款"), default=list)

    class Meta:
        verbose_name = _("条文")
        verbose_name_plural = _("条文")
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="leg_article_unique")]

    def __str__(self) -> str:
        return f"第{self.number}条"

    @property
    def text(self) -> str:
        """The paragraphs joined by newlines."""
        return "\n".join(self.paragraphs)


@db_checked()
class Reading(TimeStampedModel):
    """A reading (审议) of a draft: an agenda item of a Standing Committee meeting with the version read."""

    draft = models.ForeignKey(Draft, verbose_name=_("法规草案"), on_delete=models.CASCADE, related_name="readings")
    version = models.ForeignKey(DraftVersion, verbose_name=_("审议文本"), on_delete=models.PROTECT, related_name="+")
    agenda_item = models.OneToOneField(
        "meetings.AgendaItem", verbose_name=_("会议议程"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("审议次数"))
    results_report = models.CharField(_("法制委员会审议结果报告"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("审议")
        verbose_name_plural = _("审议")
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="leg_reading_unique")]


@db_checked(dates=["published_on"])
class Publication(TimeStampedModel):
    """Where an announced regulation was published (G17): the city SC 公报 (its text is the standard
    text), 中国人大网, the local 人大 website and a local newspaper, with what was published."""

    class Channel(models.TextChoices):
        GAZETTE = "gazette", _("本级人大常委会公报")
        NPC_WEB = "npc_web", _("中国人大网")
        LOCAL_WEB = "local_web", _("本级人大网站")
        NEWSPAPER = "newspaper", _("本行政区域报纸")

    draft = models.ForeignKey(Draft, verbose_name=_("法规草案"), on_delete=models.CASCADE, related_name="publications")
    channel = models.CharField(_("刊载渠道"), max_length=12, choices=Channel.choices)
    published_on = models.DateField(_("刊登日期"))
    reference = models.CharField(_("期号或网址"), max_length=200, blank=True)
    with_explanation = models.BooleanField(_("同时刊登草案说明"), default=False)
    with_results_report = models.BooleanField(_("同时刊登审议结果报告"), default=False)

    class Meta:
        verbose_name = _("法规文本刊登")
        verbose_name_plural = _("法规文本刊登")
        ordering = ["draft", "published_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["draft", "channel"], name="leg_publication_unique")]

    def __str__(self) -> str:
        return f"{self.draft.title}（{self.get_channel_display()}）"


@db_checked()
class Position(models.Model):
    """A group of comments on one article (or the whole draft): a campaign of near-identical comments or
    a cluster of distinct comments on one point, with the drafting office's response (G12)."""

    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("集中意见（近似重复）")
        CLUSTER = "cluster", _("意见要点")

    class Response(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("不采纳")

    version = models.ForeignKey(
        DraftVersion, verbose_name=_("草案文本"), on_delete=models.CASCADE, related_name="positions"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("条文"), null=True, blank=True, on_delete=models.CASCADE, related_name="positions"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    keywords = models.CharField(_("关键词"), max_length=120, blank=True)
    quote = models.TextField(_("代表性意见"))
    size = models.PositiveIntegerField(_("意见条数"), default=0)
    response = models.CharField(_("采纳情况"), max_length=12, choices=Response.choices, blank=True)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("意见要点")
        verbose_name_plural = _("意见要点")
        ordering = ["version", "article__number", "-size"]

    def __str__(self) -> str:
        return self.quote[:40]


@db_checked()
class Comment(TimeStampedModel):
    """A comment on a version (on one article or, ``article`` empty, on the whole). ``phone`` is
    personal information: never published; ``published_text`` is the text masked by
    :func:`renda.core.privacy.redact_public`."""

    class Source(models.TextChoices):
        PUBLIC = "public", _("网上征求意见")
        DEPUTY = "deputy", _("人大代表")
        CONTACT_POINT = "contact_point", _("基层立法联系点")
        HEARING = "hearing", _("论证会、协商会")

    version = models.ForeignKey(
        DraftVersion, verbose_name=_("草案文本"), on_delete=models.CASCADE, related_name="comments"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("条文"), null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    contact_point = models.ForeignKey(
        ContactPoint, verbose_name=_("联系点"), null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    hearing = models.CharField(_("会议名称"), max_length=80, blank=True)
    author = models.CharField(_("提出人"), max_length=40, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    user = models.ForeignKey(
        User, verbose_name=_("用户"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by = models.ForeignKey(
        User, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("意见"))
    published_text = models.TextField(_("公开文本"), blank=True)
    hidden = models.BooleanField(_("已屏蔽"), default=False)
    hidden_reason = models.CharField(_("屏蔽理由"), max_length=120, blank=True)
    position = models.ForeignKey(
        Position, verbose_name=_("意见要点"), null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        ordering = ["created_at", "pk"]


@db_checked(dates=["held_on"])
class Hearing(TimeStampedModel):
    """A 立法论证会、听证会 or 协商座谈会 on legislation (G19), with who took part: the city deputies by name
    and, as a number, the other participants (county deputies, CPPCC members, experts, citizens).

    The work report counts the meetings ("召开立法论证会、协商会20多次"), their participants as 人次 (each
    person once per meeting) and the city deputies who took part ("邀请28名人大代表全程参与立法工作").
    """

    class Kind(models.TextChoices):
        ARGUMENT = "argument", _("立法论证会")
        PUBLIC_HEARING = "public_hearing", _("立法听证会")
        CONSULTATION = "consultation", _("协商会、座谈会")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    draft = models.ForeignKey(
        Draft, verbose_name=_("法规草案"), null=True, blank=True, on_delete=models.PROTECT, related_name="hearings"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("会议名称"), max_length=80)
    held_on = models.DateField(_("召开日期"))
    deputies = models.ManyToManyField(Deputy, verbose_name=_("参加的市人大代表"), blank=True, related_name="+")
    other_participants = models.PositiveIntegerField(
        _("其他参加人数"), default=0, help_text=_("县区人大代表、政协委员、专家、群众等")
    )
    recorded_by = models.ForeignKey(
        User, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("立法论证会、协商会")
        verbose_name_plural = _("立法论证会、协商会")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


@db_checked()
class PhoneCode(models.Model):
    """A one-time code sent to a phone for public comment: only its hash is stored; it expires and allows
    a few attempts."""

    phone = models.CharField(_("手机号码"), max_length=20, db_index=True)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used = models.BooleanField(_("已使用"), default=False)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def __str__(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-4:]}"


class DraftEvent(DomainEvent):
    """One row per status change or recorded act of a draft regulation."""

    SUBJECT_FIELD = "draft"
    ACTIONS = Action

    draft = models.ForeignKey(Draft, verbose_name=_("法规草案"), on_delete=models.PROTECT, related_name="events")

    class Meta(DomainEvent.Meta):
        verbose_name = _("立法过程记录")
        verbose_name_plural = _("立法过程记录")

    def __str__(self) -> str:
        return f"{self.draft_id} {self.from_status}→{self.to_status}"
