"""In-app notifications (站内通知), with e-mail through Django's e-mail backend when configured.

Services call :func:`notify` inside ``transaction.on_commit`` so that a rolled-back action sends
nothing. E-mail goes out only to users with an address and when ``settings.EMAIL_BACKEND`` is set
(the console backend in development, locmem in tests).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import timezone

from renda.core.models import Notification

log = logging.getLogger(__name__)


def notify(*, users: Iterable[Any], text: str, link: str = "", email: bool = True) -> list[Notification]:
    """Create one :class:`Notification` per distinct user (``None`` entries are skipped) and e-mail
    those with an address. Returns the created rows."""
    seen: dict[int, Any] = {}
    for u in users:
        if u is not None and u.pk not in seen:
            seen[u.pk] = u
    rows = Notification.objects.bulk_create(
        [Notification(recipient=u, text=text[:500], link=link[:300]) for u in seen.values()]
    )
    if email and bool(getattr(settings, "EMAIL_BACKEND", None)):
        addresses = [u.email for u in seen.values() if getattr(u, "email", "")]
        if addresses:
            try:
                send_mail("人大代表工作平台通知", f"{text}\n{link}", settings.DEFAULT_FROM_EMAIL, addresses)
            except Exception:  # e-mail is best effort; the in-app notice is the record
                log.exception("notification e-mail failed")
    return rows


def unread_for(user: Any) -> QuerySet[Notification]:
    """The user's unread notifications, newest first."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or those in ``ids``) read; returns how many changed."""
    qs = unread_for(user)
    if ids is not None:
        qs = qs.filter(id__in=list(ids))
    return qs.update(read_at=timezone.now())
