"""Appointments and removals by the Standing Committee (任免) and the constitutional oath (宪法宣誓),
RULES.md §10 (A1–A23) and §9 M26.

A :class:`Appointment` is one 任免案 for one person and one post: nominated by the organ head the A rules
name (:mod:`renda.appointments.posts`), filed in writing before the meeting (A8), its pre-appointment
steps recorded (:class:`PreStep`, A9–A11), listed and voted at a Standing Committee meeting through the
meetings app (a :class:`~renda.meetings.models.Poll`, A13), then adopted or rejected. An adopted
appointment opens a :class:`Tenure` in the register (and closes the previous holder's on a single post);
a removal or resignation closes one. :class:`OathCeremony` records the oath (A17).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.appointments.events import Action
from renda.appointments.posts import POST_TYPES, Nominator, Organ, Step
from renda.core.constraints import db_checked
from renda.core.models import DomainEvent, TimeStampedModel
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.organization.models import Congress, Deputy, HandlingUnit, User

POST_TYPE_CHOICES = [(p.code, _(p.label)) for p in POST_TYPES.values()]


@db_checked()
class OrganUnit(TimeStampedModel):
    """Which handling unit acts for a state organ (its officers file the organ's nominations)."""

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    organ = models.CharField(_("国家机关"), max_length=16, choices=Organ.choices)
    unit = models.ForeignKey(HandlingUnit, verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("提请机关")
        verbose_name_plural = _("提请机关")
        constraints = [models.UniqueConstraint(fields=["congress", "organ"], name="organ_unit_one_per_organ")]

    def __str__(self) -> str:
        return str(self.get_organ_display())


@db_checked()
class Post(TimeStampedModel):
    """A concrete post (e.g. 市公安局局长) of a post type; ``single`` posts have one holder at a time."""

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    post_type = models.CharField(_("职务类别"), max_length=40, choices=POST_TYPE_CHOICES)
    title = models.CharField(_("职务名称"), max_length=80)

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["congress", "title"], name="appointment_post_unique_title")]

    def __str__(self) -> str:
        return self.title

    @property
    def single(self) -> bool:
        """Whether one person holds the post at a time (from the post-type table)."""
        return POST_TYPES[self.post_type].single

    @property
    def organ(self) -> str:
        return POST_TYPES[self.post_type].organ


@db_checked()
class Person(TimeStampedModel):
    """A person nominated, appointed or removed. ``deputy`` links a deputy (A21: a Standing Committee
    member taking a post in a state organ must first resign from the Standing Committee)."""

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=40)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, default=Gender.MALE)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("任免对象")
        verbose_name_plural = _("任免对象")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


@db_checked(dates=["filed_on", "adopted_on", "voted_on", "notified_on"])
class Appointment(TimeStampedModel):
    """One 任免案: appoint, remove (M26), accept a resignation (A20), name an acting head (A18), or approve
    a lower 检察长 (A5). ``nominator`` is who proposes it; attachments are A8's."""

    class Kind(models.TextChoices):
        APPOINT = "appoint", _("任命")
        REMOVE = "remove", _("免职")
        DISMISS = "dismiss", _("撤职")
        RESIGN = "resign", _("接受辞职")
        ACTING = "acting", _("决定代理")
        APPROVE = "approve", _("批准任命")

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        FILED = "filed", _("已提请")
        LISTED = "listed", _("已列入会议议程")
        AWAITING = "awaiting", _("待上级批准")
        ADOPTED = "adopted", _("已通过")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已撤回")

    #: Kinds that give the person a post (a tenure, an oath, a letter of appointment).
    TAKING_OFFICE = (Kind.APPOINT, Kind.ACTING, Kind.APPROVE)

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices, default=Kind.APPOINT)
    person = models.ForeignKey(Person, verbose_name=_("任免对象"), on_delete=models.PROTECT, related_name="cases")
    post = models.ForeignKey(Post, verbose_name=_("职务"), on_delete=models.PROTECT, related_name="cases")
    nominator = models.CharField(_("提请人"), max_length=24, choices=[*Nominator.choices, ("self", _("本人"))])
    signed_by = models.CharField(_("提请机关负责人"), max_length=40, blank=True)
    reasons = models.TextField(_("提请理由"), blank=True)
    has_form = models.BooleanField(_("附任免表"), default=False)
    has_assessment = models.BooleanField(_("附考察材料"), default=False)
    has_publicity = models.BooleanField(_("附公示结果"), default=False)
    filed_on = models.DateField(_("提请日期"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("常委会会议"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("议程"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    poll = models.ForeignKey(
        Poll, verbose_name=_("表决"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    result_text = models.CharField(_("表决结果"), max_length=300, blank=True)
    voted_on = models.DateField(_("常委会表决日期"), null=True, blank=True)
    approval_ref = models.CharField(_("上级批准文号"), max_length=80, blank=True)
    notified_on = models.DateField(_("任免通知发出日期"), null=True, blank=True)
    created_by = models.ForeignKey(User, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("任免案")
        verbose_name_plural = _("任免案")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.person.name}为{self.post.title}"

    @property
    def takes_office(self) -> bool:
        return self.kind in self.TAKING_OFFICE


@db_checked(dates=["on"])
class PreStep(models.Model):
    """One pre-appointment step done (A9 law exam, A10 statement, A11 public notice): date and result."""

    class Result(models.TextChoices):
        PASSED = "passed", _("通过")
        FAILED = "failed", _("未通过")
        DONE = "done", _("已完成")
        WRITTEN = "written", _("书面提交")
        ORAL = "oral", _("口头申辩")
        WAIVED = "waived", _("放弃申辩")

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("任免案"), on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField(_("程序"), max_length=12, choices=Step.choices)
    on = models.DateField(_("日期"))
    result = models.CharField(_("结果"), max_length=8, choices=Result.choices)
    score = models.PositiveSmallIntegerField(_("成绩"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("任前程序")
        verbose_name_plural = _("任前程序")
        ordering = ["appointment", "on", "id"]
        constraints = [models.CheckConstraint(condition=Q(score__lte=100), name="prestep_score_max_100")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.on}"


@db_checked(dates=["started_on", "ended_on"])
class Tenure(models.Model):
    """The register of office-holders: who held which post from when to when (and how it ended)."""

    person = models.ForeignKey(Person, verbose_name=_("姓名"), on_delete=models.PROTECT, related_name="tenures")
    post = models.ForeignKey(Post, verbose_name=_("职务"), on_delete=models.PROTECT, related_name="tenures")
    appointment = models.OneToOneField(
        Appointment, verbose_name=_("任命案"), on_delete=models.PROTECT, related_name="tenure"
    )
    acting = models.BooleanField(_("代理"), default=False)
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    end_reason = models.CharField(_("离任原因"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("任职记录")
        verbose_name_plural = _("任职记录")
        ordering = ["post", "-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="tenure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.person} {self.started_on}"


@db_checked(dates=["held_on"])
class OathCeremony(TimeStampedModel):
    """A constitutional oath ceremony (宪法宣誓仪式, A17): date, organiser, supervisor of the oath
    (监誓人), the wording's version, single or collective; its oath-takers are :class:`OathTaker` rows."""

    class Organiser(models.TextChoices):
        COUNCIL = "council", _("主任会议")
        NOMINATING_ORGAN = "nominating_organ", _("受委托的提请机关")

    class Form(models.TextChoices):
        SINGLE = "single", _("单独宣誓")
        COLLECTIVE = "collective", _("集体宣誓")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("宣誓日期"))
    place = models.CharField(_("地点"), max_length=80, blank=True)
    organiser = models.CharField(_("组织者"), max_length=20, choices=Organiser.choices, default=Organiser.COUNCIL)
    supervisor = models.CharField(_("监誓人"), max_length=40)
    leader = models.CharField(_("领誓人"), max_length=40, blank=True)
    form = models.CharField(_("宣誓形式"), max_length=12, choices=Form.choices)
    text_version = models.CharField(_("誓词版本"), max_length=8, default="2018")
    created_by = models.ForeignKey(User, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("宪法宣誓仪式")
        verbose_name_plural = _("宪法宣誓仪式")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_form_display()}"


@db_checked()
class OathTaker(models.Model):
    """One person sworn at a ceremony, for the appointment that put them in office."""

    ceremony = models.ForeignKey(
        OathCeremony, verbose_name=_("宣誓仪式"), on_delete=models.CASCADE, related_name="takers"
    )
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("任免案"), on_delete=models.PROTECT, related_name="oaths"
    )

    class Meta:
        verbose_name = _("宣誓人")
        verbose_name_plural = _("宣誓人")
        constraints = [models.UniqueConstraint(fields=["appointment"], name="oath_once_per_appointment")]

    def __str__(self) -> str:
        return str(self.appointment.person)


@db_checked()
class Signer(models.Model):
    """A Standing Committee member who signed a removal bill jointly proposed by members (M26)."""

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("任免案"), on_delete=models.CASCADE, related_name="signers"
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("联名人"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("联名人")
        verbose_name_plural = _("联名人")
        constraints = [models.UniqueConstraint(fields=["appointment", "deputy"], name="signer_once_per_case")]

    def __str__(self) -> str:
        return str(self.deputy)


@db_checked(dates=["elected_on"])
class Reelection(TimeStampedModel):
    """A new city government elected by the congress (换届, A2/A22): the mayor then submits the
    appointments of the 秘书长 and the heads of bureaus and commissions within two months."""

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    elected_on = models.DateField(_("新一届政府选举产生日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("政府换届")
        verbose_name_plural = _("政府换届")
        ordering = ["-elected_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["congress", "elected_on"], name="reelection_once_a_day")]

    def __str__(self) -> str:
        return str(self.elected_on)


@db_checked(dates=["on"])
class RegisterFiling(TimeStampedModel):
    """A change to the register made without a vote and filed (备案, A22): a body renamed with the same
    duties (the post's title changes, tenures go on), or a body abolished or merged, or the holder died
    (the tenure ends)."""

    class Kind(models.TextChoices):
        RENAMED = "renamed", _("机构更名")
        ABOLISHED = "abolished", _("机构撤销")
        MERGED = "merged", _("机构合并")
        DIED = "died", _("本人去世")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    post = models.ForeignKey(Post, verbose_name=_("职务"), on_delete=models.PROTECT, related_name="filings")
    tenure = models.ForeignKey(
        Tenure, verbose_name=_("任职记录"), null=True, blank=True, on_delete=models.PROTECT, related_name="filings"
    )
    on = models.DateField(_("日期"))
    old_title = models.CharField(_("原职务名称"), max_length=80, blank=True)
    new_title = models.CharField(_("新职务名称"), max_length=80, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("任职备案")
        verbose_name_plural = _("任职备案")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.post}"


@db_checked(dates=["decided_on"])
class Discipline(TimeStampedModel):
    """A 政务处分 of 开除 or 撤职 by the supervisory commission against a person the Standing Committee
    appointed, recorded only once the Standing Committee has removed the person from the post (A23)."""

    class Measure(models.TextChoices):
        EXPEL = "expel", _("开除")
        DISMISS = "dismiss", _("撤职")

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("被处分人"), on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(_("处分"), max_length=8, choices=Measure.choices)
    decided_on = models.DateField(_("处分决定日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("政务处分")
        verbose_name_plural = _("政务处分")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.get_measure_display()}"


class AppointmentEvent(DomainEvent):
    """One transition or act on a 任免案 (nominated, filed, step recorded, listed, voted, sworn)."""

    SUBJECT_FIELD = "appointment"
    ACTIONS = Action
    STATUS_LABELS = dict(Appointment.Status.choices)

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="events")

    class Meta(DomainEvent.Meta):
        verbose_name = _("任免记录")
        verbose_name_plural = _("任免记录")
