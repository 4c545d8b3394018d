"""Helpers shared by the liaison benchmarks: machine line, realistic message generator, report writer."""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
RESULTS = REPO / "docs" / "benchmarks" / "liaison.md"

import _report  # noqa: E402  (bench/ is on sys.path when a bench script runs)
from _report import machine  # noqa: E402

__all__ = ["REPO", "machine", "perturb", "real_messages", "write_realistic_csv", "write_section"]
DATA = Path(os.environ.get("RENDA_DATA_DIR", REPO.parent / "shared" / "data"))
SOURCES = (
    "messages_labeled.csv",
    "messages_with_likes_4326.xlsx",
    "messages_unlabeled_2801.xlsx",
    "messages_with_replies_2816.xlsx",
)


def real_messages() -> list[tuple[str, str, str]]:
    """(title, text, label) of every real message in the data directory (library reader)."""
    from renda.textmining.lib.io import read_messages

    out: list[tuple[str, str, str]] = []
    for name in SOURCES:
        path = DATA / name
        if not path.exists():
            continue
        for row in read_messages(path):
            m = row.message
            if m is not None and (m.text or m.title):
                out.append((m.title or "", m.text or "", m.topic or ""))
    if not out:
        raise SystemExit(f"no real messages found in {DATA}")
    return out


_SENT = re.compile(r"(?<=[。！？!?；;])")
_DATE_FORMATS = ("{d:%Y/%-m/%-d %H:%M:%S}", "{d:%Y-%m-%d %H:%M:%S}", "{d:%Y/%-m/%-d}")


def perturb(rng: random.Random, title: str, text: str, alphabet: str) -> tuple[str, str]:
    """A realistic variant: a few characters replaced, maybe a sentence dropped or two swapped,
    whitespace/newlines as in the organisers' files."""
    sentences = [s for s in _SENT.split(text) if s]
    if len(sentences) > 3 and rng.random() < 0.3:
        sentences.pop(rng.randrange(len(sentences)))
    if len(sentences) > 2 and rng.random() < 0.3:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    chars = list("".join(sentences))
    for _ in range(rng.randint(1, 4)):
        if chars:
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
    body = "".join(chars)
    if rng.random() < 0.2:
        body = "\n\t\t\t\t\t\n\t\t\t\t\t" + body.replace("。", "。\u3000", 2)
    return title, body


def write_realistic_csv(path: Path, n: int, *, seed: int = 2026, repeat_rate: float = 0.03) -> Path:
    """Write ``n`` messages resampled from the real ones and perturbed; ~85% carry a 留言编号 (as in
    the organisers' files), ``repeat_rate`` are exact repeats of an earlier row (duplicates)."""
    if path.exists():
        return path
    rng = random.Random(seed)
    base = real_messages()
    alphabet = "".join(sorted({c for t, b, _ in base[:2000] for c in b if "\u4e00" <= c <= "\u9fff"}))
    start = dt.datetime(2019, 1, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    written: list[list[str]] = []
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "一级分类", "点赞数", "反对数"])
        for i in range(n):
            if written and rng.random() < repeat_rate:
                row = rng.choice(written[-1000:])
            else:
                title, text, label = rng.choice(base)
                title, text = perturb(rng, title, text, alphabet)
                when = start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 600))
                row = [
                    str(1_000_000 + i) if rng.random() < 0.85 else "",
                    f"A{rng.randrange(10**8):08d}",
                    title,
                    rng.choice(_DATE_FORMATS).format(d=when),
                    text,
                    label,
                    str(rng.choice((0, 0, 0, 1, 2, 5, 13))),
                    str(rng.choice((0, 0, 1))),
                ]
                if len(written) < 1000 or rng.random() < 0.01:
                    written.append(row)
            w.writerow(row)
    return path


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section ``name`` of docs/benchmarks/liaison.md."""
    _report.write_section(
        name,
        body,
        results=RESULTS,
        head="# Liaison benchmarks\n\nWritten by `bench/liaison_import.py` and `bench/liaison_search.py`; rerun to refresh.\n",
    )
