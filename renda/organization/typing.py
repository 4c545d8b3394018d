"""Typing helpers for views behind ``login_required`` (the request of a logged-in Renda user)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from renda.organization.models import User


class AuthedRequest(HttpRequest):
    """An ``HttpRequest`` whose ``user`` is a logged-in :class:`~renda.organization.models.User`."""

    user: User  # type: ignore[assignment]
