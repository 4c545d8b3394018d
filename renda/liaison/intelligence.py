"""The one integration point between the liaison app and the text-intelligence library.

Everything the liaison app needs from Chinese text processing goes through this module, which calls
``renda.textmining.lib`` (pure Python, no ORM; built on its own branch): cleaning, segmentation for
the search index, topic classification with probabilities, near-duplicate detection, hot topics and
the readers of the real message-board files. Where a library module is not installed yet (the two
branches are built in parallel), this adapter degrades instead of failing, and says so through
:func:`capabilities`:

* no classifier or no trained model → no predicted topic, every opinion goes to manual triage;
* no near-duplicate index → only exact duplicates (same cleaned text) are grouped;
* no hot-topic miner → groups of identical texts ranked by count;
* no segmenter → rjieba without the user dictionary.

No classifier or MinHash is implemented here.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import logging
import re
import threading
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from openpyxl.utils.exceptions import InvalidFileException

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def _lib(name: str) -> Any | None:
    """Import ``renda.textmining.lib.<name>``, or ``None`` when that module does not exist yet."""
    try:
        return importlib.import_module(f"renda.textmining.lib.{name}")
    except ImportError:
        return None


def capabilities(*, classifier: bool | None = None) -> dict[str, bool]:
    """Which parts of the text-intelligence library are available (for reports and the demo).

    Args:
        classifier: whether a classifier is usable, when the caller already knows (an import whose
            worker process loaded the model); ``None`` loads the model here to find out.
    """
    return {
        "clean": _lib("clean") is not None,
        "segment": _lib("segment") is not None,
        "classifier": (get_classifier() is not None) if classifier is None else classifier,
        "near_duplicates": _neardup_class() is not None,
        "hot_topics": _hot_function() is not None,
        "reader": _lib("io") is not None,
    }


# --------------------------------------------------------------------------------------------------
# Cleaning, hashing, segmentation
# --------------------------------------------------------------------------------------------------
_WS = re.compile(r"[\s\u3000\u00a0]+")


def clean(text: str) -> str:
    """Normalise a message (whitespace, full-width characters, greetings/closings) via the library.

    Args:
        text: raw 留言详情 or an operator's note.
    Returns:
        The cleaned text (library ``clean.clean_text``); whitespace-collapsed text if the library is absent.
    """
    mod = _lib("clean")
    if mod is not None:
        return str(mod.clean_text(text or ""))
    return _WS.sub(" ", text or "").strip()


def content_hash(cleaned: str) -> str:
    """SHA-256 (hex) of the cleaned text: the identity of an opinion without a 留言编号."""
    return hashlib.sha256(cleaned.encode("utf-8")).hexdigest()


_WORD = re.compile(r"\w", re.UNICODE)


def _tokens(text: str, *, for_search: bool) -> list[str]:
    mod = _lib("segment")
    words: Iterable[str]
    if mod is not None and hasattr(mod, "segmenter"):
        # the library's rjieba instance carries the user dictionary of place and institution names
        jb = mod.segmenter()
        words = jb.cut_for_search(text, True) if for_search else mod.segment(text)
    else:
        import rjieba

        words = rjieba.cut_for_search(text) if for_search else rjieba.cut(text)
    if isinstance(words, list):
        return _keep_words(words)
    return [w.lower() for w in (w.strip() for w in words) if w and _WORD.search(w)]


_WORD_CACHE: dict[str, str] = {}
_WORD_CACHE_MAX = 200_000


def _keep_words(words: list[str]) -> list[str]:
    """``[w.strip().lower() for w in words if w.strip() has a word character]``, through a cache.

    Messages reuse a small vocabulary, so each distinct token is stripped, checked and lowercased
    once per process; a message then costs two C-level passes (``map`` over the cache, ``filter``)
    instead of ~250 Python-level steps. The cache is cleared when it holds 200,000 tokens.
    """
    cache = _WORD_CACHE
    kept = list(map(cache.get, words))
    if None in kept:  # words not seen yet: strip, check and lowercase them once
        if len(cache) > _WORD_CACHE_MAX:
            cache.clear()
        for i, w in enumerate(words):
            if kept[i] is None:
                word = cache.get(w)
                if word is None:
                    s = w.strip()
                    word = cache[w] = s.lower() if s and _WORD.search(s) else ""
                kept[i] = word
    return list(filter(None, kept))


def segment_for_index(text: str) -> str:
    """Words of ``text`` (search mode: a long word also yields its sub-words), space-separated, lowercased.

    This is what the full-text index stores (``Opinion.search_text``).
    """
    return " ".join(_tokens(text, for_search=True))


_PLACE_CODE = re.compile(r"^[a-z]\d*[省市区县镇乡]$")
"""The anonymised place codes of the real data (a市, a1区, …): in most messages, so they say nothing."""


def characteristic_words(title: str, text: str, *, limit: int = 8) -> list[str]:
    """The words that say what an opinion is about, for finding related ones: the title's first.

    Words of the cleaned title, then of the body (search mode, as indexed), each once, at least two
    characters, without the library's stopwords and the anonymised place codes (``a市``, ``a1区``).

    Args:
        title, text: the opinion's 主题 and 内容, raw.
        limit: at most this many words.
    Returns:
        Lowercased words, title words first, in order of appearance.
    """
    mod = _lib("segment")
    stop = mod.load_stopwords() if mod is not None and hasattr(mod, "load_stopwords") else frozenset()
    seen: dict[str, None] = {}
    for part in (clean(title), clean(text)):
        for w in _tokens(part, for_search=True):
            if len(w) > 1 and w not in stop and not _PLACE_CODE.match(w):
                seen.setdefault(w, None)
                if len(seen) >= limit:
                    return list(seen)
    return list(seen)


def word_overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two word sets (0–1; 0 when both are empty)."""
    sa, sb = set(a), set(b)
    union = len(sa | sb)
    return len(sa & sb) / union if union else 0.0


def query_terms(query: str) -> list[str]:
    """The words of a search query (default segmentation, punctuation dropped, deduplicated, in order)."""
    return list(dict.fromkeys(_tokens(query, for_search=False)))


# --------------------------------------------------------------------------------------------------
# Topic classification
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Prediction:
    """A predicted first-level topic and its probability (0–1)."""

    label: str
    confidence: float


log = logging.getLogger(__name__)
_model_lock = threading.Lock()
_model_cache: dict[tuple[str, float], Any] = {}


def model_path() -> Path:
    """Where the trained topic model lives: ``settings.LIAISON_TOPIC_MODEL`` or ``var/models/topic.joblib``."""
    return Path(getattr(settings, "LIAISON_TOPIC_MODEL", settings.VAR / "models" / "topic.joblib"))


def _classifier_class() -> Any | None:
    mod = _lib("classify")
    return getattr(mod, "TopicClassifier", None) if mod is not None else None


def get_classifier(path: Path | None = None) -> Any | None:
    """The trained ``TopicClassifier`` (loaded once per process and file version), or ``None``.

    ``None`` when the library has no classifier, the model file does not exist, or it cannot be
    loaded (for example a file saved by an older model version): opinions then go to manual triage
    and a warning is logged (retrain with ``renda textmining train`` / ``make model``).
    """
    cls = _classifier_class()
    path = path or model_path()
    if cls is None or not path.exists():
        return None
    key = (str(path), path.stat().st_mtime)
    with _model_lock:
        if key not in _model_cache:
            _model_cache.clear()
            try:
                model, note = _load_noting_library_version(cls, path)
            except Exception as exc:  # an unreadable or outdated file must not break recording opinions
                log.warning("topic model not usable, opinions go to manual triage: %s", exc)
                return None
            if note:
                log.warning("%s", note)
            _model_cache[key] = model
        return _model_cache[key]


def _load_noting_library_version(cls: Any, path: Path) -> tuple[Any, str | None]:
    """``cls.load(path)`` and, when the file was saved under another scikit-learn version, a Chinese note.

    The library's ``LibraryVersionWarning`` (English, on stderr) becomes the note; other warnings pass.
    """
    version_warning = getattr(_lib("classify"), "LibraryVersionWarning", None)
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
    return list(_classify_with(model, list(messages)))


# --------------------------------------------------------------------------------------------------
# Near-duplicates
# --------------------------------------------------------------------------------------------------
def _neardup_class() -> Any | None:
    mod = _lib("neardup")
    return getattr(mod, "NearDupIndex", None) if mod is not None else None


def near_dup_threshold() -> float:
    """Character-5-gram Jaccard at or above which two opinions are near-duplicates (default 0.8)."""
    return float(getattr(settings, "LIAISON_NEAR_DUP_THRESHOLD", 0.8))


class NearDupFinder:
    """Streaming near-duplicate finder over the library's ``NearDupIndex`` (MinHash LSH, verified).

    Without the library only identical texts match (similarity 1.0).
    """

    def __init__(self, threshold: float | None = None) -> None:
        cls = _neardup_class()
        self.threshold = near_dup_threshold() if threshold is None else threshold
        self._index = cls(threshold=self.threshold) if cls is not None else None
        self._exact: dict[str, Any] = {}
        self.size = 0

    @property
    def approximate(self) -> bool:
        """True when the library's MinHash LSH index is in use."""
        return self._index is not None

    def query(self, text: str) -> list[tuple[Any, float]]:
        """Keys of indexed texts similar to ``text``, most similar first, with their Jaccard (0–1)."""
        if self._index is None:
            key = self._exact.get(content_hash(text))
            return [] if key is None else [(key, 1.0)]
        return [(m.id, float(m.similarity)) for m in self._index.query(text)]

    def add_many(self, keys: Sequence[Any], texts: Sequence[str]) -> list[list[tuple[Any, float]]]:
        """Index texts under unique keys; for each, the earlier texts it matches (best first)."""
        self.size += len(keys)
        if self._index is not None:
            return [[(m.id, float(m.similarity)) for m in ms] for ms in self._index.add_many(list(keys), list(texts))]
        out = []
        for key, text in zip(keys, texts, strict=True):
            out.append(self.query(text))
            self._exact.setdefault(content_hash(text), key)
        return out

    def prepare(self, texts: Sequence[str]) -> Any | None:
        """The CPU-heavy part of :meth:`add_many` for ``texts`` (shingles, MinHash signatures, LSH keys).

        Pure and picklable, so it can run in another process (:func:`analyse_batch`). Returns the
        library's ``Prepared`` batch, or ``None`` without the library (only exact matching then).
        """
        return self._index.prepare(list(texts)) if self._index is not None else None

    def add_prepared(
        self, keys: Sequence[Any], texts: Sequence[str], prepared: Any | None, positions: Sequence[int]
    ) -> list[list[tuple[Any, float]]]:
        """:meth:`add_many` for the texts at ``positions`` of a batch run through :meth:`prepare`.

        Args:
            keys: unique keys, one per position.
            texts: the texts at those positions (used only without the library).
            prepared: what :meth:`prepare` returned for the whole batch (``None`` without the library).
            positions: indexes into the prepared batch, in insertion order.
        Returns:
            As :meth:`add_many`.
        """
        if self._index is None or prepared is None:
            return self.add_many(keys, texts)
        self.size += len(keys)
        found = self._index.add_prepared(list(keys), prepared.take(list(positions)))
        return [[(m.id, float(m.similarity)) for m in ms] for ms in found]


# --------------------------------------------------------------------------------------------------
# The CPU-only text work of an import batch, inline or in one worker process
# --------------------------------------------------------------------------------------------------
@dataclass
class BatchAnalysis:
    """What the text work gives for a batch of messages, one entry per message, in input order.

    Attributes:
        cleaned: ``clean(f"{title}\\n{body}")`` — the identity, search and near-duplicate text.
        digests: :func:`content_hash` of ``cleaned``.
        search_texts: :func:`segment_for_index` of the redacted cleaned text ('' when ``cleaned`` is blank).
        predictions: :func:`classify` of ``(title, body)`` (``None`` when blank or without a classifier).
        near: :meth:`NearDupFinder.prepare` of ``cleaned`` (``None`` without the library).
        classifier: whether a classifier was available.
        seconds: time per step (clean+hash, segment, classify, near-dup signatures), in seconds.
        peak_rss_kb: the peak resident memory of the process that did the work, in KiB.
    """

    cleaned: list[str]
    digests: list[str]
    search_texts: list[str]
    predictions: list[Prediction | None]
    near: Any | None
    classifier: bool
    seconds: dict[str, float] = field(default_factory=dict)
    peak_rss_kb: int = 0


@dataclass
class CleanedBatch:
    """A batch of messages cleaned for the text work (:func:`clean_batch`), one entry per message.

    Attributes:
        cleaned: ``clean(f"{title}\\n{body}")`` — the identity, search and near-duplicate text.
        digests: :func:`content_hash` of ``cleaned``.
        parts: for the messages whose ``cleaned`` is not blank, in order, ``clean(title)`` and
            ``clean(body)`` — the classifier's input; empty without the library's classifier.
        seconds: cleaning and hashing time, in seconds.
    """

    cleaned: list[str]
    digests: list[str]
    parts: list[tuple[str, str]]
    seconds: float = 0.0


def clean_batch(messages: Sequence[tuple[str, str]]) -> CleanedBatch:
    """Clean and hash a batch of raw ``(title, body)`` pairs (the first step of :func:`analyse_batch`).

    The import runs this in its own process and hands the result to the worker, which then has
    only segmentation and classification left (the two processes' work is about even that way).
    """
    import time

    t = time.perf_counter()
    cleaned = [clean(f"{title}\n{body}") for title, body in messages]
    digests = [content_hash(c) for c in cleaned]
    parts: list[tuple[str, str]] = []
    if hasattr(_lib("classify"), "message_words"):
        parts = [(clean(title), clean(body)) for (title, body), c in zip(messages, cleaned, strict=True) if c.strip()]
    return CleanedBatch(cleaned, digests, parts, time.perf_counter() - t)


def analyse_batch(
    messages: Sequence[tuple[str, str]], *, model: Path | None, threshold: float, signatures: bool = True
) -> BatchAnalysis:
    """Clean, hash, segment for the index, classify and near-duplicate-prepare a batch; no database.

    :func:`clean_batch` then :func:`analyse_cleaned`.

    Args:
        messages: ``(title, body)`` pairs, raw.
        model: the topic model file (``None``: :func:`model_path`, which reads the settings).
        threshold: the near-duplicate Jaccard threshold (0–1) of the finder that will take ``near``.
        signatures: compute the near-duplicate signatures (else ``near`` is ``None`` and the caller
            computes them with :meth:`NearDupFinder.prepare`).
    Returns:
        A :class:`BatchAnalysis` aligned with ``messages``.
    """
    batch = clean_batch(messages)
    analysis = _with_cleaning(
        analyse_cleaned(messages, batch, model=model, threshold=threshold, signatures=signatures), batch
    )
    analysis.seconds = {"clean+hash": batch.seconds, **analysis.seconds}
    return analysis


def _with_cleaning(analysis: BatchAnalysis, batch: CleanedBatch) -> BatchAnalysis:
    """``analysis`` with the cleaned texts and hashes of ``batch`` filled in (the worker does not
    send back what the caller already has)."""
    analysis.cleaned = batch.cleaned
    analysis.digests = batch.digests
    return analysis


def analyse_cleaned(
    messages: Sequence[tuple[str, str]],
    batch: CleanedBatch,
    *,
    model: Path | None,
    threshold: float,
    signatures: bool = True,
) -> BatchAnalysis:
    """Segment for the index, classify and near-duplicate-prepare a cleaned batch; no database.

    The classifier gets the cleaned title and body and their words (``classify.message_words``:
    title。body in search mode), and the same words, lowercased, are the search-index text — one
    segmentation for both. A message whose cleaned text has a run of 7 digits, separators allowed
    (a possible phone or ID number), is instead indexed from its text with those numbers masked
    (``renda.core.privacy.redact_text``), as ``services.opinion_record`` does.

    Args:
        messages: the raw ``(title, body)`` pairs. Read only when ``batch.parts`` is empty (a
            library without ``message_words``): the classifier then gets the raw pairs. Otherwise
            placeholders will do (the worker is not sent the raw text).
        batch: :func:`clean_batch` of ``messages``.
        model, threshold, signatures: as in :func:`analyse_batch`.
    Returns:
        A :class:`BatchAnalysis` aligned with ``messages`` whose ``cleaned`` and ``digests`` are empty
        (the caller has them in ``batch``).
    """
    import resource
    import time

    from renda.core.privacy import redact_text

    seconds: dict[str, float] = {}
    t = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal t
        now = time.perf_counter()
        seconds[stage] = seconds.get(stage, 0.0) + now - t
        t = now

    cleaned = batch.cleaned
    ok = [i for i, c in enumerate(cleaned) if c.strip()]
    classifier = get_classifier(model)
    words_for = _lib("classify")
    pairs = batch.parts if classifier is not None and ok else []
    search_texts = [""] * len(cleaned)
    shared: list[list[str]] = []
    if pairs:
        # one segmentation for the classifier and the index: the classifier's words of title。body
        shared = words_for.message_words([t for t, _ in pairs], [b for _, b in pairs])  # type: ignore[union-attr]
    for k, i in enumerate(ok):
        if shared and not _SEVEN_DIGITS.search(cleaned[i]):
            search_texts[i] = " ".join(_keep_words(shared[k]))
        else:  # a phone or ID number may be there: segment the redacted text instead
            search_texts[i] = segment_for_index(_redacted(cleaned[i], redact_text))
    lap("segment")
    predictions: list[Prediction | None] = [None] * len(cleaned)
    if classifier is not None and ok:
        prepared = {"cleaned": True, "words": shared} if pairs else {}
        found = _classify_with(classifier, pairs or [messages[i] for i in ok], **prepared)
        for i, pred in zip(ok, found, strict=True):
            predictions[i] = pred
    lap("classify")
    near = None
    if signatures:
        near = NearDupFinder(threshold).prepare(cleaned)
        lap("near-dup signatures")
    return BatchAnalysis(
        [],
        [],
        search_texts,
        predictions,
        near,
        classifier is not None,
        seconds,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    )


_SEVEN_DIGITS = re.compile(r"\d(?:[-\s.－．]?\d){6}")
"""7 digits in a row, separators (hyphen, space, dot) allowed between them: every number
``redact_text`` masks (mobile, landline, ID — also written ``138-1234-5678``) contains such a run."""


def _redacted(text: str, redact: Any) -> str:
    """``redact(text)``, skipped when ``text`` has no run of 7 digits (separators allowed, see
    ``_SEVEN_DIGITS``): every number it masks holds one; most messages have none."""
    return redact(text) if _SEVEN_DIGITS.search(text) else text


_worker_args: dict[str, Any] = {}


def _worker_init(model: Path | None, threshold: float) -> None:
    _worker_args.update(model=model, threshold=threshold)
    get_classifier(model)  # load the model (and warm the segmenter) before the first batch arrives
    segment_for_index("预热")


def _worker_analyse(messages: list[tuple[str, str]] | None, batch: CleanedBatch, signatures: bool) -> BatchAnalysis:
    # the raw messages are sent only when the classifier needs them (no cleaned parts)
    if messages is None:
        messages = [("", "")] * len(batch.cleaned)
    return analyse_cleaned(
        messages, batch, model=_worker_args["model"], threshold=_worker_args["threshold"], signatures=signatures
    )


class PendingAnalysis:
    """A submitted batch: the worker's future and the cleaning done in the caller's process.

    Args:
        future: ``Future[BatchAnalysis]`` of :func:`analyse_cleaned`.
        batch: the :class:`CleanedBatch` it was given.
    """

    def __init__(self, future: Any, batch: CleanedBatch) -> None:
        self._future = future
        self._batch = batch
        self.clean_seconds = batch.seconds
        """Seconds this process spent cleaning and hashing the batch."""

    def done(self) -> bool:
        """Whether the worker has finished (``result()`` will not wait)."""
        return bool(self._future.done())

    def result(self) -> BatchAnalysis:
        """The batch's :class:`BatchAnalysis` (waits for the worker; re-raises its exception)."""
        return _with_cleaning(self._future.result(), self._batch)


class TextWorker:
    """Runs :func:`analyse_batch` for successive batches, in one worker process or inline.

    With ``parallel=True`` one separate process (``spawn``: no database connection or thread is
    inherited) analyses batch k+1 while the caller stores batch k; results come back in submission
    order. The worker loads the topic model itself; the caller never does.

    Args:
        parallel: use a worker process (else :meth:`submit` computes at once, in this process).
        model: the topic model file (default :func:`model_path`, resolved here so that settings
            overrides reach the worker).
        threshold: near-duplicate threshold (default :func:`near_dup_threshold`).
    """

    def __init__(self, *, parallel: bool, model: Path | None = None, threshold: float | None = None) -> None:
        self.parallel = parallel
        self.model = model or model_path()
        self.threshold = near_dup_threshold() if threshold is None else threshold
        self._pool: Any = None
        if parallel:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(self.model, self.threshold),
            )

    def submit(self, messages: list[tuple[str, str]], *, signatures: bool = True) -> PendingAnalysis:
        """Start analysing ``messages`` (``(title, body)`` pairs).

        The messages are cleaned and hashed here, in the caller's process (:func:`clean_batch`); the
        worker segments, classifies and (with ``signatures``) prepares the near-duplicate signatures.
        ``signatures=False`` leaves those to the caller (who has time to spare when it waits for
        the worker).

        Returns:
            A :class:`PendingAnalysis` whose ``result()`` is the batch's :class:`BatchAnalysis`.
        """
        batch = clean_batch(messages)
        if self._pool is not None:
            sent = CleanedBatch(batch.cleaned, [], batch.parts)  # the worker needs no hashes
            future = self._pool.submit(_worker_analyse, None if batch.parts else messages, sent, signatures)
            return PendingAnalysis(future, batch)
        from concurrent.futures import Future

        done: Future[BatchAnalysis] = Future()
        done.set_result(
            analyse_cleaned(messages, batch, model=self.model, threshold=self.threshold, signatures=signatures)
        )
        return PendingAnalysis(done, batch)

    def close(self) -> None:
        """Stop the worker process (waits for it to exit; pending batches are cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> TextWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------------
# Hot topics
# --------------------------------------------------------------------------------------------------
def _hot_function() -> Any | None:
    mod = _lib("hot")
    return getattr(mod, "hot_topics", None) if mod is not None else None


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
        Up to ``top`` :class:`HotTopic` by descending heat, times aware (Asia/Shanghai). Without the
        library: groups of identical texts ranked by count (a degraded answer, never fabricated).
    """
    fn = _hot_function()
    if fn is not None:
        local = [{**r, "time": _naive_local(r["time"])} for r in records]
        result = fn(local, since=_naive_local(since), until=_naive_local(until), top=top)
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
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        if since <= r["time"] <= until:
            groups.setdefault(content_hash(f"{r['title']}\n{r['text']}"), []).append(r)
    ranked = sorted(
        (g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), -sum(r.get("likes", 0) for r in g))
    )
    return [
        HotTopic(
            keywords=query_terms(g[0]["title"])[:5],
            heat=float(len(g)),
            count=len(g),
            first=min(r["time"] for r in g),
            last=max(r["time"] for r in g),
            keys=[r["id"] for r in g],
            likes=sum(r.get("likes", 0) for r in g),
            title=g[0]["title"],
        )
        for g in ranked[:top]
    ]


# --------------------------------------------------------------------------------------------------
# Reading message files
# --------------------------------------------------------------------------------------------------
@dataclass
class Message:
    """One good row of a message file (1-based ``row`` counts the header as row 1)."""

    row: int
    external_id: str
    user: str
    title: str
    text: str
    received_at: datetime | None
    label: str = ""
    likes: int = 0
    dislikes: int = 0


@dataclass
class Rejected:
    """A row that cannot be imported, with its row number and the reason (Chinese, for the report)."""

    row: int
    reason: str
    external_id: str = ""


def read_messages(path: str | Path, *, sheet: str | None = None) -> Iterator[Message | Rejected]:
    """Stream the rows of a message file (xlsx or UTF-8 CSV with the original Chinese headers).

    ``sheet``: the xlsx worksheet to read (default the first; :func:`check_file` checks the name).

    Uses the library's reader (``renda.textmining.lib.io.read_messages``): fully blank rows are
    skipped; embedded tabs/newlines and mixed date formats are handled there. Rejected rows come
    back as :class:`Rejected` with the row number and a Chinese reason for the import report.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: unknown file type, or the header lacks 留言主题/留言详情.
        LibraryMissing: the library reader is not installed.
    """
    mod = _lib("io")
    if mod is None or not hasattr(mod, "read_messages"):
        raise LibraryMissing("renda.textmining.lib.io.read_messages is not available")
    p = Path(path)
    if p.exists() and p.stat().st_size == 0:
        raise UnreadableFile(f"文件为空：{p.name}", code="empty_file")
    try:
        yield from _from_library(mod.read_messages(p, sheet=sheet))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(f"文件不是有效的 xlsx 工作簿：{p.name}", code="bad_xlsx") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"CSV 文件不是 UTF-8 编码，请另存为 UTF-8 后再导入：{p.name}", code="bad_encoding"
        ) from exc
    except (KeyError, OSError, InvalidFileException) as exc:
        raise UnreadableFile(f"文件无法读取：{p.name}", code="unreadable_file") from exc
    except csv.Error as exc:  # the strict reader: see _check_csv, which callers run first
        raise UnreadableFile(f"CSV 格式错误（引号未闭合或引号后有多余字符）：{p.name}", code="bad_csv") from exc
    except ValueError as exc:
        if isinstance(exc, UnreadableFile):
            raise
        if hasattr(exc, "missing") and hasattr(exc, "repeated"):  # the library's HeaderError
            raise _header_problem(exc, p) from exc
        text = str(exc)
        if "unsupported file type" in text:
            raise UnreadableFile(
                f"不支持的文件类型：{p.suffix or '无扩展名'}（须为 .xlsx 或 .csv）", code="bad_type"
            ) from exc
        raise UnreadableFile(f"文件无法读取：{p.name}", code="unreadable_file") from exc


def _check_csv(p: Path) -> None:
    """The library's strict parse of the whole CSV (header and quoting), before anything is imported.

    Without it an unterminated quote silently swallows every later row into one cell (the csv
    module's lenient default), and a bad header would only be found by the import itself.

    Raises:
        UnreadableFile: ``bad_header`` (see :func:`_header_problem`) or ``bad_csv``, naming the
            spreadsheet row where the broken record starts.
    """
    mod = _lib("io")
    if mod is None or not hasattr(mod, "scan_csv"):
        return  # the reader itself is missing: read_messages says so
    try:
        mod.scan_csv(p)
    except mod.HeaderError as exc:
        raise _header_problem(exc, p) from exc
    except mod.CSVSyntaxError as exc:
        raise UnreadableFile(
            f"CSV 格式错误：第 {exc.row} 行起引号未闭合或引号后有多余字符，请修正后再导入：{p.name}",
            code="bad_csv",
        ) from exc


def _header_problem(exc: Any, p: Path) -> UnreadableFile:
    """The Chinese ``bad_header`` error for the library's ``HeaderError`` (missing or repeated columns)."""
    if exc.missing:
        return UnreadableFile(f"文件缺少必需的列（留言主题、留言详情）：{p.name}", code="bad_header")
    return UnreadableFile(
        f"表头有重复的列名（{'、'.join(exc.repeated)}），无法确定用哪一列：{p.name}", code="bad_header"
    )


def _check_utf8(p: Path) -> None:
    """Decode the whole CSV as UTF-8 before anything is imported (1 MiB at a time, ~1 s per GB).

    A bad byte far into the file would otherwise stop the import after earlier batches were stored;
    checking first means such a file imports nothing and says which line to fix.

    Raises:
        UnreadableFile: ``bad_encoding``, naming the file line (1-based) of the first bad byte.
    """
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with p.open("rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: max(exc.start, 0)].count(b"\n")
                raise UnreadableFile(
                    f"CSV 文件不是 UTF-8 编码（文件第 {line} 行无法解码，按换行符计），请另存为 UTF-8 后再导入：{p.name}",
                    code="bad_encoding",
                ) from exc
            if not chunk:
                return
            line += chunk.count(b"\n")


def check_file(path: str | Path, *, sheet: str | None = None) -> list[str]:
    """Cheap checks that a message file can be read at all, before a long import starts.

    Args:
        path: the file.
        sheet: an xlsx worksheet name to read instead of the first.
    Returns:
        The notes for the import report: for a workbook of several worksheets, which one is read
        and which are not (“工作簿有 3 个工作表，只导入「Sheet1」…”); ``[]`` otherwise.

    Raises:
        UnreadableFile: a directory, an empty file, an ``.xlsx`` that is not a zip workbook, a CSV that
            is not UTF-8 anywhere in it (the whole file is decoded first, so nothing is imported from
            a file that would fail half-way), whose header lacks 留言主题/留言详情 or repeats a column,
            or with broken quoting anywhere (``bad_csv``, parsed in full first), or an unsupported
            extension; ``bad_sheet``: ``sheet`` names no worksheet of the workbook, or is given for
            a CSV.
    """
    p = Path(path)
    if p.is_dir():
        raise UnreadableFile(f"这是一个文件夹，不是文件：{p.name}", code="unreadable_file")
    if p.stat().st_size == 0:
        raise UnreadableFile(f"文件为空：{p.name}", code="empty_file")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        if not zipfile.is_zipfile(p):
            raise UnreadableFile(f"文件不是有效的 xlsx 工作簿：{p.name}", code="bad_xlsx")
        return _sheet_notes(p, sheet)
    if suffix == ".csv":
        if sheet is not None:
            raise UnreadableFile(f"CSV 文件没有工作表，不能指定工作表「{sheet}」：{p.name}", code="bad_sheet")
        _check_utf8(p)
        _check_csv(p)
        return []
    raise UnreadableFile(f"不支持的文件类型：{p.suffix or '无扩展名'}（须为 .xlsx 或 .csv）", code="bad_type")


def _sheet_notes(p: Path, sheet: str | None) -> list[str]:
    """Check ``sheet`` against the workbook's worksheets; say which one is imported when there are several."""
    mod = _lib("io")
    if mod is None or not hasattr(mod, "sheet_names"):
        return []
    try:
        names = mod.sheet_names(p)
    except (zipfile.BadZipFile, KeyError, OSError, InvalidFileException) as exc:
        raise UnreadableFile(f"文件不是有效的 xlsx 工作簿：{p.name}", code="bad_xlsx") from exc
    listed = "、".join(f"「{n}」" for n in names)
    if sheet is not None and sheet not in names:
        raise UnreadableFile(f"工作簿中没有名为「{sheet}」的工作表（现有：{listed}）：{p.name}", code="bad_sheet")
    if len(names) < 2:
        return []
    read = sheet if sheet is not None else names[0]
    others = "、".join(f"「{n}」" for n in names if n != read)
    hint = "" if sheet is not None else "；如需导入其他工作表，请用 --sheet 指定"
    return [f"工作簿有 {len(names)} 个工作表，只导入「{read}」，未导入 {others}{hint}"]


class InputError(ValueError):
    """Bad input to a command or import: one Chinese sentence and a stable code, never a traceback.

    Attributes:
        code: stable identifier for ``--json`` output (see the raising function).
        message: one Chinese sentence for the operator.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class UnreadableFile(InputError):
    """A message file that cannot be read at all (not an xlsx, wrong encoding, empty, wrong header).

    ``code``: ``empty_file``, ``bad_xlsx``, ``bad_encoding``, ``bad_csv``, ``bad_header``, ``bad_type`` or
    ``unreadable_file``.
    """


REJECT_REASONS = {
    "missing_text": "留言主题和留言详情均为空",
    "bad_time": "留言时间无法识别",
    "bad_reply_time": "答复时间无法识别",
    "bad_count": "点赞数或反对数不是非负整数",
    "future_time": "留言时间晚于当前时间",
    "early_time": "留言时间早于 1970 年",
    "count_range": "点赞数或反对数超出范围（最大 2147483647）",
}

EARLIEST_TIME = datetime(1970, 1, 1)
"""留言时间 before this is a typing error (no message board is older), rejected as ``early_time``."""
MAX_COUNT = 2**31 - 1
"""Largest 点赞数/反对数 stored (the column is a 32-bit integer on PostgreSQL)."""


def _shown(value: Any) -> str:
    return "" if value is None else str(value).strip()[:50]


def _not_a_count(value: Any) -> str:
    try:
        float(_shown(value))
    except ValueError:
        return "不是数字"
    return "不是非负整数"


def reject_reason(code: str | None, raw: dict[str, Any]) -> str:
    """The Chinese reason of a row the library reader rejected, with the offending raw value.

    Args:
        code: the library's reason code (``missing_text``, ``bad_time``, ``bad_reply_time``, ``bad_count``).
        raw: the row's cells by column name.
    Returns:
        For example ``点赞数不是数字：abc`` or ``留言时间无法识别：2024-02-30``; never English text.
    """
    if code == "missing_text":
        return REJECT_REASONS["missing_text"]
    if code == "bad_time":
        return f"{REJECT_REASONS['bad_time']}：{_shown(raw.get('留言时间'))}"
    if code == "bad_reply_time":
        return f"{REJECT_REASONS['bad_reply_time']}：{_shown(raw.get('答复时间'))}"
    if code == "bad_count":
        for column in ("点赞数", "反对数"):
            value = raw.get(column)
            if _shown(value) and not _is_count(value):
                return f"{column}{_not_a_count(value)}：{_shown(value)}"
        return REJECT_REASONS["bad_count"]
    return "该行无法读取"


def _is_count(value: Any) -> bool:
    try:
        f = float(_shown(value))
    except ValueError:
        return False
    return f.is_integer() and f >= 0


def _from_library(items: Iterable[Any]) -> Iterator[Message | Rejected]:
    """Map the library reader's ``ParsedRow`` items to :class:`Message`/:class:`Rejected`.

    Beyond the library's checks: a 留言时间 more than a day after now (China time) is rejected
    (``future_time``: a typing error such as 2091 for 2019, which would otherwise top every
    "newest" list and hot-topic window for decades), and so is one before 1970 (``early_time``:
    0001-01-01 cannot even be stored as UTC); 点赞数/反对数 above :data:`MAX_COUNT` are rejected
    (``count_range``); whitespace runs in 留言主题 (the organisers'
    tabs and newlines) become one space, so titles read on one line in lists and notifications
    (the content hash is of the cleaned text and does not change).
    """
    latest = datetime.now(LOCAL_TZ).replace(tzinfo=None) + timedelta(days=1)
    for item in items:
        msg = item.message
        raw = item.raw or {}
        when = _naive_local(msg.time) if msg is not None else None
        if msg is None:
            reason = reject_reason(item.reason, raw)
        elif when is not None and not EARLIEST_TIME <= when <= latest:
            msg = None
            code = "future_time" if when > latest else "early_time"
            reason = f"{REJECT_REASONS[code]}：{_shown(raw.get('留言时间'))}"
        elif max(msg.likes or 0, msg.dislikes or 0) > MAX_COUNT:
            msg = None
            reason = f"{REJECT_REASONS['count_range']}：{_shown(raw.get('点赞数'))} / {_shown(raw.get('反对数'))}"
        if msg is None:
            ext = str(raw.get("留言编号") or "").strip()
            yield Rejected(int(item.row_number), reason, ext)
            continue
        yield Message(
            row=int(msg.row_number),
            external_id=(msg.id or "").strip(),
            user=(msg.user or "").strip(),
            title=" ".join((msg.title or "").split()),
            text=msg.text or "",
            received_at=msg.time,
            label=(msg.topic or "").strip(),
            likes=int(msg.likes or 0),
            dislikes=int(msg.dislikes or 0),
        )


# --------------------------------------------------------------------------------------------------
# Training and evaluation (wrappers for `renda textmining train|evaluate`)
# --------------------------------------------------------------------------------------------------
class LibraryMissing(RuntimeError):
    """A part of ``renda.textmining.lib`` this operation needs is not installed yet."""


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
        LibraryMissing: the library has no ``train_default_model`` yet.
    """
    mod = _lib("classify")
    if mod is None or not hasattr(mod, "train_default_model"):
        raise LibraryMissing("renda.textmining.lib.classify.train_default_model is not available")
    _check_data_file(data_path)
    _check_output(out_path)
    _, labels = labelled_texts(data_path)
    _check_labels(labels, data_path, min_per_topic=getattr(mod.TopicClassifier(), "calibration_folds", 3))
    try:
        result = mod.train_default_model(data_path, out_path)
    except OSError as exc:
        raise UnusableInput(f"模型文件无法写入：{out_path}（{_os_reason(exc)}）", code="bad_output") from exc
    with _model_lock:
        _model_cache.clear()
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

    Unlike :func:`get_classifier` (which falls back to manual triage), this raises.

    Returns:
        ``(model, note)``: ``note`` is a Chinese sentence when the file was saved under another
        scikit-learn version (usable, retraining advised), else ``None``.

    Raises:
        UnusableInput: ``model_not_found``; ``model_version`` (saved by another model version:
            retrain); ``bad_model`` (a folder, or not a Renda topic model file).
        LibraryMissing: the library has no classifier.
    """
    cls = _classifier_class()
    if cls is None:
        raise LibraryMissing("renda.textmining.lib.classify.TopicClassifier is not available")
    if not path.exists():
        raise UnusableInput(
            f"模型文件不存在：{path}（先运行 renda textmining train 或 make model）", code="model_not_found"
        )
    if path.is_dir():
        raise UnusableInput(f"模型路径是一个文件夹，须为模型文件：{path}", code="bad_model")
    version_error = getattr(_lib("classify"), "ModelVersionError", ())
    try:
        return _load_noting_library_version(cls, path)
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
        LibraryMissing: no classifier in the library.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    model, note = load_model_file(model_path)
    _check_data_file(data_path)
    texts, truth = labelled_texts(data_path)
    if not texts:
        raise UnusableInput(f"{data_path.name} 中没有带一级分类的留言（评估需要 一级分类 列）", code="no_labels")
    predicted = [p.label for p in _classify_with(model, texts)]
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


def _classify_with(model: Any, messages: list[Any], **prepared: Any) -> list[Prediction]:
    """Most probable label and its probability for each message (``model.predict_proba`` → (labels, probs)).

    ``prepared``: ``cleaned=True`` and ``words=`` (see ``TopicClassifier.predict_proba``) when the
    caller already cleaned and segmented the messages.
    """
    labels, probs = model.predict_proba(messages, **prepared)
    best = probs.argmax(axis=1) if len(probs) else []
    return [Prediction(str(labels[i]), float(probs[n, i])) for n, i in enumerate(best)]
