"""Failed logins lock the (account, address) pair, never the owner elsewhere (issue 12 item 2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core import loginguard
from renda.core.models import Notification
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _login(username: str, password: str, address: str) -> tuple[int, str, Client]:
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password})
    return response.status_code, response.content.decode(), client


def test_lockout_storm_against_every_deputy_from_one_address_leaves_each_able_to_log_in_from_his_own(
    django_capture_on_commit_callbacks, settings
):
    # given 345 deputies and a security administrator (安全管理员)
    settings.RENDA_LOGIN_BACKOFF_AFTER = 10
    deputies = [
        f.UserFactory(role=User.Role.DEPUTY, username=f"d16{n:04d}", deputy=f.DeputyFactory()) for n in range(1, 346)
    ]
    admin = f.UserFactory(username="sec", role=User.Role.SECURITY_ADMIN)
    # when one address tries five wrong passwords on every deputy before a plenary vote
    with django_capture_on_commit_callbacks(execute=True):
        for user in deputies:
            for _ in range(5):
                _login(user.username, "wrong-password", "203.0.113.66")
    # then every deputy is locked at that address only …
    status, _, _ = _login(deputies[0].username, f.TEST_PASSWORD, "203.0.113.66")
    assert status == 429
    # … and logs in from his own address at once
    for n, user in enumerate(deputies):
        status, _, client = _login(user.username, f.TEST_PASSWORD, f"10.1.{n // 250}.{n % 250 + 1}")
        assert status == 302, user.username
        assert client.session["_auth_user_id"] == str(user.pk)
    # and the administrators were alerted once about that address
    alerts = Notification.objects.filter(recipient=admin, text__contains="203.0.113.66")
    assert alerts.count() == 1
    assert alerts.get().link == reverse("lockouts")


def test_pair_lock_does_not_lock_the_same_account_from_another_address(staff_user):
    # given five failures for one account from address A
    for _ in range(5):
        _login(staff_user.username, "wrong-password", "198.51.100.1")
    # when the owner logs in from A and from B
    locked, _, _ = _login(staff_user.username, f.TEST_PASSWORD, "198.51.100.1")
    elsewhere, _, _ = _login(staff_user.username, f.TEST_PASSWORD, "198.51.100.2")
    # then A is locked and B is not
    assert (locked, elsewhere) == (429, 302)


def test_username_under_distributed_attack_delays_failing_addresses_but_never_a_fresh_one(staff_user, settings):
    # given a username that failed 10 times, twice from each of five addresses
    settings.RENDA_LOGIN_BACKOFF_AFTER = 10
    for n in range(5):
        for _ in range(2):
            _login(staff_user.username, "wrong-password", f"192.0.2.{n + 1}")
    # when one of those addresses tries again at once
    status, body, client = _login(staff_user.username, f.TEST_PASSWORD, "192.0.2.1")
    # then it is told to wait (its 2 failures → 2 seconds), even with the right password
    assert status == 200 and "需等待" in body and "_auth_user_id" not in client.session
    assert loginguard.backoff_seconds(staff_user.username, "192.0.2.1") > 0
    # and an address that never failed for it logs in at once
    status, _, _ = _login(staff_user.username, f.TEST_PASSWORD, "192.0.2.99")
    assert status == 302


def test_backoff_ends_after_its_wait(staff_user, settings):
    # given an address that failed three times for a username under attack
    settings.RENDA_LOGIN_BACKOFF_AFTER = 3
    for _ in range(3):
        _login(staff_user.username, "wrong-password", "192.0.2.7")
    # when 4 seconds (2 ** (3 - 1)) have not passed / have passed
    last = AccessAttempt.objects.get(username=staff_user.username, ip_address="192.0.2.7").attempt_time
    # then it must wait, then it may try
    assert loginguard.backoff_seconds(staff_user.username, "192.0.2.7", now=last + timedelta(seconds=1)) == 3
    assert loginguard.backoff_seconds(staff_user.username, "192.0.2.7", now=last + timedelta(seconds=4)) == 0


def test_below_the_backoff_threshold_nobody_waits(staff_user):
    # given four failures (under the lock limit and the back-off threshold)
    for _ in range(4):
        _, body, _ = _login(staff_user.username, "wrong-password", "192.0.2.8")
        assert "用户名或密码不正确" in body
    # then the right password works at once from the same address
    assert _login(staff_user.username, f.TEST_PASSWORD, "192.0.2.8")[0] == 302


def test_administrator_unlocks_a_pair_from_the_lockouts_page(staff_user):
    # given a pair locked at address A
    for _ in range(5):
        _login(staff_user.username, "wrong-password", "198.51.100.9")
    admin = f.UserFactory(username="sec", role=User.Role.SECURITY_ADMIN)
    page = Client()
    page.force_login(admin)
    # when the security administrator opens 登录锁定 (in his menu) and unlocks it
    assert f'href="{reverse("lockouts")}"' in page.get(reverse("home")).content.decode()
    listing = page.get(reverse("lockouts")).content.decode()
    assert staff_user.username in listing and "198.51.100.9" in listing
    [pair] = loginguard.locked_pairs()
    response = page.post(reverse("lockouts"), {"attempt": pair.id}, follow=True)
    # then the owner logs in from A again, and the page says so
    assert "已解锁" in response.content.decode()
    assert loginguard.locked_pairs() == []
    assert _login(staff_user.username, f.TEST_PASSWORD, "198.51.100.9")[0] == 302


@pytest.mark.parametrize("value", ["", "abc", "1.5", "99999999999999999999999"])
def test_unlock_with_a_malformed_or_unknown_id_is_a_message_not_a_500(value):
    admin = f.UserFactory(username="sec", role=User.Role.SECURITY_ADMIN)
    page = Client()
    page.force_login(admin)
    response = page.post(reverse("lockouts"), {"attempt": value}, follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize("kind", ["staff", "system administrator", "auditor"])
def test_lockouts_page_is_for_the_security_administrator_only(kind):
    # given staff, the system administrator (superuser) and the audit administrator: 三员分立
    user = {
        "staff": lambda: f.UserFactory(username="staff1", role=User.Role.STAFF, is_staff=True),
        "system administrator": lambda: f.UserFactory(username="root", is_superuser=True, is_staff=True),
        "auditor": lambda: f.UserFactory(username="aud", role=User.Role.AUDITOR),
    }[kind]()
    page = Client()
    page.force_login(user)
    # then the page and the unlock are refused
    assert page.get(reverse("lockouts")).status_code == 403
    assert page.post(reverse("lockouts"), {"attempt": 1}).status_code == 403


def test_the_security_administrator_reads_the_login_history_but_not_the_audit_trail():
    security = f.UserFactory(username="sec", role=User.Role.SECURITY_ADMIN)
    page = Client()
    page.force_login(security)
    assert page.get(reverse("audit-logins")).status_code == 200
    assert page.get(reverse("audit-integrity")).status_code == 403
    assert page.get(reverse("audit-trail")).status_code == 403
    assert page.get("/admin/").status_code == 302  # not admin staff


def test_the_security_administrator_cannot_be_a_system_administrator():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        f.UserFactory(username="sec", role=User.Role.SECURITY_ADMIN, is_superuser=True)


def test_locked_pairs_forget_pairs_older_than_the_cooloff(staff_user):
    # given a pair locked 31 minutes ago
    row = AccessAttempt.objects.create(
        username=staff_user.username,
        ip_address="198.51.100.3",
        failures_since_start=5,
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="",
    )
    AccessAttempt.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - timedelta(minutes=31))
    # then it is no longer listed
    assert loginguard.locked_pairs() == []


def test_failures_count_per_account_not_per_spelling_of_its_name(settings):
    # given the vice-chair's account "supervisor", which also answers to his card number d160002
    settings.RENDA_LOGIN_BACKOFF_AFTER = 100  # the pair lock alone
    user = f.UserFactory(role=User.Role.SUPERVISOR, username="supervisor", deputy=f.DeputyFactory(code="160002"))
    # when one address alternates the two spellings with wrong passwords, five times in all
    statuses = [
        _login(name, "wrong-password", "203.0.113.7")[0]
        for name in ("supervisor", "d160002", "supervisor", "d160002", "supervisor")
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks (AXES_FAILURE_LIMIT)
    # then the account is locked at that address under either spelling, even with the right password
    assert _login("d160002", f.TEST_PASSWORD, "203.0.113.7")[0] == 429
    assert _login("supervisor", f.TEST_PASSWORD, "203.0.113.7")[0] == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"supervisor"}
    # and the owner still logs in by card number from his own address
    status, _, client = _login("d160002", f.TEST_PASSWORD, "10.2.0.1")
    assert status == 302 and client.session["_auth_user_id"] == str(user.pk)
