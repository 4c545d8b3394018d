"""Writes of the reports domain: taking a frozen snapshot of the work statistics (issue 16 item 3).

The reports domain writes nothing to other apps; a snapshot is its own append-only record (who took
it and when are its ``taken_by`` and ``taken_at``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.constraints import check_text
from renda.core.exceptions import PermissionDeniedError
from renda.reports import metrics, permissions
from renda.reports.models import ReportSnapshot, SnapshotFigure
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
