"""The near-duplicate index before issue 17's memory work (kept shingle arrays, uint64 signatures,
per-band dicts of buckets): the reference the fast index must equal (tests only).

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
   with the exact Jaccard of the stored sorted shingle-hash arrays, so every reported pair really
   has Jaccard ≥ threshold (up to 64-bit hash collisions).

Streaming: :meth:`NearDupIndex.add_many` inserts a batch, matching each new text against
everything already indexed and against earlier texts of the same batch, and keeps duplicate
groups (connected components of verified pairs, union-find) up to date.

Benchmark and method follow the 问政西地省 message files in ``shared/data`` (see
``bench/textmining_neardup.py``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from renda.textmining.lib.clean import normalize_width

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
        shingles: per text, its sorted unique shingle hashes (empty list when ``keep_shingles`` is off).
        keys: LSH bucket keys, ``uint64`` of shape ``(n, bands)``.
        params: ``(threshold, num_perm, seed, keep_shingles)`` of the index that prepared them; an
            index accepts only batches prepared with its own parameters.
    """

    sigs: np.ndarray
    shingles: list[np.ndarray]
    keys: np.ndarray
    params: tuple[float, int, int, bool]

    def __len__(self) -> int:
        return int(self.sigs.shape[0])

    def take(self, positions: Sequence[int]) -> Prepared:
        """The texts at ``positions`` (in that order), for inserting only some of a prepared batch."""
        idx = np.asarray(positions, dtype=np.int64)
        shingles = [self.shingles[i] for i in idx.tolist()] if self.shingles else []
        return Prepared(self.sigs[idx], shingles, self.keys[idx], self.params)


class NearDupIndex:
    """Streaming near-duplicate index (MinHash LSH + exact verification).

    Args:
        threshold: Jaccard threshold on character 5-gram sets, in (0, 1]; default 0.8.
        num_perm: MinHash signature length (default 128).
        seed: permutation seed.
        keep_shingles: keep each text's shingle hashes for exact verification (about 8 bytes ×
            distinct 5-grams per text, ~3 KB for a typical message). If false, pairs are accepted
            on the MinHash estimate alone (less memory, approximate precision).

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
        # band → bucket key → position (an int while the bucket holds one text, then a list): most
        # buckets hold one text, and a list per (text, band) was half the index's memory
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in range(self.bands)]
        self._ids: list[Hashable] = []
        self._pos: dict[Hashable, int] = {}
        self._sigs = np.empty((1024, num_perm), dtype=_U64)  # capacity doubles as needed
        self._n = 0
        self._shingles: list[np.ndarray] = []
        self._parent: list[int] = []
        self._members: dict[int, list[int]] = {}
        self._edges: list[tuple[int, int, float]] = []

    def __len__(self) -> int:
        return self._n

    def __contains__(self, item: Hashable) -> bool:
        return item in self._pos

    # -- internals -------------------------------------------------------------------------
    def _prepare(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
        norm = [shingle_text(t) for t in texts]
        hashes, counts = _batch_shingles(norm)
        sigs = minhash_signatures(hashes, counts, num_perm=self.num_perm, seed=self.seed)
        uniq: list[np.ndarray] = []
        if self.keep_shingles:
            bounds = np.concatenate(([0], np.cumsum(counts)))
            uniq = [np.unique(hashes[bounds[i] : bounds[i + 1]]) for i in range(len(norm))]
        nb = self.bands * self.rows
        with np.errstate(over="ignore"):
            keys = (sigs[:, :nb].reshape(len(norm), self.bands, self.rows) * self._band_mult).sum(axis=2, dtype=_U64)
            keys = _mix64(keys)
        return sigs, uniq, keys

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
            self._members[keep] = sorted(self._members[keep] + self._members.pop(gone))

    def _candidates(self, key_row: np.ndarray) -> set[int]:
        cands: set[int] = set()
        for band, key in enumerate(key_row.tolist()):
            hit = self._buckets[band].get(key)
            if hit is None:
                continue
            if isinstance(hit, int):
                cands.add(hit)
            else:
                cands.update(hit)
        return cands

    def _verify(
        self,
        sig: np.ndarray,
        shingles: np.ndarray | None,
        cands: Iterable[int],
        sigs_all: np.ndarray,
        shingles_all: Sequence[np.ndarray],
    ) -> list[tuple[int, float]]:
        cand = np.fromiter(cands, dtype=np.int64)
        if cand.size == 0:
            return []
        est = np.count_nonzero(sigs_all[cand] == sig[None, :], axis=1) / sig.shape[0]  # == .mean(axis=1)
        keep = cand[est >= self.threshold - 0.3]
        out: list[tuple[int, float]] = []
        if shingles is None or not self.keep_shingles:
            for c, e in zip(cand.tolist(), est.tolist(), strict=True):
                if e >= self.threshold:
                    out.append((c, e))
            return out
        for c in keep.tolist():
            s = jaccard(shingles, shingles_all[c])
            if s >= self.threshold:
                out.append((c, s))
        return out

    # -- public API ------------------------------------------------------------------------
    def prepare(self, texts: Sequence[str]) -> Prepared:
        """Shingles, signatures and bucket keys of ``texts``, without touching the index.

        Pure function of the texts and the index parameters (threshold, num_perm, seed), so it can
        run in another process on an index built with the same parameters.

        Args:
            texts: the texts to index later.

        Returns:
            A :class:`Prepared` batch for :meth:`add_prepared`.
        """
        sigs, uniq, keys = self._prepare(texts)
        return Prepared(sigs, uniq, keys, self._params())

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
        sigs, uniq, keys = prepared.sigs, prepared.shingles, prepared.keys
        base = self._n
        need = base + len(ids)
        if need > self._sigs.shape[0]:
            grown = np.empty((max(need, 2 * self._sigs.shape[0]), self.num_perm), dtype=_U64)
            grown[:base] = self._sigs[:base]
            self._sigs = grown
        self._sigs[base:need] = sigs
        results: list[list[Match]] = []
        buckets = self._buckets
        for j, (ident, key_row) in enumerate(zip(ids, keys.tolist(), strict=True)):
            i = base + j
            cands: set[int] = set()
            for bucket, key in zip(buckets, key_row, strict=True):  # look up and insert in one pass
                hit = bucket.get(key)
                if hit is None:
                    bucket[key] = i
                elif isinstance(hit, int):
                    cands.add(hit)
                    bucket[key] = [hit, i]
                else:
                    cands.update(hit)
                    hit.append(i)
            found = self._verify(sigs[j], uniq[j] if uniq else None, cands, self._sigs, self._shingles)
            self._ids.append(ident)
            self._pos[ident] = i
            self._parent.append(i)
            self._members[i] = [i]
            if self.keep_shingles:
                self._shingles.append(uniq[j])
            for c, s in found:
                self._edges.append((c, i, s))
                self._union(c, i)
            self._n += 1
            found.sort(key=lambda cs: (-cs[1], cs[0]))
            results.append([Match(self._ids[c], s) for c, s in found])
        return results

    def query(self, text: str) -> list[Match]:
        """Indexed texts whose Jaccard with ``text`` is ≥ threshold, best first (no insertion)."""
        return self.query_many([text])[0]

    def query_many(self, texts: Sequence[str]) -> list[list[Match]]:
        """:meth:`query` for many texts at once (vectorised signatures)."""
        if not texts:
            return []
        sigs, uniq, keys = self._prepare(texts)
        out: list[list[Match]] = []
        for j in range(len(texts)):
            cands = self._candidates(keys[j]) if self._n else set()
            found = self._verify(sigs[j], uniq[j] if uniq else None, cands, self._sigs, self._shingles)
            found.sort(key=lambda cs: (-cs[1], cs[0]))
            out.append([Match(self._ids[c], s) for c, s in found])
        return out

    def group_of(self, ident: Hashable) -> list[Hashable]:
        """All ids in the duplicate group of ``ident`` (itself included), in insertion order.

        Raises:
            KeyError: if ``ident`` is not indexed.
        """
        root = self._find(self._pos[ident])
        return [self._ids[i] for i in self._members[root]]

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
