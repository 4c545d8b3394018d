"""The text functions (and the audit hash the import computes per event) as they were before issue
17's speed-ups, kept as the reference the fast ones must equal (unit tests here, and the import of the 495-message sample in
``renda/liaison/tests/test_import_fast_path.py``). Plain and slow on purpose: one Python step per token."""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from renda.textmining.lib import features
from renda.textmining.lib.features import HashedTfidf
from renda.textmining.lib.neardup import SHINGLE, _batch_shingles, _mix64, jaccard
from renda.textmining.lib.words import WORD

# the module (the package re-exports a function of that name)
seg = importlib.import_module("renda.textmining.lib.segment")


def assemble(parts: Sequence[tuple[np.ndarray, np.ndarray]], n_docs: int, bits: int) -> sp.csr_matrix:
    """``features._assemble`` before issue 17: indices filled row by row, then scipy's ``sum_duplicates``."""
    per_doc = np.zeros(n_docs, dtype=np.int64)
    for _, counts in parts:
        per_doc += counts
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(per_doc, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), dtype=np.int32 if bits < 31 else np.int64)
    offset = indptr[:-1].copy()
    shift = np.uint64(64 - bits)
    for hashes, counts in parts:
        if hashes.size == 0:
            continue
        starts = np.zeros(n_docs, dtype=np.int64)
        np.cumsum(counts[:-1], out=starts[1:])
        rank = np.arange(hashes.size, dtype=np.int64) - np.repeat(starts, counts)
        dest = np.repeat(offset, counts) + rank
        indices[dest] = (hashes >> shift).astype(indices.dtype)
        offset += counts
    m = sp.csr_matrix((np.ones(indices.size, dtype=np.float64), indices, indptr), shape=(n_docs, 1 << bits))
    m.sum_duplicates()
    return m


def char_counts(texts: Sequence[str], orders: Sequence[int], bits: int, seed: int) -> sp.csr_matrix:
    """``features._char_counts`` before the compiled kernel: the whole batch's code points in one
    uint64 array, every n-gram hashed at once with numpy (same polynomial hash and splitmix64
    finaliser, wrapping), a window kept when it lies inside one text, then the assembly (:func:`assemble`: the same matrix as the sort-based one of that time);
    256 K code points at a time (``features._chunks``), the parts stacked."""
    sizes = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    parts = [_char_counts_numpy(texts[a:b], orders, bits, seed) for a, b in features._chunks(sizes, 1 << 18)]
    return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")


def _char_counts_numpy(texts: Sequence[str], orders: Sequence[int], bits: int, seed: int) -> sp.csr_matrix:
    u64 = np.uint64
    n_docs = len(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n_docs)
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(u64)
    total = cps.size
    ends = np.cumsum(lengths)
    doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    parts = []
    for n in orders:
        m = total - n + 1
        counts = np.maximum(lengths - n + 1, 0)
        if m <= 0 or counts.sum() == 0:
            parts.append((np.zeros(0, dtype=u64), counts))
            continue
        with np.errstate(over="ignore"):
            h = np.full(m, _mix64(np.array([seed * 1000 + n], dtype=u64))[0], dtype=u64)
            for j in range(n):
                h = h * u64(0x100000001B3) + cps[j : j + m] + u64(1)
            h = _mix64(h)
        valid = np.arange(n - 1, n - 1 + m, dtype=np.int64) < ends[doc_of[:m]]
        parts.append((h[valid], counts))
    return assemble(parts, n_docs, bits)


def word_counts(docs: Sequence[Sequence[str]], bits: int, bigrams: bool, seed: int) -> sp.csr_matrix:
    """``features._word_counts`` before the compiled kernel: the batch's words joined with NUL into one
    code-point array, every word hashed at once with numpy (per-character splitmix64 terms summed
    with ``np.add.reduceat``), the pairs from adjacent hashes, then :func:`assemble`; ~64 K words
    at a time, the parts stacked."""
    sizes = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    chunks = features._chunks(sizes, 1 << 16)
    parts = [_word_counts_numpy(docs[a:b], bits, bigrams, seed) for a, b in chunks]
    return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")


def _word_counts_numpy(docs: Sequence[Sequence[str]], bits: int, bigrams: bool, seed: int) -> sp.csr_matrix:
    u64 = np.uint64
    k_char, k_pos, k_pair = u64(0x9E3779B97F4A7C15), u64(0xC2B2AE3D27D4EB4F), u64(0x165667B19E3779F9)
    n_docs = len(docs)
    n_words = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n_docs)
    if n_words.sum() == 0:
        return sp.csr_matrix((n_docs, 1 << bits), dtype=np.float64)
    joined = "\x00".join("\x00".join(d) for d in docs if d)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(u64)
    is_sep = cps == 0
    seps = np.flatnonzero(is_sep)
    word_start = np.concatenate(([0], seps + 1))
    wlen = np.concatenate((seps, [cps.size])) - word_start
    word_of = np.cumsum(is_sep)[~is_sep]
    chars = cps[~is_sep]
    pos = np.arange(cps.size, dtype=np.int64)[~is_sep] - word_start[word_of]
    with np.errstate(over="ignore"):
        v = _mix64(chars * k_char + (pos.astype(u64) + u64(1)) * k_pos + u64(seed))
        nonempty = wlen > 0
        sums = np.zeros(wlen.size, dtype=u64)
        if nonempty.any():
            first = np.zeros(wlen.size, dtype=np.int64)
            np.cumsum(wlen[:-1], out=first[1:])
            sums[nonempty] = np.add.reduceat(v, first[nonempty])
        h = _mix64(sums + wlen.astype(u64) * k_pair)
    parts = [(h, n_words)]
    if bigrams:
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), n_words)
        same = doc_of[1:] == doc_of[:-1]
        with np.errstate(over="ignore"):
            pair = _mix64(h[:-1] * k_pair + h[1:] + u64(seed + 1))
        parts.append((pair[same], np.maximum(n_words - 1, 0)))
    return assemble(parts, n_docs, bits)


def keep_words(words: list[str]) -> list[str]:
    """``words.keep_words`` by its definition: stripped, lowercased, those with a word character."""
    out = []
    for w in words:
        s = w.strip()
        if s and WORD.search(s):
            out.append(s.lower())
    return out


def segment_many(
    texts: Iterable[str],
    *,
    drop_stopwords: bool = True,
    drop_punct: bool = True,
    stopwords: frozenset[str] | None = None,
    search_mode: bool = False,
) -> list[list[str]]:
    """``segment.segment_many`` with its token filter written out, one regular-expression test per token."""
    jb = seg.segmenter()
    stop = (stopwords if stopwords is not None else seg.load_stopwords()) if drop_stopwords else None
    out: list[list[str]] = []
    for text in texts:
        words = jb.cut_for_search(text, True) if search_mode else jb.cut(text, True)
        if drop_punct:
            words = [w for w in words if seg._KEEP.search(w) and not w.isspace()]
        if stop:
            words = [w for w in words if w not in stop]
        out.append(words)
    return out


def dense_columns(self: HashedTfidf, buckets: np.ndarray) -> np.ndarray:
    """``HashedTfidf._columns`` before issue 17's third round: a dense bucket → column table (int32,
    -1 for buckets not kept), 4 bytes per bucket, instead of the bitmap rank."""
    assert self.kept_ is not None
    col = np.full(self._n_buckets, -1, dtype=np.int32)
    col[self.kept_] = np.arange(self.kept_.size, dtype=np.int32)
    return col[buckets]


def tfidf_transform(self: HashedTfidf, counts: sp.csr_matrix, weight: float = 1.0) -> sp.csr_matrix:
    """``HashedTfidf.transform`` before issue 17's second pass (boolean masks), then ``* weight`` as
    the classifier scaled each block."""
    assert self.kept_ is not None and self.idf_ is not None
    n_rows = counts.shape[0]
    mapped = dense_columns(self, counts.indices)
    keep = mapped >= 0
    rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(counts.indptr))[keep]
    cols = mapped[keep]
    vals = (1.0 + np.log(counts.data[keep])) * self.idf_[cols]
    sq = np.bincount(rows, weights=vals * vals, minlength=n_rows)
    norms = np.sqrt(sq)
    norms[norms == 0] = 1.0
    vals /= norms[rows]
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    return sp.csr_matrix((vals, cols, indptr), shape=(n_rows, self.n_features)) * weight


def event_hash(model: Any, values: Mapping[str, Any]) -> str:
    """``renda.core.audit.event_hash`` before issue 17 (columns listed and every value canonicalised
    per call, a JSON encoder per call): the audit chain's definition the fast one must equal."""
    from renda.core.audit import canonical, hashed_columns

    body = {c: canonical(values.get(c)) for c in hashed_columns(model)}
    text = json.dumps([model._meta.db_table, body], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def event_hasher(model: Any, fixed: Mapping[str, Any], varying: Sequence[str]) -> Callable[..., str]:
    """``renda.core.audit.event_hasher`` written as its definition: :func:`event_hash` of the fixed
    values with the varying ones put in, per call."""
    return lambda *values: event_hash(model, {**fixed, **dict(zip(varying, values, strict=True))})


def clean_text(text: str, *, mask: bool = False) -> str:
    """``clean.clean_text`` before issue 17: the cleaning pass repeated until it changes nothing."""
    from renda.textmining.lib.clean import _clean_once, mask_personal

    out = text
    for _ in range(100):
        new = _clean_once(out)
        if mask:
            new = mask_personal(new)
        if new == out:
            break
        out = new
    return out


def decision_function(self: Any, x: Any) -> np.ndarray:
    """``NBLinearSVC.decision_function`` before issue 17: one sparse × dense product (scipy converts the
    float32 weights to float64 whole, per call)."""
    return np.asarray(sp.csr_matrix(x) @ self.coef_, dtype=np.float64) + self.intercept_


def decision_function_per_class(self: Any, x: Any) -> np.ndarray:
    """``NBLinearSVC.decision_function`` of issue 17's earlier round: one class (a strided float32
    column of ``coef_``, converted by scipy to a contiguous float64 vector) at a time."""
    x = sp.csr_matrix(x)
    scores = np.empty((x.shape[0], self.coef_.shape[1]), dtype=np.float64)
    for k in range(self.coef_.shape[1]):
        scores[:, k] = x @ self.coef_[:, k]
    return scores + self.intercept_


def _sorted_unique(h: np.ndarray) -> np.ndarray:
    """``np.unique(h)`` for a 1-d array, as ``neardup`` had it."""
    s = np.sort(h)
    if s.size < 2:
        return s
    keep = np.empty(s.size, dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def shingle_sets(norm: Sequence[str], k: int = SHINGLE) -> list[np.ndarray]:
    """Each normalised text's sorted distinct shingle hashes, as ``NearDupIndex._verified`` computed them
    before issue 17's verification kernel: ``neardup._batch_shingles`` 500 texts at a time, then one
    sort + unique per text."""
    sets: list[np.ndarray] = []
    for at in range(0, len(norm), 500):
        hashes, counts = _batch_shingles(norm[at : at + 500], k)
        bounds = np.concatenate(([0], np.cumsum(counts))).tolist()
        sets.extend(_sorted_unique(hashes[bounds[m] : bounds[m + 1]]) for m in range(len(counts)))
    return sets


def verified_similarities(norm: Sequence[str], pairs: Sequence[tuple[int, int]]) -> list[float]:
    """The exact Jaccard of texts ``norm[a]`` and ``norm[b]`` for each pair, as ``NearDupIndex._verified``
    computed it before issue 17's verification kernel (numpy ``neardup.jaccard`` per pair)."""
    sets = shingle_sets(norm)
    return [jaccard(sets[a], sets[b]) for a, b in pairs]
