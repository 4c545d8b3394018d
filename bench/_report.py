"""Shared helpers for the text-mining benchmarks: machine description and markdown sections."""

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
    """One line: date, nproc, CPU model, RAM, Python."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return f"{when}; nproc={os.cpu_count()}; CPU: {cpu}; RAM: {ram}; Python {platform.python_version()}"


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section ``name`` of docs/benchmarks/textmining.md."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    head = "# Text-mining benchmarks\n\nWritten by the scripts in `bench/`; rerun them to refresh.\n"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else head
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text + "\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")
