"""Browser: staff record a training (履职学习培训) and a legislative hearing by clicking from the menu,
choosing deputies in the searchable picker; 1366 px and 390 px."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.reports.tests.dataset import build
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _shot(pg, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def _pick(pg, name: str) -> None:
    pg.locator(".ts-control input").first.fill(name)
    pg.locator(".ts-dropdown .option", has_text=name).first.click()
    pg.keyboard.press("Escape")  # close the dropdown before the next field


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_record_a_training_and_a_hearing_with_the_deputy_picker(page, width):
    data = build()
    deputies = data.world.deputies
    page.set_viewport_size({"width": width, "height": 900})
    login(page, data.world.staff.username, "Test-Password-2026")
    # a training: 统计与日历 → 履职学习培训 → 登记培训
    page.click("summary:has-text('统计与日历')")
    page.click("a:has-text('履职学习培训')")
    page.click("[data-testid=training-new]")
    page.fill("input[name=title]", "初任代表履职能力培训")
    page.fill("input[name=held_on]", "2026-03-14")
    _pick(page, deputies[0].name)
    _pick(page, deputies[1].name)
    _shot(page, f"training-form-{width}")
    page.click("[data-testid=form-submit]")
    row = page.locator("[data-testid=trainings] tbody tr").first
    assert "初任代表履职能力培训" in row.inner_text() and "2" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, f"training-list-{width}")
    # a hearing: 立法与备案审查 → 立法论证会、协商会 → 登记论证会、协商会
    page.click("summary:has-text('立法与备案审查')")
    page.click("a:has-text('立法论证会、协商会')")
    page.click("[data-testid=hearing-new]")
    page.fill("input[name=title]", "物业管理条例立法论证会")
    page.fill("input[name=held_on]", "2026-05-08")
    _pick(page, deputies[2].name)
    page.fill("input[name=other_participants]", "5")
    page.click("[data-testid=form-submit]")
    text = page.locator("[data-testid=hearings] tbody tr").first.inner_text()
    assert "物业管理条例立法论证会" in text and "5" in text
    _shot(page, f"hearing-list-{width}")
