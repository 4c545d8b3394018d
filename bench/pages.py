"""Benchmark: every list page and board at provincial scale against a bare view (issue 17 item 3).

    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_scale .venv/bin/python bench/pages.py [--n 30]
        [--only "public replies" --only …]   (a subset, printed only: the table is written by full runs)

Loads the provincial dataset of ``bench/scale_data.py`` into ``DATABASE_URL`` (skipped when it is
there) and a small one (2 congresses, 2,000 suggestions, 20,000 opinions) into ``<database>_small``.
Each page is requested through the whole WSGI stack in-process (Django test client: middleware,
session, view, ORM, template) with DEBUG off and the cached template loader, logged in as the role
that uses it. Its **bare view** — registered only inside this script — renders the same template
with the context the real view produced once, materialised (querysets turned into lists, the page's
rows fetched, counts cached): the same rows, the same objects, the same base template, no view
queries. The page and its bare view are requested alternately in one loop (the machine is shared:
both see the same load), ``--n`` times each after 3 warm-up requests; req/s = n / total seconds.
Query counts come from one request at each data size (the small one in a subprocess).
Writes the ``pages`` section of ``docs/benchmarks/pages.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report
import scale_data

RESULTS = _report.REPO / "docs" / "benchmarks" / "pages.md"
HEAD = "# List pages and boards at provincial scale\n\nWritten by `bench/pages.py`; rerun to refresh.\n"
SMALL = scale_data.Params(congresses=2, suggestions=2_000, assignments=6_000, opinions=20_000)


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    assert not settings.DEBUG


ONLY: list[str] = []


def pages(info: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(name, user or None for anonymous, URL) of every list page and board, for congress 0 (only those
    whose name contains one of ``ONLY``, when set by ``--only``)."""
    from django.db.models import Count, Q

    from renda.meetings.models import Meeting
    from renda.organization.models import User
    from renda.proposals.models import Assignment

    congress = info["congress_ids"][0]
    staff = User.objects.get(pk=info["users"]["staff"][0])
    busiest = (
        Assignment.objects.filter(unit__congress_id=congress)
        .values("unit_id")
        .annotate(n=Count("id", filter=Q(status__in=["assigned", "received", "reassign_requested"])))
        .order_by("-n")[0]["unit_id"]
    )
    officer = User.objects.get(handling_unit_id=busiest, username__startswith="scale-")
    deputy = User.objects.filter(congress_id=congress, role="deputy", username__startswith="scale-").order_by("pk")[0]
    plenary = Meeting.objects.get(congress_id=congress, kind="plenary")
    sc = Meeting.objects.filter(congress_id=congress, kind="standing_committee").order_by("-starts_at")[0]
    every = [
        ("suggestions list (staff)", staff, "/proposals/"),
        ("suggestions list, search (staff)", staff, "/proposals/?q=停车"),
        ("suggestions list, page 100 (staff)", staff, "/proposals/?page=100"),
        ("my suggestions (deputy)", deputy, "/proposals/"),
        ("unit inbox (busiest unit)", officer, "/proposals/inbox/"),
        ("unit inbox, overdue", officer, "/proposals/inbox/?bucket=overdue"),
        ("overdue board (staff)", staff, "/proposals/board/overdue/"),
        ("key-suggestions board (staff)", staff, "/proposals/board/key/"),
        ("assignment list (staff)", staff, "/proposals/assign/"),
        ("public replies (anonymous)", None, "/proposals/public/"),
        ("opinions list (staff)", staff, "/liaison/opinions/"),
        ("triage (staff)", staff, "/liaison/triage/"),
        ("follow-up list (staff)", staff, "/liaison/follow-up/"),
        ("opinion search (staff)", staff, "/liaison/search/?q=停车"),
        ("hot topics (staff)", staff, "/liaison/hot/"),
        ("meetings list (staff)", staff, "/meetings/"),
        ("meeting console, plenary (staff)", staff, f"/meetings/{plenary.pk}/"),
        ("check-in, plenary (staff)", staff, f"/meetings/{plenary.pk}/check-in/"),
        ("meeting console, Standing Committee", staff, f"/meetings/{sc.pk}/"),
        ("public vote results (anonymous)", None, "/meetings/results/"),
    ]
    return [p for p in every if not ONLY or any(o in p[0] for o in ONLY)]


def _client(user: Any) -> Any:
    from django.test import Client

    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def query_counts(info: dict[str, Any]) -> dict[str, int]:
    """SQL queries of one request of each page (after one warm-up request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = {}
    for name, user, url in pages(info):
        c = _client(user)
        r = c.get(url)
        assert r.status_code == 200, (name, url, r.status_code)
        with CaptureQueriesContext(connection) as ctx:
            c.get(url)
        out[name] = len(ctx.captured_queries)
    return out


# --- the bare views -------------------------------------------------------------------------------

CAPTURED: dict[int, tuple[str, dict[str, Any]]] = {}


def _materialise(value: Any) -> Any:
    from django.core.paginator import Page
    from django.db.models import QuerySet

    if isinstance(value, QuerySet):
        return list(value)
    if isinstance(value, Page):
        value.object_list = list(value.object_list)
        _ = value.paginator.count  # cached from now on
        return value
    if isinstance(value, list):
        return [_materialise(v) for v in value]
    return value


def capture(client: Any, url: str) -> tuple[str, dict[str, Any]]:
    """The template and the context the real view rendered for ``url`` (its first render call)."""
    from django.template import loader

    real = loader.render_to_string
    seen: list[tuple[str, dict[str, Any]]] = []

    def spy(template_name: Any, context: Any = None, request: Any = None, using: Any = None) -> str:
        html = real(template_name, context, request, using)
        if not seen:
            seen.append((template_name, dict(context or {})))
        return html

    loader.render_to_string = spy  # type: ignore[assignment]
    try:
        client.get(url)
    finally:
        loader.render_to_string = real  # type: ignore[assignment]
    template, ctx = seen[0]
    return template, {k: _materialise(v) for k, v in ctx.items()}


def bare_view(request: Any, i: int) -> Any:
    """Render page ``i``'s template with its constant captured context (no view queries)."""
    from django.shortcuts import render

    template, ctx = CAPTURED[i]
    return render(request, template, ctx)


def install_bare_route() -> None:
    from django.urls import clear_url_caches, path

    from config import urls

    urls.urlpatterns.insert(0, path("__bench_bare__/<int:i>/", bare_view))
    clear_url_caches()


def measure(info: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """Req/s of each page and of its bare view, alternately, and the bare view's query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    install_bare_route()
    rows = []
    for i, (name, user, url) in enumerate(pages(info)):
        c = _client(user)
        for _ in range(2):
            assert c.get(url).status_code == 200
        CAPTURED[i] = capture(c, url)
        bare = f"/__bench_bare__/{i}/"
        for _ in range(3):
            assert c.get(bare).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            c.get(bare)
        bare_queries = len(ctx.captured_queries)
        t_page = t_bare = 0.0
        for _ in range(n):
            t0 = time.perf_counter()
            c.get(url)
            t1 = time.perf_counter()
            c.get(bare)
            t2 = time.perf_counter()
            t_page += t1 - t0
            t_bare += t2 - t1
        row: dict[str, Any] = {
            "name": name,
            "url": url,
            "role": getattr(user, "role", "anonymous"),
            "page_rps": n / t_page,
            "bare_rps": n / t_bare,
            "page_ms": t_page / n * 1000,
            "bare_queries": bare_queries,
        }
        row["ratio"] = t_bare / t_page  # (n / t_page) / (n / t_bare)
        print(
            f"{name:<40} page {row['page_rps']:6.1f} req/s ({row['page_ms']:6.1f} ms)  bare {row['bare_rps']:6.1f} req/s"
            f"  ratio {row['ratio']:5.0%}",
            flush=True,
        )
        rows.append(row)
    return rows


def small_counts(url: str) -> tuple[dict[str, int], float]:
    """Load the small dataset into ``<database>_small`` and count the queries there (a subprocess)."""
    small_url = url + "_small"
    done = subprocess.run(
        [sys.executable, __file__, "--counts-only"],
        env={**os.environ, "DATABASE_URL": small_url},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:  # show why: the child's output was captured
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the small dataset's query counts failed (exit status {done.returncode})")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return data["counts"], data["seconds"]


def _load(params: scale_data.Params) -> dict[str, Any]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return scale_data.load(params, reset=True, log=lambda m: print(m, file=sys.stderr, flush=True))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30, help="requests of each page and of its bare view")
    ap.add_argument(
        "--only",
        action="append",
        default=[],
        help="measure only the pages whose name contains this (repeatable); prints, writes nothing",
    )
    ap.add_argument("--counts-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    ONLY[:] = args.only
    url = os.environ.get("DATABASE_URL") or scale_data.DEFAULT_URL
    if not url.startswith("postgres"):
        raise SystemExit("this benchmark needs PostgreSQL (DATABASE_URL=postgres://…)")
    scale_data.ensure_database(url)
    if args.counts_only:
        t0 = time.perf_counter()
        _setup(url)
        info = _load(SMALL)
        counts = query_counts(info)
        print(json.dumps({"counts": counts, "seconds": time.perf_counter() - t0}, ensure_ascii=False))
        return
    if args.only:
        _setup(url)
        info = _load(scale_data.Params())
        full = query_counts(info)
        for r in measure(info, args.n):
            print(f"{r['name']:<40} queries {full[r['name']]}  ratio {r['ratio']:.0%}")
        return
    line = _report.machine()
    started = time.perf_counter()
    small, small_seconds = small_counts(url)
    _setup(url)
    t0 = time.perf_counter()
    info = _load(scale_data.Params())
    load_seconds = time.perf_counter() - t0
    full = query_counts(info)
    t0 = time.perf_counter()
    rows = measure(info, args.n)
    measure_seconds = time.perf_counter() - t0
    load_end = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    ok = [r for r in rows if r["ratio"] >= 0.5]
    same = [r for r in rows if small[r["name"]] == full[r["name"]]]
    table = "\n".join(
        f"| {r['name']} | `{r['url']}` | {r['role']} | {r['page_rps']:.1f} | {r['bare_rps']:.1f} | "
        f"**{r['ratio']:.0%}** | {small[r['name']]} | {full[r['name']]} | {r['bare_queries']} |"
        for r in rows
    )
    loaded = "loaded now" if info["loaded"] else "already loaded (marker present)"
    body = f"""## Pages vs bare views (`bench/pages.py`)

Machine: {line}; load average at the end {load_end}.

Data (`bench/scale_data.py`, {loaded}): 20 congresses, 100,000 suggestions, 300,000 assignments,
1,000,000 opinions, 260 meetings; the pages are those of congress 1 (5,000 suggestions, 15,000
assignments, 50,000 opinions), seen by its staff, its busiest unit's officer, a deputy or anonymously.
Small size for the query counts: 2 congresses, 2,000 suggestions, 6,000 assignments, 20,000 opinions.
Each page and its bare view (same template, the context the page produced once, materialised; no
view queries: the bare column counts the session and user look-ups of the middleware) requested
alternately, {args.n} times each after warm-up, in-process through the WSGI stack with DEBUG off.

| page | URL | role | page req/s | bare req/s | ratio | queries (small) | queries (full) | bare queries |
|---|---|---|---:|---:|---:|---:|---:|---:|
{table}

**{len(ok)} of {len(rows)} pages at ≥ 50% of their bare view's req/s**; query counts identical at both
sizes for {len(same)} of {len(rows)} pages.

Time: small dataset and its counts {small_seconds:.0f} s; full dataset {load_seconds:.0f} s
({"loaded now: COPY, indexes and foreign keys rebuilt, VACUUM ANALYZE" if info["loaded"] else "already there"});
measuring {measure_seconds:.0f} s; whole script {time.perf_counter() - started:.0f} s.
"""
    _report.write_section("pages", body, results=RESULTS, head=HEAD)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
