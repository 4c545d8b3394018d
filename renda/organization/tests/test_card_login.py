"""Every deputy logs in as ``d<代表证号>`` (README "Demo logins"), also a vice-chair whose account is
named ``supervisor`` (issue 13 item 6: ``d160002`` failed)."""

from __future__ import annotations

import pytest
from django.test import Client

from renda.organization.models import Deputy, User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _login(username: str, password: str = f.TEST_PASSWORD) -> Client:
    client = Client(REMOTE_ADDR="10.9.0.1")
    client.post(LOGIN, {"username": username, "password": password})
    return client


def test_vice_chair_logs_in_by_card_number_as_well_as_by_his_account_name():
    # given the vice-chair's account named "supervisor", linked to deputy 160002
    vice_chair = f.DeputyFactory(code="160002")
    user = f.UserFactory(role=User.Role.SUPERVISOR, username="supervisor", deputy=vice_chair)
    # when he logs in as d160002 and as supervisor
    by_card, by_name = _login("d160002"), _login("supervisor")
    # then both sessions are his one account
    assert by_card.session.get("_auth_user_id") == str(user.pk)
    assert by_name.session.get("_auth_user_id") == str(user.pk)


def test_card_login_refuses_a_wrong_password_an_unknown_card_and_a_deputy_who_left():
    # given a deputy's account under another name, and a deputy who has left with an account
    f.UserFactory(role=User.Role.DEPUTY, username="deputy", deputy=f.DeputyFactory(code="160201"))
    gone = f.DeputyFactory(code="160300", status=Deputy.Status.LEFT, left_on="2025-01-01")
    f.UserFactory(role=User.Role.DEPUTY, username="olduser", deputy=gone)
    # then a wrong password, an unknown card and the deputy who left do not log in
    assert "_auth_user_id" not in _login("d160201", "wrong-password").session
    assert "_auth_user_id" not in _login("d169999").session
    assert "_auth_user_id" not in _login("d160300").session


def test_an_account_named_d_card_is_still_its_own():
    # given an account literally named d160005 and another deputy's account whose card is 160005 in another term
    own = f.UserFactory(role=User.Role.DEPUTY, username="d160005", deputy=f.DeputyFactory(code="160005"))
    other_term = f.TermFactory(ordinal=15, start_year=2019, end_year=2023)
    f.UserFactory(role=User.Role.DEPUTY, username="x15", deputy=f.DeputyFactory(code="160005", term=other_term))
    # then d160005 is that account
    assert _login("d160005").session.get("_auth_user_id") == str(own.pk)


def test_demo_every_serving_deputy_logs_in_as_d_card_number_including_supervisor_and_deputy():
    # given the demo congress
    from renda.organization import demo

    demo.load()
    # then every serving deputy has an account, and d<code> logs into it — also the vice-chair behind
    # "supervisor" (d160002) and the deputy behind "deputy" (d160201), which failed before
    serving = Deputy.objects.filter(status=Deputy.Status.SERVING)
    assert User.objects.filter(deputy__in=serving).count() == serving.count() == 345
    for username, account in (("d160002", "supervisor"), ("d160201", "deputy"), ("d160345", "d160345")):
        client = _login(username, demo.DEMO_PASSWORD)
        assert client.session.get("_auth_user_id") == str(User.objects.get(username=account).pk), username
