"""Browser crawl (issue 13): every page each demo login reaches by clicking, at 360 px wide — no server
error, no page wider than the screen, nothing blocked by the Content-Security-Policy.

The demo congress is loaded once (synthetic messages: the real data is not needed for layout); then for
each login the crawler starts at the home page and follows same-site links breadth-first (menus, panels,
lists, the first rows of each list), at most :data:`PAGES_PER_LOGIN` pages, skipping downloads, the admin,
logout and the language switch. Every failure of every login is collected and reported together.
"""

from __future__ import annotations

import os
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from renda.organization.demo import DEMO_PASSWORD
from tests.e2e.conftest import SCREENSHOTS, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOGINS = ["staff", "deputy", "unit", "supervisor", "station", "citizen", "auditor", "security"]
PAGES_PER_LOGIN = 30
WIDTH = 360
SKIP = (
    "/admin/",
    "/accounts/logout",
    "/i18n/",
    "/api/",
    "format=xlsx",
    "format=csv",
    "/export",
    ".xlsx",
    ".docx",
    ".pdf",
    "/download",
    "/photos/",
    "/files/",
)


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h and h.startswith("/") and not h.startswith("//")]


def _crawl(browser, base_url: str, username: str) -> list[str]:
    context = browser.new_context(base_url=base_url, viewport={"width": WIDTH, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20000)
    problems: list[str] = []
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, username, DEMO_PASSWORD)
    seen: set[str] = set()
    queue = deque(["/home/"])
    while queue and len(seen) < PAGES_PER_LOGIN:
        url = urldefrag(queue.popleft())[0]
        if url in seen or any(s in url for s in SKIP):
            continue
        seen.add(url)
        response = page.goto(url)
        status = response.status if response else 0
        if status >= 500:
            problems.append(f"{username} {url}: HTTP {status}")
            continue
        if "text/html" not in (response.headers.get("content-type", "") if response else ""):
            continue
        if os.environ.get("RENDA_CRAWL_SHOTS"):  # to look at every page: RENDA_CRAWL_SHOTS=1 pytest -m e2e …
            page.screenshot(path=str(SCREENSHOTS / f"crawl-{username}-{len(seen):02d}.png"), full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if wide > 1:
            culprit = page.evaluate(
                """() => { const w = document.documentElement.clientWidth; const out = [];
                   for (const el of document.querySelectorAll('body *')) {
                     const r = el.getBoundingClientRect();
                     if (r.right > w + 1 && !el.closest('.overflow-auto')) out.push(el.tagName + '.' + el.className);
                     if (out.length > 2) break; }
                   return out.join(', '); }"""
            )
            problems.append(f"{username} {url}: {wide}px wider than {WIDTH}px ({culprit})")
            page.screenshot(path=str(SCREENSHOTS / f"crawl-wide-{username}-{len(problems)}.png"), full_page=True)
        for href in _links(page):
            path = urlsplit(href)
            key = path.path + (f"?{path.query}" if path.query and "page=" not in path.query else "")
            if key not in seen:
                queue.append(key)
    problems += [f"{username}: {m}" for m in blocked]
    context.close()
    return problems


def test_every_login_crawls_its_pages_at_360px_without_errors_or_overflow(browser, live_server, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "no-real-data"  # synthetic messages: faster, and layout does not depend on them
    call_command("demo", verbosity=0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    visited = 0
    for username in LOGINS:
        found = _crawl(browser, live_server.url, username)
        problems += found
        visited += 1
    assert visited == len(LOGINS)
    assert not problems, "\n".join(problems)
