"""Background tasks (django-tasks): the daily urge run, enqueued by a scheduler or cron."""

from __future__ import annotations

from django_tasks import task

from renda.proposals import services


@task()
def send_urge_notices() -> dict[str, int]:
    """Send automatic urge notices for today (idempotent)."""
    return services.urge_due()


@task()
def run_import(job_id: int) -> dict[str, int]:
    """Import the rows of Excel import job ``job_id`` (``imports.import_job_run``); returns its counts
    (``created``, ``rejected``). A job already started is not run again."""
    from renda.proposals.imports import import_job_run

    job = import_job_run(job_id=job_id)
    return {"created": job.created_count, "rejected": job.rejected_count}
