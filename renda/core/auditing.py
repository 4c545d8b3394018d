"""Reads of the security audit (等保 2.0 level 3, 三员分立): who may read it, and what it shows.

The three administrators are separate people (GB/T 22239-2019 8.1.4.2 / 8.1.5.4 "三员分立"):

- 系统管理员 (system administrator, a superuser): accounts and reference data; may NOT read the audit
  trail's integrity report nor the login history, and does not unlock accounts.
- 安全管理员 (security administrator, role ``security_admin``): unlocks locked (account, address) pairs,
  receives the login-storm alert, reads the login history; reads no event trail and administers nothing.
- 审计管理员 (audit administrator, role ``auditor``): reads the integrity report, every event trail and the
  login history, and changes nothing.

The role values are the organisation app's ``User.Role`` values (core names them by value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.models import AccessFailureLog, AccessLog
from django.db.models import QuerySet

from renda.core import audit
from renda.core.models import DomainEvent

AUDITOR = "auditor"
SECURITY_ADMIN = "security_admin"


def _is_plain(user: Any, role: str) -> bool:
    """A logged-in user of ``role`` who is neither a superuser nor admin staff (the database refuses that too)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", "") == role
        and not user.is_superuser
        and not user.is_staff
    )


def can_read_audit(user: Any) -> bool:
    """Whether ``user`` may read the audit trail and its integrity report: the audit administrator only."""
    return _is_plain(user, AUDITOR)


def can_read_login_history(user: Any) -> bool:
    """Whether ``user`` may read the login history: the audit administrator and the security administrator."""
    return _is_plain(user, AUDITOR) or _is_plain(user, SECURITY_ADMIN)


def can_manage_lockouts(user: Any) -> bool:
    """Whether ``user`` may see and lift login lockouts: the security administrator only (not the system
    administrator, who administers the accounts themselves)."""
    return _is_plain(user, SECURITY_ADMIN)


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
