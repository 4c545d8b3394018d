"""账号管理 (issue 13 item 6): staff open, change, deactivate accounts and reset passwords of their congress
from pages, not the admin; administrators of 三员分立 and other congresses are out of reach; every change
is in the account's history with the actor; bad input is a Chinese message."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db

GOOD = "Hq7-pass-Mz"


def _logs_in(username: str, password: str) -> bool:
    """Through the login page (the login guard needs the request)."""
    return Client().post(reverse("login"), {"username": username, "password": password}).status_code == 302


@pytest.fixture
def staff(staff_user) -> Client:
    c = Client()
    c.force_login(staff_user)
    return c


def test_staff_open_a_unit_officers_account_who_then_logs_in(staff, staff_user):
    unit = f.HandlingUnitFactory(congress=staff_user.congress, name="市交通运输局")
    assert reverse("organization:accounts") in staff.get(reverse("home")).content.decode()
    response = staff.post(
        reverse("organization:account-new"),
        {
            "username": "jt_wang",
            "role": "unit_officer",
            "display_name": "交通局 王科长",
            "handling_unit": unit.pk,
            "password1": GOOD,
            "password2": GOOD,
        },
        follow=True,
    )
    assert "已开通账号 jt_wang" in response.content.decode()
    user = User.objects.get(username="jt_wang")
    assert (user.role, user.handling_unit, user.congress) == ("unit_officer", unit, staff_user.congress)
    assert _logs_in("jt_wang", GOOD)
    assert user.history.get().history_user == staff_user and user.history.get().history_change_reason == "开通账号"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"username": "x", "role": "staff"}, "登录名为 3–30 位"),
        ({"username": "t_staff", "role": "staff"}, "已被使用"),
        ({"username": "new1", "role": "unit_officer"}, "须关联承办单位"),
        ({"username": "new1", "role": "auditor"}, "请选择角色"),
        ({"username": "new1", "role": "staff", "password1": "12345678", "password2": "12345678"}, "密码"),
        ({"username": "new1", "role": "staff", "password2": "Other-pass-9"}, "两次输入的密码不一致"),
        ({"username": "new1", "role": "staff", "phone": "1390000"}, "请输入 11 位手机号码"),
        ({"username": "new1", "role": "deputy", "deputy": "abc"}, "请选择本级人大的代表"),
    ],
)
def test_bad_input_is_a_chinese_message_and_no_account_is_opened(staff, data, message):
    before = User.objects.count()
    post = {"password1": GOOD, "password2": GOOD, **data}
    response = staff.post(reverse("organization:account-new"), post)
    assert response.status_code == 200 and message in response.content.decode()
    assert User.objects.count() == before


def test_staff_deactivate_an_account_and_reset_a_password(staff, staff_user):
    deputy = f.DeputyFactory(term=f.TermFactory(congress=staff_user.congress))
    user = f.UserFactory(username="d160099", role=User.Role.DEPUTY, deputy=deputy, congress=staff_user.congress)
    # reset the password
    staff.post(reverse("organization:account-password", args=[user.pk]), {"password1": GOOD, "password2": GOOD})
    assert _logs_in("d160099", GOOD)
    # deactivate
    staff.post(
        reverse("organization:account-edit", args=[user.pk]),
        {"role": "deputy", "deputy": deputy.pk, "display_name": "某代表"},
    )
    user.refresh_from_db()
    assert not user.is_active and not _logs_in("d160099", GOOD)
    reasons = list(user.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["重置密码", "停用账号"]


def test_administrators_other_congresses_and_oneself_are_out_of_reach(staff, staff_user):
    root = f.UserFactory(username="root", is_superuser=True, is_staff=True, congress=staff_user.congress)
    auditor = f.UserFactory(username="aud", role=User.Role.AUDITOR, congress=staff_user.congress)
    elsewhere = f.UserFactory(
        username="far",
        role=User.Role.STAFF,
        congress=f.CongressFactory(region_code="990300", name="远市人民代表大会", region_name="远市"),
    )
    listing = staff.get(reverse("organization:accounts")).content.decode()
    assert "root" not in listing and "aud" not in listing and "far" not in listing
    for target in (root, auditor, elsewhere):
        assert staff.get(reverse("organization:account-edit", args=[target.pk])).status_code == 404
        assert staff.post(reverse("organization:account-password", args=[target.pk]), {}).status_code == 404
    assert staff.get(reverse("organization:account-edit", args=[staff_user.pk])).status_code == 403
    assert staff.get(reverse("organization:account-edit", args=[10**20])).status_code == 404


@pytest.mark.parametrize(
    "role", [User.Role.DEPUTY, User.Role.UNIT_OFFICER, User.Role.AUDITOR, User.Role.SECURITY_ADMIN]
)
def test_other_roles_cannot_manage_accounts(role):
    extra = {
        User.Role.DEPUTY: {"deputy": f.DeputyFactory()},
        User.Role.UNIT_OFFICER: {"handling_unit": f.HandlingUnitFactory()},
    }.get(role, {})
    c = Client()
    c.force_login(f.UserFactory(username="someone", role=role, **extra))
    assert c.get(reverse("organization:accounts")).status_code == 403
    assert c.post(reverse("organization:account-new"), {"username": "x1", "role": "staff"}).status_code == 403
