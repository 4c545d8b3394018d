"""Browser: every role logs in, sees its home page, switches the language and logs out."""

from __future__ import annotations

import pytest

from renda.organization.models import User
from renda.organization.tests import factories as f
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLE_USERS = {
    User.Role.STAFF: {},
    User.Role.DEPUTY: {"deputy": lambda: f.DeputyFactory()},
    User.Role.UNIT_OFFICER: {"handling_unit": lambda: f.HandlingUnitFactory()},
    User.Role.SUPERVISOR: {},
    User.Role.STATION_OPERATOR: {"liaison_station": lambda: f.LiaisonStationFactory()},
    User.Role.CITIZEN: {},
}


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_each_role_logs_in_and_sees_its_home(page, screenshot, role):
    # given a user of the role
    links = {k: make() for k, make in ROLE_USERS[role].items()}
    user = f.UserFactory(username=f"e2e_{role}", role=role, display_name=f"测试{role}", **links)
    # when they log in
    login(page, user.username, f.TEST_PASSWORD)
    # then their role's home page shows, in Chinese by default
    assert page.locator(f"[data-testid=home-{role}]").is_visible()
    assert "工作台" in page.locator("[data-testid=home-title]").inner_text()
    screenshot(page, f"home-{role}")
    # when they switch to English
    page.select_option("[data-testid=language-select]", "en")
    page.wait_for_load_state("networkidle")
    # then the page is in English
    assert "home" in page.locator("[data-testid=home-title]").inner_text().lower()
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, f"home-{role}-en")
    # and they can log out
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/")


def test_wrong_password_five_times_locks_the_account(page, screenshot):
    user = f.UserFactory(username="e2e_lock", role=User.Role.STAFF)
    for _ in range(5):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", "not-the-password")
        page.click("[data-testid=login-submit]")
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", f.TEST_PASSWORD)
    page.click("[data-testid=login-submit]")
    assert page.locator("[data-testid=locked-out]").is_visible()
    screenshot(page, "login-locked-out")


def test_home_page_fits_a_phone_screen(browser, live_server, screenshot):
    # given a deputy on a 390-pixel-wide phone
    user = f.UserFactory(username="e2e_phone", role=User.Role.DEPUTY, deputy=f.DeputyFactory())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    # when they log in
    login(page, user.username, f.TEST_PASSWORD)
    # then the page does not scroll sideways
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, "home-deputy-phone")
    context.close()
