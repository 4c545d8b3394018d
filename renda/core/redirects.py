"""Where a page may send the user back to after a POST (no open redirect; issue 12 item 7)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` of the POST (or GET) if it stays on this site, else ``default``.

    ``//evil.example/x``, ``https://evil.example/``, ``/\\evil.example`` and ``javascript:`` are refused
    by Django's ``url_has_allowed_host_and_scheme`` (the check behind its own login redirect); a
    ``startswith("/")`` test lets the first through.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
