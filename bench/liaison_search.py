"""Benchmark: Chinese full-text search over 1,000,000 opinions on PostgreSQL.

Fills ``DATABASE_URL`` (default postgres://renda:renda@127.0.0.1:5432/renda_bench_search; created if
missing) with N opinions resampled from the real messages (their segmented text as the import stores
it, plus a random extra word so rows differ), rebuilds the GIN index, ANALYZEs, then times the
``opinion_search(viewer=staff, query=...)`` selector — segmentation, SQL and fetching the 50 newest
hits with their joins — for 300 queries of one or two words drawn from real message titles.

    .venv/bin/python bench/liaison_search.py [--n 1000000] [--queries 300]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import build_in_parallel, ensure_database
from liaison_common import machine, real_messages, write_section

DEFAULT_URL = "postgres://renda:renda@127.0.0.1:5432/renda_bench_search"


def fill(n: int, congress_id: int) -> float:
    """COPY ``n`` opinions into the table (the GIN indexes dropped and rebuilt). Returns seconds."""
    from django.db import connection

    from renda.liaison import intelligence

    rng = random.Random(1)
    base = []
    for title, text, label in real_messages():
        cleaned = intelligence.clean(f"{title}\n{text}")
        base.append((title[:200], text, label, intelligence.segment_for_index(cleaned)))
    vocab = sorted({w for *_, s in base[:3000] for w in s.split() if len(w) > 1})
    start = datetime(2019, 1, 1, tzinfo=UTC)
    now = datetime.now(UTC)
    cols = (
        "congress_id, source, external_id, citizen_name, citizen_phone, district, title, text, received_at, "
        "content_hash, search_text, source_label, status, answer, tracking_code, likes, dislikes, created_at, updated_at, "
        "received_at_unknown, version, closing_note"
    )
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("DROP INDEX IF EXISTS liaison_opinion_search_gin")
        cur.execute("DROP INDEX IF EXISTS opinion_congress_search_gin")
        raw = cur.cursor
        with raw.copy(f"COPY liaison_opinion ({cols}) FROM STDIN") as copy:
            for i in range(n):
                title, text, label, search = rng.choice(base)
                extra = rng.choice(vocab)
                copy.write_row(
                    (
                        congress_id,
                        "import",
                        f"B{i}",
                        "",
                        "",
                        "",
                        title,
                        text,
                        start + timedelta(minutes=rng.randrange(0, 60 * 24 * 700)),
                        f"{i:064x}",
                        f"{search} {extra}",
                        label,
                        "received",
                        "",
                        f"B{i:09d}",
                        0,
                        0,
                        now,
                        now,
                        False,
                        1,
                        "",
                    )
                )
    build_in_parallel(  # the two GIN builds at once, one core each
        os.environ["DATABASE_URL"],
        [
            "CREATE INDEX liaison_opinion_search_gin ON liaison_opinion USING gin (search_vector)",
            # migration 0018
            "CREATE INDEX opinion_congress_search_gin ON liaison_opinion USING gin (congress_id, search_vector)",
        ],
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE liaison_opinion")  # search_vector's statistics target: 1,000 (migration 0020)
    return time.perf_counter() - t0


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=300)
    args = p.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        raise SystemExit("this benchmark needs PostgreSQL (DATABASE_URL=postgres://…)")
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from renda.liaison import intelligence, selectors
    from renda.liaison.models import Opinion
    from renda.organization.models import Congress, User

    call_command("migrate", verbosity=0)
    line = machine()
    congress, _ = Congress.objects.get_or_create(
        region_code="990998", defaults={"name": "检索基准市人民代表大会", "level": "city", "region_name": "检索基准市"}
    )
    staff, _ = User.objects.get_or_create(username="bench_staff", defaults={"role": "staff", "congress": congress})
    have = Opinion.objects.filter(congress=congress).count()
    fill_seconds = None
    if have < args.n:
        Opinion.objects.filter(congress=congress).delete()
        print(f"filling {args.n:,} opinions …", flush=True)
        fill_seconds = fill(args.n, congress.pk)
        print(f"filled in {fill_seconds:.0f} s", flush=True)
    total = Opinion.objects.filter(congress=congress).count()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('liaison_opinion')), "
            "pg_size_pretty(pg_relation_size('liaison_opinion_search_gin'))"
        )
        table_size, index_size = cur.fetchone()

    rng = random.Random(7)
    titles = [t for t, _, _ in real_messages() if t]
    queries: list[str] = []
    while len(queries) < args.queries:
        words = [w for w in intelligence.query_terms(rng.choice(titles)) if len(w) > 1]
        if words:
            k = 1 if rng.random() < 0.6 or len(words) < 2 else 2
            queries.append(" ".join(rng.sample(words, k)))
    rows_md = []
    for order in ("relevance", "newest"):
        for q in queries[:20]:  # warm the cache as a running server would be
            list(selectors.opinion_search(viewer=staff, query=q, order=order))
        times, hits = [], []
        for q in queries:
            t = time.perf_counter()
            rows = list(selectors.opinion_search(viewer=staff, query=q, order=order))
            times.append((time.perf_counter() - t) * 1000)
            hits.append(len(rows))
        times.sort()
        median = statistics.median(times)
        p90 = times[int(0.9 * len(times)) - 1]
        p99 = times[int(0.99 * len(times)) - 1]
        print(
            f"{total:,} opinions, {order}: median {median:.1f} ms, p90 {p90:.1f} ms, p99 {p99:.1f} ms, "
            f"max {times[-1]:.1f} ms"
        )
        rows_md.append(
            f"| {total:,} | {order} | {len(queries)} | **{median:.1f}** | {p90:.1f} | {p99:.1f} | {times[-1]:.1f} "
            f"| {statistics.mean(hits):.1f} |"
        )
    with connection.cursor() as cur:
        cur.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'liaison_opinion'::regclass "
            "AND attname = 'search_vector'"
        )
        target = cur.fetchone()[0]
    fill_line = f"filled by COPY + GIN build in {fill_seconds:.0f} s; " if fill_seconds else ""
    write_section(
        "search",
        f"""## Full-text search on PostgreSQL (`bench/liaison_search.py`)

Machine: {line}

{total:,} opinions resampled from the real messages (their segmented text as the import stores it,
plus one random extra word per row); {fill_line}table {table_size} with the GIN index {index_size}.
Timed: the `opinion_search(viewer=staff, query=…, order=…)` selector end to end (segment the query,
SQL over the GIN indexes on the stored `search_vector`, fetch the 50 most relevant or newest hits with
station/topic/unit joined), {len(queries)} queries of one (60%) or two words taken from real message
titles, after 20 warm-up queries per order. `search_vector`'s statistics target: {target}.
Target: median < 50 ms.

| opinions | order | queries | median ms | p90 ms | p99 ms | max ms | mean hits returned |
|---:|---|---:|---:|---:|---:|---:|---:|
{chr(10).join(rows_md)}
""",
    )


if __name__ == "__main__":
    main()
