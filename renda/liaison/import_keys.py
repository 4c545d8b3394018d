"""The import's identity maps (留言编号 or content hash → the first row that had it), compact and exact.

Issue 17: a ``dict`` of ``str`` keys costs ~120 bytes per row of the file (key object, table slot,
value object): ~12 MB at 100,000 rows, ~120 MB at 1,000,000. :class:`KeyMap` answers the same
look-ups in ~45 bytes per key.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

_MASK = (1 << 64) - 1


class KeyMap:
    """A ``str`` → ``int`` map that answers ``get``, ``in``, ``[]``, ``len`` exactly as a ``dict`` would.

    Keys added lately sit in a small ``dict``; when it holds 4,096 keys (or 1/32 of the map, if more)
    they move into sorted arrays: each key's 64-bit hash (``hash(key)``, this process's) with its slot
    number, and per slot the value and the key's UTF-8 bytes (one buffer). A look-up finds the hash by
    binary search and compares the key's bytes, so two keys that share a hash are never taken for one
    another. Memory per merged key: 24 bytes + its UTF-8 length + 8, instead of ~120 in a ``dict``.

    Args:
        items: initial ``(key, value)`` pairs.
    """

    MERGE_MIN = 4096

    @staticmethod
    def _hash(key: str) -> int:
        """The key's 64-bit hash (this process's ``hash``, as an unsigned number)."""
        return hash(key) & _MASK

    def __init__(self, items: Iterable[tuple[str, int]] = ()) -> None:
        self._recent: dict[str, int] = {}
        self._hashes = np.zeros(0, dtype=np.uint64)  # sorted
        self._slots = np.zeros(0, dtype=np.int64)  # the slot of each hash, same order
        self._values = array("q")  # per slot
        self._keys = bytearray()  # per slot, the key's UTF-8 bytes, one after the other
        self._ends = array("q")  # per slot, where its key ends in ``_keys``
        for key, value in items:
            self[key] = value

    def __len__(self) -> int:
        return len(self._recent) + len(self._values)

    def _slot(self, key: str) -> int:
        """The merged slot holding ``key``, or -1."""
        hashes = self._hashes
        if not hashes.size:
            return -1
        h = np.uint64(self._hash(key))
        i, n = int(np.searchsorted(hashes, h)), hashes.size
        raw: bytes | None = None
        while i < n and hashes[i] == h:
            slot = int(self._slots[i])
            raw = key.encode("utf-8", "surrogatepass") if raw is None else raw
            if self._keys[self._ends[slot - 1] if slot else 0 : self._ends[slot]] == raw:
                return slot
            i += 1
        return -1

    def _slot_many(self, keys: Sequence[str]) -> list[int]:
        """:meth:`_slot` of every key, with one binary search over the sorted hashes for all of them.

        Issue 17: a look-up per key cost two numpy scalar calls (~5 µs); the import looks up each
        row's identity, so the batch does it at once and compares bytes only where a hash matched.
        """
        out = [-1] * len(keys)
        hashes = self._hashes
        if not hashes.size or not keys:
            return out
        h = np.fromiter((self._hash(k) for k in keys), dtype=np.uint64, count=len(keys))
        at = np.searchsorted(hashes, h)
        inside = at < hashes.size
        hit = np.zeros(len(keys), dtype=bool)
        hit[inside] = hashes[at[inside]] == h[inside]
        for k in np.flatnonzero(hit).tolist():
            out[k] = self._slot(keys[k])
        return out

    def get_many(self, keys: Sequence[str]) -> list[int | None]:
        """``[self.get(key) for key in keys]``, in one vectorised pass over the merged keys.

        Args:
            keys: the keys to look up (repeats allowed).

        Returns:
            Each key's value, or ``None`` for a key the map does not hold, in the order of ``keys``.
        """
        recent, values = self._recent, self._values
        return [
            recent.get(key) if slot < 0 else values[slot] for key, slot in zip(keys, self._slot_many(keys), strict=True)
        ]

    def update(self, items: Mapping[str, int]) -> None:
        """``self[key] = value`` for every item (as ``dict.update``), the look-ups done at once."""
        keys = list(items)
        values, recent = self._values, self._recent
        for key, slot in zip(keys, self._slot_many(keys), strict=True):
            if slot >= 0:
                values[slot] = items[key]
            else:
                recent[key] = items[key]
        if len(recent) >= max(self.MERGE_MIN, len(values) >> 5):
            self._merge()

    def get(self, key: str, default: int | None = None) -> int | None:
        """The value of ``key``, or ``default`` when it has none."""
        value = self._recent.get(key)
        if value is not None:
            return value
        slot = self._slot(key)
        return self._values[slot] if slot >= 0 else default

    def __contains__(self, key: str) -> bool:
        return key in self._recent or self._slot(key) >= 0

    def __getitem__(self, key: str) -> int:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: int) -> None:
        slot = self._slot(key)
        if slot >= 0:
            self._values[slot] = value
            return
        self._recent[key] = value
        if len(self._recent) >= max(self.MERGE_MIN, len(self._values) >> 5):
            self._merge()

    def _merge(self) -> None:
        """Move the recent keys into the sorted arrays."""
        keys = list(self._recent)
        base = len(self._values)
        self._values.extend(self._recent.values())
        buf, ends = self._keys, self._ends
        for key in keys:
            buf += key.encode("utf-8", "surrogatepass")
            ends.append(len(buf))
        h = np.fromiter((self._hash(k) for k in keys), dtype=np.uint64, count=len(keys))
        order = np.argsort(h, kind="stable")
        at = np.searchsorted(self._hashes, h[order], side="right")
        self._hashes = np.insert(self._hashes, at, h[order])
        self._slots = np.insert(self._slots, at, order + base)
        self._recent = {}
