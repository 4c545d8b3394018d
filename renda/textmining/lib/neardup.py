"""Near-duplicate detection: numpy-vectorised MinHash + LSH, verified by exact Jaccard.

Similarity is the Jaccard index of the sets of character 5-grams ("shingles") of a text after
:func:`shingle_text` normalisation (full-width → half-width, all whitespace removed). Texts
shorter than 5 characters have one shingle: the whole text (so two identical short texts,
even two empty texts, are duplicates).

How it works (no per-shingle Python loops):

1. All texts of a batch are concatenated and encoded as UTF-32 code points; every 5-gram is
   hashed at once with a polynomial over uint64 followed by the splitmix64 finaliser.
2. MinHash by one-permutation hashing with rotation densification (see
   :func:`minhash_signatures`): each shingle hash is re-mixed once, its top bits choose one of
   ``num_perm`` bins and a bin keeps its minimum (``np.minimum.at``); empty bins borrow from the
   next non-empty bin. O(shingles) instead of O(shingles × num_perm); the classic
   ``num_perm``-hash MinHash is kept as ``method="classic"``.
3. LSH: the signature is cut into ``bands`` bands of ``rows`` rows; each band is hashed to one
   uint64 bucket key. Band/row counts are chosen so that a pair at the threshold collides in at
   least one band with probability ≥ 0.998 (``1 - (1 - t^r)^b``).
4. Candidates are pre-filtered by the MinHash estimate (dropped when it is below
   ``threshold - 0.3``, 3.5 standard deviations even for 20-character texts) and then verified
   with the exact Jaccard of the texts' sorted shingle-hash sets, so every reported pair really
   has Jaccard ≥ threshold (up to 64-bit hash collisions). The sets are recomputed per batch for
   the texts involved and compared pair by pair by compiled kernels (``_kernels.shingle_sets``, or
   ``_kernels.stored_shingle_sets`` straight from the text store's UTF-16 buffer, and
   ``_kernels.pair_jaccards``; the numpy version they equal is in the tests' ``reference_impl``).

Streaming: :meth:`NearDupIndex.add_many` inserts a batch, matching each new text against
everything already indexed and against earlier texts of the same batch, and keeps duplicate
groups (connected components of verified pairs, union-find) up to date.

Benchmark and method follow the 问政西地省 message files in ``shared/data`` (see
``bench/textmining_neardup.py``).
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import _kernels
from .clean import normalize_width

__all__ = [
    "DupGroup",
    "Match",
    "NearDupIndex",
    "Prepared",
    "choose_bands",
    "groups",
    "jaccard",
    "minhash_signatures",
    "shingle_hashes",
    "shingle_text",
]

SHINGLE = 5
_U64 = np.uint64
_MASK64 = (1 << 64) - 1
_BASE = _U64(0x100000001B3)  # FNV prime as polynomial base
_CHUNK = 1 << 16  # shingles per MinHash chunk (× num_perm × 8 bytes of memory)


def shingle_text(text: str) -> str:
    """Normalise a text for shingling: half-width ASCII and no whitespace at all."""
    return "".join(normalize_width(text).split())


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised over a uint64 array (wraps modulo 2^64)."""
    x = x ^ (x >> _U64(30))
    x = x * _U64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> _U64(27))
    x = x * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


def _short_hash(s: str) -> int:
    h = 0x9E3779B97F4A7C15 ^ len(s)
    for ch in s:
        h = (h * 0x100000001B3 + ord(ch) + 1) & _MASK64
    return h


def _batch_shingles(norm: Sequence[str], k: int = SHINGLE) -> tuple[np.ndarray, np.ndarray]:
    """Hash all k-grams of already-normalised texts at once.

    Returns:
        (hashes, counts): all shingle hashes (uint64, document order, duplicates kept) and the
        number of shingles per document (≥ 1).
    """
    lengths = np.fromiter((len(t) for t in norm), dtype=np.int64, count=len(norm))
    if len(norm) == 0:
        return np.zeros(0, dtype=_U64), lengths
    cps = np.frombuffer("".join(norm).encode("utf-32-le"), dtype=np.uint32).astype(_U64)
    n_total = cps.shape[0]
    counts = np.maximum(lengths - k + 1, 1)
    if n_total >= k:
        h = np.zeros(n_total - k + 1, dtype=_U64)
        with np.errstate(over="ignore"):
            for j in range(k):
                h = h * _BASE + cps[j : n_total - k + 1 + j] + _U64(1)
            h = _mix64(h)
    else:
        h = np.zeros(0, dtype=_U64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    long_mask = lengths >= k
    # window start positions of all long documents: starts[d] .. starts[d] + lengths[d] - k
    n_win = np.where(long_mask, lengths - k + 1, 0)
    doc_of = np.repeat(np.arange(len(norm)), n_win)
    offs = np.arange(n_win.sum()) - np.repeat(np.cumsum(n_win) - n_win, n_win)
    long_hashes = h[starts[doc_of] + offs] if doc_of.size else np.zeros(0, dtype=_U64)
    if long_mask.all():
        return long_hashes, counts
    out = np.empty(int(counts.sum()), dtype=_U64)
    out_starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    pos_long = np.repeat(out_starts, np.where(long_mask, counts, 0)) + offs
    out[pos_long] = long_hashes
    short_idx = np.flatnonzero(~long_mask)
    out[out_starts[short_idx]] = np.array([_short_hash(norm[int(i)]) for i in short_idx], dtype=_U64)
    return out, counts


def shingle_hashes(text: str, *, k: int = SHINGLE) -> np.ndarray:
    """Sorted unique uint64 hashes of the character k-grams of ``shingle_text(text)``.

    Args:
        text: any string.
        k: shingle length in characters (default 5).

    Returns:
        A sorted ``np.ndarray[uint64]``, at least one element (texts shorter than ``k`` give the
        hash of the whole text).
    """
    h, _ = _batch_shingles([shingle_text(text)], k)
    return np.unique(h)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard index of two sorted unique uint64 arrays (from :func:`shingle_hashes`)."""
    if a.size == 0 and b.size == 0:
        return 1.0
    if a.size > b.size:
        a, b = b, a
    if a.size == 0:
        return 0.0
    # both sorted and unique: look each element of the smaller array up in the larger one (no sort)
    at = np.searchsorted(b, a)
    at[at == b.size] = 0
    inter = int(np.count_nonzero(b[at] == a))
    return inter / (a.size + b.size - inter)


def _perm_params(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * _U64(2) + _U64(1)  # odd
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def minhash_signatures(
    hashes: np.ndarray,
    counts: np.ndarray,
    *,
    num_perm: int = 128,
    seed: int = 1,
    method: str = "oph",
) -> np.ndarray:
    """MinHash signatures of many documents from their concatenated shingle hashes.

    Two methods, both vectorised:

    * ``"oph"`` (default): one-permutation hashing with rotation densification (Li, Owen & Zhang
      2012; Shrivastava & Li 2014). Each shingle hash is re-mixed once; its top bits pick one of
      ``num_perm`` bins and the low 32 bits are the value; a bin keeps its minimum. Empty bins
      borrow the value of the next non-empty bin to the right (circularly) plus
      ``distance · 2^32``, so that the probability that two signatures agree in a position is
      still (close to) the Jaccard index. Cost O(shingles), ~20x faster than classic.
    * ``"classic"``: ``num_perm`` independent affine maps ``a·x + b (mod 2^64)``, minimum per
      map. Cost O(shingles × num_perm).

    Args:
        hashes: uint64 shingle hashes of all documents, document after document.
        counts: number of hashes per document (each ≥ 1), ``counts.sum() == hashes.size``.
        num_perm: signature length.
        seed: seed of the hash parameters (indexes must use the same seed).
        method: ``"oph"`` or ``"classic"``.

    Returns:
        ``np.ndarray[uint64]`` of shape ``(len(counts), num_perm)``.

    Raises:
        ValueError: for an unknown method.
    """
    if method == "oph":
        return _oph_signatures(hashes, counts, num_perm=num_perm, seed=seed)
    if method != "classic":
        raise ValueError(f"unknown MinHash method {method!r}")
    a, b = _perm_params(num_perm, seed)
    n_docs = counts.shape[0]
    sig = np.empty((n_docs, num_perm), dtype=_U64)
    bounds = np.concatenate(([0], np.cumsum(counts)))
    d0 = 0
    while d0 < n_docs:
        # take whole documents until the chunk holds ~_CHUNK shingles
        d1 = int(np.searchsorted(bounds, bounds[d0] + _CHUNK, side="right")) - 1
        d1 = max(d1, d0 + 1)
        lo, hi = bounds[d0], bounds[d1]
        with np.errstate(over="ignore"):
            hv = hashes[lo:hi, None] * a[None, :] + b[None, :]
        sig[d0:d1] = np.minimum.reduceat(hv, bounds[d0:d1] - lo, axis=0)
        d0 = d1
    return sig


_EMPTY = np.iinfo(np.uint64).max


def _oph_signatures(hashes: np.ndarray, counts: np.ndarray, *, num_perm: int, seed: int) -> np.ndarray:
    n_docs = counts.shape[0]
    a, b = _perm_params(1, seed)
    with np.errstate(over="ignore"):
        h = _mix64(hashes * a[0] + b[0])
    bins = ((h >> _U64(32)) * _U64(num_perm)) >> _U64(32)  # uniform bin in [0, num_perm)
    vals = h & _U64(0xFFFFFFFF)
    doc = np.repeat(np.arange(n_docs, dtype=np.int64), counts)
    flat = doc * num_perm + bins.astype(np.int64)
    sig = np.full(n_docs * num_perm, _EMPTY, dtype=_U64)
    np.minimum.at(sig, flat, vals)
    sig = sig.reshape(n_docs, num_perm)
    empty = sig == _EMPTY
    if empty.any():
        # next non-empty bin to the right, circularly: work on the row repeated twice
        pos = np.arange(2 * num_perm)
        nonempty2 = np.concatenate([~empty, ~empty], axis=1)
        idx = np.where(nonempty2, pos[None, :], 2 * num_perm)
        nxt = np.minimum.accumulate(idx[:, ::-1], axis=1)[:, ::-1][:, :num_perm]
        dist = (nxt - pos[None, :num_perm]).astype(_U64)
        src = nxt % num_perm
        borrowed = np.take_along_axis(sig, src, axis=1) + (dist << _U64(32))
        sig = np.where(empty, borrowed, sig)
    return sig


def choose_bands(threshold: float, num_perm: int, *, min_recall: float = 0.998) -> tuple[int, int]:
    """Pick LSH (bands, rows) with ``bands * rows <= num_perm``.

    Among settings whose collision probability at ``threshold`` is ≥ ``min_recall``, choose the
    one with the lowest collision probability at ``threshold - 0.3`` (fewest useless candidates).

    Returns:
        ``(bands, rows)``.

    Raises:
        ValueError: if ``threshold`` is not in (0, 1] or ``num_perm`` < 2.
    """
    if not 0 < threshold <= 1 or num_perm < 2:
        raise ValueError("threshold must be in (0, 1] and num_perm >= 2")
    best: tuple[float, int, int] | None = None
    low = max(threshold - 0.3, 0.05)
    for r in range(1, num_perm + 1):
        b = num_perm // r
        if b < 1:
            break
        p_hit = 1 - (1 - threshold**r) ** b
        if p_hit < min_recall:
            continue
        p_low = 1 - (1 - low**r) ** b
        if best is None or p_low < best[0]:
            best = (p_low, b, r)
    if best is None:
        return num_perm, 1
    return best[1], best[2]


@dataclass(frozen=True, slots=True)
class Match:
    """A verified near-duplicate: ``id`` of the indexed text and exact shingle Jaccard (0–1)."""

    id: Hashable
    similarity: float


@dataclass(slots=True)
class DupGroup:
    """A group of near-duplicate texts (connected component of verified pairs).

    Attributes:
        ids: member ids in insertion order (≥ 2).
        pairs: verified pairs ``(id_a, id_b, jaccard)`` inside the group; members may be linked
            only through others (A~B, B~C) so not every pair of members is listed.
        min_similarity / max_similarity: over ``pairs``.
    """

    ids: list[Hashable]
    pairs: list[tuple[Hashable, Hashable, float]] = field(default_factory=list)

    @property
    def min_similarity(self) -> float:
        """Lowest verified Jaccard in the group."""
        return min((p[2] for p in self.pairs), default=1.0)

    @property
    def max_similarity(self) -> float:
        """Highest verified Jaccard in the group."""
        return max((p[2] for p in self.pairs), default=1.0)


@dataclass(slots=True)
class Prepared:
    """The CPU-heavy part of indexing a batch of texts, computed apart from the index (for example in
    another process) by :meth:`NearDupIndex.prepare` and inserted with :meth:`NearDupIndex.add_prepared`.

    Attributes:
        sigs: MinHash signatures, ``uint64`` of shape ``(n, num_perm)``.
        texts: per text, its :func:`shingle_text` form (the exact verification recomputes the few
            shingle sets it needs from it; empty list when ``keep_shingles`` is off).
        keys: LSH bucket keys, ``uint64`` of shape ``(n, bands)``.
        params: ``(threshold, num_perm, seed, keep_shingles)`` of the index that prepared them; an
            index accepts only batches prepared with its own parameters.
    """

    sigs: np.ndarray
    texts: list[str]
    keys: np.ndarray
    params: tuple[float, int, int, bool]

    def __len__(self) -> int:
        return int(self.sigs.shape[0])

    def take(self, positions: Sequence[int]) -> Prepared:
        """The texts at ``positions`` (in that order), for inserting only some of a prepared batch."""
        idx = np.asarray(positions, dtype=np.int64)
        texts = [self.texts[i] for i in idx.tolist()] if self.texts else []
        return Prepared(self.sigs[idx], texts, self.keys[idx], self.params)


_PREPARE_CHUNK = 500  # texts per vectorised pass of NearDupIndex.prepare
_BLOCK_BITS = 13
_BLOCK = 1 << _BLOCK_BITS  # signatures per storage block (8,192 × num_perm × 5 bytes)


class _Signatures:
    """The indexed texts' MinHash signatures, exactly, in 5 bytes per value instead of 8.

    A one-permutation signature value is ``distance · 2^32 + low 32 bits`` with ``distance <
    num_perm`` (see :func:`_oph_signatures`), so it is kept as a ``uint32`` and a ``uint8`` (``uint16``
    above 256 bins); two values are equal exactly when both parts are. Rows live in fixed blocks of
    :data:`_BLOCK` rows, so growing never copies what is stored (no transient double).
    """

    def __init__(self, num_perm: int) -> None:
        self.num_perm = num_perm
        self.hi_dtype = np.uint8 if num_perm <= 256 else np.uint16 if num_perm <= 65536 else np.uint32
        self.lo: list[np.ndarray] = []
        self.hi: list[np.ndarray] = []
        self.n = 0

    def split(self, sigs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``sigs`` (uint64) as their (low 32 bits, high bits) parts.

        Raises:
            ValueError: if a value's high part does not fit (signatures not from the one-permutation method).
        """
        hi = sigs >> _U64(32)
        if hi.size and int(hi.max()) > np.iinfo(self.hi_dtype).max:
            raise ValueError("signature values out of range for the compact store")
        return (sigs & _U64(0xFFFFFFFF)).astype(np.uint32), hi.astype(self.hi_dtype)

    def extend(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """Append rows (from :meth:`split`)."""
        k, n = 0, lo.shape[0]
        while k < n:
            b, r = divmod(self.n, _BLOCK)
            if b == len(self.lo):
                self.lo.append(np.empty((_BLOCK, self.num_perm), dtype=np.uint32))
                self.hi.append(np.empty((_BLOCK, self.num_perm), dtype=self.hi_dtype))
            take = min(_BLOCK - r, n - k)
            self.lo[b][r : r + take] = lo[k : k + take]
            self.hi[b][r : r + take] = hi[k : k + take]
            self.n += take
            k += take

    def rows(self, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The stored rows at positions ``pos`` (int64 array), as (low, high) parts."""
        blk = pos >> _BLOCK_BITS
        row = pos & (_BLOCK - 1)
        lo = np.empty((pos.shape[0], self.num_perm), dtype=np.uint32)
        hi = np.empty((pos.shape[0], self.num_perm), dtype=self.hi_dtype)
        for b in np.unique(blk).tolist():
            at = blk == b
            lo[at] = self.lo[b][row[at]]
            hi[at] = self.hi[b][row[at]]
        return lo, hi


class _TextStore:
    """The indexed texts (their :func:`shingle_text` forms), in one growing UTF-16 buffer.

    Issue 17: ~100,000 ``str`` objects cost their ~75-byte headers and a list slot each, and were
    scattered over the heap between every batch's temporary strings; here a text costs its UTF-16
    code units and an 8-byte end offset. ``store[i]`` gives back the same ``str`` (a text that has a
    lone surrogate, which UTF-16 cannot hold, is kept as it is, apart).
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self._ends = array("q")
        self._odd: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._ends)

    def extend(self, texts: Sequence[str]) -> None:
        """Append ``texts`` in order."""
        buf, ends = self._buf, self._ends
        for t in texts:
            try:
                buf += t.encode("utf-16-le")
            except UnicodeEncodeError:
                self._odd[len(ends)] = t
            ends.append(len(buf))

    def __getitem__(self, i: int) -> str:
        odd = self._odd.get(i) if self._odd else None
        if odd is not None:
            return odd
        return self._buf[self._ends[i - 1] if i else 0 : self._ends[i]].decode("utf-16-le")

    def shingle_sets(self, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``_kernels.shingle_sets([self[i] for i in which], SHINGLE)``, read from the buffer (no ``str``)."""
        return _kernels.stored_shingle_sets(self._buf, self._ends, which, self._odd, SHINGLE)


def _expand(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])``, vectorised."""
    total = int(counts.sum())
    return np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)


class NearDupIndex:
    """Streaming near-duplicate index (MinHash LSH + exact verification).

    Memory per indexed text: its signature (5 bytes × ``num_perm``), its LSH keys (12 bytes per band,
    in one sorted key array per band) and, with ``keep_shingles``, its :func:`shingle_text` form —
    the exact verification recomputes the shingle sets of the few candidates that pass the MinHash
    pre-filter instead of keeping every text's (~8 bytes × distinct 5-grams).

    Args:
        threshold: Jaccard threshold on character 5-gram sets, in (0, 1]; default 0.8.
        num_perm: MinHash signature length (default 128).
        seed: permutation seed.
        keep_shingles: verify candidates with the exact shingle Jaccard (keeps each text's
            normalised form). If false, pairs are accepted on the MinHash estimate alone (less
            memory, approximate precision).

    Raises:
        ValueError: for a threshold outside (0, 1].
    """

    def __init__(
        self,
        threshold: float = 0.8,
        num_perm: int = 128,
        *,
        seed: int = 1,
        keep_shingles: bool = True,
    ) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.seed = seed
        self.keep_shingles = keep_shingles
        self.bands, self.rows = choose_bands(threshold, num_perm)
        rng = np.random.default_rng(seed + 7919)
        self._band_mult = rng.integers(1, 2**63, size=self.rows, dtype=np.uint64) * _U64(2) + 1
        # per band: the bucket keys of every indexed text, sorted, and the texts' positions in that order
        self._keys: list[np.ndarray] = [np.zeros(0, dtype=_U64) for _ in range(self.bands)]
        self._key_pos: list[np.ndarray] = [np.zeros(0, dtype=np.int32) for _ in range(self.bands)]
        self._ids: list[Hashable] = []
        self._pos: dict[Hashable, int] = {}
        self._sigs = _Signatures(num_perm)
        self._n = 0
        self._texts = _TextStore()
        self._parent: list[int] = []
        self._members: dict[int, list[int]] = {}  # root → members, for groups of two or more only
        self._edges: list[tuple[int, int, float]] = []

    def __len__(self) -> int:
        return self._n

    def __contains__(self, item: Hashable) -> bool:
        return item in self._pos

    # -- internals -------------------------------------------------------------------------
    def _prepare(self, texts: Sequence[str]) -> tuple[np.ndarray, list[str], np.ndarray]:
        if len(texts) > _PREPARE_CHUNK:  # a few hundred texts at a time: smaller temporary arrays, same values
            parts = [self._prepare(texts[k : k + _PREPARE_CHUNK]) for k in range(0, len(texts), _PREPARE_CHUNK)]
            norm_all = [t for _, norm, _ in parts for t in norm]
            return np.concatenate([p[0] for p in parts]), norm_all, np.concatenate([p[2] for p in parts])
        norm = [shingle_text(t) for t in texts]
        hashes, counts = _batch_shingles(norm)
        sigs = minhash_signatures(hashes, counts, num_perm=self.num_perm, seed=self.seed)
        nb = self.bands * self.rows
        with np.errstate(over="ignore"):
            keys = (sigs[:, :nb].reshape(len(norm), self.bands, self.rows) * self._band_mult).sum(axis=2, dtype=_U64)
            keys = _mix64(keys)
        return sigs, norm if self.keep_shingles else [], keys

    def _find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _union(self, i: int, j: int) -> None:
        ri, rj = self._find(i), self._find(j)
        if ri != rj:
            keep, gone = min(ri, rj), max(ri, rj)
            self._parent[gone] = keep
            members = self._members
            kept, joined = members.pop(keep, None) or [keep], members.pop(gone, None) or [gone]
            kept.extend(joined)  # the sorted union of two sorted lists: already sorted when one follows
            if kept[-len(joined) - 1] > joined[0]:  # the other (a new text joining a group always does)
                kept.sort()
            members[keep] = kept

    def _pairs(self, keys: np.ndarray, base: int, *, insert: bool) -> tuple[np.ndarray, np.ndarray]:
        """Candidate pairs of a batch: every indexed text sharing an LSH bucket with batch text ``j``
        and, when ``insert``, every earlier text of the batch that does; the batch's keys are then added.

        Args:
            keys: the batch's bucket keys, ``(n, bands)``.
            base: the position the batch's first text takes (``len(self)`` before the batch).
            insert: also pair texts within the batch and add its keys to the index.
        Returns:
            ``(j, c)``: batch row and candidate position (int64), each pair once, sorted by ``j`` then ``c``.
        """
        n = keys.shape[0]
        rows = np.arange(n, dtype=np.int64)
        js: list[np.ndarray] = []
        cs: list[np.ndarray] = []
        for b in range(self.bands):
            kb = keys[:, b]
            order = np.argsort(kb, kind="stable")
            sk = kb[order]  # looked up in sorted order: the binary searches walk the stored keys forwards
            stored, stored_pos = self._keys[b], self._key_pos[b]
            after = np.searchsorted(stored, sk, side="right")
            if stored.size:
                lo = np.searchsorted(stored, sk, side="left")
                cnt = after - lo
                if cnt.any():
                    js.append(np.repeat(order, cnt))
                    cs.append(stored_pos[_expand(lo, cnt)].astype(np.int64))
            if not insert:
                continue
            first = np.ones(n, dtype=bool)
            first[1:] = sk[1:] != sk[:-1]
            run_start = np.maximum.accumulate(np.where(first, rows, 0))
            cnt = rows - run_start  # earlier texts of the batch in the same bucket
            if cnt.any():
                js.append(np.repeat(order, cnt))
                cs.append(order[_expand(run_start, cnt)] + base)
            self._keys[b] = np.insert(stored, after, sk)
            self._key_pos[b] = np.insert(stored_pos, after, (order + base).astype(np.int32))
        if not js:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        span = base + n
        pair = np.unique(np.concatenate(js) * span + np.concatenate(cs))
        return pair // span, pair % span

    def _verified(
        self,
        j: np.ndarray,
        c: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        texts: Sequence[str],
        *,
        stored_at: int | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The candidate pairs ``(j, c)`` that are near-duplicates, with their similarity.

        MinHash estimate first (a pair is dropped below ``threshold - 0.3``), then the exact Jaccard of
        the shingle sets, recomputed for the texts involved by the compiled kernels: indexed text ``c``
        read straight from the store's buffer, batch text ``j`` from ``texts`` or, when the batch is
        already stored from position ``stored_at``, from the store too (one kernel call for both, each
        text once); without ``keep_shingles`` the estimate alone (≥ threshold).

        Returns:
            ``(j, c, similarity)`` of the accepted pairs (int64, int64, float64), in the order of the input pairs.
        """
        c_lo, c_hi = self._sigs.rows(c)
        est = np.count_nonzero((c_lo == lo[j]) & (c_hi == hi[j]), axis=1) / self.num_perm
        if not self.keep_shingles:
            ok = est >= self.threshold
            return j[ok], c[ok], est[ok]
        keep = est >= self.threshold - 0.3
        j, c = j[keep], c[keep]
        if j.size == 0:
            return j, c, np.zeros(0, dtype=np.float64)
        # every needed text's sorted distinct shingle hashes, then one merge per pair (compiled)
        if stored_at is not None:
            need, at = np.unique(np.concatenate((j + stored_at, c)), return_inverse=True)
            hashes, bounds = self._texts.shingle_sets(need)
            at = at.astype(np.int64).reshape(-1)
            at_j, at_c = at[: j.size], at[j.size :]
        else:
            need_j, at_j = np.unique(j, return_inverse=True)
            need_c, at_c = np.unique(c, return_inverse=True)
            h_j, b_j = _kernels.shingle_sets([texts[x] for x in need_j.tolist()], SHINGLE)
            h_c, b_c = self._texts.shingle_sets(need_c)
            hashes, bounds = np.concatenate((h_j, h_c)), np.concatenate((b_j, b_c[1:] + h_j.size))
            at_j, at_c = at_j.astype(np.int64), at_c.astype(np.int64) + need_j.size
        sims = _kernels.pair_jaccards(hashes, bounds, at_j, at_c, self.threshold)  # exact where ≥ threshold
        ok = sims >= self.threshold
        return j[ok], c[ok], sims[ok]

    # -- public API ------------------------------------------------------------------------
    def prepare(self, texts: Sequence[str]) -> Prepared:
        """Normalised texts, signatures and bucket keys of ``texts``, without touching the index.

        Pure function of the texts and the index parameters (threshold, num_perm, seed), so it can
        run in another process on an index built with the same parameters.

        Args:
            texts: the texts to index later.

        Returns:
            A :class:`Prepared` batch for :meth:`add_prepared`.
        """
        sigs, norm, keys = self._prepare(texts)
        return Prepared(sigs, norm, keys, self._params())

    def _params(self) -> tuple[float, int, int, bool]:
        return (self.threshold, self.num_perm, self.seed, self.keep_shingles)

    def add_many(self, ids: Sequence[Hashable], texts: Sequence[str]) -> list[list[Match]]:
        """Insert a batch of texts and return each one's verified matches.

        Each text is matched against all previously indexed texts and the earlier texts of the
        same batch, then inserted; duplicate groups are updated.

        Args:
            ids: unique, hashable ids (e.g. 留言编号 or database primary keys).
            texts: the texts (e.g. 留言主题 + 留言详情), same length as ``ids``.

        Returns:
            For each input, in order, the list of :class:`Match` (earlier texts with exact
            Jaccard ≥ threshold), best first.

        Raises:
            ValueError: if lengths differ, or an id is repeated or already indexed.
        """
        if len(ids) != len(texts):
            raise ValueError(f"{len(ids)} ids but {len(texts)} texts")
        return self.add_prepared(ids, self.prepare(texts) if ids else None)

    def add_prepared(self, ids: Sequence[Hashable], prepared: Prepared | None) -> list[list[Match]]:
        """:meth:`add_many` for a batch already run through :meth:`prepare` (same results).

        Args:
            ids: unique ids, one per prepared text.
            prepared: from :meth:`prepare` of an index with the same parameters (``None`` only with no ids).

        Returns:
            As :meth:`add_many`.

        Raises:
            ValueError: if lengths differ, an id is repeated or already indexed, or the batch was
                prepared with other parameters.
        """
        if len(set(ids)) != len(ids) or any(i in self._pos for i in ids):
            raise ValueError("ids must be unique and not already indexed")
        if not ids:
            return []
        if prepared is None or len(prepared) != len(ids):
            raise ValueError(f"{len(ids)} ids but {0 if prepared is None else len(prepared)} prepared texts")
        if prepared.params != self._params():
            raise ValueError(f"batch prepared with {prepared.params}, index has {self._params()}")
        base = self._n
        lo, hi = self._sigs.split(prepared.sigs)
        self._sigs.extend(lo, hi)
        self._texts.extend(prepared.texts)
        j, c = self._pairs(prepared.keys, base, insert=True)
        j, c, sims = self._verified(j, c, lo, hi, prepared.texts, stored_at=base)
        n = len(ids)
        self._ids.extend(ids)
        self._pos.update(zip(ids, range(base, base + n), strict=True))
        self._parent.extend(range(base, base + n))
        self._n += n
        # the pairs come sorted by batch text then candidate: edges and unions in the order of one text
        # after the other (a text's candidates are earlier texts, so its own entries are already in place)
        later, earlier = (j + base).tolist(), c.tolist()
        self._edges.extend(zip(earlier, later, sims.tolist(), strict=True))
        union = self._union
        for b, x in zip(earlier, later, strict=True):
            union(b, x)
        return self._results(n, j, c, sims)

    def _results(self, n: int, j: np.ndarray, c: np.ndarray, sims: np.ndarray) -> list[list[Match]]:
        """Per text ``0 .. n - 1``, the :class:`Match` es of the accepted pairs ``(j, c, sims)``, best first
        (similarity descending, then earliest candidate); a fresh empty list for a text without."""
        results: list[list[Match]] = [[] for _ in range(n)]
        if not j.size:
            return results
        order = np.lexsort((c, -sims, j))
        js = j[order]
        found = list(map(Match, map(self._ids.__getitem__, c[order].tolist()), sims[order].tolist()))
        starts = np.flatnonzero(np.concatenate(([True], js[1:] != js[:-1])))
        stops = np.append(starts[1:], js.size).tolist()
        for a, lo, hi in zip(js[starts].tolist(), starts.tolist(), stops, strict=True):
            results[a] = found[lo:hi]
        return results

    def query(self, text: str) -> list[Match]:
        """Indexed texts whose Jaccard with ``text`` is ≥ threshold, best first (no insertion)."""
        return self.query_many([text])[0]

    def query_many(self, texts: Sequence[str]) -> list[list[Match]]:
        """:meth:`query` for many texts at once (vectorised signatures)."""
        if not texts:
            return []
        if not self._n:
            return [[] for _ in texts]
        sigs, norm, keys = self._prepare(texts)
        lo, hi = self._sigs.split(sigs)
        j, c = self._pairs(keys, self._n, insert=False)
        return self._results(len(texts), *self._verified(j, c, lo, hi, norm))

    def group_of(self, ident: Hashable) -> list[Hashable]:
        """All ids in the duplicate group of ``ident`` (itself included), in insertion order.

        Raises:
            KeyError: if ``ident`` is not indexed.
        """
        root = self._find(self._pos[ident])
        return [self._ids[i] for i in self._members.get(root, [root])]

    def groups(self) -> list[DupGroup]:
        """All duplicate groups with ≥ 2 members, largest first then by first insertion."""
        members = self._members
        pairs: dict[int, list[tuple[Hashable, Hashable, float]]] = {}
        for a, b, s in self._edges:
            pairs.setdefault(self._find(a), []).append((self._ids[a], self._ids[b], s))
        out = [DupGroup([self._ids[i] for i in m], pairs.get(root, [])) for root, m in members.items() if len(m) > 1]
        out.sort(key=lambda g: (-len(g.ids), self._pos[g.ids[0]]))
        return out

    def pairs(self) -> list[tuple[Hashable, Hashable, float]]:
        """Every verified pair ``(earlier_id, later_id, jaccard)`` found so far."""
        return [(self._ids[a], self._ids[b], s) for a, b, s in self._edges]


def groups(
    ids: Sequence[Hashable],
    texts: Sequence[str],
    *,
    threshold: float = 0.8,
    num_perm: int = 128,
    seed: int = 1,
) -> list[DupGroup]:
    """Near-duplicate groups of a collection in one call.

    Args:
        ids: unique ids.
        texts: texts, same length.
        threshold: exact character-5-gram Jaccard threshold.
        num_perm: MinHash length.
        seed: permutation seed.

    Returns:
        Groups of ≥ 2 members (see :meth:`NearDupIndex.groups`).

    Raises:
        ValueError: as :meth:`NearDupIndex.add_many`.
    """
    index = NearDupIndex(threshold=threshold, num_perm=num_perm, seed=seed)
    index.add_many(ids, texts)
    return index.groups()


def expected_recall(threshold: float, num_perm: int) -> float:
    """Probability that a pair at exactly ``threshold`` becomes an LSH candidate."""
    b, r = choose_bands(threshold, num_perm)
    return 1 - (1 - threshold**r) ** b
