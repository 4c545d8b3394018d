"""Helpers shared by every benchmark in bench/: the machine line, the markdown section writer and the
PostgreSQL database a benchmark fills."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

RESULTS = REPO / "docs" / "benchmarks" / "textmining.md"


def machine() -> str:
    """One line: date (UTC), nproc, CPU model, RAM, Python and the load average at the start.

    The load average is part of every figure: on a shared machine it explains most of the variance.
    """
    cpu, ram = "unknown CPU", "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; nproc={os.cpu_count()}; CPU: {cpu}; RAM: {ram}; "
        f"Python {platform.python_version()}; load average at start {load}"
    )


def write_section(
    name: str,
    body: str,
    *,
    results: Path = RESULTS,
    head: str = "# Text-mining benchmarks\n\nWritten by the scripts in `bench/`; rerun them to refresh.\n",
) -> None:
    """Replace (or append) the section ``name`` (between BEGIN/END markers) of the ``results`` file.

    Args:
        name: section marker name, e.g. ``"classifier"``.
        body: markdown of the section.
        results: the markdown file under docs/benchmarks/ (default: the text-mining one).
        head: the file's heading when it does not exist yet.
    """
    results.parent.mkdir(parents=True, exist_ok=True)
    text = results.read_text(encoding="utf-8") if results.exists() else head
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text + "\n" + block + "\n"
    results.write_text(text, encoding="utf-8")


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named by ``url`` (``postgres://user:pw@host:port/name``) if it does
    not exist, connecting to the server's ``postgres`` database (the role must be allowed to create
    databases)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build_in_parallel(url: str, statements: list[str], *, workers: int = 2) -> None:
    """Run DDL ``statements`` (CREATE INDEX, ALTER TABLE … ADD CONSTRAINT) on ``workers`` autocommit
    connections to ``url`` at once, largest first (a GIN index build uses one core in PostgreSQL 15, so
    two builds at once use both). Each connection gets 1 GB of ``maintenance_work_mem``. Raises the
    first error of any statement (the others still finish)."""
    import concurrent.futures
    import threading

    import psycopg

    pending = sorted(statements, key=lambda s: ("USING gin" not in s, "FOREIGN KEY" in s))
    lock = threading.Lock()

    def work() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '1GB'")
            while True:
                with lock:
                    if not pending:
                        return
                    sql = pending.pop(0)
                conn.execute(sql)

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(work) for _ in range(workers)]:
            future.result()


def export_tree(ref: str, *, prefix: str = "renda-baseline-") -> Path:
    """The tree of git ``ref`` extracted (``git archive``) into a new temporary folder, with this checkout's
    ``.venv``, ``var/`` (the trained model) and ``node_modules`` linked in: a benchmark's baseline runs its
    own copy of the bench script with the same interpreter and model. A tree with the compiled text
    kernels (``renda/textmining/lib/_kernels.pyx``, issue 17) gets them built in place first (Cython is
    a dev dependency). Returns the folder (left for the OS to clean). Raises
    ``subprocess.CalledProcessError`` for an unknown ref or a failed build."""
    import subprocess
    import tempfile

    out = Path(tempfile.mkdtemp(prefix=prefix))
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    for name in (".venv", "var", "node_modules"):
        if (REPO / name).exists() and not (out / name).exists():
            (out / name).symlink_to((REPO / name).resolve())
    if (out / "renda" / "textmining" / "lib" / "_kernels.pyx").exists():
        subprocess.run(
            [str(REPO / ".venv" / "bin" / "python"), "setup.py", "-q", "build_ext", "--inplace"],
            cwd=out,
            check=True,
            capture_output=True,
        )
    return out
