"""Tests for renda.textmining.lib.classify (synthetic data; real data when present)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.textmining.lib import classify
from renda.textmining.lib.classify import (
    MODEL_VERSION,
    TopicClassifier,
    cross_validate,
    join_message,
    load_labeled,
)

from ._data import DATA, real_file

VOCAB = {
    "城乡建设": ["小区物业", "拆迁安置", "违章建筑", "房产证", "开发商"],
    "劳动和社会保障": ["拖欠工资", "社保缴费", "养老保险", "劳动合同", "退休待遇"],
    "教育文体": ["学校学位", "教师编制", "幼儿园收费", "中考招生", "体育场馆"],
    "商贸旅游": ["景区门票", "商家欺诈", "传销组织", "市场价格", "旅行社"],
    "环境保护": ["工厂排污", "噪音扰民", "空气污染", "河道污水", "垃圾焚烧"],
    "卫生计生": ["医院收费", "二胎政策", "医保报销", "乡村医生", "计划生育"],
    "交通运输": ["公交线路", "出租车", "道路拥堵", "驾照考试", "高速收费"],
}


def _synthetic(n_per: int = 12, seed: int = 0) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, labels = [], []
    for topic, words in VOCAB.items():
        for k in range(n_per):
            picked = rng.sample(words, 3)
            title = f"A{rng.randint(1, 9)}区{picked[0]}问题"
            body = f"尊敬的领导：您好！我们这里{picked[1]}，还有{picked[2]}，希望尽快处理（第{k}次反映）。谢谢！"
            texts.append(join_message(title, body))
            labels.append(topic)
    return texts, labels


@pytest.fixture(scope="module")
def fitted() -> TopicClassifier:
    texts, labels = _synthetic()
    return TopicClassifier(n_jobs=1).fit(texts, labels)


def test_fit_predict_on_synthetic_topics(fitted):
    # given unseen messages using each topic's vocabulary
    texts, labels = _synthetic(n_per=3, seed=99)
    # when
    pred = fitted.predict(texts)
    # then
    accuracy = np.mean([p == t for p, t in zip(pred, labels, strict=True)])
    assert accuracy >= 0.9


def test_predict_proba_rows_sum_to_one_and_agree_with_predict(fitted):
    texts = [("工厂排污严重", "河道污水横流，空气污染"), "公交线路调整\n出租车拒载"]
    labels, probs = fitted.predict_proba(texts)
    assert sorted(labels) == sorted(VOCAB)
    assert probs.shape == (2, 7)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert fitted.predict(texts) == [labels[i] for i in probs.argmax(axis=1)]
    assert fitted.predict(texts) == ["环境保护", "交通运输"]
    assert fitted.predict([]) == []


def test_save_and_load_roundtrip_with_version_check(fitted, tmp_path):
    # given a saved model
    path = fitted.save(tmp_path / "models" / "topic.joblib")
    # when loaded
    loaded = TopicClassifier.load(path)
    # then it predicts the same probabilities
    texts, _ = _synthetic(n_per=1, seed=5)
    assert np.allclose(loaded.predict_proba(texts)[1], fitted.predict_proba(texts)[1])
    # and a wrong version stamp is refused
    import joblib

    payload = joblib.load(path)
    payload["version"] = "renda-topic-0"
    joblib.dump(payload, tmp_path / "old.joblib")
    with pytest.raises(ValueError, match=MODEL_VERSION):
        TopicClassifier.load(tmp_path / "old.joblib")
    joblib.dump({"x": 1}, tmp_path / "junk.joblib")
    with pytest.raises(ValueError):
        TopicClassifier.load(tmp_path / "junk.joblib")


def test_unfitted_and_bad_input_errors():
    with pytest.raises(RuntimeError):
        TopicClassifier().predict(["x"])
    with pytest.raises(ValueError):
        TopicClassifier().fit(["a", "b"], ["x"])
    with pytest.raises(ValueError):
        TopicClassifier().fit(["a", "b", "c"], ["x", "x", "y"])


def test_cross_validate_reports_consistent_figures():
    texts, labels = _synthetic(n_per=10)
    texts.append(texts[0])  # an exact duplicate text
    labels.append(labels[0])
    res = cross_validate(texts, labels, folds=3, seed=0, n_jobs=1)
    assert 0.8 <= res.accuracy <= 1.0 and 0.8 <= res.macro_f1 <= 1.0
    assert res.confusion.sum() == len(texts)
    assert res.accuracy == pytest.approx(np.trace(res.confusion) / len(texts))
    assert list(res.per_topic_f1) == res.labels == list(classify.TOPICS)
    assert len(res.fold_accuracy) == 3
    # the two copies count once each when they fall in different folds, not at all otherwise
    assert res.duplicate_test_texts in (0, 2)


@real_file("messages_labeled.csv")
def test_real_data_holdout_accuracy():
    # given the real labelled data, a seeded 80/20 split
    texts, labels = load_labeled(DATA / "messages_labeled.csv")
    rng = np.random.default_rng(0)
    order = rng.permutation(len(texts))
    train, test = order[:5300], order[5300:]
    # when
    clf = TopicClassifier().fit([texts[i] for i in train], [labels[i] for i in train])
    pred = clf.predict([texts[i] for i in test])
    # then
    accuracy = np.mean([p == labels[i] for p, i in zip(pred, test, strict=True)])
    assert accuracy >= 0.9


def test_nb_linear_svc_is_a_cloneable_sparse_classifier():
    import scipy.sparse as sp
    from sklearn.base import clone, is_classifier

    from renda.textmining.lib.classify import NBLinearSVC

    # given two topics with disjoint vocabularies (non-negative sparse rows)
    rows = [[1, 1, 0, 0], [1, 0, 1, 0], [0, 0, 1, 1], [0, 1, 0, 1]] * 5
    x = sp.csr_matrix(np.asarray(rows, dtype=float))
    y = np.array(["a", "a", "b", "b"] * 5)
    # when cloned and fitted
    model = clone(NBLinearSVC(C=0.5, alpha=1.0))
    model.fit(x, y)
    # then it is a scikit-learn classifier that separates the topics
    assert is_classifier(model) and model.get_params()["C"] == 0.5
    assert model.decision_function(x).shape == (20, 2)
    assert list(model.predict(x)) == list(y)


def test_cleaned_text_and_precomputed_words_give_the_same_probabilities(fitted):
    # given raw messages, their cleaned title/body and the words message_words() gives for them
    from renda.textmining.lib.classify import message_words
    from renda.textmining.lib.clean import clean_text

    raw = [("尊敬的领导：您好！工厂排污严重", "河道污水横流，空气污染。谢谢！"), ("公交线路调整", "出租车拒载")]
    cleaned = [(clean_text(t), clean_text(b)) for t, b in raw]
    words = message_words([t for t, _ in cleaned], [b for _, b in cleaned])
    # when predicted from the raw text and from the prepared inputs
    _, from_raw = fitted.predict_proba(raw)
    _, from_prepared = fitted.predict_proba(cleaned, cleaned=True, words=words)
    # then the probabilities are identical, and a word list per message is required
    assert np.array_equal(from_raw, from_prepared)
    with pytest.raises(ValueError, match="word lists"):
        fitted.predict_proba(cleaned, cleaned=True, words=words[:1])
    with pytest.raises(ValueError, match="bodies"):
        message_words(["a"], [])


def test_an_interrupted_save_leaves_the_previous_model_file_intact(fitted, tmp_path, monkeypatch):
    # given: a saved model
    import joblib

    clf = fitted
    path = clf.save(tmp_path / "topic.joblib")
    before = path.read_bytes()

    # when: the next save dies half-way
    def broken_dump(payload, target, **kwargs):
        Path(target).write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(joblib, "dump", broken_dump)
    with pytest.raises(KeyboardInterrupt):
        clf.save(path)
    # then: the old file is untouched and no temporary file is left
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["topic.joblib"]


def test_a_model_from_another_scikit_learn_version_loads_with_one_warning_naming_both(fitted, tmp_path, monkeypatch):
    # given a model saved while scikit-learn claimed to be 1.0.0 (the payload stamp and every
    # pickled estimator's own version stamp)
    import warnings

    import sklearn
    import sklearn.base

    running = sklearn.__version__
    monkeypatch.setattr(sklearn, "__version__", "1.0.0")
    monkeypatch.setattr(sklearn.base, "__version__", "1.0.0")
    path = fitted.save(tmp_path / "old-sklearn.joblib")
    monkeypatch.undo()
    # when loaded under the real version
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = TopicClassifier.load(path)
    # then one warning of ours, not scikit-learn's per-estimator ones, and the model still works
    assert [type(w.message) for w in caught] == [classify.LibraryVersionWarning]
    assert (caught[0].message.trained, caught[0].message.running) == ("1.0.0", running)
    assert loaded.predict(["工厂排污严重\n河道污水横流"]) == ["环境保护"]


def test_decision_function_per_class_equals_the_matrix_product():
    # given a sparse TF-IDF-like matrix and float32 weights (as a fitted NB-SVM keeps them)
    import scipy.sparse as sp

    from .reference_impl import decision_function

    rng = np.random.default_rng(7)
    x = sp.random(300, 5000, density=0.02, format="csr", random_state=8, dtype=np.float64)
    svm = classify.NBLinearSVC()
    svm.coef_ = rng.standard_normal((5000, 7)).astype(np.float32)
    svm.intercept_ = rng.standard_normal(7)
    # when scored one class at a time; then the very same floats as the one matrix product
    assert np.array_equal(svm.decision_function(x), decision_function(svm, x))


def _tfidf_like(n_rows: int, n_features: int, seed: int, *, per_row: int = 300, empty_every: int = 7) -> Any:
    """A TF-IDF-like CSR batch: hashed (Zipf-distributed, so shared) columns, sublinear-tf weights,
    L2-normalised rows, every ``empty_every``-th row without entries."""
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    rows, cols = [], []
    for i in range(n_rows):
        if empty_every and i % empty_every == 3:
            continue
        k = int(rng.integers(1, per_row))
        cols.append((rng.zipf(1.3, k) * 2_654_435_761) % n_features)
        rows.append(np.full(k, i))
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    x = sp.csr_matrix((np.ones(r.size), (r, c)), shape=(n_rows, n_features))
    x.data = 1.0 + np.log(x.data) * rng.uniform(0.5, 3.0, x.data.size)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ x)


def _svm_with(n_features: int, n_classes: int, seed: int) -> classify.NBLinearSVC:
    rng = np.random.default_rng(seed)
    svm = classify.NBLinearSVC()
    svm.coef_ = (rng.standard_normal((n_features, n_classes)) * rng.uniform(0.01, 3.0, (n_features, 1))).astype(
        np.float32
    )
    svm.intercept_ = rng.standard_normal(n_classes)
    return svm


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.mark.parametrize(
    ("n_rows", "n_features", "per_row", "empty_every"),
    [
        (400, 300_000, 600, 7),  # a batch using many columns, some rows empty
        (50, 1_000_000, 20, 3),  # a batch using few of many columns
        (5, 1_000, 2, 2),  # tiny rows, most columns unused
        (3, 5_000, 0, 1),  # no entries at all
    ],
)
def test_decision_function_equals_the_per_class_products_exactly(n_rows, n_features, per_row, empty_every):
    # given TF-IDF-like rows (empty ones too) and float32 weights of 7 topics
    import scipy.sparse as sp

    from .reference_impl import decision_function, decision_function_per_class

    x = (
        _tfidf_like(n_rows, n_features, seed=n_rows, per_row=per_row, empty_every=empty_every)
        if per_row
        else sp.csr_matrix((n_rows, n_features))
    )
    svm = _svm_with(n_features, 7, seed=n_features)
    # when scored over the gathered used rows of coef_ (issue 17)
    got = svm.decision_function(x)
    # then bit-for-bit the scores of the one-class-at-a-time and the whole-matrix products
    assert _same_bits(got, decision_function_per_class(svm, x))
    assert _same_bits(got, decision_function(svm, x))
    assert np.array_equal(
        got[np.diff(x.indptr) == 0], np.broadcast_to(svm.intercept_, (int((np.diff(x.indptr) == 0).sum()), 7))
    )


def test_decision_function_keeps_each_rows_entry_order_and_duplicates():
    # given a CSR batch whose rows have unsorted and repeated column indices (sums depend on order)
    import scipy.sparse as sp

    from .reference_impl import decision_function_per_class

    rng = np.random.default_rng(3)
    indptr = np.array([0, 4, 4, 9])
    indices = np.array([900, 5, 900, 17, 17, 3, 999, 3, 500], dtype=np.int32)
    x = sp.csr_matrix((rng.uniform(0, 1, 9), indices, indptr), shape=(3, 1000))
    assert not x.has_sorted_indices
    svm = _svm_with(1000, 7, seed=4)
    # then the very same floats as the per-class products, for other sparse formats too
    assert _same_bits(svm.decision_function(x), decision_function_per_class(svm, x))
    y = _tfidf_like(30, 1000, seed=5)
    assert _same_bits(svm.decision_function(y.tocoo()), decision_function_per_class(svm, y.tocoo()))
    assert _same_bits(svm.decision_function(y.tocsc()), decision_function_per_class(svm, y.tocsc()))
    y32 = y.astype(np.float32)  # scipy multiplies float32 rows by float32 weights in float32
    assert _same_bits(svm.decision_function(y32), decision_function_per_class(svm, y32))
    assert _same_bits(svm.decision_function(y[:0]), decision_function_per_class(svm, y[:0]))


def test_decision_function_rejects_a_wrong_number_of_features():
    import scipy.sparse as sp

    svm = _svm_with(100, 3, seed=0)
    with pytest.raises(ValueError, match="features"):
        svm.decision_function(sp.csr_matrix((2, 99)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 199), st.floats(0.0, 10.0, allow_nan=False)), max_size=12),
        min_size=1,
        max_size=8,
    ),
    st.integers(1, 9),
)
def test_decision_function_equals_the_per_class_products_on_any_batch(rows, n_classes):
    # given any small batch (any entry order, repeated columns, empty rows) and any number of classes
    import scipy.sparse as sp

    from .reference_impl import decision_function_per_class

    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.array([j for r in rows for j, _ in r], dtype=np.int32)
    data = np.array([v for r in rows for _, v in r], dtype=np.float64)
    x = sp.csr_matrix((data, indices, indptr), shape=(len(rows), 200))
    svm = _svm_with(200, n_classes, seed=n_classes)
    # then bit-for-bit the per-class scores
    assert _same_bits(svm.decision_function(x), decision_function_per_class(svm, x))


@real_file("messages_labeled.csv")
def test_decision_function_is_exact_on_real_message_features():
    # given the features of 600 real messages and the NB-SVM of a model fitted on 600 others
    texts, labels = load_labeled(DATA / "messages_labeled.csv")
    order = np.random.default_rng(1).permutation(len(texts))
    clf = TopicClassifier(n_jobs=1)
    clf.fit([texts[i] for i in order[:600]], [labels[i] for i in order[:600]])
    x = clf._features([*(texts[i] for i in order[600:1200]), "", "\n"], fit=False)
    svm = clf._model.calibrated_classifiers_[0].estimator
    from .reference_impl import decision_function, decision_function_per_class

    # then the scores are bit-for-bit those of the previous implementations
    got = svm.decision_function(x)
    assert _same_bits(got, decision_function_per_class(svm, x))
    assert _same_bits(got, decision_function(svm, x))
