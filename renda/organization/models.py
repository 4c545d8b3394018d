"""The organisation of a People's Congress: congress, term, session, deputies, bodies, units, users.

Names follow DESIGN.md's glossary. Every record carries a ``congress`` key (directly or through its
parent) so that a regional shard can follow it (DESIGN.md, "Scale path").
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.constraints import db_checked
from renda.core.models import TimeStampedModel
from renda.core.privacy import mask_phone


@db_checked()
class Congress(TimeStampedModel):
    """A People's Congress of one administrative region (人民代表大会), with its Standing Committee."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("设区的市级")
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡镇级")

    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    region_code = models.CharField(_("行政区划代码"), max_length=12, unique=True)
    region_name = models.CharField(_("行政区域"), max_length=60)

    class Meta:
        verbose_name = _("人民代表大会")
        verbose_name_plural = _("人民代表大会")

    def __str__(self) -> str:
        return self.name


@db_checked()
class Term(TimeStampedModel):
    """A term (届) of a congress, e.g. the 16th, with its first and last year."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="terms"
    )
    ordinal = models.PositiveSmallIntegerField(_("届次"))
    start_year = models.PositiveSmallIntegerField(_("起始年"))
    end_year = models.PositiveSmallIntegerField(_("届满年"))

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        constraints = [
            models.UniqueConstraint(fields=["congress", "ordinal"], name="term_unique_ordinal"),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="term_years_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.congress.name}第{self.ordinal}届"


@db_checked(dates=["opening_date", "closing_date", "submission_cutoff"])
class Session(TimeStampedModel):
    """A session (次会议) of a term: the 3rd session of the 16th congress, say.

    ``submission_cutoff`` is the deadline for deputies' bills (RULES.md B6: "截至3月21日12时");
    bills after it are handled as suggestions.
    """

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="sessions")
    ordinal = models.PositiveSmallIntegerField(_("会次"))
    opening_date = models.DateField(_("开幕日期"))
    closing_date = models.DateField(_("闭幕日期"))
    submission_cutoff = models.DateTimeField(_("议案截止时间"))

    class Meta:
        verbose_name = _("会议（次）")
        verbose_name_plural = _("会议（次）")
        constraints = [
            models.UniqueConstraint(fields=["term", "ordinal"], name="session_unique_ordinal"),
            models.CheckConstraint(
                condition=Q(closing_date__gte=models.F("opening_date")), name="session_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.term.ordinal}届{self.ordinal}次会议"

    @property
    def congress(self) -> Congress:
        return self.term.congress


@db_checked()
class Delegation(TimeStampedModel):
    """A delegation (代表团) of deputies, usually one per district, for a term."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="delegations")
    name = models.CharField(_("名称"), max_length=60)
    district = models.CharField(_("选举单位（区县）"), max_length=60)

    class Meta:
        verbose_name = _("代表团")
        verbose_name_plural = _("代表团")
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="delegation_unique_name")]

    def __str__(self) -> str:
        return self.name


@db_checked()
class ProfessionalGroup(TimeStampedModel):
    """A professional group (专业小组) of deputies, e.g. 城建环保 or 教科文卫."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="professional_groups")
    name = models.CharField(_("名称"), max_length=60)

    class Meta:
        verbose_name = _("专业小组")
        verbose_name_plural = _("专业小组")
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="professional_group_unique_name")]

    def __str__(self) -> str:
        return self.name


@db_checked()
class Deputy(TimeStampedModel):
    """A deputy (代表) of a term.

    ``phone`` and ``id_number`` are personal information: shown masked outside staff views
    (see :func:`renda.core.privacy.mask_phone`). ``status``/``left_on`` record a deputy whose
    mandate ended early (辞职, 罢免, 调离, 去世 …, 代表法 第53条).
    """

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    class Status(models.TextChoices):
        SERVING = "serving", _("在任")
        LEFT = "left", _("已终止代表资格")

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="deputies")
    code = models.CharField(_("代表证号"), max_length=20)
    name = models.CharField(_("姓名"), max_length=40)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    occupation = models.CharField(_("职业和职务"), max_length=120, blank=True)
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("代表团"), on_delete=models.PROTECT, related_name="deputies"
    )
    professional_groups = models.ManyToManyField(
        ProfessionalGroup, verbose_name=_("专业小组"), blank=True, related_name="deputies"
    )
    is_first_term = models.BooleanField(_("新任代表"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SERVING)
    left_on = models.DateField(_("终止日期"), null=True, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("代表")
        verbose_name_plural = _("代表")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["term", "code"], name="deputy_unique_code"),
            models.CheckConstraint(
                condition=Q(status="serving", left_on__isnull=True) | Q(status="left", left_on__isnull=False),
                name="deputy_left_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        """The phone number with its middle digits hidden, for lists and exports."""
        return mask_phone(self.phone)


@db_checked()
class Body(TimeStampedModel):
    """A collective body: the Presidium of a session, the Standing Committee, the Council of
    Chairpersons, a special or working committee, or a session's Bill Review Committee.

    ``session`` is set for bodies that exist for one session (Presidium, Bill Review Committee).
    """

    class Kind(models.TextChoices):
        PRESIDIUM = "presidium", _("主席团")
        STANDING_COMMITTEE = "standing_committee", _("常务委员会")
        COUNCIL_OF_CHAIRPERSONS = "council_of_chairpersons", _("主任会议")
        SPECIAL_COMMITTEE = "special_committee", _("专门委员会")
        WORKING_COMMITTEE = "working_committee", _("工作委员会")
        BILL_REVIEW_COMMITTEE = "bill_review_committee", _("议案审查委员会")

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="bodies")
    session = models.ForeignKey(
        Session, verbose_name=_("会次"), null=True, blank=True, on_delete=models.PROTECT, related_name="bodies"
    )
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=80)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="body_unique_name")]

    def __str__(self) -> str:
        return self.name


@db_checked()
class Membership(TimeStampedModel):
    """A deputy's seat in a body with a role, over a period (``ended_on`` empty while current)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("主任")
        VICE_CHAIR = "vice_chair", _("副主任")
        SECRETARY_GENERAL = "secretary_general", _("秘书长")
        EXECUTIVE_CHAIR = "executive_chair", _("常务主席")
        DIRECTOR = "director", _("主任委员")
        DEPUTY_DIRECTOR = "deputy_director", _("副主任委员")
        MEMBER = "member", _("委员")

    body = models.ForeignKey(Body, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="memberships")
    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("职务"), max_length=24, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("机构成员")
        verbose_name_plural = _("机构成员")
        constraints = [
            models.UniqueConstraint(fields=["body", "deputy", "started_on"], name="membership_unique_start"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.deputy} · {self.get_role_display()}"


@db_checked()
class HandlingUnit(TimeStampedModel):
    """A unit that handles and replies to suggestions (承办单位): a government department, the court,
    the procuratorate, a people's organisation, an enterprise …, with its contact officer."""

    class Kind(models.TextChoices):
        GOVERNMENT_DEPARTMENT = "government_department", _("政府部门")
        COURT = "court", _("人民法院")
        PROCURATORATE = "procuratorate", _("人民检察院")
        PEOPLES_ORGANISATION = "peoples_organisation", _("人民团体")
        ENTERPRISE = "enterprise", _("企业")
        OTHER = "other", _("其他")

    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="handling_units"
    )
    name = models.CharField(_("名称"), max_length=80)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="handling_unit_unique_name")]

    def __str__(self) -> str:
        return self.name


@db_checked()
class Official(TimeStampedModel):
    """A government leader such as a vice-mayor (副市长), with the portfolio of units they lead:
    the link for 领办 in the "五办联动" chain."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="officials"
    )
    name = models.CharField(_("姓名"), max_length=40)
    title = models.CharField(_("职务"), max_length=40)
    portfolio = models.ManyToManyField(
        HandlingUnit, verbose_name=_("分管单位"), blank=True, related_name="leading_officials"
    )

    class Meta:
        verbose_name = _("政府领导")
        verbose_name_plural = _("政府领导")
        constraints = [models.UniqueConstraint(fields=["congress", "name", "title"], name="official_unique")]

    def __str__(self) -> str:
        return f"{self.title} {self.name}"


@db_checked()
class LiaisonStation(TimeStampedModel):
    """A deputies' liaison station (代表联络站) where deputies receive citizens."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="liaison_stations"
    )
    name = models.CharField(_("名称"), max_length=80)
    district = models.CharField(_("所在区县"), max_length=40)
    address = models.CharField(_("地址"), max_length=160, blank=True)
    deputies = models.ManyToManyField(Deputy, verbose_name=_("进站代表"), blank=True, related_name="liaison_stations")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("代表联络站")
        verbose_name_plural = _("代表联络站")
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="liaison_station_unique_name")]

    def __str__(self) -> str:
        return self.name


@db_checked()
class LiaisonPoint(TimeStampedModel):
    """A liaison point (联络点) attached to a station, e.g. in a community or an industrial park."""

    station = models.ForeignKey(
        LiaisonStation, verbose_name=_("联络站"), on_delete=models.CASCADE, related_name="points"
    )
    name = models.CharField(_("名称"), max_length=80)
    address = models.CharField(_("地址"), max_length=160, blank=True)
    deputies = models.ManyToManyField(Deputy, verbose_name=_("联系代表"), blank=True, related_name="liaison_points")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("代表联络点")
        verbose_name_plural = _("代表联络点")
        constraints = [models.UniqueConstraint(fields=["station", "name"], name="liaison_point_unique_name")]

    def __str__(self) -> str:
        return self.name


@db_checked(exclude=["password"])
class User(AbstractUser):
    """A login. ``role`` decides the home page and what the user may do; the user links to the
    Deputy, HandlingUnit or LiaisonStation they act for, as their role requires."""

    class Role(models.TextChoices):
        STAFF = "staff", _("常委会工作人员")
        DEPUTY = "deputy", _("人大代表")
        UNIT_OFFICER = "unit_officer", _("承办单位工作人员")
        SUPERVISOR = "supervisor", _("督办领导")
        STATION_OPERATOR = "station_operator", _("联络站工作人员")
        CITIZEN = "citizen", _("群众")
        AUDITOR = "auditor", _("审计管理员")
        SECURITY_ADMIN = "security_admin", _("安全管理员")

    role = models.CharField(_("角色"), max_length=24, choices=Role.choices, default=Role.CITIZEN)
    display_name = models.CharField(_("显示名称"), max_length=40, blank=True)
    congress = models.ForeignKey(
        Congress, verbose_name=_("人民代表大会"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    deputy = models.OneToOneField(
        Deputy, verbose_name=_("代表"), null=True, blank=True, on_delete=models.PROTECT, related_name="user"
    )
    handling_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    liaison_station = models.ForeignKey(
        LiaisonStation,
        verbose_name=_("联络站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operators",
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)

    #: who created, changed, deactivated an account or reset its password, and when (等保 account audit);
    #: the password hash itself is not copied into the history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(condition=~Q(role="deputy") | Q(deputy__isnull=False), name="user_deputy_linked"),
            models.CheckConstraint(
                condition=~Q(role="unit_officer") | Q(handling_unit__isnull=False), name="user_unit_linked"
            ),
            models.CheckConstraint(
                condition=~Q(role="station_operator") | Q(liaison_station__isnull=False), name="user_station_linked"
            ),
            # 三员分立 (等保 2.0 level 3): the audit administrator reads the audit trail and administers nothing.
            models.CheckConstraint(
                condition=~Q(role="auditor") | Q(is_superuser=False, is_staff=False), name="user_auditor_not_admin"
            ),
            # ... nor does the security administrator (unlocks accounts, watches logins, reads no audit trail).
            models.CheckConstraint(
                condition=~Q(role="security_admin") | Q(is_superuser=False, is_staff=False),
                name="user_security_admin_not_admin",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username
