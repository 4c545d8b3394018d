"""Tests for renda.textmining.lib.features: hashed n-gram counts and TF-IDF, checked against scikit-learn."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from renda.textmining.lib.features import HashedTfidf, char_ngram_counts, word_ngram_counts

TEXTS = [
    "A1区小区物业乱收费，业主多次反映无果",
    "公交线路调整后出租车拒载",
    "",
    "工",
    "噪音扰民噪音扰民噪音扰民",
    "K8县学校学位不足，幼儿园收费高",
]


def _sorted_rows(m) -> list[list[float]]:
    m = m.tocsr()
    return [sorted(np.round(m[i].data, 9).tolist()) for i in range(m.shape[0])]


def test_char_counts_match_scikit_learn_row_by_row():
    # given texts with repeats, an empty and a one-character text
    # when counted with hashing (31 bits: no collisions on this input) and by scikit-learn
    ours = char_ngram_counts(TEXTS, (1, 2, 3), bits=31)
    ref = CountVectorizer(analyzer="char", ngram_range=(1, 3), lowercase=False).fit_transform(TEXTS)
    # then every row has the same multiset of counts (columns differ: buckets vs vocabulary)
    assert ours.shape == (len(TEXTS), 2**31)
    assert _sorted_rows(ours) == _sorted_rows(ref)
    assert ours.nnz == ref.nnz


def test_char_ngrams_never_cross_text_boundaries():
    # given "ab" and "cd" counted together, and "abcd" alone
    two = char_ngram_counts(["ab", "cd"], (2,), bits=24)
    joined = char_ngram_counts(["abcd"], (2,), bits=24)
    # then each short text has exactly its own bigram, and "bc" exists only in the joined text
    assert two.getnnz(axis=1).tolist() == [1, 1]
    assert set(joined.indices) - set(two.indices) != set()  # the "bc" bucket
    assert set(two.indices) <= set(joined.indices)


def test_same_ngram_same_bucket_in_any_batch_and_orders_are_separate():
    # given the same text counted alone and inside a batch
    alone = char_ngram_counts(["噪音扰民"], (1, 2), bits=24)
    batch = char_ngram_counts(["公交线路", "噪音扰民"], (1, 2), bits=24)
    # then its buckets do not depend on the batch
    assert alone.indices.tolist() == batch[1].indices.tolist()
    # and a different seed moves the buckets
    other = char_ngram_counts(["噪音扰民"], (1, 2), bits=24, seed=7)
    assert set(other.indices) != set(alone.indices)


def test_word_counts_match_scikit_learn_uni_and_bigrams():
    # given segmented texts (one empty)
    docs = [["小区", "物业", "收费", "物业"], [], ["公交", "线路", "调整"], ["物业"]]
    ours = word_ngram_counts(docs, bits=31)
    ref = CountVectorizer(analyzer=lambda d: d + [a + " " + b for a, b in itertools.pairwise(d)]).fit_transform(docs)
    # then the rows have the same count multisets, and a word shared by two texts shares its bucket
    assert _sorted_rows(ours) == _sorted_rows(ref)
    assert set(ours[0].indices) & set(ours[3].indices)
    # bigrams are ordered: "a b" and "b a" differ
    ab = word_ngram_counts([["甲", "乙"]], bits=31)
    ba = word_ngram_counts([["乙", "甲"]], bits=31)
    assert set(ab.indices) != set(ba.indices)
    assert word_ngram_counts([[], []], bits=10).nnz == 0


def test_hashed_tfidf_equals_scikit_learn_tfidf():
    # given training texts and new texts
    train, new = [*TEXTS, "物业收费", "公交线路"], ["小区物业", "完全陌生的字", ""]
    hashed = HashedTfidf(min_df=2)
    ours_train = hashed.fit_transform(char_ngram_counts(train, (1, 2), bits=31))
    ours_new = hashed.transform(char_ngram_counts(new, (1, 2), bits=31))
    ref = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), lowercase=False, sublinear_tf=True, min_df=2)
    ref_train = ref.fit_transform(train)
    ref_new = ref.transform(new)
    # then the kept features, their weights and the normalised rows agree
    assert hashed.n_features == len(ref.vocabulary_)
    assert np.allclose(sorted(hashed.idf_), sorted(ref.idf_))
    assert _sorted_rows(ours_train) == _sorted_rows(ref_train)
    assert _sorted_rows(ours_new) == _sorted_rows(ref_new)
    assert ours_new[2].nnz == 0  # an empty text stays a zero row


def test_hashed_tfidf_errors():
    with pytest.raises(ValueError):
        HashedTfidf(min_df=0)
    with pytest.raises(RuntimeError):
        HashedTfidf().transform(char_ngram_counts(["x"], (1,), bits=8))
    fitted = HashedTfidf(min_df=1).fit(char_ngram_counts(["x"], (1,), bits=8))
    with pytest.raises(ValueError, match="buckets"):
        fitted.transform(char_ngram_counts(["x"], (1,), bits=9))
    with pytest.raises(ValueError):
        char_ngram_counts(["x"], (1,), bits=40)
    with pytest.raises(ValueError):
        char_ngram_counts(["x"], (0,), bits=8)
    with pytest.raises(ValueError):
        word_ngram_counts([["x"]], bits=0)


def test_sorted_keys_csr_equals_scipy_canonical_counts():
    # given: hash arrays of three kinds over messages of which some are empty, with many repeats
    from renda.textmining.lib import features
    from renda.textmining.tests import reference_impl

    rng = np.random.default_rng(17)
    for n_docs, bits in ((1, 4), (7, 8), (300, 20), (50, 31)):
        parts = []
        for _kind in range(3):
            counts = rng.integers(0, 40, n_docs)
            counts[rng.random(n_docs) < 0.2] = 0
            pool = rng.integers(0, 2**64, 25, dtype=np.uint64)  # few distinct hashes: duplicates
            parts.append((rng.choice(pool, int(counts.sum())), counts))
        parts.append((np.zeros(0, dtype=np.uint64), np.zeros(n_docs, dtype=np.int64)))
        # when: keyed ``message << bits | bucket``, sorted and run-length counted by the kernel, and
        # assembled by the reference (scipy sum_duplicates)
        shift = np.uint64(64 - bits)
        keys = np.concatenate(
            [(np.repeat(np.arange(n_docs, dtype=np.uint64), c) << np.uint64(bits)) | (h >> shift) for h, c in parts]
        )
        keys.sort()
        fast = features._csr(keys, n_docs, bits)
        ref = reference_impl.assemble(parts, n_docs, bits)
        # then: the same canonical matrix, entry for entry
        assert fast.shape == ref.shape and fast.has_canonical_format
        assert np.array_equal(fast.indptr, ref.indptr) and np.array_equal(fast.indices, ref.indices)
        assert np.array_equal(fast.data, ref.data) and fast.indices.dtype == ref.indices.dtype
    # and a batch with no n-grams at all is an empty matrix of the right shape
    empty = features._csr(np.zeros(0, dtype=np.uint64), 3, 10)
    assert empty.shape == (3, 1024) and empty.nnz == 0


def test_char_and_word_counts_equal_the_numpy_reference():
    # given: real-looking messages
    from renda.textmining.tests import reference_impl

    texts = ["小区门口路灯坏了，晚上出行不便。", "", "住建局：老旧小区改造 2024 年计划", "路灯" * 50]
    words = [t.split() or list(t[:5]) for t in texts]
    # when: counted by the compiled kernels and by the numpy code they replaced
    fast = (char_ngram_counts(texts, (1, 2, 3, 4), bits=23), word_ngram_counts(words, bits=22))
    ref = (reference_impl.char_counts(texts, (1, 2, 3, 4), 23, 0), reference_impl.word_counts(words, 22, True, 0))
    # then: identical
    for a, b in zip(fast, ref, strict=True):
        assert (a != b).nnz == 0 and np.array_equal(a.indices, b.indices) and np.array_equal(a.indptr, b.indptr)


@pytest.mark.parametrize("weight", [1.0, 0.7])
@pytest.mark.parametrize("bits", [12, 25])  # dense bucket → column table, and binary search in kept_
def test_transform_with_weight_equals_the_masked_transform_times_weight(weight, bits):
    from renda.textmining.tests import reference_impl

    # given a fitted TF-IDF (few buckets: collisions and dropped buckets) and texts with unseen n-grams
    train = [*TEXTS, "物业收费", "公交线路", "小区物业收费", "学校收费"] * 3
    hashed = HashedTfidf(min_df=2).fit(char_ngram_counts(train, (1, 2, 3), bits=bits))
    counts = char_ngram_counts([*TEXTS, "小区物业", "完全陌生的字", ""], (1, 2, 3), bits=bits)
    # when transformed with the block weight, and by the previous code (boolean masks, then × weight)
    ours = hashed.transform(counts, weight)
    ref = reference_impl.tfidf_transform(hashed, counts, weight)
    # then the same matrix, float for float
    assert ours.shape == ref.shape
    assert np.array_equal(ours.indptr, ref.indptr) and np.array_equal(ours.indices, ref.indices)
    assert np.array_equal(ours.data, ref.data) and ours.nnz > 0


@pytest.mark.parametrize("chunk", [1, 7, 40])
def test_transform_in_chunks_of_rows_equals_one_pass(monkeypatch, chunk):
    from renda.textmining.lib import features
    from renda.textmining.tests import reference_impl

    # given a fitted TF-IDF and texts, one of them longer than a chunk, one empty, one all unseen
    train = [*TEXTS, "物业收费", "公交线路", "小区物业收费", "学校收费"] * 3
    hashed = HashedTfidf(min_df=2).fit(char_ngram_counts(train, (1, 2, 3), bits=14))
    counts = char_ngram_counts([*TEXTS, "", "完全陌生的字", TEXTS[0] * 3], (1, 2, 3), bits=14)
    # when weighted by the numpy passes (more than 2^24 buckets, or counts that are not whole numbers)
    # a few entries at a time (issue 17: whole rows per pass), and in one pass
    monkeypatch.setattr(features, "_TRANSFORM_CHUNK", chunk)
    ours = hashed._transform_numpy(counts, 0.7)
    ref = reference_impl.tfidf_transform(hashed, counts, 0.7)
    # then the same matrix, float for float
    assert np.array_equal(ours.indptr, ref.indptr) and np.array_equal(ours.indices, ref.indices)
    assert np.array_equal(ours.data, ref.data) and ours.nnz > 0


def _rank_cases() -> list[tuple[str, HashedTfidf]]:
    """Fitted TF-IDF blocks whose column look-up is checked on every bucket: random kept sets at the
    classifier's sizes (incl. the first and last bucket of words), and the trained model's three
    blocks when ``var/models/topic.joblib`` is there."""
    import scipy.sparse as sp

    rng = np.random.default_rng(17)
    cases = []
    for bits, n_kept in ((23, 800_000), (20, 1_000_000), (12, 64), (6, 0)):
        kept = rng.choice(1 << bits, size=n_kept, replace=False) if n_kept else np.zeros(0, dtype=np.int64)
        kept = np.union1d(kept, [0, 63, 64, (1 << bits) - 1][: 4 if n_kept else 0]).astype(np.int32)
        counts = sp.csr_matrix(
            (np.ones(kept.size), kept, [0, kept.size]), shape=(1, 1 << bits)
        )  # one row: every kept bucket has df 1
        cases.append((f"random-{bits}-{n_kept}", HashedTfidf(min_df=1).fit(counts)))
    from django.conf import settings

    model = settings.VAR / "models" / "topic.joblib"
    if model.exists():
        from renda.textmining.lib.classify import TopicClassifier

        tfidf = TopicClassifier.load(model)._tfidf
        assert tfidf is not None
        cases += [(f"model-block-{i}", t) for i, t in enumerate(tfidf)]
    return cases


def test_rank_columns_equal_the_dense_table():
    from renda.textmining.tests import reference_impl

    for name, hashed in _rank_cases():
        # given every bucket of a fitted block
        every = np.arange(hashed._n_buckets, dtype=np.int32)
        # when mapped to columns by the bitmap rank and by the dense table it replaced (issue 17)
        ours = hashed._columns(every)
        ref = reference_impl.dense_columns(hashed, every)
        # then the same column for each bucket, -1 exactly for the buckets not kept
        assert np.array_equal(ours, ref), name
        assert int((ours >= 0).sum()) == hashed.n_features, name


def test_rank_table_is_small():
    # given a block of 2^23 buckets (the classifier's character block) with 800,000 kept
    hashed = next(h for name, h in _rank_cases() if name == "random-23-800000")
    # when its columns are looked up once
    hashed._columns(np.array([0, 1, 5], dtype=np.int32))
    # then the look-up table is ~2 MB (a dense int32 table was 32 MB), and it is not pickled
    assert hashed._col is not None and hashed._col.nbytes <= 2 * 2**20
    assert hashed.__getstate__()["_col"] is None
