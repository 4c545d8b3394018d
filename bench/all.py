"""Every benchmark of ``bench/`` in one run, timed step by step (issue 17 item 4): what ``make bench`` runs.

    .venv/bin/python bench/all.py [--only NAME ...]

Runs the steps below in order, each as a child process with this interpreter (the PostgreSQL ones inside
``scripts/with_postgres.sh``, a throwaway cluster of their own); each benchmark writes its own figures to
``docs/benchmarks/``. This script writes ``docs/benchmarks/make-bench.md``: the machine, the date, every
step's wall seconds, exit status and the load average (1 min) at its start, and the whole run's duration
against the 30-minute goal. A failed step is recorded and the others still run; the exit status is 1 when
any step failed, 0 otherwise. ``--only`` runs the named steps (the file then says the run was partial).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import _report  # noqa: E402

REPO = _report.REPO
RESULTS = REPO / "docs" / "benchmarks" / "make-bench.md"
HEAD = "# How long `make bench` takes (issue 17 item 4)\n\nWritten by `bench/all.py` (`make bench`).\n"
GOAL_SECONDS = 30 * 60
PG = str(REPO / "scripts" / "with_postgres.sh")
PY = sys.executable


def steps() -> list[tuple[str, list[str]]]:
    """The benchmarks in the order they run: ``(name, argv)``, argv run from the repository's root."""
    return [
        ("textmining_classifier", [PY, "bench/textmining_classifier.py"]),
        ("textmining_neardup", [PY, "bench/textmining_neardup.py"]),
        ("liaison_import", [PY, "bench/liaison_import.py", "--sizes", "10000", "100000"]),
        ("proposals", [PG, PY, "bench/proposals.py"]),
        ("votes", [PG, PY, "bench/votes.py"]),
        ("liaison_search", [PG, PY, "bench/liaison_search.py"]),
        # the provincial dataset (bench/scale_data.py) is loaded by pages.py into the throwaway cluster;
        # reports.py works on its own copy of it there (renda_bench_reports)
        (
            "pages_and_reports",
            [PG, "sh", "-c", f'"{PY}" bench/pages.py && SCALE_URL="$DATABASE_URL" "{PY}" bench/reports.py --n 5'],
        ),
    ]


def _load() -> float:
    return os.getloadavg()[0]


def main() -> int:
    """Run the steps, write docs/benchmarks/make-bench.md; returns the exit status (1 if a step failed)."""
    known = [name for name, _ in steps()]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="+", choices=known, help="run only these steps")
    args = ap.parse_args()
    chosen = [(n, argv) for n, argv in steps() if not args.only or n in args.only]
    machine = _report.machine()
    rows: list[tuple[str, float, int, float]] = []
    started = time.perf_counter()
    for name, argv in chosen:
        load = _load()
        print(f"== make bench: {name} (load {load:.1f})", flush=True)
        t0 = time.perf_counter()
        status = subprocess.run(argv, cwd=REPO).returncode
        seconds = time.perf_counter() - t0
        print(f"== make bench: {name} took {seconds:.0f} s, exit status {status}", flush=True)
        rows.append((name, seconds, status, load))
    total = time.perf_counter() - started
    end_load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    table = "\n".join(
        f"| `{name}` | {seconds:.0f} | {'ok' if status == 0 else f'**failed ({status})**'} | {load:.1f} |"
        for name, seconds, status, load in rows
    )
    failed = [name for name, _, status, _ in rows if status]
    partial = len(chosen) < len(known)
    if failed:
        verdict = f"**Not a valid run**: failed steps {', '.join(failed)}."
    elif partial:
        verdict = "Partial run (`--only`): the goal applies to the whole run."
    else:
        met = "met" if total < GOAL_SECONDS else "**not met**"
        verdict = f"Goal: the whole run under {GOAL_SECONDS // 60} minutes on a quiet machine: {met}."
    body = f"""## The last `make bench` (`bench/all.py`)

Machine: {machine}; load average at the end {end_load}.

| step | seconds | status | load (1 min) at its start |
|---|---:|---|---:|
{table}
| **total** | **{total:.0f} ({total / 60:.1f} min)** | | |

{verdict} A load average well above 0 at a step's start means other work shared the 2 cores: its
seconds are then an upper bound. Each step's own figures are in its file of docs/benchmarks/.
"""
    _report.write_section("make-bench", body, results=RESULTS, head=HEAD)
    print(body)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
