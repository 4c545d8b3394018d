"""Benchmark: the opinion import pipeline on SQLite (parse + clean + segment + classify + de-duplicate
+ store + index), on messages resampled and perturbed from the real ones.

Each size runs in a fresh process on a fresh SQLite file, so the peak memory (max RSS) is that
import's: the importing process's own peak and, separately, the peak of its text worker process
(``RUSAGE_CHILDREN`` once the worker has exited); their sum bounds the import's memory.
Needs the trained model (``make model`` → var/models/topic.joblib).

    .venv/bin/python bench/liaison_import.py --sizes 10000 100000 [1000000] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report
from liaison_common import REPO, machine, write_realistic_csv, write_section

WORK = REPO / "var" / "bench"
BASELINE_REF = "6aebd95"  # the last commit before issue 17's import changes


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def fresh_database(db: Path) -> None:
    """Delete ``db`` and create the schema with ``manage.py migrate`` (a process of its own: migrating
    builds every app's model states, ~200 MB at its peak, which is not the import's memory)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], check=True, cwd=REPO, env=env, capture_output=True)


def run_one(csv_path: Path, db: Path, *, parallel: bool | None = None) -> dict:
    """Import ``csv_path`` into the freshly migrated SQLite database at ``db``; returns figures (in the child).

    The schema was created by :func:`fresh_database` in another process, so that this process's peak
    memory is the import's, and its only child process is the importer's text worker.
    """
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DJANGO_DEBUG", "false")  # as in production: no SQL log kept per query
    import django

    django.setup()
    from renda.liaison import intelligence
    from renda.liaison.importer import opinions_import
    from renda.liaison.models import Opinion
    from renda.organization.models import Congress

    if not intelligence.model_path().exists():
        raise SystemExit(f"no model at {intelligence.model_path()}: run `make model` first")
    congress = Congress.objects.create(
        name="基准测试市人民代表大会", level="city", region_code="990999", region_name="基准测试市"
    )
    load_before = os.getloadavg()[0]
    cpu_before = _cpu(resource.RUSAGE_SELF)
    started = time.perf_counter()
    # as `renda opinions import` does: the whole file is checked (UTF-8, strict CSV syntax) first
    intelligence.check_file(csv_path)
    checked = time.perf_counter() - started
    report = opinions_import(path=csv_path, congress=congress, batch_size=2000, parallel=parallel)
    seconds = time.perf_counter() - started
    report.stages = {"check file": round(checked, 3), **report.stages}
    if not report.capabilities["classifier"]:
        raise SystemExit(f"the model at {intelligence.model_path()} could not be loaded: run `make model`")
    return {
        "load_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "rows": report.rows,
        "created": report.created,
        "duplicates": len(report.duplicates),
        "rejected": len(report.rejected),
        "grouped": report.grouped,
        "seconds": round(seconds, 1),
        "rate": round(report.rows / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        # CPU seconds (user + system) of each process: unlike wall time, barely changed by other load
        "cpu_s": [round(_cpu(resource.RUSAGE_SELF) - cpu_before, 1), round(_cpu(resource.RUSAGE_CHILDREN), 1)],
        "stages": report.stages,
        "stored": Opinion.objects.count(),
        "capabilities": report.capabilities,
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--inline", action="store_true", help="no worker process (text work in the importing process)")
    p.add_argument("--no-write", action="store_true", help="print the figures, leave docs/benchmarks/liaison.md alone")
    p.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    p.add_argument(
        "--baseline-ref",
        default=BASELINE_REF,
        help="also import each file with the code of this git ref, alternating, in the same run ('' to skip)",
    )
    args = p.parse_args()
    if args.child:
        result = run_one(Path(args.child[0]), Path(args.child[1]), parallel=False if args.inline else None)
        print(json.dumps(result))
        return
    line = machine()
    results = []
    trees = [("new", REPO)]
    if args.baseline_ref:
        trees.insert(
            0,
            (f"baseline {args.baseline_ref}", _report.export_tree(args.baseline_ref, prefix="renda-import-baseline-")),
        )
    for n in args.sizes:
        csv_path = write_realistic_csv(WORK / f"messages_{n}.csv", n)
        for label, tree in trees:
            db = WORK / f"import_{n}.sqlite3"
            fresh_database(db)
            out = subprocess.run(
                [sys.executable, str(tree / "bench" / "liaison_import.py"), "--child", str(csv_path), str(db)]
                + (["--inline"] if args.inline else []),
                check=True,
                capture_output=True,
                text=True,
                cwd=tree,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            r["n"], r["code"] = n, label
            results.append(r)
            print(json.dumps(r, ensure_ascii=False))
    if args.no_write:
        return

    def stages(r: dict) -> str:
        main = ", ".join(f"{k} {v:.1f}" for k, v in r["stages"].items() if not k.startswith("worker: "))
        worker = ", ".join(f"{k[8:]} {v:.1f}" for k, v in r["stages"].items() if k.startswith("worker: "))
        return f"importer: {main}; worker: {worker}" if worker else main

    rows = "\n".join(
        f"| {r['n']:,} | {r['code']} | {r['seconds']:.1f} | **{r['rate']:,.0f}** | {r['peak_rss_mb']:,.0f} + "
        f"{r['worker_peak_rss_mb']:,.0f} | {r['created']:,} | {r['duplicates']:,} | {r['grouped']:,} | "
        f"{r['load_1min'][0]:.1f} → {r['load_1min'][1]:.1f} | {r['cpu_s'][0]:,.0f} + {r['cpu_s'][1]:,.0f} | "
        f"{r['n'] / max(r['cpu_s']):,.0f} | {stages(r)} |"
        for r in results
    )
    write_section(
        "import",
        f"""## Import pipeline on SQLite (`bench/liaison_import.py`)

Machine: {line}

Input: CSV files of messages resampled from the real files in `../shared/data` (labelled, with likes,
unlabelled, with replies), each perturbed (1–4 characters replaced, a sentence dropped or two swapped,
the organisers' tabs/newlines/full-width spaces), ~85% with a 留言编号, ~3% exact repeats. Each size is
checked and imported as `renda opinions import` does it — `intelligence.check_file` (the whole file
decoded as UTF-8 and parsed as strict CSV: `check file`), then `renda.liaison.importer.opinions_import`
— into a fresh SQLite file in its own process, in batches of 2,000 rows, as a two-stage pipeline:

* **importing process**: read and screen the rows → clean each message and hash it (`clean+hash`;
  for a batch after one the worker was ready first, the worker does this instead, so it appears on
  both sides) and hand the batch to the worker; then, on batch k while the worker analyses batch k+1: identity
  (留言编号/content hash, in the file and in the database) → store (one prepared `executemany` per
  table: opinions, events, notifications; the FTS5 index written with one `INSERT … SELECT` per
  batch) → near-duplicate grouping (LSH look-up and exact verification, window 200,000; new groups
  created per batch, members assigned with one `UPDATE`). `wait for worker` is the time it waited
  for the worker; `identity lookup` includes the in-file duplicate check. Run with
  `DJANGO_DEBUG=false`.
* **worker process** (no database; token filters, n-gram counting and TF-IDF rows, and the
  importer's near-duplicate verification, are compiled kernels, `renda/textmining/lib/_kernels.pyx`): segment the cleaned title + body (search mode; the words feed the
  classifier and the index, a message with a 7-digit run is indexed from its redacted text) →
  classify (library TopicClassifier) → near-duplicate shingles, MinHash signatures and LSH keys
  (library `NearDupIndex.prepare`; for a batch after one the importer had to wait for, the importer
  computes them instead, so `near-dup signatures` appears on both sides).

Issue 17's target: ≥ 5,000 messages/s at 100,000 with peak memory (all processes) < 1 GB, and
1,000,000 in < 4 minutes. Each file is imported by the code before issue 17 (`baseline`, its own
bench script from a `git archive` of that commit) and by the current code (`new`), one after the
other in the same run; the machine is shared with other engineers' sessions, hence the load column.
Peak RSS is importer + worker
(each process's own peak). Stage seconds: the worker's overlap the importer's. CPU seconds are
what each process used (user + system); on a machine shared with other work they are a steadier
measure than wall time, and messages ÷ the busier process's CPU seconds is about the rate on two
otherwise idle cores (the two processes overlap; the other one must not be the slower).

| messages | code | seconds | messages/s | peak RSS MB (importer + worker) | stored | duplicates | near-dup grouped | load (1 min) before → after | CPU s (importer + worker) | messages per CPU s of the busier process | stage seconds |
|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|
{rows}
""",
    )


if __name__ == "__main__":
    main()
