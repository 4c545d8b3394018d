"""Benchmark: the import's floor — the CPU per message of the library calls whose results issue 17
requires unchanged (rjieba segmentation, SQLite's rows, indexes and FTS5 index, CSV parsing,
SHA-256), next to the whole import's CPU per message, in the same run.

Issue 17 item 1 asks for ≥ 5,000 messages/s on this machine with every stage's results identical.
On ``nproc`` cores that is at most ``nproc × 10⁶ / 5,000`` µs of CPU per message for everything the
import does (400 µs on two cores; 1,000,000 in 4 minutes: 480 µs). This script measures how much
of that budget the calls that cannot change without changing the results take by themselves:

* **CSV parse**: ``csv.reader`` over the file's text (the importer also checks the file first).
* **SHA-256**: the content hash of each cleaned message (``hashlib``).
* **rjieba search-mode segmentation**: ``cut_for_search`` of each cleaned ``title。body``, the one
  segmentation the worker does (the words feed the classifier and the index).
* **opinion rows**: the stored ``liaison_opinion`` rows of an import of the same file, inserted again
  with one ``executemany`` per 2,000 rows into a freshly migrated database (all its indexes and
  constraints, the full-text trigger dropped as the importer does), one commit per batch.
* **events rows**: the same for ``liaison_opinionevent``.
* **FTS5 index**: the importer's ``INSERT … SELECT`` of 2,000 rows into the full-text index.

Then the whole import of the file (``bench/liaison_import.py``'s child, worker process included)
gives the CPU per message of both processes. The difference is what the import's own code (cleaning,
classification, near-duplicates, row building, process hand-over) takes.

    .venv/bin/python bench/import_floor.py [--n 20000] [--no-write]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from liaison_common import REPO, machine, write_realistic_csv, write_section
from liaison_import import WORK, fresh_database

BATCH = 2_000
FTS_TRIGGER = "liaison_opinion_fts_ai"


def _cpu_us(work: Callable[[], object], per: int, *, repeat: int = 3) -> float:
    """Least CPU time (``time.process_time``) of ``repeat`` runs of ``work``, in µs per ``per``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best / per * 1e6


def _import(csv_path: Path, db: Path) -> dict:
    """The whole import of ``csv_path`` into a fresh ``db`` (worker process included): its figures."""
    fresh_database(db)
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "liaison_import.py"), "--child", str(csv_path), str(db)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _connect(db: Path) -> sqlite3.Connection:
    """``db`` with the importer's settings (``importer._sqlite_import_pragmas`` and config/env.py)."""
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-32768", "wal_autocheckpoint=16384"):
        con.execute(f"PRAGMA {pragma}")
    return con


def _sqlite_floor(imported: Path, target: Path, n: int) -> dict[str, float]:
    """µs per input message to insert ``imported``'s opinion and event rows (and the FTS5 index) again."""
    src = sqlite3.connect(imported)
    opinion_cols = [r[1] for r in src.execute("PRAGMA table_info(liaison_opinion)")]
    event_cols = [r[1] for r in src.execute("PRAGMA table_info(liaison_opinionevent)")]
    opinions = src.execute("SELECT * FROM liaison_opinion ORDER BY id").fetchall()
    events = src.execute("SELECT * FROM liaison_opinionevent ORDER BY id").fetchall()
    src.close()
    result: dict[str, float] = {}
    for label, table, cols, rows in (
        ("opinion rows (all indexes)", "liaison_opinion", opinion_cols, opinions),
        ("event rows", "liaison_opinionevent", event_cols, events),
    ):
        fresh_database(target)
        con = _connect(target)
        con.execute(f"DROP TRIGGER IF EXISTS {FTS_TRIGGER}")  # as search.indexed_in_bulk
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        start = time.process_time()
        for i in range(0, len(rows), BATCH):
            con.execute("BEGIN IMMEDIATE")
            con.executemany(sql, rows[i : i + BATCH])
            con.execute("COMMIT")
        result[label] = (time.process_time() - start) / n * 1e6
        if table == "liaison_opinion":
            ids = [r[0] for r in opinions]
            start = time.process_time()
            for i in range(0, len(ids), BATCH):
                chunk = ids[i : i + BATCH]
                con.execute("BEGIN IMMEDIATE")
                con.execute(
                    "INSERT INTO liaison_opinion_fts(rowid, search_text) SELECT id, search_text FROM liaison_opinion "
                    "WHERE id BETWEEN ? AND ? ORDER BY id",
                    (chunk[0], chunk[-1]),
                )
                con.execute("COMMIT")
            result["FTS5 index"] = (time.process_time() - start) / n * 1e6
        con.close()
    return result


def _text_floor(csv_path: Path, n: int) -> dict[str, float]:
    """µs per input message of CSV parsing, SHA-256 and rjieba search-mode segmentation."""
    from renda.textmining.lib.segment import segmenter
    from renda.textmining.lib.words import clean

    raw = csv_path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(raw)))
    header, body = rows[0], rows[1:]
    title_at, text_at = header.index("留言主题"), header.index("留言详情")
    pairs = [(clean(r[title_at]), clean(r[text_at])) for r in body]
    cleaned = [clean(f"{r[title_at]}\n{r[text_at]}") for r in body]
    joined = [f"{t}。{b}" for t, b in pairs]
    jieba = segmenter()
    jieba.cut_for_search("预热", True)
    return {
        "CSV parse": _cpu_us(lambda: list(csv.reader(io.StringIO(raw))), n),
        "SHA-256": _cpu_us(lambda: [hashlib.sha256(c.encode("utf-8")).hexdigest() for c in cleaned], n),
        "rjieba search-mode segmentation": _cpu_us(lambda: [jieba.cut_for_search(t, True) for t in joined], n),
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=20_000, help="messages in the file")
    p.add_argument("--no-write", action="store_true", help="print the figures, leave docs/benchmarks/liaison.md alone")
    args = p.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    line = machine()
    n = args.n
    csv_path = write_realistic_csv(WORK / f"messages_{n}.csv", n)
    imported = WORK / f"floor_import_{n}.sqlite3"
    whole = _import(csv_path, imported)
    floor = {**_text_floor(csv_path, n), **_sqlite_floor(imported, WORK / f"floor_target_{n}.sqlite3", n)}
    cores = os.cpu_count() or 1
    importer_us, worker_us = (s / n * 1e6 for s in whole["cpu_s"])
    total_floor = sum(floor.values())
    figures = {
        "n": n,
        "stored": whole["created"],
        "floor_us": {k: round(v, 1) for k, v in floor.items()},
        "floor_total_us": round(total_floor, 1),
        "import_us": [round(importer_us, 1), round(worker_us, 1)],
        "import_rate": whole["rate"],
        "cores": cores,
    }
    print(json.dumps(figures, ensure_ascii=False))
    if args.no_write:
        return
    budget, budget_1m = cores * 1e6 / 5_000, cores * 240e6 / 1_000_000
    rows = "\n".join(f"| {k} | {v:,.1f} | {v / budget:.0%} |" for k, v in floor.items())
    write_section(
        "floor",
        f"""## The import's floor (`bench/import_floor.py`)

Machine: {line}

{n:,} messages of the bench file ({whole["created"]:,} stored). Each library call whose result issue 17
requires unchanged, timed alone (CPU µs per input message, least of 3 runs for the text steps; the
SQLite rows are the import's own stored rows inserted again into a freshly migrated database, one
`executemany` and one commit per 2,000 rows). Budget: ≥ 5,000 messages/s on {cores} cores is at most
**{budget:,.0f} µs** of CPU per message for everything (1,000,000 in 4 minutes: {budget_1m:,.0f} µs).

| library step | µs per message | share of the {budget:,.0f} µs budget |
|---|---:|---:|
{rows}
| **sum** | **{total_floor:,.1f}** | **{total_floor / budget:.0%}** |

The whole import of the same file in the same run: **{importer_us:,.0f} µs (importer) + {worker_us:,.0f} µs
(worker) = {importer_us + worker_us:,.0f} µs** of CPU per message ({whole["rate"]:,.0f} messages/s wall).
What is left for the import's own work (cleaning, classification, near-duplicates, building rows and
events, handing batches between the processes) within the budget: **{budget - total_floor:,.0f} µs**;
it takes {importer_us + worker_us - total_floor:,.0f} µs now.
""",
    )


if __name__ == "__main__":
    main()
