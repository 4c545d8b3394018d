"""Settings of the deputies' activity records (代表履职档案, issue 16 item 6): what the public sees and
the optional points scheme (履职积分). The records themselves are never stored: they are read from the
owning apps' records each time (``renda.reports.records``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.constraints import db_checked
from renda.core.models import TimeStampedModel
from renda.organization.models import Congress

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
    ACTIVITIES = "activities", _("参加执法检查、调查")
    COMMENTS = "comments", _("对法规草案提出意见")


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
