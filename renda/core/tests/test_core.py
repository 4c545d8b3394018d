"""Core helpers: privacy masking, workflow checks, the API error handler, DATABASE_URL parsing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config.env import DatabaseUrlError, database_config, redact_url
from renda.core.exceptions import InvalidTransition
from renda.core.privacy import mask_id_number, mask_phone, redact_text
from renda.core.workflow import assert_transition


def test_mask_phone_and_id_number():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "*****"
    # a local 7- or 8-digit landline is not shown whole (3 + 4 kept digits would be all of it)
    assert mask_phone("8451234") == "*****34"
    assert mask_phone("84512345") == "******45"
    assert mask_phone("03521234567") == "035****4567"
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_redact_text_masks_phones_and_ids_inside_free_text():
    text = "我的电话13812345678，身份证11010519491231002X，座机0352-1234567。"
    out = redact_text(text)
    assert "13812345678" not in out and "138****5678" in out
    assert "11010519491231002X" not in out and "110105********002X" in out
    assert "1234567" not in out


def test_redact_text_masks_first_generation_15_digit_id_numbers():
    out = redact_text("老身份证430102900101123，订单号12345678901234567890不是身份证")
    assert "430102900101123" not in out and "430102******123" in out
    assert "12345678901234567890" in out  # 20 digits: neither ID form


@given(st.text())
def test_redact_text_never_leaves_a_mobile_number(text):
    out = redact_text(text + " 13912345678")
    assert "13912345678" not in out


def test_assert_transition_allows_listed_and_refuses_others():
    transitions = {"a": {"b"}, "b": set()}
    assert_transition(transitions, "a", "b")
    with pytest.raises(InvalidTransition) as exc:
        assert_transition(transitions, "b", "a", labels={"a": "甲", "b": "乙"})
    assert "乙" in exc.value.message and exc.value.extra == {"from": "b", "to": "a"}


def test_database_url_defaults_to_sqlite_with_wal(tmp_path: Path):
    config = database_config("", default_sqlite=tmp_path / "x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_database_url_postgres():
    config = database_config("postgres://u:secret@127.0.0.1:5433/renda", default_sqlite=Path("/tmp/x"))
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == ("127.0.0.1", 5433, "renda", "u")


@pytest.mark.parametrize(
    "url,fragment",
    [
        ("mysql://u:p@h/db", "not a supported database URL"),
        ("nonsense", "not a supported database URL"),
        ("postgres://u:p@h:notaport/db", "cannot be parsed"),
        ("postgres://u:p@h:5432/", "names no database"),
    ],
)
def test_bad_database_url_is_one_clear_line(url, fragment):
    with pytest.raises(DatabaseUrlError) as exc:
        database_config(url, default_sqlite=Path("/tmp/x"))
    message = str(exc.value)
    assert fragment in message and "\n" not in message
    assert ":p@" not in message


def test_redact_url_hides_password():
    assert redact_url("postgres://u:secret@h/db") == "postgres://u:***@h/db"


@pytest.mark.django_db
def test_api_missing_record_answers_not_found_code_in_chinese(deputy_user):
    from django.test import Client

    client = Client()
    client.force_login(deputy_user)
    # when asking for a deputy that does not exist
    response = client.get("/api/organization/deputies/999999/")
    # then the answer is 404 with the shared error shape
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "记录不存在或您无权查看"}


@pytest.mark.django_db
def test_api_errors_carry_a_code():
    from django.test import Client

    # when not logged in
    response = Client().get("/api/organization/deputies/")
    # then the error has a code and a Chinese message
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"] == "请先登录"


@pytest.mark.django_db
def test_page_404_is_branded_and_in_chinese(deputy_user, settings):
    from django.test import Client

    settings.DEBUG = False
    client = Client()
    client.force_login(deputy_user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and 'data-testid="error-404"' in body


@pytest.mark.django_db
def test_api_validation_and_parse_errors_share_the_shape(deputy_user):
    from django.test import Client

    client = Client()
    client.force_login(deputy_user)
    # when the body is not JSON
    response = client.post("/api/proposals/proposals/", data="{not json", content_type="application/json")
    # then a parse error with a code
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    # when the body misses required fields
    response = client.post("/api/proposals/proposals/", data={}, content_type="application/json")
    # then a validation error lists the fields
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid" and "title" in data["errors"]


@pytest.mark.django_db
def test_pages_are_chinese_even_for_an_english_browser_until_english_is_chosen(staff_user):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(staff_user)
    # when an English browser opens the home page
    body = client.get("/home/").content.decode()
    # then it is in Chinese
    assert 'lang="zh-hans"' in body and "退出登录" in body
    # and after choosing English it is in English
    client.post("/i18n/setlang/", {"language": "en", "next": "/home/"})
    body = client.get("/home/").content.decode()
    assert 'lang="en"' in body and "Log out" in body


@pytest.mark.parametrize(
    ("written", "kept", "masked"),
    [
        ("138-1234-5679", "138-****-5679", "1234"),
        ("138 1234 5670", "138 **** 5670", "1234"),
        ("138.1234.5671", "138.****.5671", "1234"),
        ("+8613812345672", "+86138****5672", "1234"),
        ("8613812345673", "86138****5673", "1234"),
        ("１３８１２３４５６７４", "１３８****５６７４", "１２３４"),
        ("0731 8456 1234", "0731 **** 1234", "8456"),
        ("(0731)84561235", "(0731)****1235", "8456"),
    ],
)
def test_redact_text_masks_numbers_written_with_separators_prefixes_or_full_width_digits(written, kept, masked):
    # given a number as citizens actually write it, inside a sentence
    out = redact_text(f"请回电{written}，谢谢")
    # then its middle digits are masked and the rest of the text is kept
    assert kept in out and masked not in out
    assert out.startswith("请回电") and out.endswith("，谢谢")
