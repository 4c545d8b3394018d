"""Models of filing review (备案审查, RULES.md F1–F5, G21): filing organs, the law register, filed
normative documents with their clocks, review suggestions, the assistant's flags and the event trails.

Clocks are not stored: they are computed from the dates kept here by :mod:`renda.filing.clocks`
(working days by :mod:`renda.core.workdays`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.constraints import db_checked
from renda.core.models import DomainEvent, TimeStampedModel
from renda.filing.events import Action, CatalogueAction, SuggestionAction
from renda.filing.workflow import CatalogueStatus, DocStatus, SuggestionStatus
from renda.organization.models import Body, Congress, Deputy, HandlingUnit

TITLE_MAX = 200
TEXT_MAX = 60_000


@db_checked()
class Organ(TimeStampedModel):
    """A filing organ (制定机关): who issues normative documents and files them with the city Standing
    Committee. ``kind`` says whether it is in scope (F2); its officers are the UNIT_OFFICER users of
    ``handling_unit``."""

    class Kind(models.TextChoices):
        DISTRICT_CONGRESS = "district_congress", _("区县人民代表大会")
        DISTRICT_SC = "district_sc", _("区县人大常委会")
        GOVERNMENT = "government", _("市人民政府")
        SUPERVISORY = "supervisory", _("市监察委员会")
        COURT = "court", _("市中级人民法院")
        PROCURATORATE = "procuratorate", _("市人民检察院")
        GOVERNMENT_DEPT = "government_dept", _("市政府工作部门（不属备案范围）")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    handling_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("对应单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("备案机关")
        verbose_name_plural = _("备案机关")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@db_checked()
class LawEntry(TimeStampedModel):
    """The law register (法律法规库): a law or regulation a document may cite, with its status."""

    class Status(models.TextChoices):
        CURRENT = "current", _("现行有效")
        AMENDED = "amended", _("已修改")
        REPEALED = "repealed", _("已废止")

    title = models.CharField(_("名称"), max_length=120, unique=True)
    status = models.CharField(_("效力状态"), max_length=12, choices=Status.choices, default=Status.CURRENT)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("法律法规")
        verbose_name_plural = _("法律法规")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


@db_checked(dates=["published_on", "received_on"])
class FilingDocument(TimeStampedModel):
    """A normative document filed for review (报备的规范性文件), F1–F5.

    Dates kept for the clocks: ``published_on`` (F1 30 days), ``received_on`` (F3 formal check, 5
    working days), ``materials_requested_on`` (F3, 10 working days), ``committee_asked_on`` (F4, 30
    days), ``opinion_issued_on`` (F5 response period).
    """

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("决议、决定")
        NORMATIVE = "normative", _("规范性文件")
        RULES = "rules", _("政府规章")

    class ReviewKind(models.TextChoices):
        ACTIVE = "active", _("主动审查")
        REQUEST = "request", _("依申请审查（审查要求）")
        SUGGESTION = "suggestion", _("依申请审查（审查建议）")
        SPECIAL = "special", _("专项审查")
        TRANSFER = "transfer", _("移送审查")
        JOINT = "joint", _("联合审查")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    organ = models.ForeignKey(Organ, verbose_name=_("制定机关"), on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("标题"), max_length=TITLE_MAX)
    number = models.CharField(_("文号"), max_length=60)
    kind = models.CharField(_("文件类别"), max_length=12, choices=Kind.choices, default=Kind.NORMATIVE)
    published_on = models.DateField(_("公布日期"))
    received_on = models.DateField(_("报送日期"))
    text = models.TextField(_("正文"))
    explanation = models.TextField(_("起草说明"), blank=True)
    basis = models.TextField(_("制定依据"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=DocStatus.choices, default=DocStatus.RECEIVED)
    version = models.PositiveIntegerField(default=0)
    review_kind = models.CharField(_("审查方式"), max_length=12, choices=ReviewKind.choices, blank=True)
    materials_requested_on = models.DateField(_("补正通知日期"), null=True, blank=True)
    materials_note = models.CharField(_("需补正材料"), max_length=300, blank=True)
    materials_supplied_on = models.DateField(_("补正日期"), null=True, blank=True)
    committee = models.ForeignKey(
        Body, verbose_name=_("专门委员会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committee_asked_on = models.DateField(_("征求意见日期"), null=True, blank=True)
    committee_opinion = models.TextField(_("专门委员会意见"), blank=True)
    committee_opinion_on = models.DateField(_("提出意见日期"), null=True, blank=True)
    council_decided_on = models.DateField(_("主任会议日期"), null=True, blank=True)
    opinion_issued_on = models.DateField(_("书面审查意见发出日期"), null=True, blank=True)
    outcome_note = models.TextField(_("审查结论"), blank=True)
    revocation_poll = models.ForeignKey(
        "meetings.Poll",
        verbose_name=_("撤销议案表决"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("备案文件")
        verbose_name_plural = _("备案文件")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"


@db_checked()
class ReviewSuggestion(TimeStampedModel):
    """A review suggestion (审查建议) from a citizen or organisation, or a request (审查要求) from an
    organ (F4), tracked by the requester with ``tracking_code``."""

    class Source(models.TextChoices):
        CITIZEN = "citizen", _("公民")
        ORGANISATION = "organisation", _("社会组织、企业")
        ORGAN = "organ", _("国家机关（审查要求）")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("提出人类别"), max_length=16, choices=Source.choices, default=Source.CITIZEN)
    name = models.CharField(_("姓名或名称"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    document_title = models.CharField(_("建议审查的文件"), max_length=TITLE_MAX)
    reasons = models.TextField(_("建议审查的理由"))
    document = models.ForeignKey(
        FilingDocument,
        verbose_name=_("对应备案文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=SuggestionStatus.choices, default=SuggestionStatus.RECEIVED
    )
    version = models.PositiveIntegerField(default=0)
    feedback = models.TextField(_("反馈意见"), blank=True)

    class Meta:
        verbose_name = _("审查建议")
        verbose_name_plural = _("审查建议")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.document_title


@db_checked()
class Flag(TimeStampedModel):
    """A review assistant's flag on one sentence of a filed document: the sentence, the kind, the
    reason; a reviewer confirms or dismisses it (the dismissal's reason is kept and logged)."""

    class Kind(models.TextChoices):
        LICENCE = "licence", _("设定行政许可")
        PENALTY = "penalty", _("设定行政处罚")
        COMPULSORY = "compulsory", _("设定行政强制")
        FEE = "fee", _("设定收费")
        RIGHTS = "rights", _("减损权利或增加义务")
        SIMILAR = "similar", _("与已审查文件条款相似")
        LAW = "law", _("引用的法律已修改或废止")

    class Decision(models.TextChoices):
        OPEN = "open", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DISMISSED = "dismissed", _("已排除")

    document = models.ForeignKey(
        FilingDocument, verbose_name=_("备案文件"), on_delete=models.CASCADE, related_name="flags"
    )
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    sentence = models.TextField(_("语句"))
    reason = models.CharField(_("理由"), max_length=300)
    related = models.ForeignKey(
        FilingDocument,
        verbose_name=_("相似的已审查文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.CharField(_("确认结果"), max_length=12, choices=Decision.choices, default=Decision.OPEN)
    decision_reason = models.CharField(_("排除理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("审查提示")
        verbose_name_plural = _("审查提示")
        ordering = ["id"]


class FilingEvent(DomainEvent):
    """One row per status change of a filed document, or other recorded act on it."""

    SUBJECT_FIELD = "document"
    ACTIONS = Action
    STATUS_LABELS = dict(DocStatus.choices)

    document = models.ForeignKey(
        FilingDocument, verbose_name=_("备案文件"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta(DomainEvent.Meta):
        verbose_name = _("备案审查记录")
        verbose_name_plural = _("备案审查记录")

    @property
    def action_label(self) -> str:
        """The Chinese label of the action."""
        return str(Action(self.action).label)


class SuggestionEvent(DomainEvent):
    """One row per status change of a review suggestion."""

    SUBJECT_FIELD = "suggestion"
    ACTIONS = SuggestionAction
    STATUS_LABELS = dict(SuggestionStatus.choices)

    suggestion = models.ForeignKey(
        ReviewSuggestion, verbose_name=_("审查建议"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta(DomainEvent.Meta):
        verbose_name = _("审查建议处理记录")
        verbose_name_plural = _("审查建议处理记录")

    @property
    def action_label(self) -> str:
        """The Chinese label of the action."""
        return str(SuggestionAction(self.action).label)


@db_checked(dates=["asked_on", "given_on"])
class MemberOpinion(TimeStampedModel):
    """One special-committee member's opinion on a document sent to the committee (F4), entered on the
    member's own page within the committee's period; one per member per request (``asked_on``)."""

    document = models.ForeignKey(
        FilingDocument, verbose_name=_("备案文件"), on_delete=models.PROTECT, related_name="member_opinions"
    )
    committee = models.ForeignKey(Body, verbose_name=_("专门委员会"), on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(Deputy, verbose_name=_("组成人员"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填写人"), on_delete=models.PROTECT, related_name="+"
    )
    asked_on = models.DateField(_("征求意见日期"))
    given_on = models.DateField(_("提出意见日期"))
    text = models.TextField(_("意见"))

    class Meta:
        verbose_name = _("专门委员会组成人员意见")
        verbose_name_plural = _("专门委员会组成人员意见")
        ordering = ["given_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "committee", "deputy", "asked_on"], name="filing_member_opinion_once"
            )
        ]


@db_checked(dates=["submitted_on", "corrected_on"])
class Catalogue(TimeStampedModel):
    """An organ's catalogue (目录) of the normative documents it made in ``year``, due by 31 January of
    the next year (F1, 上海 2024 第13条); late ones are flagged, entries never filed are 漏报."""

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    organ = models.ForeignKey(Organ, verbose_name=_("制定机关"), on_delete=models.PROTECT, related_name="catalogues")
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=12, choices=CatalogueStatus.choices, default=CatalogueStatus.SUBMITTED
    )
    version = models.PositiveIntegerField(default=0)
    submitted_on = models.DateField(_("报送日期"))
    corrected_on = models.DateField(_("更正日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("规范性文件年度目录")
        verbose_name_plural = _("规范性文件年度目录")
        ordering = ["-year", "organ__name"]
        constraints = [models.UniqueConstraint(fields=["organ", "year"], name="filing_catalogue_once_a_year")]

    def __str__(self) -> str:
        return f"{self.organ.name} {self.year}"


@db_checked(dates=["published_on"])
class CatalogueEntry(TimeStampedModel):
    """One line of an annual catalogue: a document's title, number and publication date."""

    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("年度目录"), on_delete=models.CASCADE, related_name="entries"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=TITLE_MAX)
    number = models.CharField(_("文号"), max_length=60)
    published_on = models.DateField(_("公布日期"))

    class Meta:
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录条目")
        ordering = ["catalogue", "order"]


class CatalogueEvent(DomainEvent):
    """One row per submission or correction of an annual catalogue."""

    SUBJECT_FIELD = "catalogue"
    ACTIONS = CatalogueAction
    STATUS_LABELS = dict(CatalogueStatus.choices)

    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("年度目录"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta(DomainEvent.Meta):
        verbose_name = _("年度目录记录")
        verbose_name_plural = _("年度目录记录")

    @property
    def action_label(self) -> str:
        """The Chinese label of the action."""
        return str(CatalogueAction(self.action).label)
