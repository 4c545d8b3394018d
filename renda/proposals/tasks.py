"""Background tasks (django-tasks): the daily urge run, enqueued by a scheduler or cron."""

from __future__ import annotations

from django_tasks import task

from renda.proposals import services


@task()
def send_urge_notices() -> dict[str, int]:
    """Send automatic urge notices for today (idempotent)."""
    return services.urge_due()
