"""Browser: staff open 工作统计 from the menu, drill from a figure into its records; 1366 px and 390 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from renda.reports.tests.dataset import build
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _shot(pg, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_drill_from_a_figure_into_its_records(page, width):
    data = build()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, data.world.staff.username, "Test-Password-2026")
    # when staff open 工作统计 from the menu (under 统计与日历) and choose 2026
    page.click("summary:has-text('统计与日历')")
    page.click("a:has-text('工作统计')")
    page.fill("input[name=year]", "2026")
    page.click("[data-testid=period-form] button")
    # then every figure shows, the on-time replies as 1
    assert page.locator("[data-testid=figure-replies_on_time]").inner_text() == "1"
    assert page.locator("[data-testid=figure-suggestions]").inner_text() == "5"
    _shot(page, f"reports-work-{width}")
    # when they click the suggestions figure, then its 5 records are listed, each linking to the suggestion
    page.click("[data-testid=figure-suggestions]")
    rows = page.locator("[data-testid=records] tbody tr")
    expect(rows).to_have_count(5)  # waits for the records page (a bare count() raced the navigation under load)
    assert "5" in page.locator("[data-testid=metric-value]").inner_text()
    no_overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_overflow
    _shot(page, f"reports-metric-{width}")
    # and a bad year gives a Chinese message, not an error page
    page.fill("input[name=year]", "abcd")
    page.click("[data-testid=period-form] button")
    assert "年度须为四位数字" in page.locator("[data-testid=period-error]").inner_text()
    _shot(page, f"reports-bad-year-{width}")
