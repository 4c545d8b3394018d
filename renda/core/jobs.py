"""What background jobs (imports) share: their phase read from their timestamps."""

from __future__ import annotations

from datetime import datetime


class JobPhase:
    """Mixin for a job model with ``started_at``, ``finished_at`` (datetimes or ``None``) and ``failure``
    (the Chinese reason, or ''): the phase is read from them, not kept in a status field — a job is a
    piece of bookkeeping, not a record with a workflow."""

    started_at: datetime | None
    finished_at: datetime | None
    failure: str

    @property
    def phase(self) -> str:
        """``waiting`` (queued), ``running``, ``done`` or ``failed``."""
        if self.finished_at is not None:
            return "failed" if self.failure else "done"
        return "running" if self.started_at is not None else "waiting"
