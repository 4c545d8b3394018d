"""Abstract building blocks shared by every app's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds ``created_at`` and ``updated_at`` (timezone-aware, Asia/Shanghai for display)."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class DomainEvent(models.Model):
    """One row per workflow transition: who moved a record from which status to which, when, why.

    Concrete subclasses add a foreign key to the record they log. Rows are written only by services,
    inside the same transaction as the status change, so a failed action leaves no event.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=64)
    from_status = models.CharField(_("原状态"), max_length=32, blank=True)
    to_status = models.CharField(_("新状态"), max_length=32, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class HolidayOverride(models.Model):
    """One day whose working/rest status overrides the ``chinesecalendar`` package (RULES.md D4).

    Staff enter statutory holidays and make-up working days (调休) here for years the package does
    not cover yet (2027 with package 1.11.0), or to correct it. A year with at least one row here
    counts as confirmed: deadlines crossing it are no longer flagged provisional (暂定).
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"), help_text=_("勾选：调休上班日；不勾选：法定节假日"))
    name = models.CharField(_("名称"), max_length=40, blank=True, help_text=_("例如：国庆节、国庆节调休上班"))

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name} ({'上班' if self.is_workday else '休息'})"


class Notification(models.Model):
    """An in-app message to one user (站内通知): text, an optional link, and when it was read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("内容"), max_length=500)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text[:40]
