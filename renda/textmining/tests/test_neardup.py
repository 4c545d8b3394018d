"""Tests for renda.textmining.lib.neardup."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.textmining.lib.neardup import (
    NearDupIndex,
    _batch_shingles,
    choose_bands,
    groups,
    jaccard,
    minhash_signatures,
    shingle_hashes,
    shingle_text,
)

from ._data import DATA, real_file

BASE = "A市A5区魅力之城小区临街门面餐饮店油烟直排，噪音扰民严重，业主多次向街道反映无果，恳请尽快整治。"
OTHER = "K8县鲤溪镇中学食堂卫生条件差，学生多次出现腹泻，家长担忧，请教育局调查并公开处理结果。"


def _exact_5gram_jaccard(a: str, b: str) -> float:
    sa, sb = shingle_text(a), shingle_text(b)
    ga = {sa[i : i + 5] for i in range(len(sa) - 4)} or {sa}
    gb = {sb[i : i + 5] for i in range(len(sb) - 4)} or {sb}
    return len(ga & gb) / len(ga | gb)


def test_shingle_hashes_match_python_5gram_sets():
    # given two texts; when hashed; then the hashed Jaccard equals the string-set Jaccard
    a, b = BASE, BASE.replace("多次", "多")
    assert len(shingle_hashes(a)) == len({shingle_text(a)[i : i + 5] for i in range(len(a) - 4)})
    assert jaccard(shingle_hashes(a), shingle_hashes(b)) == pytest.approx(_exact_5gram_jaccard(a, b))


def test_batch_shingles_handle_short_and_empty_texts():
    # given texts shorter than the shingle length among long ones
    hashes, counts = _batch_shingles(["", "abc", "abcdefg", "abcde"])
    # then each short text has one shingle and long texts have len-4
    assert counts.tolist() == [1, 1, 3, 1]
    assert hashes.size == 6
    assert hashes[0] != hashes[1]


def test_minhash_estimates_jaccard():
    # given two texts with known Jaccard
    a, b = BASE, BASE[:30] + OTHER[:20]
    true = jaccard(shingle_hashes(a), shingle_hashes(b))
    h, c = _batch_shingles([shingle_text(a), shingle_text(b)])
    # when
    sig = minhash_signatures(h, c, num_perm=256)
    # then the estimate is within 4 standard deviations
    est = float((sig[0] == sig[1]).mean())
    assert abs(est - true) < 4 * np.sqrt(true * (1 - true) / 256) + 0.02


def test_choose_bands_gives_high_recall_at_threshold():
    b, r = choose_bands(0.8, 128)
    assert b * r <= 128
    assert 1 - (1 - 0.8**r) ** b >= 0.998
    with pytest.raises(ValueError):
        choose_bands(0, 128)


def test_streaming_batches_find_matches_against_earlier_batches():
    # given an index with one batch
    idx = NearDupIndex(threshold=0.8)
    first = idx.add_many(["m1", "m2"], [BASE, OTHER])
    # when a second batch brings a near copy of m1 and an unrelated text
    near = BASE.replace("恳请", "请")
    second = idx.add_many(["m3", "m4"], [near, "完全无关的一条关于公交线路调整的建议留言内容"])
    # then
    assert first == [[], []]
    assert [m.id for m in second[0]] == ["m1"]
    assert second[0][0].similarity == pytest.approx(_exact_5gram_jaccard(BASE, near))
    assert second[1] == []
    assert idx.group_of("m3") == ["m1", "m3"]
    assert idx.group_of("m2") == ["m2"]
    assert [g.ids for g in idx.groups()] == [["m1", "m3"]]
    assert len(idx) == 4 and "m4" in idx


def test_query_does_not_insert_and_below_threshold_is_not_reported():
    idx = NearDupIndex(threshold=0.8)
    idx.add_many([1], [BASE])
    # a text sharing only half of its 5-grams
    half = BASE[: len(BASE) // 2] + OTHER
    assert _exact_5gram_jaccard(BASE, half) < 0.8
    assert idx.query(half) == []
    assert [m.id for m in idx.query(BASE + "。")] == [1]
    assert len(idx) == 1


def test_groups_are_transitive_components_with_pair_similarities():
    a = BASE + OTHER
    b = a.replace("业主", "居民")
    c = b.replace("家长", "父母")
    res = groups(["a", "b", "c", "d"], [a, b, c, "另一条留言：" + OTHER[::-1]])
    assert len(res) == 1
    assert res[0].ids == ["a", "b", "c"]
    assert all(s >= 0.8 for _, _, s in res[0].pairs)
    assert 0.8 <= res[0].min_similarity <= res[0].max_similarity <= 1.0


def test_add_many_rejects_bad_input():
    idx = NearDupIndex()
    with pytest.raises(ValueError):
        idx.add_many([1, 2], ["x"])
    with pytest.raises(ValueError):
        idx.add_many([1, 1], ["x", "y"])
    idx.add_many([1], ["x"])
    with pytest.raises(ValueError):
        idx.add_many([1], ["x"])
    with pytest.raises(ValueError):
        NearDupIndex(threshold=1.5)


def test_random_perturbations_recall_against_brute_force():
    # given 60 texts and perturbed copies; when indexed; then all exact pairs ≥ 0.8 are found
    rng = random.Random(3)
    chars = list(BASE + OTHER)
    base = ["".join(rng.choice(chars) for _ in range(rng.randint(30, 120))) for _ in range(40)]
    texts = base + [t[:5] + t[6:] for t in base[:20]]
    idx = NearDupIndex(threshold=0.8)
    idx.add_many(list(range(len(texts))), texts)
    found = {(a, b) for a, b, _ in idx.pairs()}
    truth = {
        (i, j)
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if _exact_5gram_jaccard(texts[i], texts[j]) >= 0.8
    }
    assert truth and truth <= found
    assert all(_exact_5gram_jaccard(texts[a], texts[b]) >= 0.8 for a, b in found)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80), st.lists(st.text(max_size=40), max_size=5))
def test_identical_texts_are_always_grouped(text, others):
    # given a text inserted twice among arbitrary others (possibly in separate batches)
    ids = list(range(len(others)))
    idx = NearDupIndex(threshold=0.8)
    idx.add_many(["x"], [text])
    idx.add_many(ids, others)
    # when the identical copy arrives
    matches = idx.add_many(["y"], [text])[0]
    # then it matches the first copy with similarity 1 and they share a group
    assert any(m.id == "x" and m.similarity == 1.0 for m in matches)
    assert "x" in idx.group_of("y")


@real_file("messages_with_likes_4326.xlsx")
def test_real_likes_file_has_duplicate_groups():
    from renda.textmining.lib.io import read_messages

    msgs = [r.message for r in read_messages(DATA / "messages_with_likes_4326.xlsx") if r.message]
    idx = NearDupIndex()
    idx.add_many([m.id for m in msgs], [m.title + m.text for m in msgs])
    found = idx.groups()
    assert len(found) > 10
    for g in found[:20]:
        for _a, _b, s in g.pairs:
            assert s >= 0.8


@pytest.mark.parametrize("method", ["oph", "classic"])
def test_both_minhash_methods_estimate_jaccard_of_long_texts(method):
    # given a long text and an edited copy
    a = (BASE + OTHER) * 3
    b = a.replace("油烟", "烟").replace("腹泻", "呕吐")
    true = jaccard(shingle_hashes(a), shingle_hashes(b))
    h, c = _batch_shingles([shingle_text(a), shingle_text(b)])
    # when
    sig = minhash_signatures(h, c, num_perm=128, method=method)
    # then identical texts give identical signatures and the estimate is close
    assert sig.shape == (2, 128)
    assert abs(float((sig[0] == sig[1]).mean()) - true) < 0.15
    with pytest.raises(ValueError):
        minhash_signatures(h, c, method="nope")


def test_prepared_batches_give_the_same_matches_as_add_many_even_pickled_and_subset():
    # given: texts with near-duplicates, one index fed by add_many, another by prepare/take/add_prepared
    import pickle

    base = "某某路段下水道堵塞雨天积水严重车辆无法通行附近居民出行十分不便请有关部门尽快疏通谢谢"
    texts = [base, base[:-2] + "好的", "完全不同的一条留言内容关于学校门口的交通拥堵问题", base[1:], base + "。"]
    direct = NearDupIndex(threshold=0.8)
    split = NearDupIndex(threshold=0.8)
    # when: prepared in one "process", pickled, and only texts 0, 1, 3, 4 inserted (2 is dropped)
    prepared = pickle.loads(pickle.dumps(NearDupIndex(threshold=0.8).prepare(texts)))
    keep = [0, 1, 3, 4]
    expected = direct.add_many(keep, [texts[i] for i in keep])
    got = split.add_prepared(keep, prepared.take(keep))
    # then
    assert got == expected and any(got)
    assert split.groups() == direct.groups()


def test_add_prepared_refuses_a_batch_prepared_with_other_parameters():
    # given
    prepared = NearDupIndex(threshold=0.5).prepare(["路灯坏了三个月无人修理"])
    # when / then
    with pytest.raises(ValueError, match="prepared with"):
        NearDupIndex(threshold=0.8).add_prepared(["a"], prepared)
    with pytest.raises(ValueError, match="prepared texts"):
        NearDupIndex(threshold=0.5).add_prepared(["a", "b"], prepared)


# -- issue 17: the compact index finds exactly what the previous one found ------------------------------


def _matches(result) -> list[list[tuple[object, float]]]:
    return [[(m.id, m.similarity) for m in ms] for ms in result]


def _perturbed(texts: list[str], rng: random.Random, n: int) -> list[str]:
    """``n`` near copies of random ``texts``: 1–4 characters replaced or dropped, or a clause cut."""
    out = []
    for _ in range(n):
        t = list(rng.choice(texts))
        for _ in range(rng.randint(1, 4)):
            if t:
                at = rng.randrange(len(t))
                t[at : at + 1] = rng.choice([[], [rng.choice("的了和区市街道，。")]])
        if rng.random() < 0.2 and "，" in t:
            cut = t.index("，")
            t = t[:cut] + t[cut + rng.randint(1, 6) :]
        out.append("".join(t))
    return out


def _same_as_reference(texts: list[str], sizes: list[int], *, keep_shingles: bool = True) -> None:
    from .reference_neardup import NearDupIndex as ReferenceIndex

    fast, ref = NearDupIndex(keep_shingles=keep_shingles), ReferenceIndex(keep_shingles=keep_shingles)
    start, k = 0, 0
    while start < len(texts):
        size = sizes[k % len(sizes)]
        ids, chunk = list(range(start, start + size))[: len(texts) - start], texts[start : start + size]
        assert _matches(fast.add_prepared(ids, fast.prepare(chunk))) == _matches(ref.add_many(ids, chunk))
        start, k = start + size, k + 1
    assert [(g.ids, sorted(g.pairs)) for g in fast.groups()] == [(g.ids, sorted(g.pairs)) for g in ref.groups()]
    assert sorted(fast.pairs()) == sorted(ref.pairs())
    assert all(fast.group_of(i) == ref.group_of(i) for i in range(len(texts)))
    probe = texts[::7] + _perturbed(texts, random.Random(5), 20)
    assert _matches(fast.query_many(probe)) == _matches(ref.query_many(probe))


@real_file("messages_with_likes_4326.xlsx")
@pytest.mark.parametrize("keep_shingles", [True, False])
def test_compact_index_finds_what_the_reference_index_finds_on_perturbed_real_messages(keep_shingles):
    # given the real messages (they have repeats and near-duplicates) and 1,500 perturbed copies
    from renda.textmining.lib.io import read_messages

    real = [
        r.message.title + r.message.text for r in read_messages(DATA / "messages_with_likes_4326.xlsx") if r.message
    ]
    texts = real + _perturbed(real, random.Random(17), 1500)
    random.Random(18).shuffle(texts)
    # when indexed in uneven batches by the compact index and by the previous one; then the same
    # matches (ids and similarities, in order), groups, pairs and query answers
    assert len(texts) > 5000
    _same_as_reference(texts, [1, 700, 2000, 13, 1500], keep_shingles=keep_shingles)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="的一了是我不在人有这市区街道路小学", max_size=30), min_size=1, max_size=40),
    st.lists(st.integers(1, 9), min_size=1, max_size=5),
)
def test_compact_index_finds_what_the_reference_index_finds_on_short_and_empty_texts(texts, sizes):
    # given short texts over a small alphabet (many shared buckets, texts shorter than a shingle, blanks)
    # when indexed in batches of random sizes; then the same matches, groups and queries as the reference
    _same_as_reference(texts, sizes)


def test_compact_index_keeps_under_3_kb_per_message_text():
    # given 8,000 texts of 300 characters (~300 distinct 5-grams, as a typical message: the previous
    # index kept ~5.5 KB each — the shingle hashes, a uint64 signature, per-band dict entries)
    import tracemalloc

    rng = random.Random(4)
    chars = list(BASE + OTHER)
    texts = ["".join(rng.choice(chars) for _ in range(300)) for _ in range(8000)]
    idx = NearDupIndex()
    # when they are prepared and indexed in batches of 2,000
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for k in range(0, 8000, 2000):
        idx.add_prepared(list(range(k, k + 2000)), idx.prepare(texts[k : k + 2000]))
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    # then the index holds under 3 KB per text (its normalised text is most of it)
    assert kept / 8000 < 3072, kept / 8000


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), max_size=30), st.lists(st.integers(1, 5), min_size=1, max_size=4))
def test_text_store_gives_back_every_text_exactly(texts, cuts):
    # given any texts (astral characters, blanks, and lone surrogates, which UTF-16 cannot hold),
    # appended in batches of uneven sizes
    from renda.textmining.lib.neardup import _TextStore

    texts = [*texts, "", "😀甲", "\ud83d", "a\ude00b", "\ud83d\ude00", BASE]
    store, start, k = _TextStore(), 0, 0
    while start < len(texts):
        store.extend(texts[start : start + cuts[k % len(cuts)]])
        start, k = start + cuts[k % len(cuts)], k + 1
    # then each position gives back the same string the index used to keep in a list
    assert len(store) == len(texts)
    assert [store[i] for i in range(len(texts))] == texts
    # and the shingle sets read from its buffer (texts kept apart from their str) are those of the strings
    from renda.textmining.lib import _kernels

    got, want = store.shingle_sets(np.arange(len(texts))[::-1].copy()), _kernels.shingle_sets(texts[::-1], 5)
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from([*"的一了是我不在", "😀", "\U00020000", "\u0301", " "]), max_size=24),
        min_size=1,
        max_size=25,
    )
)
def test_a_stored_text_verifies_as_its_str(texts):
    # given texts with astral characters (surrogate pairs in the store's UTF-16), combining marks,
    # blanks, indexed one at a time; then each one's matches on insertion (its shingle set read from
    # the store, as the candidates') are what a query with the same text (set from the str) finds
    # just before, ids and similarities in order
    idx = NearDupIndex()
    for i, text in enumerate(texts):
        expected = idx.query_many([text])[0]
        assert idx.add_prepared([i], idx.prepare([text]))[0] == expected
