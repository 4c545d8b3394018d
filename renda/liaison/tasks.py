"""Background work of the liaison app (django-tasks; workers run as separate processes)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from renda.liaison.models import HotTopicSnapshot
from renda.liaison.services import hot_topics_compute


@task()
def compute_hot_topics(congress_id: int, since: str, until: str, top: int = 15) -> int:
    """Compute and store a :class:`HotTopicSnapshot` (ISO datetimes in); returns its id."""
    snapshot: HotTopicSnapshot = hot_topics_compute(
        congress_id=congress_id, since=datetime.fromisoformat(since), until=datetime.fromisoformat(until), top=top
    )
    return snapshot.pk
