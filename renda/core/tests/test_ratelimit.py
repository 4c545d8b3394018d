"""Rate limits in the shared cache (slots taken with an atomic ``add``) and the client's address behind proxies."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory

from renda.core.ratelimit import client_ip, rate_limit_ident, rate_limit_release, rate_limit_take

NOW = 1_767_000_000.0  # a fixed instant: the tests do not depend on the hour they run in


def test_the_configured_cache_is_shared_by_every_process(settings):
    # then: the database cache (one table for every worker), not per-process memory
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.django_db
def test_limit_holds_across_two_cache_clients_like_two_processes():
    # given: two independent clients of the shared cache, as two gunicorn workers would have
    a, b = caches.create_connection("default"), caches.create_connection("default")
    assert a is not b

    def take(cache_client):
        return rate_limit_take(scope="t", ident="1.2.3.4", limit=5, cache=cache_client, now=NOW)

    # when: the two "processes" alternate, 8 submissions in the same hour
    results = [take(a if i % 2 else b) for i in range(8)]
    # then: exactly 5 get a slot, each a different one
    granted = [r for r in results if r]
    assert len(granted) == 5 and len(set(granted)) == 5
    assert results[5:] == [None, None, None]


@pytest.mark.django_db
def test_two_processes_that_both_read_a_free_slot_cannot_both_take_it(monkeypatch):
    # given: both clients read the slots before either writes (the race that let 10 of 22 through)
    a, b = caches.create_connection("default"), caches.create_connection("default")
    for client in (a, b):
        monkeypatch.setattr(client, "get_many", lambda keys, version=None: {})
    # when
    first = rate_limit_take(scope="t", ident="ip", limit=1, cache=a, now=NOW)
    second = rate_limit_take(scope="t", ident="ip", limit=1, cache=b, now=NOW)
    # then: the atomic add decides — one slot, one winner
    assert first is not None and second is None


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_never_exceed_the_limit():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads on the in-memory SQLite test database lock its tables; runs on PostgreSQL")
    # given: 12 threads, each with its own database connection, racing for 5 slots
    results: list[str | None] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def worker() -> None:
        try:
            start.wait()
            key = rate_limit_take(scope="par", ident="9.9.9.9", limit=5, now=NOW)
            with lock:
                results.append(key)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(12)]
    # when
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then: exactly the limit, each slot once
    granted = [r for r in results if r]
    assert len(results) == 12 and len(granted) == 5 and len(set(granted)) == 5


@pytest.mark.django_db
def test_a_released_slot_can_be_taken_again_and_windows_are_independent():
    # given: the single slot of the hour is taken
    key = rate_limit_take(scope="t", ident="ip", limit=1, now=NOW)
    assert key is not None
    assert rate_limit_take(scope="t", ident="ip", limit=1, now=NOW) is None
    # when: it is given back
    rate_limit_release(key)
    # then: it can be taken again; the next hour has its own slots; other scopes and idents too
    assert rate_limit_take(scope="t", ident="ip", limit=1, now=NOW) is not None
    assert rate_limit_take(scope="t", ident="ip", limit=1, now=NOW + 3600) is not None
    assert rate_limit_take(scope="other", ident="ip", limit=1, now=NOW) is not None
    assert rate_limit_take(scope="t", ident="ip2", limit=1, now=NOW) is not None
    assert rate_limit_take(scope="t", ident="ip3", limit=0, now=NOW) is None


def _request(remote: str = "10.0.0.1", xff: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if xff is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = xff
    return request


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    # given: the default (no proxy)
    settings.RENDA_TRUSTED_PROXIES = 0
    # when / then: a client cannot choose its address by sending the header
    assert client_ip(_request("203.0.113.9", "1.1.1.1")) == "203.0.113.9"
    assert client_ip(_request("", None)) == "unknown"


def test_forwarded_for_with_trusted_proxies_takes_the_address_the_outermost_proxy_saw(settings):
    # given: one proxy (nginx) at 10.0.0.1 appending the address it saw
    settings.RENDA_TRUSTED_PROXIES = 1
    # when / then: a forged left part is not believed; the proxy's own entry is
    assert client_ip(_request("10.0.0.1", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("10.0.0.1", "198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("10.0.0.1")) == "10.0.0.1"  # no header: the direct peer
    assert client_ip(_request("10.0.0.1", "not-an-ip")) == "10.0.0.1"
    # two proxies: the second address from the right; fewer entries than proxies: the leftmost
    assert client_ip(_request("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1"), trusted_proxies=2) == "198.51.100.7"
    assert client_ip(_request("10.0.0.2", "198.51.100.7"), trusted_proxies=2) == "198.51.100.7"


def test_an_ipv6_client_is_limited_by_its_64_network():
    assert rate_limit_ident("2001:db8:1:2:aaaa::1") == rate_limit_ident("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64"
    assert rate_limit_ident("198.51.100.7") == "198.51.100.7"
    assert rate_limit_ident("unknown") == "unknown"
