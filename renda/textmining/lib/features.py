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

Pure numpy/scipy; no Django.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from .neardup import _mix64  # the splitmix64 finaliser the shingle hashes use too

__all__ = ["HashedTfidf", "char_ngram_counts", "word_ngram_counts"]

_U64 = np.uint64
_BASE = _U64(0x100000001B3)
_K_CHAR = _U64(0x9E3779B97F4A7C15)
_K_POS = _U64(0xC2B2AE3D27D4EB4F)
_K_PAIR = _U64(0x165667B19E3779F9)
_DENSE_MAP_MAX = 1 << 24


def _codepoints(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """All code points of ``texts`` concatenated (uint64) and each text's length in code points."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(_U64)
    return cps, lengths


def _assemble(parts: Sequence[tuple[np.ndarray, np.ndarray]], n_docs: int, bits: int) -> sp.csr_matrix:
    """Merge per-kind hash arrays into one count matrix.

    Each n-gram becomes one 64-bit key ``message << bits | bucket``; one ``np.sort`` of the keys and
    a run-length count give the canonical matrix directly (issue 17: ~1.7× faster than filling the
    indices row by row and letting scipy's ``sum_duplicates`` sort every row; the matrix is the same,
    see ``test_assemble_equals_scipy_canonical_counts``).

    Args:
        parts: ``(hashes, counts)`` pairs; ``hashes`` (uint64) lists each message's n-gram hashes
            message after message, ``counts[d]`` is how many belong to message ``d``.
        n_docs: number of messages (< 2**(64 - bits)).
        bits: the matrix has ``2**bits`` columns (bucket = top ``bits`` bits of the hash).

    Returns:
        CSR counts (float64), shape ``(n_docs, 2**bits)``, canonical (sorted indices, no duplicates).
    """
    shift, width = _U64(64 - bits), _U64(bits)
    docs = np.arange(n_docs, dtype=_U64)
    keyed = [(np.repeat(docs, counts) << width) | (hashes >> shift) for hashes, counts in parts if hashes.size]
    keys = np.concatenate(keyed) if keyed else np.zeros(0, dtype=_U64)
    keys.sort()
    if keys.size:
        first = np.empty(keys.size, dtype=bool)
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        keys = keys[starts]
        data = np.diff(np.append(starts, first.size)).astype(np.float64)
    else:
        data = np.zeros(0, dtype=np.float64)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount((keys >> width).astype(np.int64), minlength=n_docs), out=indptr[1:])
    indices = (keys & _U64((1 << bits) - 1)).astype(np.int32 if bits < 31 else np.int64)
    m = sp.csr_matrix((data, indices, indptr), shape=(n_docs, 1 << bits))
    m.has_canonical_format = True  # sorted by (message, bucket) and run-length counted above
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
    sizes = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    parts = [_char_counts(texts[a:b], orders, bits, seed) for a, b in _chunks(sizes, _CHUNK_CHARS)]
    return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")


def _char_counts(texts: Sequence[str], orders: Sequence[int], bits: int, seed: int) -> sp.csr_matrix:
    n_docs = len(texts)
    cps, lengths = _codepoints(texts)
    total = cps.size
    ends = np.cumsum(lengths)
    doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    parts = []
    for n in orders:
        m = total - n + 1
        counts = np.maximum(lengths - n + 1, 0)
        if m <= 0 or counts.sum() == 0:
            parts.append((np.zeros(0, dtype=_U64), counts))
            continue
        with np.errstate(over="ignore"):
            h = np.full(m, _mix64(np.array([seed * 1000 + n], dtype=_U64))[0], dtype=_U64)
            for j in range(n):
                h = h * _BASE + cps[j : j + m] + _U64(1)
            h = _mix64(h)
        valid = np.arange(n - 1, n - 1 + m, dtype=np.int64) < ends[doc_of[:m]]
        parts.append((h[valid], counts))
    return _assemble(parts, n_docs, bits)


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
    sizes = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    parts = [_word_counts(docs[a:b], bits, bigrams, seed) for a, b in _chunks(sizes, _CHUNK_CHARS // 4)]
    return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")


def _word_counts(docs: Sequence[Sequence[str]], bits: int, bigrams: bool, seed: int) -> sp.csr_matrix:
    n_docs = len(docs)
    n_words = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n_docs)
    if n_words.sum() == 0:
        return sp.csr_matrix((n_docs, 1 << bits), dtype=np.float64)
    # one string for the batch, words separated by NUL: no Python loop over words
    joined = "\x00".join("\x00".join(d) for d in docs if d)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(_U64)
    is_sep = cps == 0
    seps = np.flatnonzero(is_sep)
    word_start = np.concatenate(([0], seps + 1))
    wlen = np.concatenate((seps, [cps.size])) - word_start
    word_of = np.cumsum(is_sep)[~is_sep]  # word number of every non-separator character
    chars = cps[~is_sep]
    pos = np.arange(cps.size, dtype=np.int64)[~is_sep] - word_start[word_of]
    with np.errstate(over="ignore"):
        v = _mix64(chars * _K_CHAR + (pos.astype(_U64) + _U64(1)) * _K_POS + _U64(seed))
        nonempty = wlen > 0
        sums = np.zeros(wlen.size, dtype=_U64)
        if nonempty.any():
            first = np.zeros(wlen.size, dtype=np.int64)
            np.cumsum(wlen[:-1], out=first[1:])
            sums[nonempty] = np.add.reduceat(v, first[nonempty])
        h = _mix64(sums + wlen.astype(_U64) * _K_PAIR)
    parts = [(h, n_words)]
    if bigrams:
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), n_words)
        same = doc_of[1:] == doc_of[:-1]
        with np.errstate(over="ignore"):
            pair = _mix64(h[:-1] * _K_PAIR + h[1:] + _U64(seed + 1))
        parts.append((pair[same], np.maximum(n_words - 1, 0)))
    return _assemble(parts, n_docs, bits)


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
