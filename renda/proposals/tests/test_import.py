"""Excel import of suggestions: duplicates in the file and on re-import, unknown categories, length limits."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from renda.proposals import services
from renda.proposals.models import Proposal
from renda.proposals.tests.factories import BODY, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["标题", "内容", "领衔代表", "分类"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "import.xlsx"
    return buf


def _import(c: Client, buf: io.BytesIO) -> str:
    r = c.post(
        reverse("proposals:import"),
        {
            "file": buf,
            "title_column": "标题",
            "body_column": "内容",
            "deputy_column": "领衔代表",
            "topic_column": "分类",
        },
        follow=True,
    )
    return r.content.decode()


def test_import_rejects_duplicates_in_file_and_on_reimport_and_unknown_category():
    # given a file with a duplicated row and a row with an unknown category
    w = world()
    code = w.deputies[0].code
    rows = [
        ["关于加强校园安全的建议", BODY, code, "教育文体"],
        ["关于加强校园安全的建议", BODY, code, "教育文体"],
        ["关于整治噪声扰民的建议", BODY, code, "不存在的分类"],
    ]
    c = client_for(w.staff)
    # when importing it twice
    first = _import(c, _xlsx(rows))
    second = _import(c, _xlsx(rows))
    # then one suggestion only; duplicates and the unknown category are rejected with their reasons
    assert Proposal.objects.count() == 1
    assert "重复：与第2行" in first
    assert "分类“不存在的分类”不存在" in first and "环境保护" in first
    assert "重复：本次会议" in second
    assert not Proposal.objects.filter(topic="不存在的分类").exists()


def test_import_rejects_overlong_title_and_body():
    # given rows over the limits (title > 200, body > 20,000 characters)
    w = world()
    code = w.deputies[0].code
    rows = [
        ["关于" + "长" * 200 + "的建议", BODY, code, ""],
        ["关于超长内容的建议", BODY + "很" * services.BODY_MAX, code, ""],
        ["关于正常内容的建议", BODY, code, ""],
    ]
    # when importing
    html = _import(client_for(w.staff), _xlsx(rows))
    # then only the good row is kept
    assert list(Proposal.objects.values_list("title", flat=True)) == ["关于正常内容的建议"]
    assert html.count("标题不能超过200个字") == 2
