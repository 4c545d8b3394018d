"""Benchmark: 345 deputies vote electronically at once against PostgreSQL, through gunicorn over HTTP.

What it does:
1. Prepares the database named by ``DATABASE_URL`` (default
   ``postgres://renda:renda@127.0.0.1:5432/renda_bench_votes``): creates it if missing, migrates,
   loads the demo congress (345 deputies, each with a login), and convenes a fresh plenary with all
   345 checked in and one open electronic (named) poll.
2. Gives every deputy a logged-in session (created directly in the session store: logging in is not
   what is measured) and a CSRF token, as a phone that has logged in would have.
3. Starts gunicorn (production settings) on ``--port`` (default 8765) and fires the 345 ballot
   POSTs to ``/api/meetings/polls/<id>/ballots/`` at once from 345 threads released by a barrier.
4. Checks every ballot is stored exactly once and the tally equals the choices sent; closes the
   poll and checks the drafted result; prints latency percentiles and writes
   ``docs/benchmarks/votes.md``.

Run once (the machine is shared): ``.venv/bin/python bench/votes.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

from _report import machine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = "postgres://renda:renda@127.0.0.1:5432/renda_bench_votes"


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist (the role may create databases)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def new_poll(meeting_id: int, title: str) -> int:
    """Create and open (quorum checked) an electronic named poll on a new item of the meeting."""
    from renda.meetings import services
    from renda.meetings.models import AgendaItem, Meeting, Poll
    from renda.organization.models import User

    staff = User.objects.get(username="staff")
    meeting = Meeting.objects.get(pk=meeting_id)
    item = services.agenda_item_add(meeting=meeting, title=title, kind=AgendaItem.Kind.RESOLUTION, actor=staff)
    return services.poll_open(
        poll=services.poll_create(item=item, method=Poll.Method.ELECTRONIC, actor=staff), actor=staff
    ).pk


def prepare() -> tuple[int, list[tuple[str, str, str]], dict[str, str]]:
    """Set up the plenary (all checked in); returns (meeting id, [(session key, csrf, choice)], planned choice per code)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from renda.meetings import services
    from renda.meetings.demo import ensure_deputy_logins
    from renda.meetings.models import Meeting
    from renda.organization import demo as org_demo
    from renda.organization.models import Session, Term, User

    call_command("migrate", verbosity=0)
    org_demo.load()
    term = Term.objects.get(congress__region_code="140200", ordinal=16)
    session = Session.objects.get(term=term, ordinal=3)
    ensure_deputy_logins(term)
    staff = User.objects.get(username="staff")
    number = (Meeting.objects.filter(term=term, kind=Meeting.Kind.PLENARY).count() or 0) + 100
    meeting = services.meeting_create(
        kind=Meeting.Kind.PLENARY,
        term=term,
        session=session,
        number=number,
        title=f"基准测试全体会议（{number}）",
        starts_at=timezone.now(),
        actor=staff,
    )
    meeting = services.meeting_start(meeting=meeting, actor=staff)
    roster = [a.deputy for a in meeting.attendances.select_related("deputy").order_by("deputy__code")]
    services.attendance_check_in_many(meeting=meeting, deputies=roster, actor=staff)
    users = {u.deputy_id: u for u in User.objects.filter(deputy__in=roster)}
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    sessions, planned = [], {}
    for i, d in enumerate(roster):
        user = users[d.pk]
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        choice = "yes" if i % 10 < 7 else ("no" if i % 10 < 9 else "abstain")
        planned[d.code] = choice
        sessions.append((store.session_key or "", secrets.token_hex(16), choice))
    return meeting.pk, sessions, planned


def start_gunicorn(port: int, env: dict[str, str], workers: int, threads: int) -> subprocess.Popen[bytes]:
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--backlog",
        "1024",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/meetings/public-results/")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def fire(
    port: int, poll_id: int, option_id: int, sessions: list[tuple[str, str, str]], spread: float = 0.0
) -> list[tuple[int, float]]:
    """345 threads, released together, each POSTing one ballot (after a random delay within ``spread``
    seconds, 0 = all in the same instant); returns (status, seconds) per request."""
    import random

    delays = [random.Random(i).uniform(0, spread) for i in range(len(sessions))]
    barrier = threading.Barrier(len(sessions))
    results: list[tuple[int, float]] = [(0, 0.0)] * len(sessions)

    def one(i: int, key: str, csrf: str, choice: str) -> None:
        body = json.dumps({"choices": {str(option_id): choice}})
        conn = HTTPConnection("127.0.0.1", port, timeout=60)
        conn.connect()
        barrier.wait()
        if delays[i]:
            time.sleep(delays[i])
        t0 = time.perf_counter()
        conn.request(
            "POST",
            f"/api/meetings/polls/{poll_id}/ballots/",
            body=body,
            headers={
                "Content-Type": "application/json",
                "Cookie": f"sessionid={key}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Referer": f"http://127.0.0.1:{port}/",
            },
        )
        r = conn.getresponse()
        r.read()
        results[i] = (r.status, time.perf_counter() - t0)
        conn.close()

    threads = [threading.Thread(target=one, args=(i, *s)) for i, s in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--conn-max-age", type=int, default=60)
    ap.add_argument(
        "--spread", type=float, default=10.0, help="seconds over which the second scenario spreads the ballots"
    )
    args = ap.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_DB
    env = {
        **os.environ,
        # persistent connections in the app server (django-environ reads conn_max_age from the URL)
        "DATABASE_URL": url + ("&" if "?" in url else "?") + f"conn_max_age={args.conn_max_age}",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", secrets.token_urlsafe(40)),
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    ensure_database(url.split("?", 1)[0])
    t0 = time.perf_counter()
    meeting_id, sessions, planned = prepare()
    setup_s = time.perf_counter() - t0
    from renda.meetings import services
    from renda.meetings.models import Poll, VoteCast
    from renda.organization.models import User

    staff = User.objects.get(username="staff")
    expected = dict(Counter(planned.values()))
    scenarios = [("all 345 at the same instant", 0.0), (f"345 spread over {args.spread:g} s", args.spread)]
    rows, ok = [], True
    proc = start_gunicorn(args.port, env, args.workers, args.threads)
    try:
        for n, (label, spread) in enumerate(scenarios, start=1):
            poll_id = new_poll(meeting_id, f"基准测试决议草案（{n}）")
            option_id = Poll.objects.get(pk=poll_id).options.get().pk
            wall0 = time.perf_counter()
            results = fire(args.port, poll_id, option_id, sessions, spread)
            wall = time.perf_counter() - wall0
            statuses = Counter(s for s, _ in results)
            latencies = [t for s, t in results if s == 201]
            stored = VoteCast.objects.filter(poll_id=poll_id).count()
            closed = services.poll_close(poll=Poll.objects.get(pk=poll_id), actor=staff)
            counts = closed.options.get().counts
            good = stored == len(sessions) and statuses == Counter({201: len(sessions)}) and counts == expected
            ok = ok and good
            p50, p95, p99 = (percentile(latencies, p) * 1000 for p in (50, 95, 99))
            mx = max(latencies) * 1000 if latencies else 0.0
            print(
                f"[{label}] statuses {dict(statuses)}; stored {stored}; tally {counts} ({'OK' if counts == expected else 'MISMATCH'})"
            )
            print(f"[{label}] latency ms p50 {p50:.0f} p95 {p95:.0f} p99 {p99:.0f} max {mx:.0f}; wall {wall:.2f} s")
            print(f"[{label}] {closed.options.get().result_text}")
            rows.append(
                f"| {label} | {stored} / {len(sessions)} | {dict(statuses)} | {'yes' if counts == expected else 'NO'} "
                f"| {p50:.0f} / {p95:.0f} / {p99:.0f} / {mx:.0f} | {'met' if p95 < 300 else 'not met'} | {wall:.2f} s |"
            )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    doc = ROOT / "docs" / "benchmarks" / "votes.md"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(
        "# Benchmark: 345 deputies vote electronically\n\n"
        f"Machine: {machine()}; PostgreSQL 15 (local); gunicorn {args.workers} workers "
        f"× {args.threads} threads, production settings, persistent DB connections; `bench/votes.py`.\n\n"
        "Each of 345 threads holds a logged-in deputy session and POSTs one ballot to "
        "`/api/meetings/polls/<id>/ballots/` (session + CSRF, as the phone page does). A ballot takes the poll "
        "row in SHARE mode (so voters do not queue behind each other, while open/close/publish take it FOR "
        "UPDATE), relies on the unique (poll, member) constraint for one vote per member, and inserts the "
        "cast row, the ballot and its entry. Tally = counts per choice after closing, compared with what was sent "
        f"({expected}).\n\n"
        "| scenario | stored / sent | HTTP statuses | tally correct | latency p50 / p95 / p99 / max (ms) "
        "| p95 < 300 ms | wall time |\n|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"Set-up (migrate, demo congress, 345 sessions): {setup_s:.1f} s.\n\n"
        "Latency is measured per request, from send to full response, on the same 2-core machine that runs the "
        "client threads, gunicorn and PostgreSQL. In the burst scenario every request waits behind the others "
        "fired in the same instant, so p95 is close to the time to drain the whole queue: the work is CPU-bound "
        "(profiled in-process on this loaded machine: ~15 ms for the ballot service, ~65–90 ms per full "
        "request through the middleware, session, DRF and ~17 queries), so 345 requests in one instant cannot "
        "all finish within 300 ms on 2 shared cores; the spread scenario is the same 345 ballots "
        "arriving over a realistic pressing window.\n",
        encoding="utf-8",
    )
    print(f"wrote {doc.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
