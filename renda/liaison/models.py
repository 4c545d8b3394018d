"""Liaison stations' work with citizens: receptions, opinions (群众意见), topics and their routing.

An opinion is heard at a station (or left on the public web form, or imported from a message-board
export), classified into one of the first-level topics by the text-intelligence library, grouped
with its near-duplicates, routed to a handling unit and answered; the citizen's rating closes it.
Every record carries the ``congress`` key (DESIGN.md "Scale path").
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.constraints import db_checked
from renda.core.jobs import JobPhase
from renda.core.models import DomainEvent, TimeStampedModel
from renda.core.privacy import mask_phone
from renda.liaison.events import Action
from renda.liaison.workflow import Status
from renda.organization.models import Congress, Deputy, HandlingUnit, LiaisonPoint, LiaisonStation

#: Length limits of an opinion (forms refuse longer input; the importer rejects longer rows with a reason).
OPINION_TITLE_MAX = 200
OPINION_TEXT_MAX = 10_000
OPINION_EXTERNAL_ID_MAX = 40
OPINION_CITIZEN_NAME_MAX = 60


@db_checked(dates=["date"])
class Reception(TimeStampedModel):
    """A reception day (接待) at a station or one of its points: date, deputies present, visitors."""

    station = models.ForeignKey(
        LiaisonStation, verbose_name=_("联络站"), on_delete=models.PROTECT, related_name="receptions"
    )
    point = models.ForeignKey(
        LiaisonPoint,
        verbose_name=_("联络点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receptions",
    )
    date = models.DateField(_("接待日期"))
    deputies = models.ManyToManyField(Deputy, verbose_name=_("接待代表"), blank=True, related_name="receptions")
    visitor_count = models.PositiveIntegerField(_("接待群众人数"), default=0)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("接待活动")
        verbose_name_plural = _("接待活动")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "point", "date"], name="reception_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.date}"


@db_checked()
class Topic(models.Model):
    """A node of the 3-level topic taxonomy (taxonomy_517.xlsx: 一级分类 / 二级分类 / 三级分类).

    The classifier predicts first-level topics (``level == 1``); staff may choose any level by hand.
    """

    parent = models.ForeignKey(
        "self", verbose_name=_("上级分类"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("名称"), max_length=60)
    level = models.PositiveSmallIntegerField(_("层级"))
    path = models.CharField(_("完整路径"), max_length=200, unique=True, help_text=_("一级/二级/三级"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("意见分类")
        verbose_name_plural = _("意见分类")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="topic_level_1_to_3"),
            models.CheckConstraint(condition=Q(level=1) | Q(parent__isnull=False), name="topic_child_has_parent"),
        ]

    def __str__(self) -> str:
        return self.path

    @property
    def root_name(self) -> str:
        """The first-level topic name (the first segment of ``path``)."""
        return self.path.split("/", 1)[0]


@db_checked()
class TopicRoute(TimeStampedModel):
    """Where opinions of a topic go: topic → handling unit (editable in the admin).

    The most specific route wins: a third-level route beats its first-level parent's.
    """

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    topic = models.ForeignKey(Topic, verbose_name=_("分类"), on_delete=models.CASCADE, related_name="routes")
    unit = models.ForeignKey(HandlingUnit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("分类转办规则")
        verbose_name_plural = _("分类转办规则")
        constraints = [models.UniqueConstraint(fields=["congress", "topic"], name="topic_route_unique")]

    def __str__(self) -> str:
        return f"{self.topic} → {self.unit}"


@db_checked()
class DuplicateGroup(TimeStampedModel):
    """A group of near-identical opinions (the same problem raised many times in other words)."""

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    size = models.PositiveIntegerField(_("意见数"), default=0)

    class Meta:
        verbose_name = _("相似意见组")
        verbose_name_plural = _("相似意见组")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.size})"


@db_checked()
class SuggestionLink(TimeStampedModel):
    """A deputy's draft suggestion made from one opinion or a group of similar ones.

    ``proposal`` is the draft suggestion (status 草稿) created in the proposals app, which the deputy
    edits, invites co-signers to and submits there; ``title`` and ``body`` keep the text as compiled
    from the opinions, so the link back survives later edits of the draft.
    """

    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("建议标题"), max_length=200)
    body = models.TextField(_("建议草稿"))
    proposal = models.OneToOneField(
        "proposals.Proposal",
        verbose_name=_("代表建议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinion_link",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("意见转建议")
        verbose_name_plural = _("意见转建议")

    def __str__(self) -> str:
        return self.title


CITIZEN_PHONE_PATTERN = r"^\+?(?:[0-9][- ]?){6,19}[0-9]$"
"""A citizen's phone as typed: 7–20 digits, an optional leading +, single hyphens or spaces between digits."""
MAX_OPINION_PHOTOS = 9
"""Photos one opinion may carry (station form, web form, API)."""


def normalize_phone(phone: str) -> str:
    """``phone`` without its separators (``137 0000-0001`` → ``13700000001``), so that one number is
    stored, compared and searched one way."""
    return "".join(ch for ch in phone.strip() if ch.isdigit() or ch == "+")


@db_checked()
class Opinion(TimeStampedModel):
    """A citizen's opinion (群众意见).

    ``content_hash`` is the SHA-256 of the cleaned text. Without an ``external_id`` (留言编号) it is
    the identity of an imported opinion, so re-importing a file adds nothing; a recorded one (station,
    web form) is identified by the hash and the citizen's phone and name, so the same citizen cannot
    submit twice but two citizens may say the same thing. ``search_text`` is the
    segmented text (words separated by spaces) indexed by the full-text search backend (SQLite FTS5
    or a PostgreSQL GIN index, created in the migrations). ``citizen_phone`` is personal
    information, shown masked outside the staff and station-operator roles.
    """

    class Source(models.TextChoices):
        STATION = "station", _("联络站接待")
        WEB = "web", _("网上留言")
        IMPORT = "import", _("批量导入")

    # Foreign keys without their own index where another index serves them (issue 17: every index
    # costs each imported row 1.5–2.5 µs on SQLite): congress, station and unit lead composite indexes
    # (Meta.indexes); reception, topic, duplicate group and suggestion are mostly empty and have
    # partial indexes of their non-empty rows, which serve every ``= value`` look-up and join.
    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    station = models.ForeignKey(
        LiaisonStation,
        verbose_name=_("联络站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
        db_index=False,
    )
    reception = models.ForeignKey(
        Reception,
        verbose_name=_("接待活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
        db_index=False,
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    external_id = models.CharField(_("留言编号"), max_length=40, blank=True)
    citizen_name = models.CharField(_("反映人"), max_length=60, blank=True)
    citizen_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    district = models.CharField(_("所在区县"), max_length=40, blank=True)
    title = models.CharField(_("主题"), max_length=OPINION_TITLE_MAX)
    text = models.TextField(_("内容"))
    received_at = models.DateTimeField(_("反映时间"), db_index=True)
    received_at_unknown = models.BooleanField(
        _("反映时间不详"),
        default=False,
        help_text=_("导入文件没有留言时间：反映时间按导入时间记录，不计入热点统计"),
    )
    content_hash = models.CharField(_("内容指纹"), max_length=64)
    search_text = models.TextField(_("检索文本"), blank=True)
    source_label = models.CharField(_("来源分类"), max_length=40, blank=True, help_text=_("导入文件中的一级分类"))
    predicted_topic = models.ForeignKey(
        Topic, verbose_name=_("预测分类"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidence = models.FloatField(_("置信度"), null=True, blank=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("人工分类"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    duplicate_group = models.ForeignKey(
        DuplicateGroup,
        verbose_name=_("相似意见组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
        db_index=False,
    )
    similarity = models.FloatField(_("相似度"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("群众评价"), null=True, blank=True, help_text=_("1–5 分"))
    closing_note = models.TextField(
        _("办结说明"),
        blank=True,
        help_text=_("回访复核后不再交办时，工作人员写给群众的说明（群众在查询页可见）"),
    )
    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    suggestion = models.ForeignKey(
        SuggestionLink,
        verbose_name=_("转为代表建议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
        db_index=False,
    )
    likes = models.PositiveIntegerField(_("点赞数"), default=0)
    dislikes = models.PositiveIntegerField(_("反对数"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=0, help_text=_("每次状态或内容变更加一（乐观并发检查）"))

    class Meta:
        verbose_name = _("群众意见")
        verbose_name_plural = _("群众意见")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["congress", "status", "-received_at"], name="opinion_status_idx"),
            models.Index(fields=["station", "-received_at"], name="opinion_station_idx"),
            models.Index(fields=["unit", "status"], name="opinion_unit_idx"),
            # the work report's and dashboards' opinions of a period (index-only counts per station/topic)
            models.Index(
                fields=["congress", "received_at"], include=["station", "predicted_topic"], name="opinion_period_idx"
            ),
            # the opinions list and the triage queue (selectors.triage_inbox) in their order: the first
            # 50 of a congress's opinions without sorting them all (issue 17, 1,000,000 opinions)
            models.Index(
                fields=["congress", "status", "confidence", "-received_at", "-id"], name="opinion_triage_order_idx"
            ),
            # … and the triage queue alone (接收 and 已分类, a fifth of the opinions): PostgreSQL 15 filters
            # an IN list on the second column row by row, so the queue's own index holds only its rows
            models.Index(
                fields=["congress", "status", "confidence", "-received_at", "-id"],
                name="opinion_triage_queue_idx",
                condition=Q(status__in=["received", "triaged"]),
            ),
            # opinions per topic (selectors.topic_counts, the hot-topics page): an index-only count
            models.Index(fields=["congress", "predicted_topic"], name="opinion_congress_topic_idx"),
            # the sparse foreign keys: only the rows that have one (see the fields)
            *(
                models.Index(fields=[fk], condition=Q(**{f"{fk}__isnull": False}), name=f"opinion_{short}_set_idx")
                for fk, short in (
                    ("reception", "reception"),
                    ("topic", "topic"),
                    ("duplicate_group", "group"),
                    ("suggestion", "suggestion"),
                )
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "external_id"], condition=~Q(external_id=""), name="opinion_unique_external_id"
            ),
            # an imported row without 留言编号 is identified by its text (re-importing adds nothing) …
            models.UniqueConstraint(
                fields=["congress", "content_hash"],
                condition=Q(external_id="", source="import"),
                name="opinion_unique_imported_content",
            ),
            # … a recorded one by its text and its citizen: a resubmission is refused, while another
            # citizen saying the same thing is another opinion (grouped with the first as a duplicate)
            models.UniqueConstraint(
                fields=["congress", "content_hash", "citizen_phone", "citizen_name"],
                condition=Q(external_id="") & ~Q(source="import"),
                name="opinion_unique_recorded_content",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="opinion_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="opinion_confidence_0_to_1",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def masked_phone(self) -> str:
        """The phone with its middle digits hidden (个人信息保护法 第28条)."""
        return mask_phone(self.citizen_phone)

    @property
    def effective_topic(self) -> Topic | None:
        """The manual topic when staff chose one, else the predicted one."""
        return self.topic or self.predicted_topic


#: File extension of a stored photo → the ``Content-Type`` it is served with (``jpeg``: older uploads).
PHOTO_CONTENT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


def _photo_path(instance: OpinionPhoto, filename: str) -> str:
    """Storage path of a photo: a random name under its opinion's folder, never the client's file name.

    Only the extension of ``filename`` is kept, and only a known one (``PHOTO_CONTENT_TYPES``):
    ``services`` passes the extension of the format Pillow detected, so ``evil.html`` cannot be stored.
    """
    ext = PurePosixPath(filename).suffix[1:].lower()
    suffix = f".{ext}" if ext in PHOTO_CONTENT_TYPES else ""
    return f"liaison/opinions/{instance.opinion_id}/{uuid.uuid4().hex}{suffix}"


@db_checked()
class OpinionPhoto(models.Model):
    """A photo attached to an opinion (JPEG or PNG, checked by content, at most ``MAX_PHOTO_BYTES``).

    Stored under a random name with the extension of its detected format; served only through the
    login-protected view ``liaison:opinion-photo`` to those who may see the opinion, never from MEDIA_URL.
    """

    opinion = models.ForeignKey(Opinion, verbose_name=_("意见"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to=_photo_path)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("意见照片")
        verbose_name_plural = _("意见照片")

    def __str__(self) -> str:
        return self.image.name

    @property
    def content_type(self) -> str | None:
        """The image's MIME type from its stored extension (``None``: a file name this version never stores)."""
        return PHOTO_CONTENT_TYPES.get(PurePosixPath(self.image.name or "").suffix[1:].lower())


class OpinionEvent(DomainEvent):
    """One row per status change of an opinion (or other recorded action on it)."""

    SUBJECT_FIELD = "opinion"
    ACTIONS = Action

    opinion = models.ForeignKey(Opinion, verbose_name=_("意见"), on_delete=models.PROTECT, related_name="events")

    class Meta(DomainEvent.Meta):
        verbose_name = _("意见处理记录")
        verbose_name_plural = _("意见处理记录")

    def __str__(self) -> str:
        return f"{self.opinion_id} {self.from_status}→{self.to_status}"

    @property
    def from_label(self) -> str:
        """The Chinese label of ``from_status`` ('' when empty)."""
        return str(Status(self.from_status).label) if self.from_status else ""

    @property
    def to_label(self) -> str:
        """The Chinese label of ``to_status`` ('' when empty)."""
        return str(Status(self.to_status).label) if self.to_status else ""


@db_checked()
class LiaisonSettings(TimeStampedModel):
    """A congress's choices for its citizens' opinions (one row per congress; none means the defaults).

    ``auto_route``: route a confidently classified opinion to the unit of its topic's route without a
    staff member looking at it first. Off by default (defect 8: an elevator complaint went to 市商务局
    at 0.97); staff switch it on the triage page. Changes keep their history with the actor.
    """

    congress = models.OneToOneField(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.CASCADE, related_name="liaison_settings"
    )
    auto_route = models.BooleanField(
        _("自动转办"),
        default=False,
        help_text=_("开启后，预测置信度达到阈值且有转办规则的意见直接转办承办单位；关闭时由工作人员确认转办"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("群众意见设置")
        verbose_name_plural = _("群众意见设置")

    def __str__(self) -> str:
        return f"{self.congress}"


@db_checked()
class HotTopicSnapshot(models.Model):
    """Hot topics computed for a congress over a window (heavy: computed by a task, shown by the page).

    ``data`` is a list of ``{"keywords", "heat", "count", "likes", "first", "last", "title", "opinion_ids"}``
    in rank order, as returned by the text-mining library's heat index.
    """

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(_("起始时间"))
    until = models.DateTimeField(_("截止时间"))
    computed_at = models.DateTimeField(_("计算时间"), auto_now_add=True)
    opinion_count = models.PositiveIntegerField(_("参与计算的意见数"), default=0)
    data = models.JSONField(_("热点"), default=list)

    class Meta:
        verbose_name = _("热点问题快照")
        verbose_name_plural = _("热点问题快照")
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.congress_id} {self.since:%Y-%m-%d}–{self.until:%Y-%m-%d}"


@db_checked()
class OpinionImportJob(JobPhase, TimeStampedModel):
    """One upload of a message file by staff (导入群众留言, the page beside ``renda opinions import``).

    The job's phase is read from its timestamps (:attr:`phase`), as for the suggestions' Excel import:
    bookkeeping, not a record with a workflow. ``processed_rows`` grows while the import runs (rows
    consumed, batch by batch). ``report`` holds the import's summary once finished (counts, notes, the
    first :data:`renda.liaison.import_jobs.REPORT_ROWS` rejected rows and duplicates with their row
    numbers); ``failure`` is the Chinese reason when the whole file could not be imported. The uploaded
    file is removed once the job has finished.
    """

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        LiaisonStation, verbose_name=_("归属联络站"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("文件"), upload_to="imports/opinions/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    file_bytes = models.PositiveBigIntegerField(_("文件大小（字节）"), default=0)
    background = models.BooleanField(_("后台运行"), default=False)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    failure = models.CharField(_("失败原因"), max_length=300, blank=True)
    report = models.JSONField(_("导入报告"), default=dict, blank=True)

    class Meta:
        verbose_name = _("群众留言导入")
        verbose_name_plural = _("群众留言导入")
        ordering = ["-id"]
        indexes = [models.Index(fields=["congress", "-id"], name="opinionimport_congress_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.pk})"
