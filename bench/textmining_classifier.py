"""Benchmark the topic classifier: 5-fold stratified CV on messages_labeled.csv + training time.

Figures: accuracy, macro-F1, per-topic F1, confusion matrix (5-fold, seed 0, everything fitted
inside each fold), exact duplicate texts across folds, and the wall-clock time of one full
training run on all 6,651 rows (what ``train_default_model`` does). A plain character TF-IDF +
LinearSVC baseline is run on the same folds for comparison (``--no-baseline`` skips it).

Usage: ``.venv/bin/python bench/textmining_classifier.py [--folds 5] [--no-baseline]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import _report
import numpy as np

from renda.textmining.lib.classify import (
    TopicClassifier,
    cross_validate,
    load_labeled,
)


def baseline(texts: list[str], labels: list[str], folds: int) -> tuple[float, float, float]:
    """Plain char 1–3-gram TF-IDF + LinearSVC(C=1) on title + body, same folds."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    t0 = time.perf_counter()
    y = np.asarray(labels, dtype=object)
    pred = np.empty(len(y), dtype=object)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, y):
        pipe = make_pipeline(
            TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2),
            LinearSVC(C=1.0),
        )
        pipe.fit([texts[i] for i in tr], y[tr])
        pred[te] = pipe.predict([texts[i] for i in te])
    return (
        float(accuracy_score(y, pred)),
        float(f1_score(y, pred, average="macro")),
        time.perf_counter() - t0,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()

    texts, labels = load_labeled()
    print(f"{len(texts)} labelled messages")

    t0 = time.perf_counter()
    clf = TopicClassifier(seed=0).fit(texts, labels)
    t_full = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = clf.save(Path(tmp) / "topic.joblib")
        size_mb = path.stat().st_size / 1e6
        t1 = time.perf_counter()
        TopicClassifier.load(path).predict(texts[:1000])
        t_pred = time.perf_counter() - t1
    print(f"full training: {t_full:.1f} s; model {size_mb:.1f} MB; load+predict 1000: {t_pred:.1f} s")

    cv = cross_validate(texts, labels, folds=args.folds, seed=0)
    print(f"CV accuracy {cv.accuracy:.4f} macro-F1 {cv.macro_f1:.4f} ({cv.seconds:.0f} s)")

    base = None if args.no_baseline else baseline(texts, labels, args.folds)
    if base:
        print(f"baseline accuracy {base[0]:.4f} macro-F1 {base[1]:.4f}")

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    targets = (
        f"macro-F1 ≥ 0.93 {verdict(cv.macro_f1 >= 0.93)}; accuracy ≥ 0.94 {verdict(cv.accuracy >= 0.94)}; "
        f"training < 60 s {verdict(t_full < 60)}"
    )
    lines = [
        "## Topic classifier (`bench/textmining_classifier.py`)",
        "",
        f"Machine: {_report.machine()}",
        "",
        f"Data: `messages_labeled.csv`, {len(texts):,} messages, 7 topics; text = 留言主题 + "
        f"留言详情. {args.folds}-fold stratified CV (shuffle, seed 0); vectorisers, SVM and "
        "calibration fitted inside each fold.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| CV accuracy | **{cv.accuracy:.4f}** (folds: " + ", ".join(f"{a:.3f}" for a in cv.fold_accuracy) + ") |",
        f"| CV macro-F1 | **{cv.macro_f1:.4f}** (folds: " + ", ".join(f"{a:.3f}" for a in cv.fold_macro_f1) + ") |",
        f"| full training on {len(texts):,} rows | {t_full:.1f} s (mean fold fit {cv.fit_seconds:.1f} s) |",
        f"| model file (joblib, compress=3) | {size_mb:.1f} MB |",
        f"| load + predict 1,000 messages | {t_pred:.1f} s |",
        f"| test messages with an exact duplicate text in their training fold | "
        f"{cv.duplicate_test_texts} of {len(texts):,} (not removed) |",
    ]
    if base:
        lines.append(
            f"| baseline: char 1–3-gram TF-IDF + LinearSVC, same folds | accuracy {base[0]:.4f}, "
            f"macro-F1 {base[1]:.4f} ({base[2]:.0f} s) |"
        )
    lines += [
        f"| targets | {targets} |",
        "",
        "Per-topic F1: " + ", ".join(f"{t} {f:.3f}" for t, f in cv.per_topic_f1.items()) + ".",
        "",
        "Confusion matrix (rows true, columns predicted):",
        "",
        "| | " + " | ".join(cv.labels) + " |",
        "|---" * (len(cv.labels) + 1) + "|",
    ]
    for t, row in zip(cv.labels, cv.confusion, strict=True):
        lines.append(f"| {t} | " + " | ".join(str(v) for v in row) + " |")
    body = "\n".join(lines)
    print(body)
    _report.write_section("classifier", body)


if __name__ == "__main__":
    main()
