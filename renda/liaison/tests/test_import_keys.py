"""Issue 17: the import's compact identity map answers every look-up exactly as the dict it replaces."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.liaison.import_keys import KeyMap


class _Colliding(KeyMap):
    """Every key hashes to one of three values: most look-ups meet another key's hash first."""

    MERGE_MIN = 3

    @staticmethod
    def _hash(key: str) -> int:
        return (len(key) % 3) << 62


_KEYS = st.one_of(st.text(max_size=8), st.sampled_from(["", "1000001", "\ud83d", "\ud83d\ude00", "😀", "a" * 64]))


def _written(
    cls: type[KeyMap],
    writes: list[tuple[str, int]],
    *,
    after_each: Callable[[KeyMap, dict[str, int]], bool] | None = None,
) -> tuple[dict[str, int], KeyMap]:
    """A ``dict`` and a ``cls`` map given the same writes, in order; ``after_each(got, expected)`` must
    hold after every write."""
    expected: dict[str, int] = {}
    got = cls()
    for key, value in writes:
        expected[key] = value
        got[key] = value
        assert after_each is None or after_each(got, expected)
    return expected, got


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_KEYS, st.integers(0, 2**62)), max_size=60), st.lists(_KEYS, max_size=20))
def test_keymap_answers_as_a_dict_even_when_hashes_collide(writes, probes):
    # given the same writes (new keys and overwritten ones) to a dict, a key map and a key map whose
    # keys share three hashes (merged into the sorted arrays every 3 keys)
    for cls in (KeyMap, _Colliding):
        # then after every write the sizes agree, and at the end each key written and each probe gets
        # the dict's answer
        expected, got = _written(cls, writes, after_each=lambda got, expected: len(got) == len(expected))
        for key in [k for k, _ in writes] + probes:
            assert got.get(key) == expected.get(key)
            assert (key in got) == (key in expected)
        # and the batch look-up answers every key (repeats included) as one get each
        batch = [k for k, _ in writes] + probes
        assert got.get_many(batch) == [expected.get(k) for k in batch]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_KEYS, st.integers(0, 2**62)), max_size=40),
    st.dictionaries(_KEYS, st.integers(0, 2**62), max_size=20),
    st.lists(_KEYS, max_size=20),
)
def test_keymap_update_sets_as_dict_update_does(writes, batch, probes):
    # given a dict and key maps holding the same keys, merged and recent
    for cls in (KeyMap, _Colliding):
        expected, got = _written(cls, writes)
        # when a batch (new keys and keys already held) is added to both at once
        expected.update(batch)
        got.update(batch)
        # then every key has the dict's value, one look-up at a time and all at once
        keys = list(expected) + probes
        assert len(got) == len(expected)
        assert [got.get(k) for k in keys] == [expected.get(k) for k in keys]
        assert got.get_many(keys) == [expected.get(k) for k in keys]


def test_keymap_merges_large_maps_and_still_finds_every_key():
    # given 20,000 external ids and content hashes (several merges into the sorted arrays)
    keys = [str(1_000_000 + i) for i in range(15_000)] + [f"{i:064x}" for i in range(5_000)]
    got = KeyMap((k, i << 40 | i) for i, k in enumerate(keys))
    # then each is found with its value, and keys never added are not
    assert len(got) == 20_000 and got._values
    assert all(got[k] == i << 40 | i for i, k in enumerate(keys))
    assert got.get("999") is None and "1020000" not in got and f"{5_000:064x}" not in got
