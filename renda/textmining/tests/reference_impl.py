"""The text functions as they were before issue 17's speed-ups, kept as the reference the fast ones
must equal (unit tests here, and the import of the 495-message sample in
``renda/liaison/tests/test_import_fast_path.py``). Plain and slow on purpose: one Python step per token."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

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
