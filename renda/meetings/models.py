"""Meetings, attendance, agenda items, polls and ballots (RULES.md §3, V1–V5).

The statutory denominator of every vote is the meeting's roster: the full membership of the body
(all serving deputies for a congress plenary), snapshotted as one :class:`Attendance` row per member
when the meeting is created. Secret ballots keep no link between a voter and a choice: a
:class:`VoteCast` row records that a member has voted, and a separate :class:`Ballot` without voter,
time or sequential id records what was chosen.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.constraints import db_checked
from renda.core.models import DomainEvent, TimeStampedModel
from renda.meetings.events import Action
from renda.meetings.rules import QuorumRule, Threshold
from renda.meetings.workflow import AttendanceStatus, MeetingStatus, PollStatus
from renda.organization.models import Body, Congress, Deputy, Session, Term


@db_checked(dates=["starts_at"])
class Meeting(TimeStampedModel):
    """A meeting of a body: a congress plenary (全体会议), the Presidium (主席团会议), the Standing
    Committee (常委会会议) or the Council of Chairpersons (主任会议).

    ``roster_size`` is the full membership when the meeting was convened (the statutory
    denominator); ``quorum_rule`` is the body's rule (V1/V3/V5), copied from settings at creation.
    """

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("大会全体会议")
        PRESIDIUM = "presidium", _("主席团会议")
        STANDING_COMMITTEE = "standing_committee", _("常务委员会会议")
        COUNCIL_OF_CHAIRPERSONS = "council_of_chairpersons", _("主任会议")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="meetings")
    session = models.ForeignKey(
        Session, verbose_name=_("会次"), null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("会议类别"), max_length=32, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("会议序号"))
    title = models.CharField(_("会议名称"), max_length=120)
    starts_at = models.DateTimeField(_("开始时间"))
    location = models.CharField(_("地点"), max_length=80, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    quorum_rule = models.CharField(_("法定人数规则"), max_length=20, choices=[(r.value, r.value) for r in QuorumRule])
    roster_size = models.PositiveIntegerField(_("应到人数"), help_text=_("全体组成人员数（法定基数）"))
    presiding = models.CharField(_("主持人"), max_length=40, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "kind", "session", "body", "number"], name="meeting_unique_number"),
            models.CheckConstraint(condition=Q(kind="plenary") | Q(body__isnull=False), name="meeting_body_required"),
        ]
        indexes = [models.Index(fields=["congress", "starts_at"])]

    def __str__(self) -> str:
        return self.title


@db_checked()
class Attendance(models.Model):
    """One member on a meeting's roster and whether they came: 未报到 / 出席 / 请假 / 缺席
    (:data:`~renda.meetings.workflow.ATTENDANCE_WORKFLOW`; events go to the meeting's trail)."""

    Status = AttendanceStatus

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendances")
    deputy = models.ForeignKey(Deputy, verbose_name=_("组成人员"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("出席情况"), max_length=12, choices=Status.choices, default=Status.EXPECTED)
    checked_in_at = models.DateTimeField(_("报到时间"), null=True, blank=True)
    note = models.CharField(_("请假事由"), max_length=120, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("出席情况")
        verbose_name_plural = _("出席情况")
        ordering = ["deputy__code"]
        constraints = [models.UniqueConstraint(fields=["meeting", "deputy"], name="attendance_unique_member")]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.get_status_display()}"


#: Most co-signers an agenda item can name: a city congress has at most 650 deputies (选举法 第12条:
#: "设区的市…代表总名额不得超过六百五十名"), and a Standing Committee far fewer (V4, B2 set only minimums).
CO_SIGNERS_MAX = 650


@db_checked()
class AgendaItem(models.Model):
    """An item on a meeting's agenda (议程), optionally linked to the record it concerns (a bill, a
    report, a candidate list, a livelihood programme …). ``threshold`` is the item's rule template."""

    class Kind(models.TextChoices):
        BILL = "bill", _("议案")
        REPORT = "report", _("工作报告")
        RESOLUTION = "resolution", _("决议草案")
        CANDIDATE_LIST = "candidate_list", _("候选人名单")
        LIVELIHOOD_CANDIDATES = "livelihood_candidates", _("民生实事候选项目")
        SATISFACTION = "satisfaction", _("满意度测评")
        APPOINTMENT = "appointment", _("任免事项")
        QUALIFIED_MAJORITY = "qualified_majority", _("须三分之二多数通过的事项")
        OTHER = "other", _("其他")

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("议题"), max_length=200)
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices, default=Kind.RESOLUTION)
    threshold = models.CharField(
        _("通过规则"), max_length=24, choices=[(t.value, t.value) for t in Threshold], default=Threshold.MAJORITY_OF_ALL
    )
    proposer = models.CharField(_("提出人"), max_length=40, blank=True, default="")
    co_signers = models.PositiveIntegerField(_("联名人数"), default=0)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("议程事项")
        verbose_name_plural = _("议程事项")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_unique_order"),
            models.CheckConstraint(condition=Q(co_signers__lte=CO_SIGNERS_MAX), name="agenda_item_co_signers_max"),
        ]

    def __str__(self) -> str:
        return self.title


@db_checked()
class Poll(TimeStampedModel):
    """A vote on an agenda item (表决).

    ``kind``: a motion (one option, 赞成/反对/弃权), a candidates vote (one option per candidate;
    per-candidate 赞成/反对/弃权, or choose up to ``max_choices``), or a satisfaction evaluation (one
    option per project; 满意/基本满意/不满意/弃权). ``electorate`` (应到) and ``present`` (实到) are
    snapshotted when the poll opens; the electorate is the full membership (V2/V3/V5).
    """

    class Kind(models.TextChoices):
        MOTION = "motion", _("议题表决")
        CANDIDATES = "candidates", _("候选项目表决")
        SATISFACTION = "satisfaction", _("满意度测评")

    class Method(models.TextChoices):
        SHOW_OF_HANDS = "show_of_hands", _("举手表决")
        ELECTRONIC = "electronic", _("电子表决（记名）")
        SECRET = "secret", _("无记名投票")

    class BallotForm(models.TextChoices):
        PER_OPTION = "per_option", _("逐项表决")
        CHOOSE_UP_TO = "choose_up_to", _("限选")

    item = models.ForeignKey(AgendaItem, verbose_name=_("议程事项"), on_delete=models.CASCADE, related_name="polls")
    title = models.CharField(_("表决事项"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.MOTION)
    method = models.CharField(_("表决方式"), max_length=16, choices=Method.choices)
    ballot_form = models.CharField(_("票式"), max_length=16, choices=BallotForm.choices, default=BallotForm.PER_OPTION)
    max_choices = models.PositiveSmallIntegerField(_("限选数"), null=True, blank=True)
    threshold = models.CharField(
        _("通过规则"), max_length=24, choices=[(t.value, t.value) for t in Threshold], default=Threshold.MAJORITY_OF_ALL
    )
    status = models.CharField(_("状态"), max_length=16, choices=PollStatus.choices, default=PollStatus.CREATED)
    revote_of = models.ForeignKey(
        "self", verbose_name=_("重新表决自"), null=True, blank=True, on_delete=models.PROTECT, related_name="revotes"
    )
    electorate = models.PositiveIntegerField(_("应到人数"), null=True, blank=True)
    present = models.PositiveIntegerField(_("实到人数"), null=True, blank=True)
    votes_cast = models.PositiveIntegerField(_("投票人数"), default=0)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    result_text = models.TextField(_("表决结果"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("表决")
        verbose_name_plural = _("表决")
        ordering = ["item__meeting", "item__order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(ballot_form="choose_up_to") | Q(max_choices__gte=1), name="poll_choose_up_to_has_max"
            ),
            models.CheckConstraint(
                condition=~Q(kind="satisfaction") | Q(method="secret"), name="poll_satisfaction_is_secret"
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            # the public results page: the newest published polls (issue 17 item 3)
            models.Index(
                fields=["-published_at", "-id"], name="poll_published_idx", condition=Q(status=PollStatus.PUBLISHED)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_secret(self) -> bool:
        return self.method == self.Method.SECRET

    @property
    def has_result(self) -> bool:
        """Whether the poll is counted (已结束 or 已公布): its result text and counts exist."""
        return self.status in (PollStatus.CLOSED, PollStatus.PUBLISHED)


class Choice(models.TextChoices):
    """Every choice a ballot entry may hold; which ones a poll offers depends on its kind."""

    YES = "yes", _("赞成")
    NO = "no", _("反对")
    ABSTAIN = "abstain", _("弃权")
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


MOTION_CHOICES = (Choice.YES, Choice.NO, Choice.ABSTAIN)
SATISFACTION_CHOICES = (Choice.SATISFIED, Choice.BASICALLY_SATISFIED, Choice.DISSATISFIED, Choice.ABSTAIN)


@db_checked()
class PollOption(models.Model):
    """What is voted on within a poll: the motion itself, or one candidate/project.

    ``counts`` holds the tally per choice (``{"yes": 30, "no": 6, "abstain": 10}``), entered by staff
    for a show of hands or computed from the ballots when the poll closes.
    """

    poll = models.ForeignKey(Poll, verbose_name=_("表决"), on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    label = models.CharField(_("名称"), max_length=200)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    counts = models.JSONField(_("计票"), default=dict, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    result_text = models.CharField(_("结果"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("表决选项")
        verbose_name_plural = _("表决选项")
        ordering = ["poll", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["poll", "order"], name="poll_option_unique_order")]

    def __str__(self) -> str:
        return self.label

    def count(self, choice: str) -> int:
        return int(self.counts.get(choice, 0))


@db_checked()
class VoteCast(models.Model):
    """That a member has voted in a poll (one per member: the database refuses a second).

    For secret polls this row is all that links a member to the poll; it says nothing of the choice.
    """

    poll = models.ForeignKey(Poll, verbose_name=_("表决"), on_delete=models.CASCADE, related_name="casts")
    deputy = models.ForeignKey(Deputy, verbose_name=_("投票人"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("投票时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("投票记录")
        verbose_name_plural = _("投票记录")
        constraints = [models.UniqueConstraint(fields=["poll", "deputy"], name="vote_cast_one_per_member")]

    def __str__(self) -> str:
        return f"{self.deputy_id} → {self.poll_id}"


@db_checked()
class Ballot(models.Model):
    """The choices of one voter in a poll.

    Named polls (electronic) set ``voter`` — the roll-call archive. Secret polls leave it empty; the
    primary key is a random UUID and the row has no timestamp, so a ballot cannot be matched to a
    :class:`VoteCast` by order or time.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, verbose_name=_("表决"), on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        Deputy, verbose_name=_("投票人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter"], condition=Q(voter__isnull=False), name="ballot_one_per_named_voter"
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


@db_checked()
class BallotEntry(models.Model):
    """One choice on a ballot: for ``option``, ``choice`` (赞成/反对/弃权 or 满意/…). The key is a
    random UUID, like the ballot's, so entries carry no insertion order to match against cast rows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="entries")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=24, choices=Choice.choices)

    class Meta:
        verbose_name = _("选票内容")
        verbose_name_plural = _("选票内容")
        constraints = [models.UniqueConstraint(fields=["ballot", "option"], name="ballot_entry_unique_option")]
        indexes = [models.Index(fields=["option", "choice"])]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.choice}"


class MeetingEvent(DomainEvent):
    """A change to a meeting: opened, closed, a member checked in, on leave, marked absent."""

    SUBJECT_FIELD = "meeting"
    ACTIONS = Action
    STATUS_LABELS = {**dict(MeetingStatus.choices), **dict(AttendanceStatus.choices)}

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="events")

    class Meta(DomainEvent.Meta):
        verbose_name = _("会议记录")
        verbose_name_plural = _("会议记录")


class PollEvent(DomainEvent):
    """A poll transition: created, opened, counts entered, closed, published."""

    SUBJECT_FIELD = "poll"
    ACTIONS = Action
    STATUS_LABELS = dict(PollStatus.choices)

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="events")

    class Meta(DomainEvent.Meta):
        verbose_name = _("表决记录")
        verbose_name_plural = _("表决记录")


@db_checked()
class PublicResultsVersion(models.Model):
    """The version of what the public results page shows (issue 17 item 3): one row (id 1) whose
    ``token`` is replaced, in the same transaction, by every write that changes a published poll's
    row on that page (``services.public_results_changed``: a poll published, a published poll's
    meeting renamed in the admin, the demo's back-dating). Readers compare it with the token their
    process cached the page's rows under (``selectors.public_results_cached``); a random token,
    unlike a counter, is never reused after a rolled-back or restored transaction."""

    token = models.UUIDField(_("版本标识"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("公开表决结果版本")
        verbose_name_plural = _("公开表决结果版本")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="publicresultsversion_single_row")]

    def __str__(self) -> str:
        return str(self.token)
