"""“Where to start” (从这里开始): a short guide of 3–5 steps on each role's home page (issue 13).

Apps register the steps of a role with :func:`register` (in their ``AppConfig.ready()``, like home panels);
the home page shows :func:`guide_for` until the user presses 不再显示 (:func:`guide_dismiss`), which is
stored per user and role in :class:`~renda.core.models.GuideDismissal` (so another device does not show
it again). README.md's section “Where to start” lists the same steps (a test compares them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from renda.core.models import GuideDismissal


@dataclass(frozen=True)
class GuideStep:
    """One step: the page's name as in the menu (``label``), its URL name (no arguments), what to do there."""

    label: Any
    url_name: str
    hint: Any

    @property
    def url(self) -> str:
        """The page's path."""
        return reverse(self.url_name)


_guides: dict[str, list[GuideStep]] = {}


def register(role: str, steps: list[GuideStep]) -> None:
    """Set the guide of ``role`` (a ``User.Role`` value): 3 to 5 steps, in order.

    Raises:
        ValueError: fewer than 3 or more than 5 steps.
    """
    if not 3 <= len(steps) <= 5:
        raise ValueError(f"a guide has 3–5 steps, {role} has {len(steps)}")
    _guides[role] = list(steps)


def steps_for_role(role: str) -> list[GuideStep]:
    """The registered steps of ``role`` (empty when none)."""
    return list(_guides.get(role, []))


def roles() -> list[str]:
    """Roles that have a guide."""
    return list(_guides)


def guide_for(user: Any) -> list[GuideStep]:
    """The steps to show ``user`` on their home page now: their role's, unless they dismissed it (one query)."""
    steps = steps_for_role(user.role)
    if not steps or GuideDismissal.objects.filter(user=user, role=user.role).exists():
        return []
    return steps


def guide_dismiss(*, user: Any) -> None:
    """Stop showing ``user`` their role's guide (idempotent: a second dismissal changes nothing)."""
    try:
        with transaction.atomic():
            GuideDismissal.objects.get_or_create(user=user, role=user.role)
    except IntegrityError:  # a concurrent dismissal from another tab stored it first
        pass
