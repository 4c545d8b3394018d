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


@task()
def run_opinion_import(job_id: int) -> dict[str, int]:
    """Import the file of :class:`OpinionImportJob` ``job_id`` (``import_jobs.import_job_run``); returns
    its counts (``created``, ``rejected_count``, ``duplicate_count``)."""
    from renda.liaison.import_jobs import import_job_run

    job = import_job_run(job_id=job_id)
    return {k: int(job.report.get(k, 0)) for k in ("created", "rejected_count", "duplicate_count")}
