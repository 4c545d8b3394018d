"""The annual catalogue of normative documents (RULES.md F1: each issuer sends its previous-year
catalogue by 31 January): deadline, late flag, the 漏报 check, the staff board, the pages and the API."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.filing import catalogues
from renda.filing.events import CatalogueAction
from renda.filing.models import Catalogue, Organ
from renda.filing.tests.conftest import file_doc
from renda.organization.models import User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db

LINES = "停车管理办法 | 〔2025〕1号 | 2025-03-01\n供热服务规定 | 〔2025〕2号 | 2025年11月2日\n"


def _submit(actor, organ, on, text=LINES, year=2025):
    return catalogues.catalogue_submit(
        actor=actor, organ=organ, year=year, entries=catalogues.parse_entries(text, year), on=on
    )


def test_f1_catalogue_submitted_on_31_january_is_on_time(officer, organ):
    assert catalogues.catalogue_due(2025) == date(2026, 1, 31)
    cat = _submit(officer, organ, date(2026, 1, 31))
    assert not catalogues.catalogue_late(2025, cat.submitted_on)
    assert cat.events.get().action == CatalogueAction.SUBMITTED
    assert [e.number for e in cat.entries.all()] == ["〔2025〕1号", "〔2025〕2号"]


def test_f1_catalogue_submitted_on_1_february_is_flagged_late_and_kept(officer, organ):
    cat = _submit(officer, organ, date(2026, 2, 1))
    assert catalogues.catalogue_late(2025, cat.submitted_on)
    assert cat.events.get().action == CatalogueAction.SUBMITTED_LATE
    assert cat.entries.count() == 2


def test_f1_catalogue_deadline_is_a_setting(settings):
    settings.RENDA = {**settings.RENDA, "FILING": {"catalogue_month": 2, "catalogue_day": 15}}
    assert catalogues.catalogue_due(2025) == date(2026, 2, 15)
    assert not catalogues.catalogue_late(2025, date(2026, 2, 15))
    assert catalogues.catalogue_late(2025, date(2026, 2, 16))


def test_f1_catalogue_lists_unfiled_documents_as_missing_filings(officer, organ):
    # 〔2025〕1号 was filed (with other brackets and spaces in its number); 〔2025〕2号 never was: 漏报
    file_doc(officer, organ, published=date(2025, 3, 1), received=date(2025, 3, 20))
    doc = file_doc(officer, organ, published=date(2025, 3, 1), received=date(2025, 3, 20), title="另一办法")
    doc.number = "[2025] 1号"
    doc.save(update_fields=["number"])
    cat = _submit(officer, organ, date(2026, 1, 20))
    assert [e.number for e in catalogues.unfiled_entries(cat)] == ["〔2025〕2号"]
    # once the organ files it, the entry is no longer missing
    late = file_doc(officer, organ, published=date(2025, 11, 2), received=date(2026, 1, 25), title="供热服务规定")
    late.number = "〔2025〕2号"
    late.save(update_fields=["number"])
    assert catalogues.unfiled_entries(cat) == []


def test_f1_catalogue_refused_for_an_organ_out_of_scope_or_another_organ_or_a_running_year(
    officer, organ, dept, congress
):
    with pytest.raises(RuleViolation) as exc:
        _submit(org.UserFactory(role=User.Role.STAFF, congress=congress), dept, date(2026, 1, 10))
    assert exc.value.extra["rule"] == "F2"
    other = Organ.objects.create(congress=congress, name="市人民检察院", kind=Organ.Kind.PROCURATORATE)
    with pytest.raises(PermissionDeniedError):
        _submit(officer, other, date(2026, 1, 10))
    this_year = date.today().year
    with pytest.raises(RuleViolation) as exc:
        catalogues.catalogue_submit(actor=officer, organ=organ, year=this_year, entries=[], on=date.today())
    assert exc.value.code == "bad_year"
    assert not Catalogue.objects.exists()


def test_f1_catalogue_lines_are_checked_with_the_line_number():
    with pytest.raises(RuleViolation) as exc:
        catalogues.parse_entries("停车管理办法 | 〔2025〕1号 | 2025-03-01\n供热 | 〔2024〕9号 | 2024-12-30", 2025)
    assert "第2行" in exc.value.message and exc.value.extra["rule"] == "F1"
    with pytest.raises(RuleViolation):
        catalogues.parse_entries("只有标题", 2025)
    with pytest.raises(RuleViolation):
        catalogues.parse_entries("甲 | 1号 | 2025-02-30", 2025)
    with pytest.raises(RuleViolation):
        catalogues.parse_entries("甲 | 〔2025〕1号 | 2025-01-02\n乙 | [2025]1号 | 2025-01-03", 2025)
    rows = catalogues.parse_entries("\n甲\t1号\t2025.1.2\n乙｜2号｜2025年1月3日\n", 2025)
    assert [(r.title, r.published_on) for r in rows] == [("甲", date(2025, 1, 2)), ("乙", date(2025, 1, 3))]


def test_f1_catalogue_sent_again_is_a_correction_and_keeps_the_first_date(officer, organ):
    cat = _submit(officer, organ, date(2026, 1, 30))
    again = _submit(officer, organ, date(2026, 2, 3), text="停车管理办法 | 〔2025〕1号 | 2025-03-01")
    assert again.pk == cat.pk and again.entries.count() == 1
    again.refresh_from_db()
    assert again.submitted_on == date(2026, 1, 30) and again.corrected_on == date(2026, 2, 3)
    assert not catalogues.catalogue_late(2025, again.submitted_on)
    assert [e.action for e in again.events.order_by("pk")] == [CatalogueAction.SUBMITTED, CatalogueAction.CORRECTED]


def test_f1_catalogue_board_shows_organs_in_scope_that_have_not_submitted(officer, organ, dept, congress):
    court = Organ.objects.create(congress=congress, name="市中级人民法院", kind=Organ.Kind.COURT)
    _submit(officer, organ, date(2026, 2, 1))
    rows = {
        r.organ.name: r for r in catalogues.catalogue_board(congress_id=congress.pk, year=2025, today=date(2026, 2, 1))
    }
    assert set(rows) == {organ.name, court.name}  # the department out of scope is not asked
    assert rows[court.name].catalogue is None and rows[court.name].overdue
    assert rows[organ.name].late and rows[organ.name].unfiled == 2
    before = catalogues.catalogue_board(congress_id=congress.pk, year=2025, today=date(2026, 1, 31))
    assert not next(r for r in before if r.organ == court).overdue


def test_f1_catalogue_pages_officer_submits_staff_sees_board(client, officer, organ, staff, congress):
    file_doc(officer, organ, published=date(2025, 3, 1), received=date(2025, 3, 20))
    client.force_login(officer)
    home = client.get(reverse("home")).content.decode()
    assert reverse("filing:catalogue-new") in home
    page = client.get(reverse("filing:catalogue-new") + "?year=2025").content.decode()
    assert "停车管理办法 | 〔2026〕1号 | 2025-03-01" in page  # prefilled from the filed documents
    r = client.post(
        reverse("filing:catalogue-new"),
        {"organ": organ.pk, "year": 2025, "entries": "甲 | 〔2025〕7号 | 2024-12-01"},
    )
    assert r.status_code == 200 and "第1行的公布日期不在2025年内" in r.content.decode()
    assert not Catalogue.objects.exists()
    r = client.post(
        reverse("filing:catalogue-new"),
        {
            "organ": organ.pk,
            "year": 2025,
            "entries": "停车管理办法 | 〔2026〕1号 | 2025-03-01\n乙 | 〔2025〕8号 | 2025-05-01",
        },
        follow=True,
    )
    body = r.content.decode()
    assert 'data-testid="entry-unfiled"' in body and "〔2025〕8号" in body
    cat = Catalogue.objects.get()
    assert client.get(reverse("filing:catalogues")).status_code == 403
    client.force_login(staff)
    board = client.get(reverse("filing:catalogues") + "?year=2025").content.decode()
    assert organ.name in board and reverse("filing:catalogue", args=[cat.pk]) in board
    assert client.get(reverse("filing:catalogues") + "?year=abc").status_code == 200


def test_f1_catalogue_api_submit_board_and_codes(officer, organ, staff):
    api = APIClient()
    api.force_authenticate(officer)
    bad = api.post(
        "/api/filing/catalogues/",
        {"organ": organ.pk, "year": 2025, "entries": [{"title": "甲", "number": "1号", "published_on": "2024-05-01"}]},
        format="json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "bad_line"
    ok = api.post(
        "/api/filing/catalogues/",
        {"organ": organ.pk, "year": 2025, "entries": [{"title": "甲", "number": "1号", "published_on": "2025-05-01"}]},
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["entries"][0]["filed"] is False and ok.json()["due"] == "2026-01-31"
    assert api.get("/api/filing/catalogues/board/").status_code == 403
    api.force_authenticate(staff)
    rows = api.get("/api/filing/catalogues/board/?year=2025").json()
    assert rows[0]["organ"] == organ.name and rows[0]["unfiled"] == 1
    assert api.get(f"/api/filing/catalogues/{ok.json()['id']}/").status_code == 200
