"""The adapter between the liaison app and the text-intelligence library ``renda.textmining.lib``.

The pure text work lives in the library: words (:mod:`~renda.textmining.lib.words`: cleaning,
hashing, segmentation for the search index, characteristic words), the message-file readers and
checks (:mod:`~renda.textmining.lib.messages`), the topic model's loading, batch classification,
training and evaluation (:mod:`~renda.textmining.lib.topic_model`). The import's worker is
:mod:`renda.liaison.import_worker`. What stays here binds the library to the project: the model
file and thresholds from the settings (:func:`model_path`, :func:`get_classifier` with its
per-process cache, :func:`near_dup_threshold`), the streaming :class:`NearDupFinder`, and hot
topics in aware local time. The library's names the app uses are re-exported, so callers keep
``intelligence.clean(...)`` and the like.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from renda.textmining.lib.hot import hot_topics as lib_hot_topics
from renda.textmining.lib.messages import (
    InputError,
    Message,
    Rejected,
    UnreadableFile,
    check_file,
    read_messages,
    reject_reason,
)
from renda.textmining.lib.neardup import NearDupIndex
from renda.textmining.lib.topic_model import (
    Prediction,
    UnusableInput,
    classify_with,
    evaluate_model,
    labelled_texts,
    load_model_file,
    load_noting_library_version,
)
from renda.textmining.lib.topic_model import train_model as lib_train_model
from renda.textmining.lib.words import (
    characteristic_words,
    clean,
    content_hash,
    keep_words,
    query_terms,
    segment_for_index,
    word_overlap,
)

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def capabilities(*, classifier: bool | None = None) -> dict[str, bool]:
    """Which optional part of the text intelligence is usable (for the import report and the demo):
    the classifier needs a trained model file.

    Args:
        classifier: whether a classifier is usable, when the caller already knows (an import whose
            worker process loaded the model); ``None`` loads the model here to find out.
    """
    return {"classifier": (get_classifier() is not None) if classifier is None else classifier}


# --------------------------------------------------------------------------------------------------
# Topic classification (the model file from the settings, loaded once per process)
# --------------------------------------------------------------------------------------------------
log = logging.getLogger(__name__)
_model_lock = threading.Lock()
_model_cache: dict[tuple[str, float], Any] = {}


def model_path() -> Path:
    """Where the trained topic model lives: ``settings.LIAISON_TOPIC_MODEL`` or ``var/models/topic.joblib``."""
    return Path(getattr(settings, "LIAISON_TOPIC_MODEL", settings.VAR / "models" / "topic.joblib"))


def get_classifier(path: Path | None = None) -> Any | None:
    """The trained ``TopicClassifier`` (loaded once per process and file version), or ``None``.

    ``None`` when the model file does not exist, or it cannot be
    loaded (for example a file saved by an older model version): opinions then go to manual triage
    and a warning is logged (retrain with ``renda textmining train`` / ``make model``).
    """
    from renda.textmining.lib import classify as lib_classify  # scipy: only where a model is loaded

    cls = lib_classify.TopicClassifier
    path = path or model_path()
    if not path.exists():
        return None
    key = (str(path), path.stat().st_mtime)
    with _model_lock:
        if key not in _model_cache:
            _model_cache.clear()
            try:
                model, note = load_noting_library_version(cls, path)
            except Exception as exc:  # an unreadable or outdated file must not break recording opinions
                log.warning("topic model not usable, opinions go to manual triage: %s", exc)
                return None
            if note:
                log.warning("%s", note)
            _model_cache[key] = model
        return _model_cache[key]


def classify(messages: Sequence[tuple[str, str]]) -> list[Prediction | None]:
    """Predict the first-level topic of each message, in one batch.

    Args:
        messages: ``(title, body)`` pairs, raw (the library cleans them itself).
    Returns:
        One :class:`Prediction` per message (the most probable label and its calibrated
        probability), or ``None`` for each when no classifier is available.
    """
    model = get_classifier()
    if model is None or not messages:
        return [None] * len(messages)
    return list(classify_with(model, list(messages)))


def train_model(*, data_path: Path, out_path: Path) -> dict[str, Any]:
    """Train and save the topic model (:func:`renda.textmining.lib.topic_model.train_model`), then drop
    this process's cached model so the next classification loads the new file.

    Raises:
        UnreadableFile, UnusableInput: as the library's ``train_model`` (Chinese reasons).
    """
    result = lib_train_model(data_path=data_path, out_path=out_path)
    with _model_lock:
        _model_cache.clear()
    return result


# --------------------------------------------------------------------------------------------------
# Near-duplicates
# --------------------------------------------------------------------------------------------------
def near_dup_threshold() -> float:
    """Character-5-gram Jaccard at or above which two opinions are near-duplicates (default 0.8)."""
    return float(getattr(settings, "LIAISON_NEAR_DUP_THRESHOLD", 0.8))


class NearDupFinder:
    """Streaming near-duplicate finder over the library's ``NearDupIndex`` (MinHash LSH, verified)."""

    #: Always true (the library's MinHash LSH index); kept for the importer's signature hand-over.
    approximate = True

    def __init__(self, threshold: float | None = None) -> None:
        self.threshold = near_dup_threshold() if threshold is None else threshold
        self._index = NearDupIndex(threshold=self.threshold)
        self.size = 0

    def query(self, text: str) -> list[tuple[Any, float]]:
        """Keys of indexed texts similar to ``text``, most similar first, with their Jaccard (0–1)."""
        return [(m.id, float(m.similarity)) for m in self._index.query(text)]

    def add_many(self, keys: Sequence[Any], texts: Sequence[str]) -> list[list[tuple[Any, float]]]:
        """Index texts under unique keys; for each, the earlier texts it matches (best first)."""
        self.size += len(keys)
        return [[(m.id, float(m.similarity)) for m in ms] for ms in self._index.add_many(list(keys), list(texts))]

    def prepare(self, texts: Sequence[str]) -> Any:
        """The CPU-heavy part of :meth:`add_many` for ``texts`` (shingles, MinHash signatures, LSH keys).

        Pure and picklable, so it can run in another process (``import_worker.analyse_batch``).
        Returns the library's ``Prepared`` batch.
        """
        return self._index.prepare(list(texts))

    def add_prepared(
        self, keys: Sequence[Any], texts: Sequence[str], prepared: Any | None, positions: Sequence[int]
    ) -> list[list[tuple[Any, float]]]:
        """:meth:`add_many` for the texts at ``positions`` of a batch run through :meth:`prepare`.

        Args:
            keys: unique keys, one per position.
            texts: the texts at those positions (used when ``prepared`` is ``None``).
            prepared: what :meth:`prepare` returned for the whole batch, or ``None`` (then indexed here).
            positions: indexes into the prepared batch, in insertion order.
        Returns:
            As :meth:`add_many`.
        """
        if prepared is None:
            return self.add_many(keys, texts)
        self.size += len(keys)
        found = self._index.add_prepared(list(keys), prepared.take(list(positions)))
        return [[(m.id, float(m.similarity)) for m in ms] for ms in found]


# --------------------------------------------------------------------------------------------------
# Hot topics (the library's heat index, in aware local time)
# --------------------------------------------------------------------------------------------------
@dataclass
class HotTopic:
    """A cluster of opinions raised together: its heat index, keywords, time span and members."""

    keywords: list[str]
    heat: float
    count: int
    first: datetime | None
    last: datetime | None
    keys: list[Any] = field(default_factory=list)
    likes: int = 0
    title: str = ""


def _naive_local(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(LOCAL_TZ).replace(tzinfo=None)


def _aware_local(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=LOCAL_TZ) if value is not None and value.tzinfo is None else value


def hot_topics(records: Sequence[dict[str, Any]], *, since: datetime, until: datetime, top: int = 10) -> list[HotTopic]:
    """Rank clusters of opinions in ``[since, until]`` by the library's heat index.

    Args:
        records: dicts with ``id``, ``title``, ``text``, ``time`` (aware datetime), ``likes``, ``dislikes``.
        since, until: the time window (aware datetimes, calendar time).
        top: how many clusters to return.
    Returns:
        Up to ``top`` :class:`HotTopic` by descending heat, times aware (Asia/Shanghai).
    """
    local = [{**r, "time": _naive_local(r["time"])} for r in records]
    result = lib_hot_topics(local, since=_naive_local(since), until=_naive_local(until), top=top)
    return [
        HotTopic(
            keywords=list(c.keywords),
            heat=float(c.heat),
            count=int(c.count),
            first=_aware_local(c.first_time),
            last=_aware_local(c.last_time),
            keys=list(c.ids),
            likes=int(c.likes),
            title=str(c.representative_title or ""),
        )
        for c in result
    ]


__all__ = [
    "HotTopic",
    "InputError",
    "Message",
    "NearDupFinder",
    "Prediction",
    "Rejected",
    "UnreadableFile",
    "UnusableInput",
    "capabilities",
    "characteristic_words",
    "check_file",
    "classify",
    "clean",
    "content_hash",
    "evaluate_model",
    "get_classifier",
    "hot_topics",
    "keep_words",
    "labelled_texts",
    "load_model_file",
    "model_path",
    "near_dup_threshold",
    "query_terms",
    "read_messages",
    "reject_reason",
    "segment_for_index",
    "train_model",
    "word_overlap",
]
