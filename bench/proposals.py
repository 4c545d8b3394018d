"""Benchmark: 10,000 suggestions with 30,000 assignments in PostgreSQL; server time and SQL query
counts of the staff overdue board, a unit's inbox and a suggestion page.

Usage::

    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_bench_proposals .venv/bin/python bench/proposals.py

The database is created if missing and emptied of earlier benchmark proposals. Requests go through
Django's test client in-process (middleware, view, ORM, template: the server's time, no network).
Each page is measured at 1,000 and at 10,000 suggestions so that the query counts can be compared.
Writes ``docs/benchmarks/proposals.md``.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import _report

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
DEFAULT_URL = "postgres://renda:renda@127.0.0.1:5432/renda_bench_proposals"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
REPEAT = 40
SH = ZoneInfo("Asia/Shanghai")


def machine() -> str:
    """The shared machine line plus the PostgreSQL client version."""
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip() or "PostgreSQL"
    return f"{_report.machine()}; {pg}"


def main() -> None:
    _report.ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from renda.organization import demo as org_demo
    from renda.organization.models import Deputy, HandlingUnit, User
    from renda.proposals.models import Assignment, Proposal, ProposalEvent, Reply
    from renda.proposals.publication import fill_public

    call_command("migrate", verbosity=0)
    org_demo.load(stdout=None)
    staff = User.objects.get(username="staff")
    congress = staff.congress
    Reply.objects.filter(assignment__proposal__title__startswith="【基准】").delete()
    Proposal.objects.filter(title__startswith="【基准】").delete()
    deputies = list(Deputy.objects.values_list("pk", flat=True))
    units = list(HandlingUnit.objects.values_list("pk", flat=True))
    rng = random.Random(1)
    today = date(2026, 11, 29)

    def load(start: int, stop: int) -> None:
        t0 = time.perf_counter()
        props = [
            Proposal(
                congress=congress,
                kind="suggestion",
                submitted_as="suggestion",
                status="assigned",
                number=f"基准 建议第{i + 1:05d}号",
                serial=100000 + i,
                title=f"【基准】关于第{i + 1}项民生事项的建议",
                body="建议内容" * 40,
                topic="城乡建设",
                lead_deputy_id=rng.choice(deputies),
                submitted_at=datetime(2026, 3, 20, tzinfo=SH),
            )
            for i in range(start, stop)
        ]
        for p in props:
            fill_public(p)  # bulk_create skips Proposal.save: the masked public copies (S21)
        Proposal.objects.bulk_create(props, batch_size=2000)
        rows, events, replies = [], [], []
        for p in props:
            chosen = rng.sample(units, 3)
            for k, u in enumerate(chosen):
                assigned = date(2026, 4, 10) + timedelta(days=rng.randrange(200))
                rows.append(
                    Assignment(
                        proposal=p,
                        congress_id=p.congress_id,
                        unit_id=u,
                        role="lead" if k < 2 else "co",
                        status=rng.choice(["received", "received", "replied", "closed"]),
                        assigned_on=assigned,
                        assigned_by=staff,
                        due_rule="S3",
                        due_date=assigned + timedelta(days=91),
                    )
                )
            events.append(
                ProposalEvent(proposal=p, actor=staff, action="assign", from_status="registered", to_status="assigned")
            )
        Assignment.objects.bulk_create(rows, batch_size=5000)
        ProposalEvent.objects.bulk_create(events, batch_size=5000)
        for a in rows:
            if a.status in ("replied", "closed") and a.role == "lead":
                replies.append(
                    Reply(
                        assignment=a,
                        round=1,
                        text="答复内容" * 30,
                        reply_class="A",
                        signer_name="张",
                        signer_title="局长",
                        replied_on=a.assigned_on + timedelta(days=60),
                        evaluation_due=a.assigned_on + timedelta(days=80),
                        publish_on=a.assigned_on + timedelta(days=88),
                    )
                )
        for r in replies:
            fill_public(r)
        Reply.objects.bulk_create(replies, batch_size=5000)
        with connection.cursor() as c:
            c.execute("analyze")
        print(
            f"loaded suggestions {start}–{stop}: {len(rows)} assignments, {len(replies)} replies "
            f"in {time.perf_counter() - t0:.1f}s"
        )

    busiest = None

    def measure(label: str) -> dict[str, tuple[float, float, int]]:
        nonlocal busiest
        unit_id = (
            Assignment.objects.filter(proposal__title__startswith="【基准】", status="received")
            .values("unit_id")
            .annotate(n=django.db.models.Count("id"))
            .order_by("-n")[0]["unit_id"]
        )
        busiest = unit_id
        officer = User.objects.filter(handling_unit_id=unit_id, role="unit_officer").first()
        if officer is None:
            officer = User.objects.create(
                username=f"bench-unit-{unit_id}", role="unit_officer", handling_unit_id=unit_id, congress=congress
            )
        # the same record at both sizes, so that the query counts compare like with like
        sample = Proposal.objects.filter(title__startswith="【基准】").order_by("id")[0]
        pages = {
            "staff overdue board": (staff, "/proposals/board/overdue/"),
            "unit inbox (busiest unit)": (officer, "/proposals/inbox/"),
            "unit inbox, overdue": (officer, "/proposals/inbox/?bucket=overdue"),
            "suggestion page": (staff, f"/proposals/{sample.pk}/"),
        }
        out = {}
        for name, (user, url) in pages.items():
            client = Client()
            client.force_login(user)
            client.get(url)  # warm up
            times = []
            for _ in range(REPEAT):
                t0 = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, (url, r.status_code)
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            times.sort()
            out[name] = (statistics.median(times), times[int(len(times) * 0.95) - 1], len(ctx.captured_queries))
            print(
                f"[{label}] {name:<28} median {out[name][0]:7.1f} ms  p95 {out[name][1]:7.1f} ms  "
                f"queries {out[name][2]}"
            )
        return out

    load(0, 1000)
    small = measure("1,000")
    load(1000, 10000)
    big = measure("10,000")
    n_a = Assignment.objects.filter(proposal__title__startswith="【基准】").count()
    lines = [
        "# Benchmark: proposals pages",
        "",
        f"Date: {today.isoformat()} (run {datetime.now(SH):%Y-%m-%d %H:%M} Asia/Shanghai). Machine: {machine()}.",
        "",
        f"Data: 10,000 suggestions with {n_a:,} assignments (3 units each, due dates spread so that many are",
        "overdue), one event each and a reply for every replied/closed lead assignment, on top of the demo",
        "congress (345 deputies, 45 units). Server time = Django test client in-process (middleware, view,",
        f"ORM, template; no network), {REPEAT} requests per page after one warm-up. Script: `bench/proposals.py`.",
        "The 2 cores are shared with other engineers' test runs: expect noticeable noise between runs.",
        "",
        "| page | median ms (1k) | p95 ms (1k) | queries (1k) | median ms (10k) | p95 ms (10k) | queries (10k) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in big:
        s, b = small[name], big[name]
        lines.append(f"| {name} | {s[0]:.1f} | {s[1]:.1f} | {s[2]} | {b[0]:.1f} | {b[1]:.1f} | {b[2]} |")
    ok = all(v[0] < 200 for v in big.values())
    same = all(small[k][2] == big[k][2] for k in big)
    lines += [
        "",
        f"Target median < 200 ms: {'met' if ok else 'NOT met'} at 10,000 suggestions. "
        f"Query counts {'identical' if same else 'DIFFERENT'} at 1,000 and 10,000 suggestions.",
        "",
    ]
    path = ROOT / "docs" / "benchmarks" / "proposals.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
