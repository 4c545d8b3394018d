"""Writes of the reports domain, all to its own records: taking a frozen snapshot of the work statistics
(issue 16 item 3; append-only, who took it and when are its ``taken_by`` and ``taken_at``) and the
settings of the deputies' activity records (their public page and points scheme, item 6). It writes
nothing to other apps.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.constraints import check_text
from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.organization.models import User
from renda.reports import metrics, permissions
from renda.reports.models import MAX_WEIGHT, KindSetting, RecordKind, RecordSettings, ReportSnapshot, SnapshotFigure
from renda.reports.periods import Period

NOTE_MAX = 200


def snapshot_take(*, congress_id: int, period: Period, actor: Any | None, note: str = "") -> ReportSnapshot:
    """Freeze every metric of the dictionary for ``congress_id`` and ``period``.

    Args:
        congress_id: the congress whose figures are frozen.
        period: the year or session year (``renda.reports.periods``).
        actor: the staff user taking it, or ``None`` for the command line (``renda report work
            --snapshot``, run by whoever operates the server).
        note: what the snapshot is for (at most 200 characters), e.g. "提交大会的报告稿".
    Returns:
        The snapshot with one :class:`SnapshotFigure` per metric: its value exactly as the statistics
        page computes it now, and the ids of the records behind it in drill-down order.
    Raises:
        PermissionDeniedError: ``actor`` may not read the statistics (only staff may).
        ApplicationError: ``too_long`` when the note exceeds 200 characters. Nothing is written then.
    """
    if actor is not None and not permissions.can_take_snapshot(actor):
        raise PermissionDeniedError(_("只有常委会工作人员可以保存报告快照"))
    note = (note or "").strip()
    check_text(note, label=_("说明"), max_length=NOTE_MAX)
    with transaction.atomic():
        snapshot = ReportSnapshot.objects.create(
            congress_id=congress_id,
            period_start=period.start,
            period_end=period.end,
            period_label=period.label,
            session_id=period.session_id,
            taken_by=actor,
            note=note,
        )
        rows = []
        for position, metric in enumerate(metrics.METRICS):
            qs = metric.records(congress_id, period)
            ids = list(dict.fromkeys(qs.values_list("pk", flat=True)))  # in order, once each
            value = metric.value(congress_id, period)
            rows.append(
                SnapshotFigure(
                    snapshot=snapshot,
                    position=position,
                    metric=metric.id,
                    label=str(metric.label)[:100],
                    unit=str(metric.unit)[:10],
                    value=Decimal(str(round(value, 1))),
                    record_model=qs.model._meta.label_lower,
                    record_count=len(ids),
                    record_ids=ids,
                )
            )
        SnapshotFigure.objects.bulk_create(rows)
    return snapshot


@dataclass(frozen=True)
class KindChoice:
    """What staff chose for one kind of activity: shown publicly, and its weight (points per activity)."""

    public: bool
    weight: int


def record_settings_set(
    *, congress_id: int, public: bool, points: bool, kinds: dict[str, KindChoice], actor: User
) -> RecordSettings:
    """Staff set their congress's activity-record settings (issue 16 item 6; both off by default).

    Args:
        congress_id: the actor's congress.
        public: show the records' public page (only kinds with ``public`` set appear on it).
        points: show 履职积分 on every record (count × weight per kind).
        kinds: per ``RecordKind`` value, its choice; kinds left out keep 0 and not public.
    Returns:
        The settings row (its changes kept in history with the actor).
    Raises:
        PermissionDeniedError: the actor is not staff of that congress.
        RuleViolation: ``unknown_kind`` or ``bad_weight`` (a weight outside 0–100); nothing is saved.
    """
    if not permissions.can_manage_record_settings(actor) or actor.congress_id != congress_id:
        raise PermissionDeniedError(_("只有常委会工作人员可以设置代表履职档案"))
    for kind, choice in kinds.items():
        if kind not in RecordKind.values:
            raise RuleViolation(_("履职事项不存在"), code="unknown_kind")
        if not 0 <= choice.weight <= MAX_WEIGHT:
            raise RuleViolation(_("积分权重须在0至%(n)s之间") % {"n": MAX_WEIGHT}, code="bad_weight")
    with transaction.atomic():
        row = RecordSettings.objects.select_for_update().filter(congress_id=congress_id).first()
        row = row or RecordSettings(congress_id=congress_id)
        row.public, row.points = public, points
        row._history_user = actor  # type: ignore[attr-defined]
        row.save()
        for kind, choice in kinds.items():
            KindSetting.objects.update_or_create(
                settings=row, kind=kind, defaults={"public": choice.public, "weight": choice.weight}
            )
    return row
