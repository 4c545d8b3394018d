"""Failed logins without lockout of others (等保 2.0 level 3 identity controls; issue 12 item 2).

django-axes records every failed login by (username, client address) and locks that *pair* after
``AXES_FAILURE_LIMIT`` failures for ``AXES_COOLOFF_TIME``: a stranger who types a deputy's username five
times locks only himself, and the deputy still logs in from his own address. On top of it:

* **Per-username back-off.** When one username has failed ``RENDA_LOGIN_BACKOFF_AFTER`` times (default
  10) from any addresses within the cool-off, every address that has *itself* failed for it waits
  between attempts, doubling per failure of that address (1, 2, 4 … at most
  ``RENDA_LOGIN_BACKOFF_MAX_SECONDS``, default 300 seconds). An address that has not failed for the
  username (the owner, from home or from a new place) is never delayed, so a stranger cannot lock
  the owner out; a distributed guesser is slowed on every address he uses.
* **Storm alert.** When one address fails for ``RENDA_LOGIN_STORM_USERNAMES`` distinct usernames
  (default 10) within the cool-off, the system administrators (superusers) get one in-app notice
  per address and cool-off window.
* **Unlock.** :func:`locked_pairs` lists the pairs locked now and :func:`unlock` releases one (the
  administrator's page ``/accounts/lockouts/``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone

from renda.core.auditing import SECURITY_ADMIN
from renda.core.notifications import Notice, notify_on_commit

log = logging.getLogger("renda.security")


def _cooloff() -> timedelta:
    value = settings.AXES_COOLOFF_TIME
    return value if isinstance(value, timedelta) else timedelta(hours=float(value))


def _window_start() -> datetime:
    return timezone.now() - _cooloff()


def backoff_seconds(username: str, address: str, *, now: datetime | None = None) -> int:
    """How many more seconds ``address`` must wait before trying ``username`` again (0: try now).

    Args:
        username: the username typed (as axes stores it).
        address: the client address (``renda.core.ratelimit.client_ip``).
        now: the current time (tests).
    Returns:
        Seconds to wait, 0 when the username is not under attack or this address has not failed for it.
    """
    now = now or timezone.now()
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - _cooloff())
    total = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    if total < settings.RENDA_LOGIN_BACKOFF_AFTER:
        return 0
    mine = attempts.filter(ip_address=address).aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = mine["n"] or 0
    if failures == 0:
        return 0
    wait = min(2 ** (failures - 1), settings.RENDA_LOGIN_BACKOFF_MAX_SECONDS)
    remaining = (mine["last"] + timedelta(seconds=wait) - now).total_seconds()
    return max(0, int(remaining + 0.999))


def storm_check(address: str) -> bool:
    """After a failed login from ``address``: alert the administrators once if it is a storm.

    Returns:
        Whether an alert was queued now.
    """
    usernames = (
        AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=_window_start())
        .values("username")
        .distinct()
        .count()
    )
    if usernames < settings.RENDA_LOGIN_STORM_USERNAMES:
        return False
    key = f"renda:login-storm:{address}"
    if not caches["default"].add(key, 1, timeout=int(_cooloff().total_seconds())):
        return False
    log.warning("login storm: %s failed for %s usernames", address, usernames)
    admins = (
        get_user_model()
        .objects.filter(role=SECURITY_ADMIN, is_active=True, is_superuser=False, is_staff=False)
        .values_list("pk", flat=True)
    )
    notify_on_commit(
        Notice.to(
            list(admins),
            f"安全告警：地址 {address} 在 {int(_cooloff().total_seconds() // 60)} 分钟内以 {usernames} 个账号登录失败，"
            "疑似批量猜测密码。相关账号仅对该地址锁定，本人从其他地址仍可登录。",
            reverse("lockouts"),
        )
    )
    return True


@dataclass(frozen=True)
class LockedPair:
    """A (username, address) pair locked now: how many failures and until when."""

    id: int
    username: str
    address: str
    failures: int
    last_attempt: datetime
    until: datetime


def locked_pairs() -> list[LockedPair]:
    """The pairs locked now (failures at or over the limit within the cool-off), latest first."""
    rows = AccessAttempt.objects.filter(
        attempt_time__gte=_window_start(), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")
    return [
        LockedPair(
            r.pk,
            r.username or "",
            r.ip_address or "",
            r.failures_since_start,
            r.attempt_time,
            r.attempt_time + _cooloff(),
        )
        for r in rows
    ]


def unlock(*, attempt_id: int, actor: object) -> LockedPair | None:
    """Release one locked pair (its failures are forgotten); returns it, or ``None`` when already gone.

    The release is written to the security log with the administrator's username.
    """
    row = AccessAttempt.objects.filter(pk=attempt_id).first()
    if row is None:
        return None
    pair = LockedPair(
        row.pk, row.username or "", row.ip_address or "", row.failures_since_start, row.attempt_time, row.attempt_time
    )
    row.delete()
    log.warning("login unlocked: %s from %s by %s", pair.username, pair.address, getattr(actor, "username", actor))
    return pair
