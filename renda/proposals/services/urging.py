"""Urging (催办): a manual notice by staff or a supervisor, and the daily automatic run ``urge_due``."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from renda.core import workdays
from renda.core.exceptions import InvalidTransition
from renda.organization.models import User
from renda.proposals import conf, events, notices, permissions
from renda.proposals.models import Assignment, UrgeNotice
from renda.proposals.services._base import lock_assignment, send
from renda.proposals.workflow import ASSIGNMENT_OPEN


@transaction.atomic
def assignment_urge(*, assignment: Assignment, actor: User, note: str = "", at: datetime | None = None) -> UrgeNotice:
    """A manual urge notice (催办) by staff or a supervisor of the suggestion to a unit still handling.

    Raises:
        PermissionDeniedError, InvalidTransition (the unit already replied).
    """
    p, a = lock_assignment(assignment)
    permissions.require(permissions.can_urge(actor, a), "只有工作人员或督办领导可以催办")
    if a.status not in ASSIGNMENT_OPEN:
        raise InvalidTransition("该单位已答复或已办结，无需催办")
    u = UrgeNotice.objects.create(
        assignment=a, kind=UrgeNotice.Kind.MANUAL, due_date=a.due_date, sent_by=actor, note=note
    )
    a.last_urged_at = u.sent_at
    a.save(update_fields=["last_urged_at"])
    events.urged(a, actor=actor, note=note or "催办", at=at)
    send(notices.urged(p, a, note))
    return u


def urge_due(*, today: date | None = None) -> dict[str, int]:
    """Send automatic urge notices (idempotent: at most one per assignment, kind and deadline):
    ``before`` when a deadline is within ``URGE_BEFORE_WORKING_DAYS`` working days, ``overdue`` once
    it has passed. Returns counts per kind. Run daily (``renda proposals urge`` / the task). The notices
    are queued when each batch commits (:mod:`renda.proposals.notices`), never sent inside it."""
    today = today or timezone.localdate()
    soon = workdays.add_working_days(today, conf.get("URGE_BEFORE_WORKING_DAYS"))
    counts = {"before": 0, "overdue": 0}
    open_qs = Assignment.objects.filter(status__in=ASSIGNMENT_OPEN).select_related("proposal")
    batches = [
        (UrgeNotice.Kind.OVERDUE, open_qs.filter(due_date__lt=today)),
        (UrgeNotice.Kind.BEFORE, open_qs.filter(due_date__gte=today, due_date__lte=soon)),
    ]
    for kind, qs in batches:
        done = set(UrgeNotice.objects.filter(kind=kind, assignment__in=qs).values_list("assignment_id", "due_date"))
        fresh = [a for a in qs if (a.pk, a.due_date) not in done]
        with transaction.atomic():
            UrgeNotice.objects.bulk_create(
                [UrgeNotice(assignment=a, kind=kind, due_date=a.due_date) for a in fresh], ignore_conflicts=True
            )
            users: dict[int, list[int]] = {}
            for a in fresh:
                if a.unit_id not in users:
                    users[a.unit_id] = notices.unit_users([a.unit_id])
                send(notices.urged_automatically(a, kind == UrgeNotice.Kind.OVERDUE, users[a.unit_id]))
        counts[str(kind)] = len(fresh)
    return counts
