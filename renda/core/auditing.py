"""Reads of the security audit (等保 2.0 level 3, 三员分立): who may read it, and what it shows.

The audit administrator (role ``auditor``) reads the audit trail's integrity report, the event trails
and the login history, and changes nothing. A system administrator (superuser) administers accounts
and reference data and may NOT read the integrity report: administering and auditing are separate
people. The role value is the organisation app's ``User.Role.AUDITOR`` (core names it by value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.models import AccessFailureLog, AccessLog
from django.db.models import QuerySet

from renda.core import audit
from renda.core.models import DomainEvent

AUDITOR = "auditor"


def can_read_audit(user: Any) -> bool:
    """Whether ``user`` may read the audit pages: a logged-in audit administrator who administers nothing."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", "") == AUDITOR
        and not user.is_superuser
        and not user.is_staff
    )


@dataclass(frozen=True)
class TrailReport:
    """One event table's line in the integrity report."""

    label: str
    table: str
    rows: int
    breaks: list[audit.Break]


def integrity_report() -> list[TrailReport]:
    """Every event table with its row count and the rows that break its hash chain (empty: intact)."""
    return [
        TrailReport(str(m._meta.verbose_name), m._meta.db_table, m.objects.count(), list(audit.verify_model(m)))
        for m in audit.event_models()
    ]


def trail_tables() -> dict[str, type[DomainEvent]]:
    """Event tables by table name (for the trail page's choice)."""
    return {m._meta.db_table: m for m in audit.event_models()}


def trail_events(table: str, *, actor: str = "", subject: int | None = None) -> QuerySet[DomainEvent]:
    """The events of one table, newest first, optionally of one actor (username) or one subject (id).

    Raises:
        KeyError: ``table`` is not an event table.
    """
    model = trail_tables()[table]
    qs = model.objects.select_related("actor").order_by("-at", "-id")
    if actor:
        qs = qs.filter(actor__username=actor)
    if subject is not None:
        qs = qs.filter(**{model.SUBJECT_FIELD + "_id": subject})
    return qs


def login_history(*, username: str = "", address: str = "") -> list[dict[str, Any]]:
    """Logins (成功) and failed logins (失败, 锁定) newest first, at most 500, filtered by account or address."""
    ok: QuerySet[Any] = AccessLog.objects.all()
    failed: QuerySet[Any] = AccessFailureLog.objects.all()
    if username:
        ok, failed = ok.filter(username=username), failed.filter(username=username)
    if address:
        ok, failed = ok.filter(ip_address=address), failed.filter(ip_address=address)
    rows = [
        {
            "at": r.attempt_time,
            "username": r.username,
            "address": r.ip_address,
            "outcome": "成功",
            "logout": r.logout_time,
        }
        for r in ok.order_by("-attempt_time")[:500]
    ] + [
        {
            "at": r.attempt_time,
            "username": r.username,
            "address": r.ip_address,
            "outcome": "失败（已锁定）" if r.locked_out else "失败",
            "logout": None,
        }
        for r in failed.order_by("-attempt_time")[:500]
    ]
    return sorted(rows, key=lambda r: r["at"], reverse=True)[:500]
