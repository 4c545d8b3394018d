"""Browser: a user who picks English in the header sees the menu and page headings in English, on a
desktop (1366 px) and a phone (390 px), on the home page and the first three pages of the menu."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from renda.core import navigation
from renda.organization.models import User
from renda.organization.tests import factories as f
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"
ROLES = {
    User.Role.STAFF: {},
    User.Role.DEPUTY: {"deputy": lambda: f.DeputyFactory()},
    User.Role.UNIT_OFFICER: {"handling_unit": lambda: f.HandlingUnitFactory()},
}


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("role", list(ROLES))
def test_english_menu_and_headings_on_home_and_main_pages(browser, live_server, role, width):
    # given a user of the role on a screen of the width, who switches the header's language menu to English
    links = {k: make() for k, make in ROLES[role].items()}
    user = f.UserFactory(username=f"e2e_en_{role}_{width}", role=role, **links)
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    login(page, user.username, f.TEST_PASSWORD)
    page.select_option("[data-testid=language-select]", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    SCREENS.mkdir(parents=True, exist_ok=True)
    # when the home page and the first three pages of the menu are opened
    found = {}
    for n, url in enumerate(["/home/", *[link.url for link in navigation.links_for(user) if link.url][:3]]):
        page.goto(url)
        text = " ".join(page.locator("nav, h1").all_text_contents())
        found[url] = [w for w in text.split() if CJK.search(w)]
        page.screenshot(path=str(SCREENS / f"english-{role}-{width}-{n}.png"), full_page=True)
    context.close()
    # then no menu entry and no page heading is in Chinese
    assert {url: words for url, words in found.items() if words} == {}
