"""Vectorised hashed n-gram TF-IDF features for Chinese messages (the classifier's feature extraction).

Why not scikit-learn's ``TfidfVectorizer``: its analyzers build every n-gram as a Python string
and look it up in a Python dict, about 1 µs per n-gram. A message of the real data (title + the
first 400 characters of the body) has ~1,700 character 1–4-grams and ~400 word uni/bigrams, so
the classifier spent ~0.8 ms per message there — the largest stage of the opinion import. Here
the whole batch is turned into one array of code points (``str.encode("utf-32-le")``) and every
n-gram of every message is hashed at once with numpy (polynomial hash + splitmix64 finaliser on
uint64, wrapping), then counted per message in a CSR matrix; cost is a few array passes over the
batch, ~20x faster.

Feature space: the top ``bits`` bits of the 64-bit hash pick a bucket (2^bits columns). Different
n-gram orders and the word/bigram kinds are hashed with different seeds into the same space.
:class:`HashedTfidf` then keeps the buckets seen in at least ``min_df`` training messages (so the
fitted model only stores those columns), applies sublinear tf ``1 + ln(count)``, smooth idf
``ln((1 + n) / (1 + df)) + 1`` (as scikit-learn) and L2-normalises each row: the same TF-IDF as
``TfidfVectorizer(sublinear_tf=True, min_df=…)`` up to hash collisions between n-grams (with
2^23 buckets and ~1.2 million distinct n-grams in the labelled data, a kept n-gram shares its
bucket with another one in a few percent of cases; measured effect on accuracy: see
``docs/benchmarks/textmining.md``).

Issue 17, compiled kernels (``_kernels.pyx``, built by ``pip install -e .``): the n-grams of each
text are hashed in one C loop into keys ``message << bits | bucket`` (same hash, same buckets as the
numpy array passes, kept as ``renda.textmining.tests.reference_impl.char_counts`` / ``word_counts``),
numpy sorts the keys, the kernel counts the runs, and :meth:`HashedTfidf.transform` weights the
rows in one pass; the matrices are the same, float for float (``tests/test_kernels.py``).

numpy/scipy and the compiled kernels; no Django.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from . import _kernels

__all__ = ["HashedTfidf", "char_ngram_counts", "word_ngram_counts"]

_U64 = np.uint64
_DENSE_MAP_MAX = 1 << 24


def _csr(keys: np.ndarray, n_docs: int, bits: int) -> sp.csr_matrix:
    """The canonical count matrix of sorted keys ``message << bits | bucket`` (run lengths counted by
    the compiled ``_kernels.sorted_keys_csr``), shape ``(n_docs, 2**bits)``."""
    data, indices, indptr = _kernels.sorted_keys_csr(keys, n_docs, bits)
    m = sp.csr_matrix((data, indices, indptr), shape=(n_docs, 1 << bits))
    m.has_canonical_format = True  # sorted by (message, bucket) and run-length counted
    return m


def _chunks(sizes: np.ndarray, limit: int) -> list[tuple[int, int]]:
    """Split items into consecutive ranges whose summed ``sizes`` stay near ``limit``.

    Working on ~256 K code points at a time keeps the temporary arrays in cache and off fresh
    pages (measured: 2.4x faster than one pass over 10,000 messages).
    """
    if sizes.size == 0:
        return [(0, 0)]
    ends = np.cumsum(sizes)
    out = []
    start = 0
    while start < sizes.size:
        base = ends[start - 1] if start else 0
        stop = int(np.searchsorted(ends, base + limit, side="right"))
        stop = max(stop, start + 1)
        out.append((start, stop))
        start = stop
    return out


_CHUNK_CHARS = 1 << 18
_TRANSFORM_CHUNK = 1 << 18
"""Entries of a count matrix weighted per pass by :meth:`HashedTfidf.transform` (whole rows)."""


def char_ngram_counts(texts: Sequence[str], orders: Sequence[int], *, bits: int, seed: int = 0) -> sp.csr_matrix:
    """Count the character n-grams of each text, hashed into ``2**bits`` buckets.

    Args:
        texts: strings (code points, so a CJK character is one character).
        orders: n-gram lengths, e.g. ``(1, 2, 3, 4)``; a text shorter than ``n`` has no n-grams of
            that order.
        bits: log2 of the number of columns (≤ 31).
        seed: hash seed (different seeds give independent bucket assignments).

    Returns:
        CSR counts of shape ``(len(texts), 2**bits)``.

    Raises:
        ValueError: if ``bits`` is not in 1..31 or an order is < 1.
    """
    if not 1 <= bits <= 31:
        raise ValueError(f"bits must be in 1..31, got {bits}")
    if any(n < 1 for n in orders):
        raise ValueError(f"n-gram orders must be ≥ 1, got {tuple(orders)}")
    return _char_counts(texts, orders, bits, seed)


def _char_counts(texts: Sequence[str], orders: Sequence[int], bits: int, seed: int) -> sp.csr_matrix:
    """Canonical count matrix of ``texts``' character n-grams.

    The compiled kernel ``_kernels.char_ngram_keys`` hashes each text's n-grams into keys
    ``message << bits | bucket`` (no temporary arrays per order, no window crossing two texts);
    numpy sorts them ~256 K code points of messages at a time, in place (its vectorised sort beats
    a per-message ``std::sort``), and ``_kernels.sorted_keys_csr`` counts the runs. The numpy
    version it replaced is ``renda.textmining.tests.reference_impl.char_counts``; the matrices are the
    same, entry for entry and dtype for dtype.
    """
    keys, per_text = _kernels.char_ngram_keys(list(texts), tuple(int(n) for n in orders), bits, seed)
    bounds = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(per_text, out=bounds[1:])
    sizes = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    for a, b in _chunks(sizes, _CHUNK_CHARS):
        keys[bounds[a] : bounds[b]].sort()  # whole messages: the slices are disjoint ranges of keys
    return _csr(keys, len(texts), bits)


def word_ngram_counts(
    docs: Sequence[Sequence[str]], *, bits: int, bigrams: bool = True, seed: int = 0
) -> sp.csr_matrix:
    """Count the words (and adjacent word pairs) of segmented texts, hashed into ``2**bits`` buckets.

    Args:
        docs: one list of words per text (e.g. from :func:`renda.textmining.lib.segment.segment_many`);
            words must not contain NUL (``"\\x00"``), used as the separator.
        bits: log2 of the number of columns (≤ 31).
        bigrams: also count each pair of adjacent words of a text.
        seed: hash seed.

    Returns:
        CSR counts of shape ``(len(docs), 2**bits)``.

    Raises:
        ValueError: if ``bits`` is not in 1..31.
    """
    if not 1 <= bits <= 31:
        raise ValueError(f"bits must be in 1..31, got {bits}")
    return _word_counts(docs, bits, bigrams, seed)


def _word_counts(docs: Sequence[Sequence[str]], bits: int, bigrams: bool, seed: int) -> sp.csr_matrix:
    """Canonical count matrix of the words (and adjacent pairs) of ``docs``: hashed into keys by the
    compiled ``_kernels.word_ngram_keys``, sorted ~64 K words of messages at a time, runs counted
    (see :func:`_char_counts`). The numpy version it replaced (the batch's words joined with NUL,
    hashed with array passes) is ``renda.textmining.tests.reference_impl.word_counts``."""
    n_docs = len(docs)
    keys, per_doc = _kernels.word_ngram_keys(list(docs), bits, bigrams, seed)
    if keys.size == 0:  # no words at all: the empty matrix, as scipy builds it
        return sp.csr_matrix((n_docs, 1 << bits), dtype=np.float64)
    bounds = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(per_doc, out=bounds[1:])
    sizes = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n_docs)
    for a, b in _chunks(sizes, _CHUNK_CHARS // 4):
        keys[bounds[a] : bounds[b]].sort()
    return _csr(keys, n_docs, bits)


class HashedTfidf:
    """TF-IDF weighting of hashed count matrices, keeping only buckets frequent enough in training.

    Fit on a count matrix from :func:`char_ngram_counts` / :func:`word_ngram_counts`; transform
    gives ``(n_rows, n_kept)`` rows weighted ``(1 + ln tf) · idf`` and L2-normalised (rows with no
    kept bucket stay zero). Equivalent to scikit-learn's ``TfidfVectorizer(sublinear_tf=True,
    smooth_idf=True, norm="l2", min_df=min_df)`` over the buckets.

    Args:
        min_df: keep buckets present in at least this many training rows (≥ 1).

    Attributes (after :meth:`fit`):
        kept_: sorted bucket numbers kept (int64), ``n_kept`` of them.
        idf_: idf of each kept bucket (float64, same order).
    """

    def __init__(self, min_df: int = 2) -> None:
        if min_df < 1:
            raise ValueError(f"min_df must be ≥ 1, got {min_df}")
        self.min_df = min_df
        self.kept_: np.ndarray | None = None
        self.idf_: np.ndarray | None = None
        self._n_buckets = 0
        self._col: np.ndarray | None = None

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_col"] = None  # rebuilt on first use (the rank table), not worth storing
        return state

    def fit(self, counts: sp.csr_matrix) -> HashedTfidf:
        """Learn the kept buckets and their idf from a canonical count matrix (rows = training texts)."""
        n_rows, self._n_buckets = counts.shape
        buckets, df = np.unique(counts.indices, return_counts=True)
        self.kept_ = buckets[df >= self.min_df].astype(np.int64)
        self.idf_ = np.log((1.0 + n_rows) / (1.0 + df[df >= self.min_df])) + 1.0
        self._col = None
        return self

    def _rank_table(self) -> tuple[np.ndarray, np.ndarray]:
        """The kept buckets as a bitmap (one ``uint64`` word per 64 buckets) and, per word, the number
        of kept buckets up to and including it (``int64``): the column of kept bucket ``b`` is that
        count minus the set bits of its word at ``b`` and above. 2^23 buckets take 2 MB instead of a
        32 MB dense bucket → column table (issue 17: worker memory, 52 MB for the classifier's three
        blocks). Built once, not pickled."""
        if self._col is None:
            assert self.kept_ is not None
            n_words = (self._n_buckets + 63) >> 6
            flags = np.zeros(n_words << 6, dtype=np.uint8)
            flags[self.kept_] = 1
            bits = np.packbits(flags, bitorder="little").view(np.uint64)
            through = np.cumsum(np.bitwise_count(bits), dtype=np.int64)
            self._col = np.stack([bits.view(np.int64), through])
        return self._col[0].view(np.uint64), self._col[1]

    def _columns(self, buckets: np.ndarray) -> np.ndarray:
        """Output column of each bucket (``int64``), -1 for buckets not kept.

        Up to 2^24 buckets a bitmap rank (:meth:`_rank_table`: one gather of the bucket's 64-bit word,
        its kept flag, a popcount of the bits at and above it); above that, a binary search in ``kept_``.
        Both give the bucket's position in ``kept_`` (``test_rank_columns_equal_the_dense_table``).
        """
        if self.kept_ is None:
            raise RuntimeError("HashedTfidf is not fitted")
        if self._n_buckets <= _DENSE_MAP_MAX:
            bits, through = self._rank_table()
            word = buckets >> 6
            above = bits.take(word) >> (buckets & 63).astype(np.uint64)  # the bucket's bit and those above
            cols = through.take(word) - np.bitwise_count(above)  # kept buckets before this one
            cols[(above & np.uint64(1)) == 0] = -1
            return cols
        pos = np.searchsorted(self.kept_, buckets)
        pos[pos == self.kept_.size] = 0
        return np.where(self.kept_[pos] == buckets, pos, -1) if self.kept_.size else np.full(buckets.size, -1)

    @property
    def n_features(self) -> int:
        """Number of output columns (kept buckets)."""
        if self.kept_ is None:
            raise RuntimeError("HashedTfidf is not fitted")
        return int(self.kept_.size)

    def transform(self, counts: sp.csr_matrix, weight: float = 1.0) -> sp.csr_matrix:
        """Weight and normalise a canonical count matrix with the fitted buckets.

        Args:
            counts: canonical counts, as :func:`char_ngram_counts` / :func:`word_ngram_counts` give them.
            weight: every value is multiplied by it after normalisation (the classifier's block
                weight): the same floats as ``transform(counts) * weight``, without a copy.

        Raises:
            RuntimeError: if not fitted.
            ValueError: if ``counts`` has a different number of buckets than the training matrix.
        """
        if self.kept_ is None:
            raise RuntimeError("HashedTfidf is not fitted")
        if counts.shape[1] != self._n_buckets:
            raise ValueError(f"expected {self._n_buckets} buckets, got {counts.shape[1]}")
        assert self.idf_ is not None
        n_rows = counts.shape[0]
        top = float(counts.data.max()) if counts.nnz else 0.0
        if self._n_buckets <= _DENSE_MAP_MAX and top >= 1.0:  # (NaN fails the test)
            # compiled (issue 17): one pass per row, no temporaries; the same floats as the numpy
            # passes below (``test_transform_kernel_equals_the_numpy_passes``)
            bits, through = self._rank_table()
            with np.errstate(divide="ignore"):  # log(0) = -inf at index 0, never read
                logs = np.log(np.arange(int(min(top, 1 << 20)) + 1, dtype=np.float64))
            done = _kernels.tfidf_rows(
                counts.indptr.astype(np.int64, copy=False),
                counts.indices.astype(np.int32, copy=False),
                counts.data.astype(np.float64, copy=False),
                bits,
                through,
                logs,  # numpy's log of each count, so that the floats are numpy's
                self.idf_,
                float(weight),
            )
            if done is not None:  # else a count is not a whole number (not a count matrix)
                vals, cols, indptr = done
                return sp.csr_matrix((vals, cols, indptr), shape=(n_rows, self.n_features))
        return self._transform_numpy(counts, weight)

    def _transform_numpy(self, counts: sp.csr_matrix, weight: float) -> sp.csr_matrix:
        """:meth:`transform` with numpy passes: counts that are not whole numbers ≥ 1, or more than
        2^24 buckets (binary search in ``kept_``)."""
        assert self.idf_ is not None
        n_rows = counts.shape[0]
        indptr_in = counts.indptr
        # issue 17 (worker memory): a few hundred thousand entries at a time, whole rows, into arrays
        # allocated once; the full-size temporaries of one pass over a batch's ~2 M entries were ~100 MB.
        # Each row's values are computed by the same operations in the same order (same floats).
        out_vals = np.empty(counts.nnz, dtype=np.float64)
        out_cols = np.empty(counts.nnz, dtype=np.int64)
        per_row = np.zeros(n_rows, dtype=np.int64)
        total = 0
        for a, b in _chunks(np.diff(indptr_in), _TRANSFORM_CHUNK):
            lo, hi = int(indptr_in[a]), int(indptr_in[b])
            mapped = self._columns(counts.indices[lo:hi])
            # the kept entries' positions once, then ``take`` (issue 17: three boolean-mask selections
            # cost ~3x more than one ``flatnonzero`` and three gathers; same values)
            kept = np.flatnonzero(mapped >= 0)
            rows = np.repeat(np.arange(b - a, dtype=np.int64), np.diff(indptr_in[a : b + 1])).take(kept)
            cols = mapped.take(kept)
            vals = (1.0 + np.log(counts.data[lo:hi].take(kept))) * self.idf_.take(cols)
            sq = np.bincount(rows, weights=vals * vals, minlength=b - a)
            norms = np.sqrt(sq)
            norms[norms == 0] = 1.0
            vals /= norms.take(rows)
            if weight != 1.0:
                vals *= weight
            per_row[a:b] = np.bincount(rows, minlength=b - a)
            out_vals[total : total + vals.size] = vals
            out_cols[total : total + cols.size] = cols
            total += vals.size
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(per_row, out=indptr[1:])
        return sp.csr_matrix((out_vals[:total], out_cols[:total], indptr), shape=(n_rows, self.n_features))

    def fit_transform(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """:meth:`fit` then :meth:`transform` on the same matrix."""
        return self.fit(counts).transform(counts)
