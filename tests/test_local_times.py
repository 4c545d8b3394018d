"""Every page and export shows times in Beijing time (Asia/Shanghai), never in UTC (issue 13 item 7: "Times
are shown or exported in UTC in places").

The demo congress is loaded (organisation, suggestions, meetings, livelihood, and a few citizens'
opinions and notifications), then EVERY date-time column of every table is set to one instant,
2026-03-09 17:47 UTC, which is 2026-03-10 01:47 in Beijing. Each demo login (and a visitor) then walks
every page reachable from its start page by links (at most :data:`PAGES_PER_ROUTE` per route), and every
export those pages link to (xlsx cells, docx text, csv). A page or export that shows a time must show
01:47 and none may show 17:47.

SQLite only: on PostgreSQL the event tables refuse UPDATE (the append-only trigger), which is the point
of them; the rendering code is the same on both engines.
"""

from __future__ import annotations

import io
import zipfile
from collections import deque
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.urls import Resolver404, resolve
from openpyxl import load_workbook

from renda.liaison import services as liaison_services
from renda.liaison.models import Opinion
from renda.livelihood import demo as livelihood_demo
from renda.meetings import demo as meetings_demo
from renda.organization import demo as org_demo
from renda.organization.models import User
from renda.proposals import demo as proposals_demo

pytestmark = pytest.mark.django_db

INSTANT = datetime(2026, 3, 9, 17, 47, tzinfo=UTC)
LOCAL, UTC_TEXT = "01:47", "17:47"
PAGES_PER_ROUTE = 2
SKIP = {"logout", "set_language"}
LOGINS = ["staff", "deputy", "unit", "supervisor", "station", "auditor", "security", "admin", None]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def _text(response) -> str:
    """The text a person reads in a response: HTML/CSV as is, xlsx cells (dates as HH:MM), docx XML."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        wb = load_workbook(io.BytesIO(body), read_only=True)
        cells = [
            c.strftime("%Y-%m-%d %H:%M") if isinstance(c, datetime) else str(c)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for c in row
            if c is not None
        ]
        return " ".join(cells)
    if "wordprocessingml" in kind:
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return z.read("word/document.xml").decode("utf-8")
    if kind.startswith(("text/", "application/json")):
        return body.decode("utf-8", errors="replace")
    return ""


def _walk(client: Client, start: list[str]) -> dict[str, str]:
    """path → text of every page and export reachable from ``start`` (PAGES_PER_ROUTE per route)."""
    seen: dict[str, str] = {}
    per_route: dict[str, int] = {}
    queue = deque(start)
    while queue:
        path = queue.popleft()
        if path in seen or path.endswith(".pdf"):  # the PDF minutes are the docx's text, printed
            continue
        try:
            route = resolve(urlsplit(path).path).view_name
        except Resolver404:
            continue
        key = route + (" file" if "format=" in path else "")  # an export is counted apart from its page
        if route in SKIP or route.startswith("admin:") or per_route.get(key, 0) >= PAGES_PER_ROUTE:
            continue
        per_route[key] = per_route.get(key, 0) + 1
        response = client.get(path)
        if response.status_code != 200:
            continue
        seen[path] = _text(response)
        if "text/html" in response.get("Content-Type", ""):
            parser = _Links()
            parser.feed(seen[path])
            for href in parser.links:
                url = urlsplit(urljoin(path, href))
                if not url.netloc and url.path.startswith("/") and not url.path.startswith(("/api/", "/admin/")):
                    queue.append(url.path + (f"?{url.query}" if "format=" in url.query else ""))
    return seen


def _everything_at_one_instant() -> int:
    """Set every date-time column of every table to INSTANT; returns how many columns were set."""
    n = 0
    for model in apps.get_models(include_auto_created=True):
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
        if fields and not model._meta.proxy:
            model._base_manager.update(**dict.fromkeys(fields, INSTANT))
            n += len(fields)
    return n


def test_every_page_and_export_shows_beijing_time_not_utc():
    if connection.vendor != "sqlite":
        pytest.skip("the event tables are append-only on PostgreSQL (UPDATE refused); rendering is the same")
    # given the demo congress with records of every kind …
    org_demo.load(stdout=io.StringIO())
    proposals_demo.load(stdout=io.StringIO())
    meetings_demo.load(stdout=io.StringIO())
    livelihood_demo.load(stdout=io.StringIO())
    station = User.objects.get(username="station").liaison_station
    assert station is not None
    operator = User.objects.get(username="station")
    for title in ("小区停车难", "夜间施工噪音扰民"):
        liaison_services.opinion_record(
            congress=station.congress,
            actor=operator,
            station=station,
            source=Opinion.Source.STATION,
            title=title,
            text=f"{title}，希望有关部门尽快处理。",
            citizen_name="王女士",
        )
    # … and every date-time of every table at 17:47 UTC (01:47 the next day in Beijing)
    assert _everything_at_one_instant() > 50
    assert Opinion.objects.filter(received_at=INSTANT).count() == 2
    # when every login walks its pages and exports
    shown_utc: dict[str, list[str]] = {}
    shown_local: set[str] = set()
    for username in LOGINS:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        pages = _walk(client, ["/home/" if username else "/", "/liaison/track/"])
        for path, text in pages.items():
            if UTC_TEXT in text:
                shown_utc.setdefault(str(username), []).append(path)
            if LOCAL in text:
                shown_local.add(resolve(urlsplit(path).path).view_name + (" file" if "format=" in path else ""))
    # then no page or export shows the UTC time, and the pages that show times show Beijing time
    assert shown_utc == {}
    assert {
        "proposals:detail", "proposals:list file", "meetings:meeting-detail", "meetings:minutes", "liaison:opinion-detail",
        "livelihood:project-detail", "audit-trail",
    } <= shown_local, sorted(shown_local)  # fmt: skip
    assert len(shown_local) >= 10, sorted(shown_local)
