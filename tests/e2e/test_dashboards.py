"""Browser (issue 16 "Done when"): staff open 统计图表 from the menu, filter by a delegation, drill from
"on-time rate by unit" into one unit's late replies, download a chart as PNG and its data as xlsx;
1366 px and 390 px, no horizontal overflow."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from renda.reports.tests.dataset import build
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _shot(pg, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def _fits(pg) -> bool:
    return bool(pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_filter_drill_and_download_a_chart(page, width):
    data = build()
    w = data.world
    page.set_viewport_size({"width": width, "height": 900})
    login(page, w.staff.username, "Test-Password-2026")
    # when staff open 统计图表 from the menu (under 统计与日历), for 2026 and deputy 0's delegation
    page.click("summary:has-text('统计与日历')")
    page.click("a:has-text('统计图表')")
    page.fill("[data-testid=dashboard-filters] input[name=year]", "2026")
    page.select_option("[data-testid=filter-delegation]", str(w.deputies[0].delegation_id))
    page.click("[data-testid=dashboard-filters] button")
    # then the charts are drawn and the pipeline counts that delegation's 4 suggestions (of 5)
    assert "共 4 件" in page.locator("[data-testid=headline-pipeline]").inner_text()
    page.wait_for_function("document.querySelectorAll('canvas[data-series]').length >= 6")
    assert page.evaluate("!!Chart.getChart(document.getElementById('canvas-on_time_by_unit'))")
    assert _fits(page)
    _shot(page, f"dashboard-staff-{width}")
    # when they download the on-time chart as PNG, then a PNG image arrives
    with page.expect_download() as png:
        page.click("[data-testid=png-on_time_by_unit]")
    path = png.value.path()
    assert png.value.suggested_filename == "on_time_by_unit.png"
    assert path is not None and Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # and its data as xlsx: the unit at 50 %
    with page.expect_download() as xlsx:
        page.click("[data-testid=xlsx-on_time_by_unit]")
    xpath = xlsx.value.path()
    assert xpath is not None
    rows = list(load_workbook(io.BytesIO(Path(xpath).read_bytes())).active.iter_rows(values_only=True))
    assert rows[2] == (w.units[0].name, 50.0)
    # when they follow the unit's figure under the on-time chart
    page.locator("[data-testid=table-on_time_by_unit] [data-testid=drill-on_time_by_unit]").first.click()
    # then the unit's one late reply is listed, linking to its suggestion
    assert "逾期答复" in page.locator("h1").inner_text()
    assert page.locator("[data-testid=records] tbody tr").count() == 1
    late = data.extra["late_reply"].assignment.proposal
    assert page.locator(f"[data-testid=records] a[href='/proposals/{late.pk}/']").count() == 1
    assert _fits(page)
    _shot(page, f"dashboard-drill-{width}")
    # and a bad delegation in the address gives a Chinese message, not an error page
    page.goto("/reports/dashboard/?year=2026&delegation=abc")
    assert "找不到该代表团" in page.locator("[data-testid=dashboard-error]").inner_text()


def test_public_dashboard_at_390(page):
    build()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/reports/public/?year=2026")
    assert page.locator("[data-testid=chart-livelihood]").count() == 1
    assert _fits(page)
    _shot(page, "dashboard-public-390")
