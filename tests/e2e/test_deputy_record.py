"""Browser: a deputy opens their activity record from the menu and prints it (.docx download);
1366 px and 390 px, screenshots looked at."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from renda.reports.tests.record_scene import build
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _shot(pg, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_deputy_opens_own_record_from_home_and_prints_it(page, width):
    import docx

    s = build()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, s.w.deputy_users[0].username, "Test-Password-2026")
    # when the deputy opens 代表 → 我的履职档案 in the menu and chooses 2026
    page.locator("summary").filter(has_text=re.compile(r"^\s*代表\s*$")).click()
    page.click("a:has-text('我的履职档案')")
    page.fill("input[name=year]", "2026")
    page.click("[data-testid=period-form] button")
    # then the counts show: 2 inspections/investigations, 1 vote taken part in, 1 duty day
    assert page.locator("[data-testid=count-activities]").inner_text() == "2"
    assert page.locator("[data-testid=count-votes]").inner_text() == "1"
    assert page.locator("[data-testid=count-duty_days]").inner_text() == "1"
    assert "反对" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, f"deputy-record-{width}")
    # when they print it as Word, then a .docx of their record downloads
    with page.expect_download() as info:
        page.click("[data-testid=record-docx]")
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    content = Path(download.path()).read_bytes()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert s.d.name in text and "2026-01-01" in text


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_filter_the_records_by_delegation_and_open_one(page, width):
    s = build()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, s.w.staff.username, "Test-Password-2026")
    # when staff open 统计与日历 → 代表履职档案, choose 2026 and d's delegation
    page.click("summary:has-text('统计与日历')")
    page.click("a:has-text('代表履职档案')")
    page.fill("input[name=year]", "2026")
    page.select_option("select[name=delegation]", str(s.d.delegation_id))
    page.click("[data-testid=record-filter] button")
    # then the figure of the metric shows (3 in the congress) and d's row counts 2 activities
    assert page.locator("[data-testid=activities-figure] strong").inner_text() == "3"
    row = page.locator("[data-testid=record-list] tbody tr", has_text=s.d.name)
    assert row.locator("[data-kind=activities]").inner_text() == "2"
    _shot(page, f"staff-records-{width}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # when they open d's record, then it is d's with the same count
    row.locator("a").first.click()
    assert page.locator("[data-testid=record-deputy]").inner_text() == s.d.name
    assert page.locator("[data-testid=count-activities]").inner_text() == "2"
