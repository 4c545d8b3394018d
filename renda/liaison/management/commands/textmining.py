"""``renda textmining train --data FILE --out MODEL`` / ``renda textmining evaluate --model MODEL --data FILE``.

Thin wrappers over ``renda.textmining.lib`` (the classifier and its evaluation live there). Bad input
(a missing or unreadable file, no 一级分类, one topic, a folder as ``--out``, an old or foreign model
file) stops with one Chinese line and exit status 2, or ``{"code", "detail"}`` with ``--json``.
"""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from renda.liaison import intelligence
from renda.liaison.management.commands._cli import fail


def _width(text: str) -> int:
    """Terminal columns of ``text``: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (on the left when ``right``)."""
    gap = " " * max(width - _width(text), 0)
    return gap + text if right else text + gap


def evaluation_lines(result: dict[str, Any]) -> list[str]:
    """The figures of :func:`intelligence.evaluate_model` as aligned Chinese lines for a terminal.

    Args:
        result: ``n``, ``accuracy``, ``macro_f1``, ``per_topic_f1``, ``labels``, ``confusion_matrix``.
    Returns:
        Lines without newlines; the confusion matrix's columns line up with Chinese topic names
        (each CJK character is two columns wide).
    """
    labels = result["labels"]
    name_width = max(_width(lab) for lab in labels) + 2
    cell = max(8, *(_width(lab) + 2 for lab in labels))
    lines = [
        f"留言 {result['n']} 条",
        f"准确率      {result['accuracy']:.4f}",
        f"宏平均 F1   {result['macro_f1']:.4f}",
        "各分类 F1：",
    ]
    lines += [f"  {_pad(label, name_width)}{f1:.4f}" for label, f1 in result["per_topic_f1"].items()]
    lines.append("混淆矩阵（行：真实分类，列：预测分类）：")
    lines.append(_pad("", name_width) + "".join(_pad(lab, cell, right=True) for lab in labels))
    for lab, row in zip(labels, result["confusion_matrix"], strict=True):
        lines.append(_pad(lab, name_width) + "".join(_pad(str(n), cell, right=True) for n in row))
    return lines


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
        training = options["action"] == "train"
        what = "训练" if training else "评估"
        try:
            if training:
                out = Path(options["out"])
                if options["out"].endswith(("/", "\\")):  # Path() drops the slash that says "a folder"
                    fail(
                        self,
                        "bad_output",
                        f"输出路径是一个文件夹，须为文件：{options['out']}",
                        as_json=options["json"],
                        what=what,
                    )
                started = time.perf_counter()
                info = intelligence.train_model(data_path=data, out_path=out)
                result = {"model": str(out), "seconds": round(time.perf_counter() - started, 2), **info}
            else:
                result = intelligence.evaluate_model(model_path=Path(options["model"]), data_path=data)
        except intelligence.InputError as exc:
            fail(self, exc.code, exc.message, as_json=options["json"], what=what)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))
            return
        if training:
            self.stdout.write(f"已训练 {result['model']}，用时 {result['seconds']} 秒")
            return
        for note in result.get("notes", []):
            self.stderr.write(f"提示：{note}")
        for line in evaluation_lines(result):
            self.stdout.write(line)
