"""Rate limits that hold across processes and under concurrency, and the client's address behind proxies.

A limit of ``limit`` actions per ``period`` seconds is a fixed window (for an hour: 10:00–10:59,
11:00–11:59 …) with ``limit`` numbered *slots* in the shared cache (``CACHES["default"]``, a
database table every gunicorn worker and app server reads). Taking a slot is one ``cache.add``,
which is atomic in every shared backend (the database cache inserts a row under a primary key:
of two concurrent inserts one fails), so two processes can never take the same slot. A counter
with ``cache.incr`` is not safe here: the database cache implements ``incr`` as get-then-set,
and two parallel requests would both read 3 and both write 4. A slot can be given back
(:func:`rate_limit_release`) when the action it was taken for is refused.

Slot keys carry the window number, so an expired key is never reused (no race on expired rows)
and old windows disappear with the cache's culling of expired entries.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest


def rate_limit_take(
    *, scope: str, ident: str, limit: int, period: int = 3600, cache: BaseCache | None = None, now: float | None = None
) -> str | None:
    """Take one of the ``limit`` slots of ``ident`` (e.g. an IP address) in the current window.

    Args:
        scope: what is limited (e.g. ``"liaison-web"``); limits of different scopes are independent.
        ident: who is limited (e.g. the client's address from :func:`client_ip`).
        limit: allowed actions per window (0 or less: none).
        period: window length in seconds (3600: one clock hour).
        cache: the shared cache holding the slots; default ``caches["default"]`` (must be shared by all processes).
        now: the time in seconds since the epoch (tests); default the current time.
    Returns:
        The key of the slot taken — keep it to give the slot back with :func:`rate_limit_release` —
        or ``None`` when every slot of the window is taken (the caller answers 429).
    Raises:
        Whatever the cache backend raises when it cannot be reached (e.g. the database cache's table
        is missing: run ``renda createcachetable``).
    """
    cache = caches["default"] if cache is None else cache
    t = time.time() if now is None else now
    window = int(t // period)
    # Kept a minute past the window's end, then expired; a later window uses other keys.
    timeout = int((window + 1) * period - t) + 60
    keys = [f"ratelimit:{scope}:{ident}:{window}:{i}" for i in range(max(limit, 0))]
    taken = cache.get_many(keys)  # one read; `add` below is what decides
    for key in keys:
        if key not in taken and cache.add(key, 1, timeout):
            return key
    return None


def rate_limit_release(key: str, *, cache: BaseCache | None = None) -> None:
    """Give back a slot taken by :func:`rate_limit_take` (the action it was taken for was refused)."""
    (caches["default"] if cache is None else cache).delete(key)


def client_ip(request: HttpRequest, *, trusted_proxies: int | None = None) -> str:
    """The client's IP address, as seen through ``trusted_proxies`` reverse proxies.

    Args:
        request: the request.
        trusted_proxies: how many reverse proxies in front of Renda append to ``X-Forwarded-For``
            (setting ``RENDA_TRUSTED_PROXIES``, default 0). With 0 the header is ignored — anyone can
            send it — and ``REMOTE_ADDR`` is the client. With n > 0 the client is the n-th address
            from the right of ``X-Forwarded-For`` (each trusted proxy appends the address it saw;
            addresses further left were sent by the client and prove nothing), or the leftmost one
            when the header holds fewer than n.
    Returns:
        The address as text (``"unknown"`` when none is known); a malformed header entry falls
        back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    n = int(getattr(settings, "RENDA_TRUSTED_PROXIES", 0)) if trusted_proxies is None else trusted_proxies
    if n <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if not hops:
        return remote
    candidate = hops[-n] if len(hops) >= n else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def rate_limit_ident(ip: str) -> str:
    """The identity an address is limited under: an IPv4 address itself, an IPv6 address's /64 network
    (one household or phone holds a whole /64 and can pick any address in it)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_ip_or_none(request: HttpRequest) -> str | None:
    """:func:`client_ip` for django-axes (``AXES_CLIENT_IP_CALLABLE``): ``None`` when no address is known
    (a request built in code has no ``REMOTE_ADDR``; the login records store an IP address or nothing)."""
    address = client_ip(request)
    return None if address == "unknown" else address
