"""Benchmark: 345 deputies vote electronically at once against PostgreSQL, through gunicorn over HTTP.

What it does (issue 17: a ballot costs <= 3 ms of server CPU; 345 at once, p95 < 1 s):
1. Prepares the database named by ``DATABASE_URL`` (default
   ``postgres://renda:renda@127.0.0.1:5432/renda_bench_votes``; ``scripts/with_postgres.sh`` gives a
   throwaway one): creates it if missing, migrates, loads the demo congress (345 deputies, each with a
   login), and convenes a fresh plenary with all 345 checked in.
2. Gives every deputy a logged-in session (created directly in the session store: logging in is not
   what is measured) and a CSRF token, as a phone that has logged in would have; and, per poll, the
   member's signed ballot token (what ``GET /api/meetings/polls/<id>/ballot-token/`` hands out when
   the poll opens; fetching it is not part of the burst).
3. For each scenario, opens a new electronic (named) poll and fires the 345 ballot POSTs at once from
   345 threads released by a barrier, against gunicorn (production settings):
   - baseline: the code of ``--baseline-ref`` (exported with ``git archive`` to a temporary folder),
     ``POST /api/meetings/polls/<id>/ballots/`` with session + CSRF (the old path);
   - new, lean endpoint: ``POST /api/meetings/ballots/`` with the token (no session, no CSRF);
   - new, session API: the old URL (session + CSRF + DRF) on the new lean service.
   Server CPU = user+system CPU seconds of the gunicorn processes and of the PostgreSQL server
   processes during the burst, divided by the ballots.
4. Checks every ballot is stored exactly once and the tally equals the choices sent; closes the
   poll and checks the drafted result; prints the figures and writes ``docs/benchmarks/votes.md``.

Run once (the machine is shared; the load average is recorded with every figure):
``scripts/with_postgres.sh .venv/bin/python bench/votes.py``.
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

import _report
from _report import ensure_database, machine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = "postgres://renda:renda@127.0.0.1:5432/renda_bench_votes"
BASELINE_REF = "6aebd95"  # the last commit before the lean ballot path (issue 17)
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds consumed so far by ``pids`` (from /proc; gone processes count 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def family(root: int) -> list[int]:
    """``root`` and its direct children (gunicorn master and workers; postmaster and backends)."""
    out = [root]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == root:
                out.append(int(entry.name))
    return out


def postmaster_pid() -> int | None:
    """The PostgreSQL server's pid, when it runs on this machine (its data directory is readable)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW data_directory")
        data = cur.fetchone()[0]
    try:
        return int(Path(data, "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


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


def prepare() -> tuple[int, list[tuple[str, str, str, int]], dict[str, str]]:
    """Set up the plenary (all checked in); returns (meeting id, [(session key, csrf, choice, user id)],
    planned choice per deputy code)."""
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
        sessions.append((store.session_key or "", secrets.token_hex(16), choice, user.pk))
    return meeting.pk, sessions, planned


def start_gunicorn(port: int, env: dict[str, str], workers: int, threads: int, cwd: Path) -> subprocess.Popen[bytes]:
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
    proc = subprocess.Popen(cmd, cwd=cwd, env={**env, "PYTHONPATH": str(cwd)})
    deadline = time.time() + 60
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


def warm_up(port: int, n: int = 48) -> None:
    """A few concurrent requests so every worker has loaded its URLconf and opened its DB connection."""

    def one() -> None:
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/api/meetings/public-results/")
        conn.getresponse().read()
        conn.request("POST", "/api/meetings/ballots/", body=b"{}", headers={"Content-Type": "application/json"})
        conn.getresponse().read()
        conn.close()

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


Request = tuple[str, bytes, dict[str, str]]


def session_request(port: int, poll_id: int, option_id: int, key: str, csrf: str, choice: str) -> Request:
    """The old path: the phone's session cookie + CSRF, to the DRF ballot action."""
    headers = {
        "Content-Type": "application/json",
        "Cookie": f"sessionid={key}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Referer": f"http://127.0.0.1:{port}/",
    }
    body = json.dumps({"choices": {str(option_id): choice}}).encode()
    return f"/api/meetings/polls/{poll_id}/ballots/", body, headers


def token_request(token: str, option_id: int, choice: str) -> Request:
    """The lean path: the signed ballot token in the body, no cookie."""
    body = json.dumps({"token": token, "choices": {str(option_id): choice}}).encode()
    return "/api/meetings/ballots/", body, {"Content-Type": "application/json"}


def fire(port: int, requests: list[Request], spread: float = 0.0) -> list[tuple[int, float]]:
    """One thread per request, released together, each POSTing its ballot (after a random delay within
    ``spread`` seconds, 0 = all in the same instant); returns (status, seconds) per request."""
    import random

    delays = [random.Random(i).uniform(0, spread) for i in range(len(requests))]
    barrier = threading.Barrier(len(requests))
    results: list[tuple[int, float]] = [(0, 0.0)] * len(requests)

    def one(i: int, path: str, body: bytes, headers: dict[str, str]) -> None:
        conn = HTTPConnection("127.0.0.1", port, timeout=120)
        conn.connect()
        barrier.wait()
        if delays[i]:
            time.sleep(delays[i])
        t0 = time.perf_counter()
        conn.request("POST", path, body=body, headers=headers)
        r = conn.getresponse()
        r.read()
        results[i] = (r.status, time.perf_counter() - t0)
        conn.close()

    threads = [threading.Thread(target=one, args=(i, *r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--conn-max-age", type=int, default=60)
    ap.add_argument("--baseline-ref", default=BASELINE_REF, help="git ref of the old path ('' to skip)")
    ap.add_argument("--spread", type=float, default=10.0, help="seconds of the spread scenario (0 to skip)")
    args = ap.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_DB
    env = {
        **os.environ,
        # persistent connections in the app server (django-environ reads conn_max_age from the URL)
        "DATABASE_URL": url + ("&" if "?" in url else "?") + f"conn_max_age={args.conn_max_age}",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", secrets.token_urlsafe(40)),
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    ensure_database(url.split("?", 1)[0])
    started = machine()
    t0 = time.perf_counter()
    meeting_id, sessions, planned = prepare()
    setup_s = time.perf_counter() - t0
    from renda.meetings import services
    from renda.meetings.models import Poll, VoteCast
    from renda.organization.models import User

    staff = User.objects.get(username="staff")
    users = User.objects.in_bulk([u for *_x, u in sessions])
    expected = dict(Counter(planned.values()))
    pg = postmaster_pid()
    baseline_dir = _report.export_tree(args.baseline_ref, prefix="renda-votes-baseline-") if args.baseline_ref else None
    scenarios: list[tuple[str, Path, str, float]] = []
    if baseline_dir:
        scenarios.append((f"baseline ({args.baseline_ref}): session + CSRF, DRF action", baseline_dir, "session", 0.0))
    scenarios += [
        ("new: lean endpoint, ballot token", ROOT, "token", 0.0),
        ("new: session + CSRF, DRF action (lean service)", ROOT, "session", 0.0),
    ]
    if args.spread:
        scenarios.append((f"new: lean endpoint, spread over {args.spread:g} s", ROOT, "token", args.spread))
    rows, ok = [], True
    for n, (label, cwd, path, spread) in enumerate(scenarios, start=1):
        proc = start_gunicorn(args.port, env, args.workers, args.threads, cwd)
        try:
            warm_up(args.port)
            poll_id = new_poll(meeting_id, f"基准测试决议草案（{n}）")
            poll = Poll.objects.get(pk=poll_id)
            option_id = poll.options.get().pk
            if path == "token":
                reqs = [
                    token_request(services.ballot_token(poll=poll, user=users[uid]), option_id, choice)
                    for _k, _c, choice, uid in sessions
                ]
            else:
                reqs = [session_request(args.port, poll_id, option_id, k, c, ch) for k, c, ch, _u in sessions]
            load = os.getloadavg()
            app_pids = family(proc.pid)
            db_pids = family(pg) if pg else []
            app0, db0 = cpu_seconds(app_pids), cpu_seconds(db_pids)
            wall0 = time.perf_counter()
            results = fire(args.port, reqs, spread)
            wall = time.perf_counter() - wall0
            app_cpu, db_cpu = cpu_seconds(app_pids) - app0, cpu_seconds(db_pids) - db0
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        statuses = Counter(s for s, _ in results)
        latencies = [t for s, t in results if s == 201]
        stored = VoteCast.objects.filter(poll_id=poll_id).count()
        closed = services.poll_close(poll=Poll.objects.get(pk=poll_id), actor=staff)
        counts = closed.options.get().counts
        good = stored == len(sessions) and statuses == Counter({201: len(sessions)}) and counts == expected
        ok = ok and good
        p50, p95, p99 = (percentile(latencies, p) * 1000 for p in (50, 95, 99))
        mx = max(latencies) * 1000 if latencies else 0.0
        per = 1000 * (app_cpu + db_cpu) / len(sessions)
        print(
            f"[{label}] load {load[0]:.1f}; statuses {dict(statuses)}; stored {stored}; tally {counts} "
            f"({'OK' if counts == expected else 'MISMATCH'})"
        )
        print(
            f"[{label}] server CPU {per:.2f} ms/ballot (app {1000 * app_cpu / len(sessions):.2f}, "
            f"PostgreSQL {1000 * db_cpu / len(sessions):.2f}); latency ms p50 {p50:.0f} p95 {p95:.0f} "
            f"p99 {p99:.0f} max {mx:.0f}; wall {wall:.2f} s"
        )
        print(f"[{label}] {closed.options.get().result_text}")
        rows.append(
            f"| {label} | {load[0]:.1f} | {stored} / {len(sessions)} | {dict(statuses)} "
            f"| {'yes' if counts == expected else 'NO'} | {per:.2f} ({1000 * app_cpu / len(sessions):.2f} + "
            f"{1000 * db_cpu / len(sessions):.2f}) | {p50:.0f} / {p95:.0f} / {p99:.0f} / {mx:.0f} | {wall:.2f} s |"
        )
    doc = ROOT / "docs" / "benchmarks" / "votes.md"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(
        "# Benchmark: 345 deputies vote electronically\n\n"
        f"Machine: {started}; PostgreSQL (throwaway cluster, same machine); gunicorn {args.workers} workers "
        f"× {args.threads} threads, production settings, persistent DB connections; `bench/votes.py`. "
        "**The machine is shared with five other engineers' sessions** (tests, builds): the load "
        "average (1 min) at the start of each scenario is in the table; latencies move with it far more "
        "than CPU per ballot does.\n\n"
        "Each of 345 threads POSTs one ballot, all released by one barrier (burst) or spread at random "
        "over a window. *Baseline* is the code before issue 17 (exported with `git archive`), through the "
        "session-authenticated DRF action `/api/meetings/polls/<id>/ballots/`. *New, lean endpoint* is "
        "`POST /api/meetings/ballots/` with the member's signed ballot token (issued by "
        "`GET /api/meetings/polls/<id>/ballot-token/` once the poll is open): no session read or write, no "
        "CSRF, one query that reads and share-locks poll, attendance and login, and one INSERT statement "
        "(cast row, ballot, entry) guarded by the unique (poll, member) constraint; counts at close. "
        "*New, session* is the old URL on the same lean service. Tally = counts per choice after closing, "
        f"compared with what was sent ({expected}).\n\n"
        "Server CPU = user + system CPU seconds of the gunicorn master and workers plus the PostgreSQL "
        "server processes during the scenario, ÷ 345 ballots (app + PostgreSQL, ms).\n\n"
        "| scenario | load | stored / sent | HTTP statuses | tally correct | server CPU ms / ballot (app + PG) "
        "| latency p50 / p95 / p99 / max (ms) | wall time |\n|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\n"
        f"Set-up (migrate, demo congress, 345 sessions): {setup_s:.1f} s.\n\n"
        "Latency is measured per request, from send to full response, on the same 2-core machine that runs "
        "the 345 client threads, gunicorn and PostgreSQL: in a burst every request waits behind the others "
        "fired in the same instant, so p95 is close to the time to drain the whole queue, i.e. roughly "
        "345 × CPU per ballot ÷ the cores left free by the client threads and the other sessions. The spread "
        "scenario's CPU per ballot includes what the idle servers spend over its window (gunicorn worker "
        "heartbeats, PostgreSQL background processes), so it is above the burst's. Where the old path's CPU "
        "went, read from the three bursts: baseline − new session path = the ballot service (10 queries "
        "before, 4 round trips now: BEGIN, one SELECT … FOR SHARE, one INSERT … WITH, COMMIT — see "
        "`test_casting_a_ballot_writes_no_event_and_runs_a_fixed_number_of_queries`); new session path − "
        "lean endpoint = session read and write (SESSION_SAVE_EVERY_REQUEST), user load, CSRF and DRF. "
        "The lean endpoint keeps the middleware stack (security headers, CSP, locale).\n",
        encoding="utf-8",
    )
    print(f"wrote {doc.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
