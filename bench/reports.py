"""Benchmark: the staff dashboard and a full-year work report at 100,000 suggestions / 1,000,000 opinions
on PostgreSQL (issue 16 item 7), the code of ``main`` as baseline and this tree, in the same run.

    .venv/bin/python bench/reports.py [--n 10] [--no-baseline] [--baseline-ref REF] [--fresh]

Data: the provincial dataset of ``bench/scale_data.py`` (20 congresses, 100,000 suggestions, 300,000
assignments, 1,000,000 opinions) must be loaded in ``SCALE_URL`` (default ``scale_data.DEFAULT_URL``,
database ``renda_scale`` on the main cluster; ``bench/scale_data.py`` or ``bench/pages.py`` load it).
It is never written: this script copies it (``CREATE DATABASE … TEMPLATE``) into ``BENCH_URL``
(default database ``renda_bench_reports``) and there makes its first congress (规模基准1) hold *all*
the suggestions and opinions — those of the 19 others are moved to it (numbers suffixed to stay
unique) — so that one congress has 100,000 suggestions and 1,000,000 opinions (a full year 2026).
The copy is kept for the next run (a marker table names the source parameters); ``--fresh`` redoes it.

Each code tree (``git archive`` of the baseline ref — by default the commit before this work —, and this
checkout) is measured in a child process
of its own with DEBUG off, after migrating the copy to that tree's schema (the baseline runs without
this tree's indexes): server time through the Django test client (middleware, view, ORM, template) of
the staff dashboard (default filters, and filtered by a delegation), the work-statistics page with the
report's paragraphs, the staff list of activity records, and in-process calls of
``renda report work --year 2026 --json`` and of the command writing the .docx; median and p90 over
``--n`` calls after one warm-up, and the SQL queries of one call. Writes ``docs/benchmarks/reports.md``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import _report  # noqa: E402

REPO = _report.REPO
RESULTS = REPO / "docs" / "benchmarks" / "reports.md"
HEAD = "# Work statistics and dashboards at scale\n\nWritten by `bench/reports.py`; rerun to refresh.\n"
MARKER = "bench_reports_marker"
YEAR = 2026
TARGET_MS = 1000.0
BASELINE_REF = "49ef9d7"  # the last commit before issue 16 item 7's changes


def _urls() -> tuple[str, str]:
    import scale_data

    source = os.environ.get("SCALE_URL") or scale_data.DEFAULT_URL
    bench = os.environ.get("BENCH_URL") or source.rsplit("/", 1)[0] + "/renda_bench_reports"
    return source, bench


def _pg(url: str, db: str | None = None) -> Any:
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/" + (db or url.rsplit("/", 1)[1]), autocommit=True)


def _source_key(source: str) -> str:
    """The parameters of the dataset loaded in ``source`` (its marker row). Exits when none is loaded."""
    import scale_data

    try:
        with _pg(source) as conn:
            rows = conn.execute(f"SELECT params FROM {scale_data.MARKER}").fetchall()
    except Exception as exc:
        raise SystemExit(f"no scale dataset at {source} ({exc}): run bench/scale_data.py first") from exc
    if not rows:
        raise SystemExit(f"no scale dataset at {source}: run bench/scale_data.py first")
    return str(rows[0][0])


def prepare(source: str, bench: str, *, fresh: bool) -> str:
    """Copy the scale database into ``bench`` (unless the copy of the same dataset is there) and move
    every suggestion and opinion of the dataset to its first congress. Returns a line for the report."""
    key = _source_key(source)
    name = bench.rsplit("/", 1)[1]
    with _pg(bench, "postgres") as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists and not fresh:
        with _pg(bench) as conn:
            has = conn.execute("SELECT to_regclass(%s)", [MARKER]).fetchone()[0]
            if has and conn.execute(f"SELECT 1 FROM {MARKER} WHERE params = %s", [key]).fetchone():
                return "copy of the scale database reused (same dataset)"
    t0 = time.perf_counter()
    with _pg(bench, "postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        template = source.rsplit("/", 1)[1]
        for attempt in range(40):  # the template may have a connection for a moment (another benchmark)
            try:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                break
            except Exception:
                if attempt == 39:
                    raise
                time.sleep(15)
    import scale_data

    tables = ["proposals_proposal", "liaison_opinion"]
    with _pg(bench) as conn:
        # Moving ~1.4M rows with their indexes and foreign-key triggers in place took ~10 min; without
        # them the UPDATE rewrites the heap only, and the indexes are built again two at a time.
        indexes = scale_data._secondary_indexes(tables, conn)
        fks = scale_data._foreign_keys(tables, conn)
        for table, fk, _ in fks:
            conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{fk}"')
        for index, _ in indexes:
            conn.execute(f'DROP INDEX "{index}"')
        first = conn.execute("SELECT min(id) FROM organization_congress WHERE region_code LIKE '97%%'").fetchone()[0]
        others = "SELECT id FROM organization_congress WHERE region_code LIKE '97%%' AND id <> %s"
        conn.execute(
            f"UPDATE proposals_proposal SET congress_id = %s, number = CASE WHEN number = '' THEN '' "
            f"ELSE number || '-' || congress_id END WHERE congress_id IN ({others})",
            [first, first],
        )
        conn.execute(f"UPDATE liaison_opinion SET congress_id = %s WHERE congress_id IN ({others})", [first, first])
        conn.execute("VACUUM proposals_proposal")
        conn.execute("VACUUM liaison_opinion")
    _report.build_in_parallel(
        bench,
        [definition for _, definition in indexes]
        + [f'ALTER TABLE "{table}" ADD CONSTRAINT "{fk}" {definition}' for table, fk, definition in fks],
    )
    with _pg(bench) as conn:
        conn.execute("VACUUM ANALYZE proposals_proposal")
        conn.execute("VACUUM ANALYZE liaison_opinion")
        conn.execute(f"CREATE TABLE {MARKER} (params text)")
        conn.execute(f"INSERT INTO {MARKER} VALUES (%s)", [key])
    return f"copy of the scale database made in {time.perf_counter() - t0:.0f} s"


def _manage(tree: Path, bench: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": bench, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=tree, env=env, check=True)


def migrate_to(tree: Path, bench: str) -> None:
    """Bring the copy's schema to ``tree``'s: unapply the migrations of apps ``tree`` does not have,
    then ``migrate`` (the baseline runs without this checkout's indexes)."""
    ours = {p.relative_to(REPO).as_posix() for p in REPO.glob("renda/*/migrations/0*.py")}
    theirs = {p.relative_to(tree).as_posix() for p in tree.glob("renda/*/migrations/0*.py")}
    for app_path in sorted({str(Path(p).parent.parent) for p in ours - theirs}):
        app = Path(app_path).name
        keep = sorted(Path(p).stem for p in theirs if p.startswith(f"{app_path}/"))
        _manage(REPO, bench, "migrate", app, keep[-1] if keep else "zero", "-v0")
    _manage(tree, bench, "migrate", "-v0")


# --- the child: one code tree ---------------------------------------------------------------------


def _timed(call: Any, n: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        call()
    times.sort()
    p90 = times[min(len(times) - 1, round(0.9 * len(times)) - 1)]
    return statistics.median(times), p90, len(ctx.captured_queries)


def child(tree: Path, n: int) -> dict[str, Any]:
    """Measure every item with the code of ``tree`` (run with ``cwd=tree``)."""
    sys.path.insert(0, str(tree))
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from renda.organization.models import Congress, Delegation, User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    assert not settings.DEBUG
    congress = Congress.objects.filter(region_code__startswith="97").order_by("pk").first()
    assert congress is not None
    staff = User.objects.filter(congress=congress, role=User.Role.STAFF, username__startswith="scale-").first()
    delegation = Delegation.objects.filter(term__congress=congress).order_by("pk").first()
    assert staff is not None and delegation is not None
    client = Client()
    client.force_login(staff)

    def page(url: str) -> Any:
        def call() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            b"".join(response) if response.streaming else response.content

        return call

    out_file = Path(tempfile.mkdtemp()) / "work.docx"

    def command(*args: str) -> Any:
        def call() -> None:
            call_command("report", "work", "--year", str(YEAR), "--congress", str(congress.pk), *args,
                         stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip

        return call

    items = {
        "staff dashboard": page(f"/reports/dashboard/?year={YEAR}"),
        "staff dashboard, one delegation": page(f"/reports/dashboard/?year={YEAR}&delegation={delegation.pk}"),
        "work statistics page + report text": page(f"/reports/?year={YEAR}"),
        "work report .docx (page)": page(f"/reports/document/?year={YEAR}"),
        "staff list of activity records": page(f"/reports/records/?year={YEAR}"),
        "`renda report work --json`": command("--json"),
        "`renda report work` (.docx)": command("--out", str(out_file)),
    }
    results = {}
    for name, call in items.items():
        t0 = time.perf_counter()
        median, p90, queries = _timed(call, n)
        results[name] = {"median": median, "p90": p90, "queries": queries}
        print(f"  {name:<36} median {median:8.1f} ms  p90 {p90:8.1f} ms  queries {queries:4d}  "
              f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)  # fmt: skip
    return {"congress": congress.name, "results": results}


def run_child(tree: Path, bench: str, n: int) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": bench, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(tree), "--n", str(n)],
        cwd=tree,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _row(name: str, base: dict[str, Any] | None, now: dict[str, Any]) -> str:
    b = base["results"].get(name) if base else None
    old = f"{b['median']:.0f} | {b['p90']:.0f} | {b['queries']}" if b else "— | — | —"
    n = now["results"][name]
    return f"| {name} | {old} | **{n['median']:.0f}** | {n['p90']:.0f} | {n['queries']} |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10, help="timed calls of each item (after one warm-up)")
    ap.add_argument("--no-baseline", action="store_true", help="measure this tree only")
    ap.add_argument("--baseline-ref", default=BASELINE_REF, help=f"git ref of the baseline code ({BASELINE_REF})")
    ap.add_argument("--fresh", action="store_true", help="copy the scale database again")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child), args.n), ensure_ascii=False))
        return
    line = _report.machine()
    started = time.perf_counter()
    source, bench = _urls()
    copied = prepare(source, bench, fresh=args.fresh)
    print(copied, file=sys.stderr)
    # This tree first: the copy is made from the scale database at this tree's schema, so only the
    # baseline needs a migration (back); the next run's ``migrate_to`` brings a reused copy forward.
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    print(f"this tree ({head.stdout.strip()}):", file=sys.stderr)
    migrate_to(REPO, bench)
    now = run_child(REPO, bench, args.n)
    base = None
    if not args.no_baseline:
        tree = _report.export_tree(args.baseline_ref, prefix="renda-reports-baseline-")
        rev = subprocess.run(["git", "rev-parse", "--short", args.baseline_ref], cwd=REPO, capture_output=True,
                             text=True).stdout.strip()  # fmt: skip
        print(f"baseline {args.baseline_ref} ({rev}):", file=sys.stderr)
        migrate_to(tree, bench)
        base = run_child(tree, bench, args.n)
        base["ref"] = f"{args.baseline_ref} ({rev})"
    load_end = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    slow = [k for k, v in now["results"].items() if v["median"] >= TARGET_MS]
    rows = "\n".join(_row(name, base, now) for name in now["results"])
    baseline = f"baseline = `{base['ref']}`" if base else "no baseline measured in this run"
    body = f"""## Dashboard and full-year work report (`bench/reports.py`)

Machine: {line}; load average at the end {load_end}. {copied}; whole script {time.perf_counter() - started:.0f} s.

Data: `bench/scale_data.py`'s provincial dataset copied, with every suggestion and opinion moved to its
first congress ({now["congress"]}): **100,000 suggestions, 300,000 assignments, 1,000,000 opinions**
in one congress (the moved suggestions keep their lead deputies and units, the opinions their stations:
the charts group over 900 units and 400 stations); the period is the full year {YEAR}. Staff of that
congress; the delegation filter is its first delegation. Server time in-process (Django test client
through middleware, view, ORM and template, DEBUG off; the commands called with `call_command`),
median and p90 over {args.n} calls after one warm-up, queries of one call; {baseline}, measured in the
same run on the same copy (its schema migrated back: without this tree's indexes).

| item | baseline median ms | baseline p90 ms | baseline queries | median ms | p90 ms | queries |
|---|---:|---:|---:|---:|---:|---:|
{rows}

Target median < {TARGET_MS:.0f} ms: {"met by every item" if not slow else "NOT met by " + ", ".join(slow)}.
"""
    _report.write_section("reports", body, results=RESULTS, head=HEAD)
    print(f"wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
