"""Abstract building blocks shared by every app's models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.constraints import db_checked


class TimeStampedModel(models.Model):
    """Adds ``created_at`` and ``updated_at`` (timezone-aware, Asia/Shanghai for display)."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditImmutable(Exception):
    """An event row (audit record) was about to be changed or deleted; they are append-only."""


class EventQuerySet(models.QuerySet):
    """Event rows are append-only: bulk ``update``/``delete`` refuse, ``bulk_create`` chains hashes."""

    def update(self, **kwargs: Any) -> int:
        raise AuditImmutable(f"{self.model._meta.verbose_name}不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutable(f"{self.model._meta.verbose_name}不能删除")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        """Insert new event rows, each chained to the last event of its subject (rows in list order)."""
        objs = list(objs)
        model = self.model
        subject = model.SUBJECT_FIELD + "_id"
        ids = {getattr(o, subject) for o in objs}
        heads: dict[Any, str] = {}
        if ids:
            last = model.objects.filter(**{f"{subject}__in": ids}).values(subject).annotate(m=models.Max("id"))
            by_id = dict(model.objects.filter(id__in=[r["m"] for r in last]).values_list("id", "hash"))
            heads = {r[subject]: by_id[r["m"]] for r in last}
        for o in objs:
            o.seal(prev=heads.get(getattr(o, subject), ""))
            heads[getattr(o, subject)] = o.hash
        return super().bulk_create(objs, *args, **kwargs)


class DomainEvent(models.Model):
    """One row per workflow transition or recorded act: who did what to which record, when, why.

    Concrete subclasses add a foreign key to the record they log (its name in ``SUBJECT_FIELD``,
    ``on_delete=PROTECT``: a record with events is retired, never deleted) and an ``Action``
    ``TextChoices`` of their typed actions (``ACTIONS``), so timelines show Chinese labels.
    Rows are written only through :mod:`renda.core.workflow` (``transition`` and ``record_event``),
    inside the transaction of the change, so a failed action leaves no event.

    Append-only (等保 2.0 level 3 audit records): ``save`` of an existing row, ``delete``, and queryset
    ``update``/``delete`` raise :class:`AuditImmutable`; the admin is view-only; on PostgreSQL a
    trigger refuses UPDATE and DELETE. ``hash`` chains each row to the previous event of the same
    subject (:mod:`renda.core.audit`; ``renda audit verify``).
    """

    #: Name of the foreign key to the record whose trail this is; set by each concrete model.
    SUBJECT_FIELD: ClassVar[str] = ""
    #: The app's typed actions (``events.Action``); set by each concrete model.
    ACTIONS: ClassVar[type[models.TextChoices] | None] = None
    #: Status value → Chinese label of the statuses its events move between (timelines show labels).
    STATUS_LABELS: ClassVar[Mapping[str, Any]] = {}

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
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    note = models.TextField(_("说明"), blank=True)
    prev_hash = models.CharField(_("上一条哈希"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert the row, chained to the last event of its subject; refuses to update a stored row.

        Raises:
            AuditImmutable: the row is already stored.
            ValueError: ``action`` is not one of the model's typed actions.
        """
        if not self._state.adding:
            raise AuditImmutable(f"{self._meta.verbose_name}不能修改")
        subject = self.SUBJECT_FIELD + "_id"
        prev = (
            type(self)
            .objects.filter(**{subject: getattr(self, subject)})
            .order_by("-id")
            .values_list("hash", flat=True)
            .first()
        )
        self.seal(prev=prev or "")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Refused: event rows are never deleted.

        Raises:
            AuditImmutable: always.
        """
        raise AuditImmutable(f"{self._meta.verbose_name}不能删除")

    @property
    def action_label(self) -> str:
        """The action's Chinese label (the raw code only for an action no longer defined)."""
        if self.ACTIONS is not None and self.action in self.ACTIONS.values:
            return str(self.ACTIONS(self.action).label)
        return self.action

    @property
    def subject_id(self) -> Any:
        """The id of the record whose trail this row is in."""
        return getattr(self, self.SUBJECT_FIELD + "_id")

    def status_label(self, value: str) -> str:
        """The Chinese label of a status value ('—' for none; the value itself when unknown)."""
        return str(self.STATUS_LABELS.get(value, value)) if value else "—"

    @property
    def from_label(self) -> str:
        """The label of ``from_status``."""
        return self.status_label(self.from_status)

    @property
    def to_label(self) -> str:
        """The label of ``to_status``."""
        return self.status_label(self.to_status)

    def _check_action(self) -> None:
        if self.ACTIONS is not None and self.action not in self.ACTIONS.values:
            raise ValueError(f"{type(self).__name__}: unknown action {self.action!r} (not in {self.ACTIONS.__name__})")

    def seal(self, *, prev: str) -> None:
        """Set ``prev_hash`` and ``hash`` for a row about to be inserted (``prev``: the subject's last hash)."""
        from renda.core.audit import event_hash, hashed_columns

        self._check_action()
        if self.at is None:
            self.at = timezone.now()
        self.prev_hash = prev
        self.hash = event_hash(type(self), {c: getattr(self, c) for c in hashed_columns(type(self))})


@db_checked(dates=["date"])
class HolidayOverride(models.Model):
    """One day whose working/rest status overrides the ``chinesecalendar`` package (RULES.md D4).

    Staff enter statutory holidays and make-up working days (调休) here for years the package does
    not cover yet (2027 with package 1.11.0), or to correct it. A year with at least one row here
    counts as confirmed: deadlines crossing it are no longer flagged provisional (暂定).
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"), help_text=_("勾选：调休上班日；不勾选：法定节假日"))
    name = models.CharField(_("名称"), max_length=40, blank=True, help_text=_("例如：国庆节、国庆节调休上班"))

    #: who entered, changed or removed which day, and when (the calendar page and the admin both write here)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name} ({'上班' if self.is_workday else '休息'})"


@db_checked()
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


@db_checked()
class GuideDismissal(models.Model):
    """A user closed the “where to start” guide (从这里开始) of a role's home page: it is no longer shown
    to them on any device. Keyed by role, so a user given another role sees that role's guide once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="guide_dismissals"
    )
    role = models.CharField(_("角色"), max_length=24)
    dismissed_at = models.DateTimeField(_("关闭时间"), default=timezone.now)

    class Meta:
        verbose_name = _("入门指引关闭记录")
        verbose_name_plural = _("入门指引关闭记录")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="guide_dismissal_once_per_role")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"
