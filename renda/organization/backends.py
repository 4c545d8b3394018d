"""Log in as ``d<代表证号>``: every deputy's login answers to ``d`` + card number (README "Demo logins").

A deputy whose account has another name — the vice-chair behind ``supervisor``, the deputy behind
``deputy`` — logs in under either: the account is one (``User.deputy`` is one-to-one), its password is
the same, and a second account per deputy would split his votes and replies between two logins.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from renda.organization.models import Deputy

#: ``d`` followed by a card number (digits, as the demo and the deputies' register issue them).
CARD_LOGIN = re.compile(r"d([0-9]{1,20})")


def card_account(username: str) -> Any:
    """The account ``d<代表证号>`` stands for, or ``None``.

    ``None`` when ``username`` is not of that form, when it is an account's own name (that account
    answers for itself), or when no serving deputy or more than one (two terms) with that card number
    has an account.
    """
    match = CARD_LOGIN.fullmatch(username or "")
    if match is None:
        return None
    users = get_user_model()._default_manager
    if users.filter(username=username).exists():
        return None
    found = list(users.filter(deputy__code=match.group(1), deputy__status=Deputy.Status.SERVING).order_by("pk")[:2])
    return found[0] if len(found) == 1 else None


def login_identity(username: str) -> str:
    """The account name a typed login name stands for: the account's own name for ``d<代表证号>``
    (:func:`card_account`), ``username`` itself otherwise.

    Failed logins are counted and locked per account, not per spelling (``AXES_USERNAME_CALLABLE`` and
    the per-username back-off of :mod:`renda.core.loginguard`): a guesser who alternates ``supervisor``
    and ``d160002`` from one address is locked after ``AXES_FAILURE_LIMIT`` failures in all, not that
    many per spelling (等保 2.0 level 3: 登录失败处理).
    """
    account = card_account(username)
    return account.get_username() if account is not None else username


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """django-axes' ``AXES_USERNAME_CALLABLE``: :func:`login_identity` of the username in ``credentials``
    (the authentication call) or, failing that, of the login form's POST."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = getattr(request, "POST", {}).get("username")
    return login_identity(typed or "")


class DeputyCardBackend(ModelBackend):
    """Authenticate ``d<代表证号>`` as the serving deputy's own account when no account has that name.

    Answers ``None`` (the next backend, or a failed login) when the name is an account's own name (the
    ordinary backend answered it), when no serving deputy or more than one (two terms) has the card
    number, or when the password is wrong; the password is hashed either way, so timing does not tell
    whether the card number exists.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if CARD_LOGIN.fullmatch(username or "") is None or password is None:
            return None
        user = card_account(username or "")
        if user is None:
            if not get_user_model()._default_manager.filter(username=username).exists():
                get_user_model()().set_password(password)  # same cost as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
