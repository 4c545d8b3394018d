"""Benchmark of the filing-review assistant (审查辅助) on the hand-labelled provisions.

Prints precision and recall per flag kind of :func:`renda.filing.analyzer.classify` on
``renda/filing/tests/provisions.py`` and writes ``docs/benchmarks/filing.md``.
Run: ``.venv/bin/python bench/filing_assistant.py`` (no database needed; a second).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from _report import machine  # noqa: E402  (bench/ is on sys.path when a bench script runs)

from renda.filing import analyzer  # noqa: E402
from renda.filing.tests.provisions import LABELLED  # noqa: E402

OUT = REPO / "docs" / "benchmarks" / "filing.md"
TARGET = {"licence": 0.9, "penalty": 0.9, "fee": 0.9}


def main() -> int:
    started = time.perf_counter()
    scores = analyzer.scores(LABELLED)
    elapsed = time.perf_counter() - started
    negatives = sum(1 for _s, kinds in LABELLED if not kinds)
    lines = [
        "# Filing review assistant (备案审查辅助)",
        "",
        f"{machine()}",
        "",
        f"Hand-labelled provisions: {len(LABELLED)} sentences ({negatives} with no flag, many of them hard "
        "negatives: a stated basis such as 依照《行政处罚法》…, a negation such as 不得收取费用).",
        "The set was written by the engineer who wrote the rules, so these figures are optimistic; a set",
        "labelled by reviewers from real filed documents is the honest next measure.",
        "",
        "| kind | precision | recall | tp | fp | fn | target recall |",
        "|---|---|---|---|---|---|---|",
    ]
    failed = False
    for kind, (p, r, tp, fp, fn) in scores.items():
        target = TARGET.get(kind)
        failed |= target is not None and r < target
        lines.append(f"| {kind} | {p:.2f} | {r:.2f} | {tp} | {fp} | {fn} | {target or '—'} |")
        print(f"{kind:<11} precision {p:.2f}  recall {r:.2f}  (tp {tp}, fp {fp}, fn {fn})")
    lines += ["", f"Classification time for the whole set: {elapsed * 1000:.0f} ms.", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"written {OUT.relative_to(REPO)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
