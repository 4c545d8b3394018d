"""Browser (RULES.md S20): a handling unit's officer opens 办理情况报告 from the menu of their home, chooses
the year-end report, reads the per-suggestion table and the totals, and downloads the .docx; 1366 px and
390 px, no horizontal overflow of the page."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from renda.reports.tests.dataset import build
from renda.reports.unit_reports import HEADER
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_s20_the_unit_officer_opens_and_downloads_the_year_end_report(page, width, screenshot):
    data = build()
    w = data.world
    page.set_viewport_size({"width": width, "height": 900})
    login(page, w.unit_users[0].username, "Test-Password-2026")
    # when the officer clicks 办理情况报告 from home and asks for the 2026 year-end report
    page.click("a:has-text('办理情况报告')")
    page.fill("[data-testid=unit-report-form] input[name=year]", "2026")
    page.select_option("[data-testid=unit-report-form] select[name=half]", "end")
    page.click("[data-testid=unit-report-show]")
    # then the unit's lines (one replied on time, one late on a rest day, one not yet replied) and totals show
    lines = page.locator("[data-testid=unit-report-lines] tbody tr")
    assert lines.count() == 3
    text = page.locator("[data-testid=unit-report-lines]").inner_text()
    assert "按期" in text and "逾期（期限后的休息日答复）" in text and "尚未答复" in text
    totals = page.locator("[data-testid=unit-report-totals]").inner_text()
    assert "50.0%" in totals
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"unit-report-{width}")
    # and the .docx downloads with the same table
    with page.expect_download() as got:
        page.click("[data-testid=unit-report-docx]")
    path = got.value.path()
    assert path is not None
    table = docx.Document(io.BytesIO(Path(path).read_bytes())).tables[0]
    assert [c.text for c in table.rows[0].cells] == HEADER and len(table.rows) == 4
