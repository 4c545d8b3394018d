"""Models of the reports domain. Frozen report snapshots (报告快照, issue 16 item 3).

A :class:`ReportSnapshot` freezes every figure of the metric dictionary for a congress and a period at
the moment staff take it; each :class:`SnapshotFigure` keeps the value, the label and unit as printed,
and the ids of the records behind it, so the figure printed in March can be shown and drilled into a
year later after records changed or were deleted.

Storage of the ids: a JSON list of primary keys on the figure row (not one child row per record).
Measured on the demo (SQLite): a snapshot of the work report's year holds 48 figures and 1,651 ids,
5.8 kB of JSON (the session's year 3,115 ids, 11 kB), taken in 0.6 s and diffed against today in
0.5 s. A year of a large congress (100,000 suggestions, 1,000,000 opinions) is about 1.1 million ids,
about 9 MB of JSON in a few dozen rows, which PostgreSQL compresses (TOAST) and writes in one
statement, where a child table would insert over a million rows (and their index) per snapshot.
Drill-down and diff read one figure's list at a time; the snapshot page defers them.

Append-only: a snapshot and its figures are never edited (``save`` of a stored row and queryset
``update`` raise :class:`SnapshotImmutable`); only the platform administrator deletes one, in the admin.

Also the settings of the deputies' activity records (代表履职档案, issue 16 item 6): what the public sees and
the optional points scheme (履职积分). The records themselves are never stored: they are read from the
owning apps' records each time (``renda.reports.records``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.constraints import db_checked
from renda.core.models import TimeStampedModel
from renda.organization.models import Congress, Deputy, Session


class SnapshotImmutable(Exception):
    """A stored snapshot or frozen figure was about to be changed; snapshots are append-only."""


class FrozenQuerySet(models.QuerySet):
    """Rows that are written once: bulk ``update`` refuses (deletion is left to the admin)."""

    def update(self, **kwargs: Any) -> int:
        raise SnapshotImmutable(f"{self.model._meta.verbose_name}不能修改")


class FrozenModel(models.Model):
    """A row written once: saving it again raises :class:`SnapshotImmutable`."""

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert the row; a second save of a stored row raises :class:`SnapshotImmutable`."""
        if not self._state.adding:
            raise SnapshotImmutable(f"{self._meta.verbose_name}不能修改")
        super().save(*args, **kwargs)


@db_checked(dates=["period_start", "period_end", "taken_at"])
class ReportSnapshot(FrozenModel):
    """Every figure of a congress's work statistics for one period, frozen when taken.

    ``period_start``–``period_end`` (inclusive) and ``period_label`` are the period as the statistics
    page read it (a calendar year or a session year, ``session``); ``taken_by`` is empty when taken
    from the command line (``renda report work --snapshot``).
    """

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("统计期间起"))
    period_end = models.DateField(_("统计期间止"))
    period_label = models.CharField(_("统计期间"), max_length=60)
    session = models.ForeignKey(
        Session, verbose_name=_("会次"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(_("快照时间"), default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("快照人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("报告快照")
        verbose_name_plural = _("报告快照")
        ordering = ["-taken_at", "-pk"]
        indexes = [models.Index(fields=["congress", "-taken_at"], name="reports_snapshot_congress_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="reports_snapshot_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_label} · {timezone.localtime(self.taken_at):%Y-%m-%d %H:%M}"


@db_checked()
class SnapshotFigure(FrozenModel):
    """One metric's frozen figure: its value, label and unit as printed, and the records behind it.

    ``record_model`` is the records' model (``app_label.model``) and ``record_ids`` their primary keys
    in the drill-down's order (``record_count`` of them); ``value`` is the figure (a count, a sum or a
    rate in %, one decimal place).
    """

    snapshot = models.ForeignKey(
        ReportSnapshot, verbose_name=_("报告快照"), on_delete=models.CASCADE, related_name="figures"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    metric = models.CharField(_("指标"), max_length=64)
    label = models.CharField(_("指标名称"), max_length=100)
    unit = models.CharField(_("单位"), max_length=10)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=1)
    record_model = models.CharField(_("记录类型"), max_length=100)
    record_count = models.PositiveIntegerField(_("记录数"))
    record_ids = models.JSONField(_("记录编号"), default=list)

    class Meta:
        verbose_name = _("快照数字")
        verbose_name_plural = _("快照数字")
        ordering = ["snapshot", "position"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "metric"], name="reports_figure_one_per_metric"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="reports_figure_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.number}"

    @property
    def number(self) -> int | float:
        """The value as the live figure gives it: a ``float`` for a rate (unit "%"), else an ``int``."""
        return float(self.value) if self.unit == "%" or self.value != int(self.value) else int(self.value)


#: Largest weight a kind of activity may carry in the points scheme (points per activity).
MAX_WEIGHT = 100


class RecordKind(models.TextChoices):
    """The kinds of activity a deputy's record counts, one selector each (``renda.reports.records``)."""

    LED = "led", _("领衔提出议案建议")
    COSIGNED = "cosigned", _("联名提出议案建议")
    ATTENDED = "attended", _("出席会议")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席会议")
    VOTES = "votes", _("参加表决")
    DUTY_DAYS = "duty_days", _("进站接待群众")
    OPINIONS = "opinions", _("群众意见转为建议")
    ACTIVITIES = "activities", _("参加执法检查、调研、视察")
    COMMENTS = "comments", _("对法规草案提出意见")
    TRAINING = "training", _("参加履职学习培训")


@db_checked()
class RecordSettings(TimeStampedModel):
    """A congress's choices for its deputies' activity records (one row per congress; none means the
    defaults: nothing public, no points). ``public``: a public page lists each deputy's counts of the
    kinds marked public. ``points``: the record shows 履职积分 (count × weight per kind)."""

    congress = models.OneToOneField(
        Congress, verbose_name=_("人民代表大会"), on_delete=models.CASCADE, related_name="record_settings"
    )
    public = models.BooleanField(_("公开代表履职档案"), default=False)
    points = models.BooleanField(_("启用履职积分"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("代表履职档案设置")
        verbose_name_plural = _("代表履职档案设置")

    def __str__(self) -> str:
        return str(self.congress)


@db_checked()
class KindSetting(models.Model):
    """One kind of activity's settings: shown on the public page or not, and its weight in points
    (points per activity, 0–100)."""

    settings = models.ForeignKey(RecordSettings, on_delete=models.CASCADE, related_name="kinds")
    kind = models.CharField(_("履职事项"), max_length=16, choices=RecordKind.choices)
    public = models.BooleanField(_("公开"), default=False)
    weight = models.PositiveSmallIntegerField(_("积分权重"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("履职事项设置")
        verbose_name_plural = _("履职事项设置")
        constraints = [
            models.UniqueConstraint(fields=["settings", "kind"], name="record_kind_once"),
            models.CheckConstraint(condition=Q(weight__lte=MAX_WEIGHT), name="record_kind_weight_max"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.weight}"


@db_checked(dates=["held_on"])
class Training(TimeStampedModel):
    """A 履职学习培训 of deputies (issue 16 item 6): its day, title and the deputies who attended; the
    deputies' activity records count it (one per training attended) and the work report counts the
    distinct deputies trained ("分批组织初任代表110人参加履职能力培训")."""

    congress = models.ForeignKey(Congress, verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("培训名称"), max_length=120)
    held_on = models.DateField(_("培训日期"))
    deputies = models.ManyToManyField(Deputy, verbose_name=_("参加培训的代表"), related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("履职学习培训")
        verbose_name_plural = _("履职学习培训")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title
