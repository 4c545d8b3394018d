"""Tests for renda.textmining.lib.classify (synthetic data; real data when present)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

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
