"""Browser: staff freeze the 2026 figures from 工作统计, records change, the snapshot still shows and drills
into the old figure, the diff shows the change, and the frozen report document downloads; 1366 and 390 px."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from renda.liaison.models import Reception
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
def test_staff_take_a_snapshot_and_see_it_survive_a_change(page, width):
    data = build()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, data.world.staff.username, "Test-Password-2026")
    # given the 2026 statistics, reached from the menu
    page.click("summary:has-text('统计与日历')")
    page.click("a:has-text('工作统计')")
    page.fill("input[name=year]", "2026")
    page.click("[data-testid=period-form] button")
    assert page.locator("[data-testid=report-text] a[data-metric=visitors]").inner_text() == "40多"
    # when staff save a snapshot with a note
    page.click("[data-testid=snapshot-take] summary")
    page.fill("input[name=note]", "提交大会的报告稿")
    page.click("[data-testid=snapshot-take] button")
    page.wait_for_url("**/reports/snapshots/*/")
    assert page.locator("[data-testid=frozen-visitors]").inner_text() == "42"
    assert "提交大会的报告稿" in page.locator("[data-testid=frozen-notice]").inner_text()
    assert _fits(page)
    _shot(page, f"reports-snapshot-{width}")
    # and a reception of 30 visitors is deleted afterwards
    Reception.objects.filter(visitor_count=30).delete()
    # then the snapshot still shows 42 and drills into both receptions, the deleted one marked
    page.reload()
    assert page.locator("[data-testid=frozen-visitors]").inner_text() == "42"
    page.click("[data-testid=frozen-visitors]")
    rows = page.locator("[data-testid=records] tbody tr")
    assert rows.count() == 2 and "已删除" in rows.nth(0).inner_text() + rows.nth(1).inner_text()
    assert _fits(page)
    _shot(page, f"reports-snapshot-metric-{width}")
    # and the diff shows the figure then and now and the record that left it
    page.go_back()
    page.click("[data-testid=snapshot-diff]")
    row = page.locator("[data-testid=diff] tr[data-metric=visitors]")
    assert "42" in row.inner_text() and "12" in row.inner_text()
    assert _fits(page)
    _shot(page, f"reports-snapshot-diff-{width}")
    page.click("[data-testid=removed-visitors]")
    assert page.locator("[data-change=removed]").count() == 1
    _shot(page, f"reports-snapshot-diff-metric-{width}")
    # and the frozen report document downloads with the old figure
    page.go_back()
    page.go_back()
    with page.expect_download() as download:
        page.click("[data-testid=snapshot-document]")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(Path(download.value.path()).read_bytes())).paragraphs)
    assert "接待群众40多人次" in text
