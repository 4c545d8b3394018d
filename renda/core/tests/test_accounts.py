"""Accounts (issue 12 item 9): password complexity, changing one's own password, production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from renda.core.passwords import character_classes
from renda.organization.tests import factories as f

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("password", ["renda12345", "abcdefghijk", "ABCDEFGH1234"])
def test_password_with_fewer_than_three_kinds_is_refused_in_chinese(password):
    with pytest.raises(ValidationError) as info:
        validate_password(password)
    assert "至少 3 种" in " ".join(info.value.messages)


@pytest.mark.parametrize("password", ["Renda12345!", "MyAdmin-2027", "Qwerty-Zhang-9"])
def test_passwords_with_the_product_name_or_obvious_words_are_refused(password):
    with pytest.raises(ValidationError) as info:
        validate_password(password)
    assert "易猜" in " ".join(info.value.messages)


def test_a_short_password_is_refused_in_chinese():
    with pytest.raises(ValidationError) as info:
        validate_password("Ab1-xyz")
    assert "至少需要 10 个字符" in " ".join(info.value.messages)


def test_the_demo_password_passes_every_validator():
    validate_password("Renda-Demo-2026")


def test_character_kinds_of_the_demo_password():
    assert character_classes("Renda-Demo-2026") == {"大写字母", "小写字母", "数字", "符号"}
    assert character_classes("人大Aa1") == {"大写字母", "小写字母", "数字", "符号"}


@pytest.mark.django_db
def test_every_user_changes_his_own_password_from_a_page_linked_in_the_header(deputy_user):
    # given a logged-in deputy on his home page
    client = Client()
    client.force_login(deputy_user)
    assert 'data-testid="nav-password"' in client.get(reverse("home")).content.decode()
    # when he asks for a weak new password, then a good one
    weak = client.post(
        reverse("password_change"),
        {"old_password": f.TEST_PASSWORD, "new_password1": "renda12345", "new_password2": "renda12345"},
    )
    assert weak.status_code == 200 and "至少 3 种" in weak.content.decode()
    same = client.post(
        reverse("password_change"),
        {"old_password": f.TEST_PASSWORD, "new_password1": f.TEST_PASSWORD, "new_password2": f.TEST_PASSWORD},
    )
    assert same.status_code == 200 and "不能与旧密码相同" in same.content.decode()
    done = client.post(
        reverse("password_change"),
        {"old_password": f.TEST_PASSWORD, "new_password1": "Qiu-Shi-2027!", "new_password2": "Qiu-Shi-2027!"},
        follow=True,
    )
    # then the change is confirmed in Chinese and the new password is the one that logs in
    assert "密码已修改" in done.content.decode()
    deputy_user.refresh_from_db()
    assert deputy_user.check_password("Qiu-Shi-2027!")


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "Production-Secret-Key-For-The-Check-0123456789",
        "DJANGO_ALLOWED_HOSTS": "renda.example",
        "DATABASE_URL": "",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' fixtures; never in a deployment
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
