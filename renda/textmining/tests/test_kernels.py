"""The compiled kernels (``renda/textmining/lib/_kernels.pyx``) give exactly what the numpy and
pure-Python code they replaced gave (kept in ``reference_impl``): on real messages, on generated
text (hypothesis), and on the edges (empty texts and words, astral-plane characters, long texts,
every code point for the token filters)."""

from __future__ import annotations

import csv
import re

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.textmining.lib import _kernels, features
from renda.textmining.lib.features import HashedTfidf, char_ngram_counts, word_ngram_counts
from renda.textmining.lib.neardup import jaccard, shingle_text
from renda.textmining.tests import reference_impl
from renda.textmining.tests._data import DATA, real_file

_KEEP = re.compile(r"[\w\u4e00-\u9fff]")

# text as the import meets it, and the corners: CJK, Latin (both cases), digits, full-width and
# ASCII punctuation, whitespace of several kinds, letters whose lowercase differs or is longer
# (İ, Σ, ẞ), combining marks, astral-plane characters (CJK extension B, emoji)
_ALPHABET = st.sampled_from(
    list("小区路灯住建局噪音扰民业主物业收费")
    + list("AaBbZz09_-.,!?")
    + list("，。！？：；、（）…—")
    + [" ", "\t", "\n", "\u3000", "\u00a0", "\u2028"]
    + ["İ", "Σ", "ς", "ẞ", "Ǆ", "ǅ", "\u0301", "Ⅻ", "½", "٣"]
    + ["\U00020000", "\U0002a6d6", "\U0001f600", "\U00010400"]
)
_TEXT = st.text(_ALPHABET, max_size=60)


def _same(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    """Same shape, arrays and dtypes, entry for entry."""
    return (
        a.shape == b.shape
        and a.indices.dtype == b.indices.dtype
        and a.indptr.dtype == b.indptr.dtype
        and a.data.dtype == b.data.dtype
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


def _real_messages(limit: int) -> list[tuple[str, str]]:
    with (DATA / "messages_labeled.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))[:limit]
    return [(r["留言主题"], r["留言详情"]) for r in rows]


@real_file("messages_labeled.csv")
def test_counts_and_tokens_equal_the_reference_on_real_messages():
    from renda.textmining.lib.classify import message_words
    from renda.textmining.lib.clean import clean_text
    from renda.textmining.lib.segment import segmenter

    # given: real messages, cleaned and segmented as the import does
    pairs = [(clean_text(t), clean_text(b)) for t, b in _real_messages(1500)]
    chars = [f"{t}。{b[:400]}" for t, b in pairs]
    titles = [t for t, _ in pairs]
    words = message_words(titles, [b for _, b in pairs])
    raw = [segmenter().cut_for_search(c, True) for c in chars[:300]]
    # when / then: the kernels' matrices equal the numpy code's, dtype for dtype
    assert _same(
        char_ngram_counts(chars, (1, 2, 3, 4), bits=23), reference_impl.char_counts(chars, (1, 2, 3, 4), 23, 0)
    )
    assert _same(
        char_ngram_counts(titles, (1, 2, 3), bits=20, seed=1), reference_impl.char_counts(titles, (1, 2, 3), 20, 1)
    )
    assert _same(word_ngram_counts(words, bits=22), reference_impl.word_counts(words, 22, True, 0))
    # and the token filters equal their definitions
    assert [_kernels.word_tokens(w) for w in raw] == [
        [x for x in w if _KEEP.search(x) and not x.isspace()] for w in raw
    ]
    assert [_kernels.keep_words(w) for w in raw] == [reference_impl.keep_words(w) for w in raw]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_TEXT, max_size=12), st.sampled_from([(1,), (1, 2, 3, 4), (2, 5), (3, 1)]), st.sampled_from([1, 8, 20, 31])
)
def test_char_counts_equal_the_numpy_reference(texts, orders, bits):
    assert _same(features._char_counts(texts, orders, bits, 7), reference_impl.char_counts(texts, orders, bits, 7))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.text(_ALPHABET, max_size=6), max_size=10), max_size=8),
    st.booleans(),
    st.sampled_from([1, 10, 22, 31]),
)
def test_word_counts_equal_the_numpy_reference(docs, bigrams, bits):
    # (empty words and empty texts included; words never contain NUL, the numpy version's separator)
    assert _same(features._word_counts(docs, bits, bigrams, 3), reference_impl.word_counts(docs, bits, bigrams, 3))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_ALPHABET, max_size=5), max_size=20))
def test_token_filters_equal_their_definitions(tokens):
    assert _kernels.word_tokens(tokens) == [w for w in tokens if _KEEP.search(w) and not w.isspace()]
    assert _kernels.keep_words(tokens) == reference_impl.keep_words(tokens)


def test_token_filters_on_every_code_point():
    # given: every code point alone, and next to a CJK character with spaces around
    singles = [chr(c) for c in range(0x110000)]
    padded = [f" {chr(c)}字\u3000" for c in range(0, 0x110000, 7)]
    for tokens in (singles, padded):
        # then: the same verdicts and the same stripped, lowercased words as the definitions
        assert _kernels.word_tokens(tokens) == [w for w in tokens if _KEEP.search(w) and not w.isspace()]
        assert _kernels.keep_words(tokens) == reference_impl.keep_words(tokens)


def test_edges_long_texts_empty_and_errors():
    long_text = "小区路灯坏了，ABC abc 𠀀😀。" * 4000  # ~88,000 code points in one row
    texts = ["", long_text, "a", "", "𠀀"]
    assert _same(
        features._char_counts(texts, (1, 2, 3, 4), 23, 0), reference_impl.char_counts(texts, (1, 2, 3, 4), 23, 0)
    )
    assert _same(features._char_counts([], (1, 2), 10, 0), reference_impl.char_counts([], (1, 2), 10, 0))
    docs = [[], [""], ["", ""], list(long_text[:5000]), ["𠀀😀", "x"]]
    assert _same(features._word_counts(docs, 22, True, 0), reference_impl.word_counts(docs, 22, True, 0))
    assert _same(features._word_counts([[], []], 22, True, 0), reference_impl.word_counts([[], []], 22, True, 0))
    assert _kernels.word_tokens([]) == [] and _kernels.keep_words(["", " ", "\u3000"]) == []
    with pytest.raises(ValueError):
        _kernels.word_ngram_keys([["a\x00b"]], 10, True, 0)
    with pytest.raises(ValueError):
        _kernels.char_ngram_keys(["x"], (0,), 10, 0)
    with pytest.raises(ValueError):
        _kernels.char_ngram_keys(["x"], (1,), 32, 0)
    with pytest.raises(TypeError):
        _kernels.word_tokens(["a", 1])
    with pytest.raises(ValueError):  # unsorted keys
        _kernels.sorted_keys_csr(np.array([5, 3], dtype=np.uint64), 1, 10)
    with pytest.raises(ValueError):  # a row beyond n_docs
        _kernels.sorted_keys_csr(np.array([1 << 10], dtype=np.uint64), 1, 10)


@pytest.mark.parametrize("weight", [1.0, 0.35])
def test_transform_kernel_equals_the_numpy_passes(weight):
    # given: a fitted block (few buckets: collisions, dropped buckets) and rows with large counts
    rng = np.random.default_rng(5)
    alphabet = np.array(list("小区路灯住建局噪音扰民业主物业收费公交线路"))
    train = ["".join(rng.choice(alphabet, rng.integers(0, 60))) for _ in range(400)]
    hashed = HashedTfidf(min_df=2).fit(char_ngram_counts(train, (1, 2, 3), bits=16))
    texts = [*train[:50], "", "路" * 3000, "完全陌生", "𠀀😀"]
    counts = char_ngram_counts(texts, (1, 2, 3), bits=16)
    # when: weighted by the kernel and by the numpy passes (and the pre-issue-17 masks)
    ours = hashed.transform(counts, weight)
    numpy_passes = hashed._transform_numpy(counts, weight)
    ref = reference_impl.tfidf_transform(hashed, counts, weight)
    # then: the same floats
    assert _same(ours, numpy_passes) and ours.nnz > 0
    assert np.array_equal(ours.data, ref.data) and np.array_equal(ours.indices, ref.indices)
    # and counts that are not whole numbers go to the numpy passes (same result as before)
    halved = counts.copy()
    halved.data = halved.data / 2
    assert _same(hashed.transform(halved, weight), hashed._transform_numpy(halved, weight))


# -- near-duplicate verification: shingle sets and pair Jaccards ------------------------------------
def _kernel_sets(norm: list[str], k: int = 5) -> list[np.ndarray]:
    hashes, bounds = _kernels.shingle_sets(norm, k)
    assert hashes.dtype == np.uint64 and bounds.dtype == np.int64 and bounds.shape == (len(norm) + 1,)
    return [hashes[bounds[i] : bounds[i + 1]] for i in range(len(norm))]


def _same_verification(norm: list[str], pairs: list[tuple[int, int]], k: int = 5) -> None:
    """The kernels' sets and similarities are the numpy reference's, value for value."""
    got = _kernel_sets(norm, k)
    want = reference_impl.shingle_sets(norm, k)
    assert all(g.dtype == w.dtype and np.array_equal(g, w) for g, w in zip(got, want, strict=True))
    hashes, bounds = _kernels.shingle_sets(norm, k)
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    sims = _kernels.pair_jaccards(hashes, bounds, a, b)
    assert sims.dtype == np.float64
    if k == 5:
        assert sims.tolist() == reference_impl.verified_similarities(norm, pairs)
    assert sims.tolist() == [float(jaccard(want[x], want[y])) for x, y in pairs]
    # with a floor: the same value wherever it is >= the floor, a value below it elsewhere
    for floor in (0.3, 0.5, 0.8, 0.9, 1.0, 1.5, float("inf")):
        cut = _kernels.pair_jaccards(hashes, bounds, a, b, floor)
        assert all(c == s if s >= floor else c < floor for c, s in zip(cut.tolist(), sims.tolist(), strict=True))


@real_file("messages_labeled.csv")
def test_verification_equals_the_reference_on_real_messages():
    from renda.textmining.lib.clean import clean_text

    # given: real messages normalised as the index does, and near copies of them (a character replaced,
    # the first sentence dropped, a phrase repeated)
    texts = [shingle_text(clean_text(f"{t}\n{b}")) for t, b in _real_messages(300)]
    variants = [t[:10] + "改" + t[11:] for t in texts[:100]]
    variants += [t[t.find("。") + 1 :] for t in texts[:100]]
    variants += [t + t[:40] for t in texts[:100]]
    norm = texts + variants
    # pairs: each text with its variants, and with its neighbours
    pairs = [(i, 300 + i + 100 * v) for i in range(100) for v in range(3)]
    pairs += [(i, i + 1) for i in range(len(norm) - 1)] + [(i, i) for i in range(0, len(norm), 17)]
    # then: the same sets and the same similarities, bit for bit
    _same_verification(norm, pairs)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(_ALPHABET, max_size=60), st.text(st.sampled_from("ab字"), max_size=400)),
        min_size=1,
        max_size=10,
    ),
    st.sampled_from([5, 5, 1, 2, 3]),
    st.data(),
)
def test_verification_equals_the_numpy_reference(norm, k, data):
    # (repetitive texts over a 3-letter alphabet: many repeated shingles, crowded sort buckets)
    index = st.integers(0, len(norm) - 1)
    pairs = data.draw(st.lists(st.tuples(index, index), max_size=30))
    _same_verification(norm, pairs, k)


def test_verification_edges_and_errors():
    long_text = "小区路灯坏了，ABCabc𠀀😀。" * 4000  # ~80,000 code points
    crowded = "ab" * 5000 + "字" * 3000 + "".join(chr(0x4E00 + i % 50) for i in range(20000))
    norm = ["", "a", "abcd", "abcde", long_text, crowded, long_text[:-1] + "x", "", "𠀀😀"]
    _same_verification(norm, [(a, b) for a in range(len(norm)) for b in range(len(norm))])
    hashes, bounds = _kernels.shingle_sets([], 5)
    assert hashes.size == 0 and bounds.tolist() == [0]
    assert _kernels.pair_jaccards(hashes, bounds, np.zeros(0, np.int64), np.zeros(0, np.int64)).size == 0
    empty = np.zeros(0, dtype=np.uint64)  # two empty sets (not made by shingle_sets) are equal
    assert _kernels.pair_jaccards(empty, np.zeros(3, np.int64), np.array([0, 1]), np.array([1, 1])).tolist() == [
        1.0,
        1.0,
    ]
    with pytest.raises(ValueError):
        _kernels.shingle_sets(["abc"], 0)
    with pytest.raises(TypeError):
        _kernels.shingle_sets(["abc", 1], 5)
    hashes, bounds = _kernels.shingle_sets(["abcdef", "bcdefg"], 5)
    with pytest.raises(ValueError):
        _kernels.pair_jaccards(hashes, bounds, np.array([0, 1]), np.array([1]))
    for bad in (2, -1):
        with pytest.raises(ValueError):
            _kernels.pair_jaccards(hashes, bounds, np.array([0]), np.array([bad]))


# -- shingle sets read from the text store's UTF-16 buffer ------------------------------------------
def _same_stored_sets(texts: list[str], which: list[int], k: int = 5) -> None:
    """The store kernel's sets are ``shingle_sets`` of the texts as ``str`` and the numpy reference's."""
    from renda.textmining.lib.neardup import _TextStore

    store = _TextStore()
    store.extend(texts)
    at = np.array(which, dtype=np.int64)
    hashes, bounds = _kernels.stored_shingle_sets(store._buf, store._ends, at, store._odd, k)
    want_h, want_b = _kernels.shingle_sets([texts[i] for i in which], k)
    assert hashes.dtype == np.uint64 and bounds.dtype == np.int64
    assert np.array_equal(hashes, want_h) and np.array_equal(bounds, want_b)
    # (the numpy reference encodes to UTF-32: it cannot take a lone surrogate, the kernels can)
    plain = [p for p, i in enumerate(which) if not re.search(r"[\ud800-\udfff]", texts[i])]
    ref = reference_impl.shingle_sets([texts[which[p]] for p in plain], k)
    assert all(np.array_equal(hashes[bounds[p] : bounds[p + 1]], r) for p, r in zip(plain, ref, strict=True))
    if k == 5:
        got_h, got_b = store.shingle_sets(at)
        assert np.array_equal(got_h, want_h) and np.array_equal(got_b, want_b)


@real_file("messages_labeled.csv")
def test_stored_sets_equal_the_reference_on_real_messages():
    from renda.textmining.lib.clean import clean_text

    # given real messages normalised as the index does (and a few with astral characters or a lone
    # surrogate, which the store keeps apart), wanted out of order and some twice
    texts = [shingle_text(clean_text(f"{t}\n{b}")) for t, b in _real_messages(400)]
    texts += [t[:30] + "𠀀😀" + t[30:] for t in texts[:20]] + [t[:9] + "\ud800" + t[9:] for t in texts[:5]]
    which = list(range(len(texts) - 1, -1, -3)) + list(range(0, len(texts), 2)) + [0, 0, len(texts) - 1]
    _same_stored_sets(texts, which)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            _TEXT,
            st.text(st.sampled_from(["a", "字", "\U0001f600", "\u0301", "\ud800", "\udfff"]), max_size=30),
            st.text(max_size=40),
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([5, 5, 1, 2, 3]),
    st.data(),
)
def test_stored_sets_equal_the_str_kernel(texts, k, data):
    # (astral characters as surrogate pairs, combining marks, empty texts, lone surrogates kept apart)
    which = data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=20))
    _same_stored_sets(texts, which, k)


def test_stored_sets_edges_and_errors():
    long_text = "小区路灯坏了，ABCabc𠀀😀。" * 4000
    texts = ["", "a", "abcd", "abcde", long_text, "", "𠀀😀", "\udc00x", "𠀀" * 6]
    _same_stored_sets(texts, list(range(len(texts))) * 2)
    _same_stored_sets(texts, [])
    buf, ends = bytearray("ab𠀀".encode("utf-16-le")), np.array([2, 8], dtype=np.int64)
    one = np.array([1], dtype=np.int64)
    for bad_which in (2, -1):
        with pytest.raises(ValueError):
            _kernels.stored_shingle_sets(buf, ends, np.array([bad_which], dtype=np.int64), {}, 5)
    with pytest.raises(ValueError):
        _kernels.stored_shingle_sets(buf, ends, one, {}, 0)
    for bad_ends in ([3, 8], [2, 10], [6, 2]):  # odd-sized, past the buffer, backwards
        with pytest.raises(ValueError):
            _kernels.stored_shingle_sets(buf, np.array(bad_ends, dtype=np.int64), one, {}, 5)
    for lone in ("\ud840", "\udc00", "\ud840x"):  # a surrogate without its pair: the decoder would fail too
        units = bytearray("ab".encode("utf-16-le") + lone.encode("utf-16-le", "surrogatepass"))
        with pytest.raises(UnicodeDecodeError):
            bytes(units).decode("utf-16-le")
        with pytest.raises(ValueError):
            _kernels.stored_shingle_sets(units, np.array([len(units)], dtype=np.int64), np.zeros(1, np.int64), {}, 5)
    with pytest.raises(TypeError):
        _kernels.stored_shingle_sets(buf, ends, one, {1: b"ab"}, 5)
