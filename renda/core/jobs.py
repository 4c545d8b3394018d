"""What background jobs (imports) share: their phase read from their timestamps, and the heartbeat
that tells a running job from one whose worker died."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

#: A started, unfinished job whose progress has not been saved for this long is taken as interrupted
#: (its worker process died or was stopped): both imports save their progress every batch, seconds
#: apart, so ten minutes of silence is not a slow batch.
STALL_AFTER = timedelta(minutes=10)


def heartbeat(**fields: Any) -> dict[str, Any]:
    """The fields of a job's progress ``update()`` with ``updated_at`` set to now.

    ``QuerySet.update`` does not run ``auto_now``; every progress write goes through this so that
    :attr:`JobPhase.phase` can tell a running job from a stalled one.

    Args:
        fields: the columns to update (``processed_rows=…``, ``started_at=…``).
    Returns:
        ``fields`` plus ``updated_at``.
    """
    return {**fields, "updated_at": timezone.now()}


class JobPhase:
    """Mixin for a job model with ``started_at``, ``finished_at`` (datetimes or ``None``), ``failure``
    (the Chinese reason, or '') and ``updated_at`` (the last progress saved, see :func:`heartbeat`):
    the phase is read from them, not kept in a status field — a job is a piece of bookkeeping, not a
    record with a workflow."""

    started_at: datetime | None
    finished_at: datetime | None
    failure: str
    updated_at: datetime

    @property
    def phase(self) -> str:
        """``waiting`` (queued), ``running``, ``stalled`` (started, no progress saved for
        :data:`STALL_AFTER`: the worker died; what was stored stays stored), ``done`` or ``failed``."""
        if self.finished_at is not None:
            return "failed" if self.failure else "done"
        if self.started_at is None:
            return "waiting"
        return "stalled" if self.updated_at < timezone.now() - STALL_AFTER else "running"

    @property
    def in_progress(self) -> bool:
        """True while the job's page should keep polling for progress (waiting or running)."""
        return self.phase in ("waiting", "running")

    @property
    def stall_minutes(self) -> int:
        """:data:`STALL_AFTER` in minutes (for the pages' explanation)."""
        return int(STALL_AFTER.total_seconds() // 60)
