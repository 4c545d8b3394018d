"""In-app notifications (站内通知), with e-mail through Django's e-mail backend when configured.

One path for every app: a service builds a :class:`Notice` (recipients, text, link; each app's
``notices.py`` holds the recipients function per event) and calls :func:`notify_on_commit`, which
queues the :func:`deliver` task when the transaction commits, so a rolled-back action sends nothing
and the request does not wait for e-mail. The task (a django-tasks worker; immediate in tests) calls
:func:`notify`, which writes the in-app rows and sends e-mail to users with an address when
``settings.EMAIL_BACKEND`` is set (the console backend in development, locmem in tests).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

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


@dataclass(frozen=True)
class Notice:
    """A notification to send once the action commits.

    Attributes:
        user_ids: the recipients' user ids (duplicates and ``None`` are dropped).
        text: the message (at most 500 characters are kept).
        link: the page it points to (a path such as ``/proposals/12/``), or ''.
        email: also e-mail recipients who have an address.
    """

    user_ids: tuple[int, ...]
    text: str
    link: str = ""
    email: bool = True

    @classmethod
    def to(cls, users: Iterable[Any], text: str, link: str = "", *, email: bool = True) -> Notice:
        """A notice to users given as ``User`` instances or ids (``None`` skipped)."""
        ids: dict[int, None] = {}
        for u in users:
            if u is not None:
                ids[u if isinstance(u, int) else u.pk] = None
        return cls(tuple(ids), text, link, email)


@task()
def deliver(user_ids: list[int], text: str, link: str = "", email: bool = True) -> int:
    """Background task: write the in-app notifications and send the e-mail; returns rows written."""
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.filter(pk__in=user_ids))
    return len(notify(users=users, text=text, link=link, email=email))


def notify_on_commit(notice: Notice) -> None:
    """Queue ``notice`` for delivery (the :func:`deliver` task) when the current transaction commits.

    Outside a transaction it is queued at once. Nothing is queued for a notice without recipients.
    """
    if not notice.user_ids:
        return
    transaction.on_commit(
        lambda: deliver.enqueue(list(notice.user_ids), notice.text[:500], notice.link[:300], notice.email)
    )


def unread_for(user: Any) -> QuerySet[Notification]:
    """The user's unread notifications, newest first."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or those in ``ids``) read; returns how many changed."""
    qs = unread_for(user)
    if ids is not None:
        qs = qs.filter(id__in=list(ids))
    return qs.update(read_at=timezone.now())
