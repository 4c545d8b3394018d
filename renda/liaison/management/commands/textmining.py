"""``renda textmining train --data FILE --out MODEL`` / ``renda textmining evaluate --model MODEL --data FILE``.

Thin wrappers over ``renda.textmining.lib`` (the classifier and its evaluation live there).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renda.liaison import intelligence


class Command(BaseCommand):
    help = "Train or evaluate the topic classifier (first-level topics) on a labelled message file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="train a model and save it (joblib)")
        train.add_argument("--data", required=True, help="labelled CSV/xlsx with 一级分类")
        train.add_argument("--out", required=True, help="output model path, e.g. var/models/topic.joblib")
        train.add_argument("--json", action="store_true")
        ev = sub.add_parser("evaluate", help="accuracy, macro-F1, per-topic F1 and confusion matrix")
        ev.add_argument("--model", required=True)
        ev.add_argument("--data", required=True)
        ev.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        data = Path(options["data"])
        if not data.exists():
            raise CommandError(f"data file not found: {data}")
        try:
            if options["action"] == "train":
                out = Path(options["out"])
                out.parent.mkdir(parents=True, exist_ok=True)
                started = time.perf_counter()
                info = intelligence.train_model(data_path=data, out_path=out)
                result = {"model": str(out), "seconds": round(time.perf_counter() - started, 2), **info}
            else:
                result = intelligence.evaluate_model(model_path=Path(options["model"]), data_path=data)
        except intelligence.LibraryMissing as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))
            return
        if options["action"] == "train":
            self.stdout.write(f"trained {result['model']} in {result['seconds']} s")
            return
        self.stdout.write(f"accuracy  {result['accuracy']:.4f}")
        self.stdout.write(f"macro-F1  {result['macro_f1']:.4f}")
        for label, f1 in result["per_topic_f1"].items():
            self.stdout.write(f"  {label:<10} F1 {f1:.4f}")
        labels = result["labels"]
        self.stdout.write("confusion matrix (rows: true, columns: predicted)")
        self.stdout.write("          " + " ".join(f"{lab[:4]:>6}" for lab in labels))
        for lab, row in zip(labels, result["confusion_matrix"], strict=True):
            self.stdout.write(f"{lab[:4]:<10}" + " ".join(f"{n:>6}" for n in row))
