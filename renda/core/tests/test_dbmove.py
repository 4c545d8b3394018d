"""A SQLite deployment moved into PostgreSQL keeps every row and serves the same pages (issue 12).

Runs in the PostgreSQL pass of the suite (it needs a PostgreSQL server to move into); the SQLite
source is a throwaway file built by subprocesses, as an operator's deployment would be.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server to move into")

SEED = """
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.liaison.tests.factories import OpinionFactory
from renda.core.workflow import Workflow, record_event
from renda.core.models import Notification
from renda.liaison.workflow import TRANSITIONS, Status
flow = Workflow(statuses=Status, transitions=TRANSITIONS, event_model="liaison.OpinionEvent")
staff = f.UserFactory(username="move_staff", role=User.Role.STAFF, is_staff=True)
for i in range(3):
    op = OpinionFactory(status=Status.RECEIVED, title=f"小区停车难 {i}")
    record_event(flow, op, action="triage", actor=staff, note=f"说明 {i}")
Notification.objects.create(recipient=staff, text="迁移前的通知", link="/liaison/opinions/")
"""

PAGES = """
import hashlib, json, re
from django.test import Client
from renda.organization.models import User
from renda.liaison.models import Opinion
c = Client()
c.force_login(User.objects.get(username="move_staff"))
titles = list(Opinion.objects.order_by("pk").values_list("title", flat=True))
out = {}
for p in ["/home/", "/notifications/"]:  # pages that do not depend on the search backend
    r = c.get(p)
    html = re.sub(r"[A-Za-z0-9]{64}", "", r.content.decode())  # CSRF tokens differ per render
    out[p] = [r.status_code, hashlib.sha256(html.encode()).hexdigest()]
# the list and each opinion's page (their "similar opinions" come from each engine's own search index)
listing = c.get("/liaison/opinions/")
out["/liaison/opinions/"] = [listing.status_code, [t in listing.content.decode() for t in titles]]
for pk, title in Opinion.objects.order_by("pk").values_list("pk", "title"):
    r = c.get(f"/liaison/opinions/{pk}/")
    out[f"/liaison/opinions/{pk}/"] = [r.status_code, title in r.content.decode(), "说明" in r.content.decode()]
print(json.dumps(out))
"""


def _run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _pages(env: dict[str, str]) -> dict[str, list[object]]:
    """Status and digest of each page, as rendered against the database of ``env`` (the last output line)."""
    return json.loads(_run(env, "shell", "-v0", "-c", PAGES).strip().splitlines()[-1])


def test_sqlite_deployment_moved_to_postgresql_keeps_rows_hashes_and_pages(tmp_path):
    # given a SQLite deployment with records, events and notifications
    sqlite_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'renda.sqlite3'}",
    }
    _run(sqlite_env, "migrate", "-v0")
    _run(sqlite_env, "shell", "-c", SEED)
    # and an empty PostgreSQL database on the same server as the test database
    db = connection.settings_dict
    name = f"renda_move_{uuid.uuid4().hex[:8]}"
    admin = dict(host=db["HOST"] or "localhost", port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"])
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
        pg.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{admin['host']}:{admin['port']}/{name}"
    try:
        # when it is moved
        out = _run(sqlite_env, "migrate_to_postgres", url)
        # then every table's count and digest matched, the audit chains verify there, and the pages are the same
        assert "行数与摘要全部一致" in out
        pg_env = {**sqlite_env, "DATABASE_URL": url}
        assert "哈希链完整" in _run(pg_env, "audit", "verify")
        before, after = _pages(sqlite_env), _pages(pg_env)
        assert all(v[0] == 200 for v in before.values())
        assert before["/liaison/opinions/"][1] == [True, True, True]
        assert after == before
        # and a second move into the now-used database is refused
        again = subprocess.run(
            [sys.executable, "manage.py", "migrate_to_postgres", url],
            cwd=ROOT,
            env=sqlite_env,
            capture_output=True,
            text=True,
        )
        assert again.returncode != 0 and "已有用户数据" in again.stderr
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
