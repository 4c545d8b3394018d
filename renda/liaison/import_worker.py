"""The import's text work, without the database: clean, hash, segment, classify and prepare the
near-duplicate signatures of a batch of messages — inline, or in one worker process while the
importer (:mod:`renda.liaison.importer`) stores the previous batch. Moved here from
``intelligence.py``; the pure text functions come from ``renda.textmining.lib``, the model file and
thresholds from the settings through :mod:`renda.liaison.intelligence`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renda.liaison.intelligence import NearDupFinder, get_classifier, model_path, near_dup_threshold
from renda.textmining.lib.topic_model import Prediction, classify_with
from renda.textmining.lib.words import clean, content_hash, keep_words, segment_for_index


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
    from renda.textmining.lib import classify as lib_classify

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
    pairs = batch.parts if classifier is not None and ok else []
    search_texts = [""] * len(cleaned)
    shared: list[list[str]] = []
    if pairs:
        # one segmentation for the classifier and the index: the classifier's words of title。body
        shared = lib_classify.message_words([t for t, _ in pairs], [b for _, b in pairs])
    for k, i in enumerate(ok):
        if shared and not _SEVEN_DIGITS.search(cleaned[i]):
            search_texts[i] = " ".join(keep_words(shared[k]))
        else:  # a phone or ID number may be there: segment the redacted text instead
            search_texts[i] = segment_for_index(_redacted(cleaned[i], redact_text))
    lap("segment")
    predictions: list[Prediction | None] = [None] * len(cleaned)
    if classifier is not None and ok:
        prepared = {"cleaned": True, "words": shared} if pairs else {}
        found = classify_with(classifier, pairs or [messages[i] for i in ok], **prepared)
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


def _worker_clean_and_analyse(messages: list[tuple[str, str]], signatures: bool) -> BatchAnalysis:
    # the whole text work, cleaning and hashing included (the importing process is the busier one)
    return analyse_batch(
        messages, model=_worker_args["model"], threshold=_worker_args["threshold"], signatures=signatures
    )


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

    def __init__(self, future: Any, batch: CleanedBatch | None) -> None:
        self._future = future
        self._batch = batch
        self.clean_seconds = batch.seconds if batch is not None else 0.0
        """Seconds this process spent cleaning and hashing the batch (0 when the worker did it: its
        ``BatchAnalysis.seconds`` then has ``clean+hash``)."""

    def done(self) -> bool:
        """Whether the worker has finished (``result()`` will not wait)."""
        return bool(self._future.done())

    def result(self) -> BatchAnalysis:
        """The batch's :class:`BatchAnalysis` (waits for the worker; re-raises its exception)."""
        analysis: BatchAnalysis = self._future.result()
        return analysis if self._batch is None else _with_cleaning(analysis, self._batch)


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

    def submit(
        self, messages: list[tuple[str, str]], *, signatures: bool = True, clean_here: bool = True
    ) -> PendingAnalysis:
        """Start analysing ``messages`` (``(title, body)`` pairs).

        With ``clean_here`` the messages are cleaned and hashed here, in the caller's process
        (:func:`clean_batch`), and the worker segments, classifies and (with ``signatures``) prepares
        the near-duplicate signatures; ``clean_here=False`` sends the raw pairs and the worker does
        the cleaning and hashing too (:func:`analyse_batch`). ``signatures=False`` leaves the
        signatures to the caller. The caller shifts work this way towards whichever process waits
        (the importer when its worker is slower; the worker when the importer is, issue 17). The
        result is the same either way. Inline (``parallel=False``) everything runs here at once.

        Returns:
            A :class:`PendingAnalysis` whose ``result()`` is the batch's :class:`BatchAnalysis`.
        """
        if self._pool is not None and not clean_here:
            return PendingAnalysis(self._pool.submit(_worker_clean_and_analyse, messages, signatures), None)
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
