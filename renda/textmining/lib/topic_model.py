"""The topic model as the import and the ``renda textmining`` command use it (pure Python, no Django):
:class:`Prediction`, loading a model file with a Chinese note on a scikit-learn version change,
batch classification with probabilities, training and evaluation with the input checked first
(Chinese reasons, :class:`~.messages.InputError`)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .messages import InputError, Message, check_file, read_messages


@dataclass(frozen=True)
class Prediction:
    """A predicted first-level topic and its probability (0–1)."""

    label: str
    confidence: float


def load_noting_library_version(cls: Any, path: Path) -> tuple[Any, str | None]:
    """``cls.load(path)`` and, when the file was saved under another scikit-learn version, a Chinese note.

    The library's ``LibraryVersionWarning`` (English, on stderr) becomes the note; other warnings pass.
    """
    from . import classify  # scipy, scikit-learn: imported where a model is used, not by every importer

    version_warning = getattr(classify, "LibraryVersionWarning", None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = cls.load(path)
    note = None
    for w in caught:
        if version_warning is not None and isinstance(w.message, version_warning):
            note = (
                f"模型由 scikit-learn {w.message.trained or '未知版本'} 训练，当前运行 {w.message.running}："
                "仍可使用，但预测可能有偏差，建议重新训练（make model 或 renda textmining train）"
            )
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return model, note


def train_model(*, data_path: Path, out_path: Path) -> dict[str, Any]:
    """Train the topic classifier on a labelled file and save it (library ``train_default_model``).

    The input is checked first, so that bad input stops with a reason instead of a traceback
    after a minute of training.

    Args:
        data_path: labelled CSV/xlsx (留言主题, 留言详情, 一级分类).
        out_path: the model file to write (its folder is created).
    Returns:
        The library's summary as a dict (empty if it returns nothing).
    Raises:
        UnreadableFile: the data file cannot be read (see :func:`check_file`).
        UnusableInput: ``file_not_found``; ``no_labels`` (no row has a 一级分类); ``too_few_topics``
            (fewer than 2 topics); ``topic_too_small`` (a topic with fewer messages than the
            classifier's calibration folds, 3); ``bad_output`` (``out_path`` is a folder, or its
            folder cannot be created or written).
    """
    from . import classify as mod

    _check_data_file(data_path)
    _check_output(out_path)
    _, labels = labelled_texts(data_path)
    _check_labels(labels, data_path, min_per_topic=getattr(mod.TopicClassifier(), "calibration_folds", 3))
    try:
        result = mod.train_default_model(data_path, out_path)
    except OSError as exc:
        raise UnusableInput(f"模型文件无法写入：{out_path}（{_os_reason(exc)}）", code="bad_output") from exc
    return dict(result or {})


class UnusableInput(InputError):
    """Input that can be read but not used for the operation (no labels, one topic, a bad model file …)."""


def _check_data_file(path: Path) -> None:
    if not path.exists():
        raise UnusableInput(f"文件不存在：{path}", code="file_not_found")
    check_file(path)


_OS_ERRORS = {
    "EEXIST": "路径中有同名文件",
    "ENOTDIR": "路径中有一段是文件而不是文件夹",
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "EROFS": "只读文件系统",
    "ENOSPC": "磁盘空间不足",
    "ENOENT": "路径不存在",
    "EISDIR": "这是一个文件夹",
}


def _os_reason(exc: OSError) -> str:
    """A Chinese reason for a file-system error (its errno name when not a common one)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_ERRORS.get(name, f"系统错误 {name or exc.errno}")


def _check_output(path: Path) -> None:
    import os

    if path.is_dir():
        raise UnusableInput(f"输出路径是一个文件夹，须为文件：{path}", code="bad_output")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UnusableInput(f"无法创建输出文件夹 {path.parent}：{_os_reason(exc)}", code="bad_output") from exc
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UnusableInput(f"没有写入权限：{path}", code="bad_output")


def _check_labels(labels: Sequence[str], path: Path, *, min_per_topic: int) -> None:
    from collections import Counter

    if not labels:
        raise UnusableInput(f"{path.name} 中没有带一级分类的留言（训练和评估都需要 一级分类 列）", code="no_labels")
    counts = Counter(labels)
    if len(counts) < 2:
        raise UnusableInput(
            f"训练至少需要 2 个一级分类，{path.name} 中只有「{next(iter(counts))}」", code="too_few_topics"
        )
    small = sorted((n, label) for label, n in counts.items() if n < min_per_topic)
    if small:
        listed = "、".join(f"{label}（{n} 条）" for n, label in small)
        raise UnusableInput(
            f"每个一级分类至少需要 {min_per_topic} 条留言才能训练，这些不够：{listed}", code="topic_too_small"
        )


def labelled_texts(data_path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """``(title, body)`` pairs and their 一级分类 labels from a labelled file (rows without a label skipped)."""
    texts: list[tuple[str, str]] = []
    labels: list[str] = []
    for item in read_messages(data_path):
        if isinstance(item, Message) and item.label:
            texts.append((item.title, item.text))
            labels.append(item.label)
    return texts, labels


def load_model_file(path: Path) -> tuple[Any, str | None]:
    """Load a topic model file for evaluation, with a reason when it cannot be used.

    Unlike ``renda.liaison.intelligence.get_classifier`` (which falls back to manual triage), this raises.

    Returns:
        ``(model, note)``: ``note`` is a Chinese sentence when the file was saved under another
        scikit-learn version (usable, retraining advised), else ``None``.

    Raises:
        UnusableInput: ``model_not_found``; ``model_version`` (saved by another model version:
            retrain); ``bad_model`` (a folder, or not a Renda topic model file).
    """
    from . import classify

    cls = classify.TopicClassifier
    if not path.exists():
        raise UnusableInput(
            f"模型文件不存在：{path}（先运行 renda textmining train 或 make model）", code="model_not_found"
        )
    if path.is_dir():
        raise UnusableInput(f"模型路径是一个文件夹，须为模型文件：{path}", code="bad_model")
    version_error = getattr(classify, "ModelVersionError", ())
    try:
        return load_noting_library_version(cls, path)
    except version_error as exc:
        raise UnusableInput(
            f"模型文件 {path.name} 是旧版本（{exc.found}），当前需要 {exc.expected}：请用 renda textmining train 重新训练",
            code="model_version",
        ) from exc
    except Exception as exc:  # unpickling arbitrary bytes raises arbitrary exceptions
        raise UnusableInput(f"不是可用的主题模型文件：{path.name}", code="bad_model") from exc


def evaluate_model(*, model_path: Path, data_path: Path) -> dict[str, Any]:
    """Accuracy, macro-F1, per-topic F1 and the confusion matrix of a saved model on a labelled file.

    Raises:
        UnreadableFile: the data file cannot be read (see :func:`check_file`).
        UnusableInput: as :func:`load_model_file`; ``file_not_found``; ``no_labels``.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    model, note = load_model_file(model_path)
    _check_data_file(data_path)
    texts, truth = labelled_texts(data_path)
    if not texts:
        raise UnusableInput(f"{data_path.name} 中没有带一级分类的留言（评估需要 一级分类 列）", code="no_labels")
    predicted = [p.label for p in classify_with(model, texts)]
    labels = sorted(set(truth) | set(predicted))
    per = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
    return {
        "n": len(texts),
        "accuracy": float(accuracy_score(truth, predicted)),
        "macro_f1": float(f1_score(truth, predicted, labels=sorted(set(truth)), average="macro", zero_division=0)),
        "per_topic_f1": {lab: float(f) for lab, f in zip(labels, per, strict=True)},
        "labels": labels,
        "confusion_matrix": confusion_matrix(truth, predicted, labels=labels).tolist(),
        "notes": [note] if note else [],
    }


def classify_with(model: Any, messages: list[Any], **prepared: Any) -> list[Prediction]:
    """Most probable label and its probability for each message (``model.predict_proba`` → (labels, probs)).

    ``prepared``: ``cleaned=True`` and ``words=`` (see ``TopicClassifier.predict_proba``) when the
    caller already cleaned and segmented the messages.
    """
    labels, probs = model.predict_proba(messages, **prepared)
    best = probs.argmax(axis=1) if len(probs) else []
    return [Prediction(str(labels[i]), float(probs[n, i])) for n, i in enumerate(best)]
