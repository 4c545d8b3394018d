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
        match = CARD_LOGIN.fullmatch(username or "")
        if match is None or password is None:
            return None
        users = get_user_model()._default_manager
        if users.filter(username=username).exists():
            return None
        found = list(users.filter(deputy__code=match.group(1), deputy__status=Deputy.Status.SERVING).order_by("pk")[:2])
        if len(found) != 1:
            get_user_model()().set_password(password)  # same cost as a real check
            return None
        user = found[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
