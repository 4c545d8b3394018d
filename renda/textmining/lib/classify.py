"""Topic classifier for citizens' messages (7 first-level topics of 问政西地省).

Trained and cross-validated on ``messages_labeled.csv`` (6,651 rows; see
``shared/data/README.md``). Model, chosen by 5-fold experiments (``bench/textmining_classifier.py``
and ``docs/benchmarks/textmining.md``):

* title and body are cleaned (:func:`clean.clean_text`); for the character n-grams the body is
  cut to its first ``body_chars`` characters (800: the problem is stated early; 400 scored
  0.9352 accuracy, 800 0.9379, the whole body 0.9376 for 2x the time);
* features: character 1–4-gram TF-IDF of title + body, rjieba word uni+bigram TF-IDF of
  title + full body in search mode (a long word also yields its sub-words: +0.06 points over
  plain ``cut``), and character 1–3-gram TF-IDF of the title alone (weight 0.7), all
  sublinear tf and L2-normalised, concatenated; n-grams are hashed and counted with numpy
  (:mod:`.features`), ~10x faster than scikit-learn's string analyzers with the same CV
  figures;
* NB-SVM (:class:`NBLinearSVC`): for each topic the features are scaled by their
  naive-Bayes log-count ratio (topic vs rest) and a binary LinearSVC (C=1, class weights
  balanced for macro-F1) is fitted; the whole is wrapped in ``CalibratedClassifierCV``
  (sigmoid, 3 folds, one final model on all data) so that
  :meth:`TopicClassifier.predict_proba` returns calibrated probabilities.

Only the labelled file is used for training: self-training on the ~9,600 unlabelled real
messages and IDF fitted on labelled + unlabelled text were tried and did not help (see the
benchmark notes).

Input convention: a message is ``(title, body)`` or one string ``title + "\\n" + body`` (see
:func:`join_message`); a string without a newline is treated as a body with no title.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from .clean import clean_text
from .features import HashedTfidf, char_ngram_counts, word_ngram_counts
from .segment import segment_many

__all__ = [
    "MODEL_VERSION",
    "TOPICS",
    "CVResult",
    "LibraryVersionWarning",
    "ModelVersionError",
    "NBLinearSVC",
    "TopicClassifier",
    "cross_validate",
    "join_message",
    "load_labeled",
    "message_words",
    "train_default_model",
]

MODEL_VERSION = "renda-topic-3"
"""Stamp saved with a model; :meth:`TopicClassifier.load` refuses other versions."""

CHAR_BITS = 23
"""log2 of the hash buckets of the character n-grams (8.4 M buckets for ~1.2 M distinct n-grams)."""
WORD_BITS = 22
"""log2 of the hash buckets of the word uni- and bigrams."""
TITLE_BITS = 20
"""log2 of the hash buckets of the title's character n-grams."""

TOPICS: tuple[str, ...] = (
    "城乡建设",
    "劳动和社会保障",
    "教育文体",
    "商贸旅游",
    "环境保护",
    "卫生计生",
    "交通运输",
)
"""The 7 first-level topics of ``messages_labeled.csv`` (一级分类)."""

Message = str | tuple[str, str]


def join_message(title: str, body: str) -> str:
    """Join 留言主题 and 留言详情 into the one-string form the classifier accepts."""
    return f"{title}\n{body}"


def message_words(titles: Sequence[str], bodies: Sequence[str]) -> list[list[str]]:
    """The words the classifier reads from cleaned titles and bodies.

    ``title。body`` segmented by rjieba in search mode (a long word is followed by its dictionary
    sub-words), punctuation dropped, stopwords kept — see the module docstring for why.

    Args:
        titles, bodies: :func:`clean.clean_text` output, same length.

    Returns:
        One word list per message.

    Raises:
        ValueError: if the lengths differ.
    """
    if len(titles) != len(bodies):
        raise ValueError(f"{len(titles)} titles but {len(bodies)} bodies")
    return segment_many(
        [f"{t}。{b}" for t, b in zip(titles, bodies, strict=True)],
        drop_stopwords=False,
        search_mode=True,
    )


def _split(msg: Message) -> tuple[str, str]:
    if isinstance(msg, tuple):
        return msg[0] or "", msg[1] or ""
    if not isinstance(msg, str):
        raise TypeError(f"message must be str or (title, body), got {type(msg).__name__}")
    title, sep, body = msg.partition("\n")
    return (title, body) if sep else ("", title)


class NBLinearSVC:
    """One-vs-rest LinearSVC on naive-Bayes log-count-ratio scaled features (NB-SVM).

    For each class ``c`` the features are multiplied column-wise by
    ``r_c = log((p_c / |p_c|_1) / (q_c / |q_c|_1))``, where ``p_c`` (``q_c``) is ``alpha`` plus
    the number of training rows of (not of) class ``c`` in which a feature is non-zero; a
    binary LinearSVC (class weights balanced) is then fitted on the scaled features (Wang &
    Manning 2012, applied to TF-IDF rows instead of binarised counts). Follows the
    scikit-learn estimator protocol (``get_params``/``set_params``/``fit``/``decision_function``)
    so that ``CalibratedClassifierCV`` can wrap it. After fitting, each class's ratio vector is
    folded into its SVM weights (``(x ∘ r) · w = x · (r ∘ w)``), so prediction is one sparse ×
    dense product and only ``coef_`` (``(n_features, n_classes)``, float32) and ``intercept_`` are
    kept.

    Args:
        C: LinearSVC regularisation.
        alpha: additive smoothing of the feature counts (≥ 0; 1 = Laplace).
        random_state: LinearSVC seed.
        tol: LinearSVC stopping tolerance (1e-3, not scikit-learn's 1e-4: the scaled
            features need 2–3× more liblinear iterations; 1e-3 gave the same fold accuracy
            in 30% less time).
        class_weight: LinearSVC class weights of each binary topic-vs-rest problem
            (``"balanced"``: the topic's rows weigh as much as all the others together).
        n_jobs: topics fitted at the same time, in threads (liblinear releases the GIL).
    """

    _estimator_type = "classifier"

    def __init__(
        self,
        C: float = 1.0,
        alpha: float = 1.0,
        random_state: int = 0,
        tol: float = 1e-3,
        class_weight: str | None = "balanced",
        n_jobs: int = 1,
    ) -> None:
        self.C = C
        self.alpha = alpha
        self.random_state = random_state
        self.tol = tol
        self.class_weight = class_weight
        self.n_jobs = n_jobs

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Constructor parameters (scikit-learn protocol; ``deep`` is ignored)."""
        return {
            "C": self.C,
            "alpha": self.alpha,
            "random_state": self.random_state,
            "tol": self.tol,
            "class_weight": self.class_weight,
            "n_jobs": self.n_jobs,
        }

    def set_params(self, **params: Any) -> NBLinearSVC:
        """Set constructor parameters by name; returns ``self``."""
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def __sklearn_tags__(self) -> Any:
        """scikit-learn ≥ 1.6 estimator tags: a classifier that accepts sparse input."""
        from sklearn.utils import ClassifierTags, InputTags, Tags, TargetTags

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=True),
            classifier_tags=ClassifierTags(),
            input_tags=InputTags(sparse=True),
        )

    def fit(self, x: sp.spmatrix, y: Sequence[Any], sample_weight: Any = None) -> NBLinearSVC:
        """Fit on a non-negative sparse matrix ``x`` (rows = messages) and labels ``y``.

        Raises:
            ValueError: if ``y`` has fewer than 2 classes.
        """
        from sklearn.svm import LinearSVC

        x = sp.csr_matrix(x)
        yv = np.asarray(y)
        self.classes_ = np.unique(yv)
        if self.classes_.size < 2:
            raise ValueError("need at least 2 classes")
        xb = x.copy()
        xb.data[:] = 1.0
        xb = xb.tocsc()
        totals = np.asarray(xb.sum(axis=0)).ravel()

        def fit_one(c: Any) -> tuple[np.ndarray, float]:
            pos = yv == c
            in_c = np.asarray(xb.T @ pos.astype(np.float64)).ravel()  # rows of the topic containing each feature
            p = self.alpha + in_c
            q = self.alpha + (totals - in_c)
            r = np.log((p / p.sum()) / (q / q.sum()))
            svm = LinearSVC(C=self.C, class_weight=self.class_weight, random_state=self.random_state, tol=self.tol)
            svm.fit(x.multiply(r).tocsr(), pos, sample_weight=sample_weight)
            # (x ∘ r) · w = x · (r ∘ w): keep one weight vector per class instead of r and the SVM
            return (r * svm.coef_.ravel()).astype(np.float32), float(svm.intercept_[0])

        # liblinear releases the GIL: the per-topic fits run in threads (n_jobs at a time)
        with ThreadPoolExecutor(max_workers=max(1, self.n_jobs)) as pool:
            fitted = list(pool.map(fit_one, self.classes_))
        self.coef_ = np.vstack([w for w, _ in fitted]).T.copy()  # (n_features, n_classes), float32
        self.intercept_ = np.asarray([b for _, b in fitted])
        return self

    def decision_function(self, x: sp.spmatrix) -> np.ndarray:
        """Per-class SVM scores ``x · coef_[:, k] + intercept_[k]``.

        Only the weight rows of the features that occur in ``x`` are read (issue 17): their float32
        weights are gathered into a small C-contiguous float64 matrix (``n_used × n_classes``, a
        few MB for a 2,000-message batch instead of one ~9 MB float64 column per class, or ~64 MB
        for the whole ``coef_``), the columns of ``x`` are renumbered to match (same order in every
        row), and one sparse × dense product gives all classes. Each score is the same float64 sum,
        term by term and in the same order, as the plain product ``x @ coef_`` (scipy's per-row
        loop adds ``x[i, j] * w[j, k]`` for the row's entries in storage order in both cases), so
        the scores are bit-for-bit those of the previous one-class-at-a-time code
        (``test_decision_function_equals_the_per_class_products_exactly``).

        Args:
            x: sparse features, shape ``(n_rows, n_features)`` (any scipy sparse format; converted
                to CSR), float64 non-negative TF-IDF values in practice (other value types are
                multiplied in the type scipy would use, as before).

        Returns:
            float64 array of shape ``(n_rows, n_classes)``; a row without entries scores
            ``intercept_``.

        Raises:
            AttributeError: if the model is not fitted (no ``coef_``).
            ValueError: if ``x`` does not have ``n_features`` columns.
        """
        x = sp.csr_matrix(x)
        coef = self.coef_
        n_features, n_classes = coef.shape
        if x.shape[1] != n_features:
            raise ValueError(f"x has {x.shape[1]} features, the model {n_features}")
        used = np.zeros(n_features, dtype=bool)
        used[x.indices] = True  # raises IndexError for an index out of range: the takes below are safe
        cols = np.flatnonzero(used)
        position = np.empty(n_features, dtype=x.indices.dtype)
        position[cols] = np.arange(cols.size, dtype=position.dtype)
        # whole weight rows at a time (one n_classes × 4-byte item each): np.take is 2-3x faster than
        # fancy indexing of the 2-D array here
        rows = np.ascontiguousarray(coef).view(np.dtype((np.void, coef.itemsize * n_classes))).ravel()
        weights = rows.take(cols, mode="clip").view(coef.dtype).reshape(cols.size, n_classes)
        # (n_used, n_classes), C-contiguous, in the type scipy multiplies ``x`` by a float32 column in
        # (float64 for the float64 TF-IDF rows)
        weights = weights.astype(np.result_type(x.dtype, coef.dtype))
        indices = position.take(x.indices, mode="clip")
        x_used = sp.csr_matrix((x.data, indices, x.indptr), shape=(x.shape[0], cols.size))
        scores = np.asarray(x_used @ weights, dtype=np.float64).reshape(x.shape[0], n_classes)
        return scores + self.intercept_

    def predict(self, x: sp.spmatrix) -> np.ndarray:
        """Class with the highest score."""
        return self.classes_[self.decision_function(x).argmax(axis=1)]


class ModelVersionError(ValueError):
    """A saved model of another :data:`MODEL_VERSION` (features or model changed since): retrain.

    Attributes:
        found: the version stamped in the file.
        expected: :data:`MODEL_VERSION`.
    """

    def __init__(self, found: str, expected: str) -> None:
        super().__init__(f"model version {found} != {expected}")
        self.found = found
        self.expected = expected


class LibraryVersionWarning(UserWarning):
    """A model saved under another scikit-learn version: it loads, but may predict differently; retrain.

    Emitted once by :meth:`TopicClassifier.load` (scikit-learn's own per-estimator
    ``InconsistentVersionWarning`` is silenced in its favour).

    Attributes:
        trained: the scikit-learn version stamped in the file (``None`` if missing).
        running: the scikit-learn version loading it.
    """

    def __init__(self, trained: str | None, running: str) -> None:
        super().__init__(
            f"model trained with scikit-learn {trained}, running {running}; retrain if predictions look wrong"
        )
        self.trained = trained
        self.running = running


class TopicClassifier:
    """TF-IDF (char + word + title) NB-SVM with calibrated probabilities.

    Args:
        C: LinearSVC regularisation (higher = less regularised).
        body_chars: characters of the cleaned body used for character n-grams.
        title_weight: weight of the title-only block.
        calibration_folds: folds for ``CalibratedClassifierCV`` (≥ 2).
        seed: random seed (calibration fold split and SVM).
        n_jobs: topics fitted in parallel threads inside each NB-SVM fit (2 matches the 2-core
            target machine).
        nb_alpha: smoothing of the naive-Bayes log-count ratios (see :class:`NBLinearSVC`).
        char_orders: character n-gram lengths of the title + body block.
    """

    def __init__(
        self,
        *,
        C: float = 1.0,
        body_chars: int = 800,
        title_weight: float = 0.7,
        calibration_folds: int = 3,
        seed: int = 0,
        n_jobs: int = 2,
        nb_alpha: float = 1.0,
        char_orders: tuple[int, ...] = (1, 2, 3, 4),
    ) -> None:
        self.C = C
        self.char_orders = tuple(char_orders)
        self.nb_alpha = nb_alpha
        self.body_chars = body_chars
        self.title_weight = title_weight
        self.calibration_folds = calibration_folds
        self.seed = seed
        self.n_jobs = n_jobs
        self.classes_: np.ndarray | None = None
        self._tfidf: tuple[HashedTfidf, ...] | None = None
        self._model: Any = None
        self.fit_seconds_: float | None = None
        self.n_train_: int = 0

    # -- features --------------------------------------------------------------------------
    def _prepare(
        self, texts: Sequence[Message], *, cleaned: bool = False, words: Sequence[Sequence[str]] | None = None
    ) -> tuple[list[str], Sequence[Sequence[str]], list[str]]:
        pairs = [_split(t) for t in texts]
        if cleaned:
            titles = [t for t, _ in pairs]
            bodies = [b for _, b in pairs]
        else:
            titles = [clean_text(t) for t, _ in pairs]
            bodies = [clean_text(b) for _, b in pairs]
        chars = [f"{t}。{b[: self.body_chars]}" for t, b in zip(titles, bodies, strict=True)]
        if words is None:
            words = message_words(titles, bodies)
        elif len(words) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(words)} word lists")
        return chars, words, titles

    def _counts(
        self, texts: Sequence[Message], *, cleaned: bool, words: Sequence[Sequence[str]] | None = None
    ) -> list[Callable[[], sp.csr_matrix]]:
        """The three count blocks (title + body characters, words, title characters), each as a
        function that counts it: the caller counts and weights one block at a time, so that one
        block's counts are freed before the next is counted (lower peak memory, same matrices)."""
        chars, words_, titles = self._prepare(texts, cleaned=cleaned, words=words)
        return [
            lambda: char_ngram_counts(chars, self.char_orders, bits=CHAR_BITS, seed=0),
            lambda: word_ngram_counts(words_, bits=WORD_BITS, seed=0),
            lambda: char_ngram_counts(titles, (1, 2, 3), bits=TITLE_BITS, seed=1),
        ]

    def _features(
        self,
        texts: Sequence[Message],
        *,
        fit: bool,
        cleaned: bool = False,
        words: Sequence[Sequence[str]] | None = None,
    ) -> sp.csr_matrix:
        counters = self._counts(texts, cleaned=cleaned, words=words)
        if fit:
            self._tfidf = (HashedTfidf(min_df=2), HashedTfidf(min_df=2), HashedTfidf(min_df=1))
        if self._tfidf is None:
            raise RuntimeError("TopicClassifier is not fitted")
        weights = (1.0, 1.0, self.title_weight)
        blocks = []
        for tfidf, count, weight in zip(self._tfidf, counters, weights, strict=True):
            counts = count()
            if fit:
                tfidf.fit(counts)
            blocks.append(tfidf.transform(counts, weight))
            del counts  # before the next block is counted
        return sp.hstack(blocks, format="csr")

    # -- API -------------------------------------------------------------------------------
    def fit(self, texts: Sequence[Message], labels: Sequence[str]) -> TopicClassifier:
        """Train on messages and their 一级分类 labels.

        Args:
            texts: messages, ``(title, body)`` or ``title + "\\n" + body``.
            labels: one topic per message (any strings; normally :data:`TOPICS`).

        Returns:
            ``self``.

        Raises:
            ValueError: if lengths differ, there are fewer than 2 classes, or a class has fewer
                members than ``calibration_folds``.
        """
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.model_selection import StratifiedKFold

        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        y = np.asarray(labels, dtype=object)
        classes, counts = np.unique(y, return_counts=True)
        if classes.size < 2:
            raise ValueError("need at least 2 classes")
        if counts.min() < self.calibration_folds:
            raise ValueError(f"every class needs ≥ {self.calibration_folds} examples; smallest has {counts.min()}")
        t0 = time.perf_counter()
        x = self._features(texts, fit=True)
        # parallel inside each NB-SVM (one thread per topic), not across calibration folds: the
        # final fit on all rows then uses both cores too
        svm = NBLinearSVC(C=self.C, alpha=self.nb_alpha, random_state=self.seed, n_jobs=self.n_jobs)
        cv = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.seed)
        self._model = CalibratedClassifierCV(svm, method="sigmoid", cv=cv, ensemble=False)
        self._model.fit(x, y)
        self.classes_ = self._model.classes_
        self.n_train_ = len(y)
        self.fit_seconds_ = time.perf_counter() - t0
        return self

    def predict_proba(
        self,
        texts: Sequence[Message],
        *,
        cleaned: bool = False,
        words: Sequence[Sequence[str]] | None = None,
    ) -> tuple[list[str], np.ndarray]:
        """Calibrated topic probabilities.

        Args:
            texts: messages as in :meth:`fit`.
            cleaned: the titles and bodies are already :func:`clean.clean_text` output (the
                import pipeline cleans once and reuses the text); skips cleaning again.
            words: the messages' words as :func:`message_words` gives them for the cleaned
                titles and bodies (the import pipeline segments once, for the classifier and the
                search index); computed here when ``None``. Other segmentations give other,
                worse, predictions.

        Returns:
            ``(labels, probs)``: the class labels (column order) and an array of shape
            ``(len(texts), len(labels))`` whose rows sum to 1.

        Raises:
            RuntimeError: if the classifier is not fitted.
            ValueError: if ``words`` does not have one list per text.
        """
        if self._model is None or self.classes_ is None:
            raise RuntimeError("TopicClassifier is not fitted")
        if len(texts) == 0:
            return list(self.classes_), np.zeros((0, len(self.classes_)))
        probs = self._model.predict_proba(self._features(texts, fit=False, cleaned=cleaned, words=words))
        return [str(c) for c in self.classes_], probs

    def predict(self, texts: Sequence[Message]) -> list[str]:
        """Most probable topic for each message (argmax of :meth:`predict_proba`)."""
        labels, probs = self.predict_proba(texts)
        return [labels[i] for i in probs.argmax(axis=1)] if len(probs) else []

    def save(self, path: str | Path) -> Path:
        """Write the model with joblib, stamped with :data:`MODEL_VERSION` and library versions.

        Creates parent directories. The file is written next to ``path`` under a temporary name and
        then renamed over it, so an interrupted save never leaves a half-written model where the
        app loads it. Returns the path written.

        Raises:
            RuntimeError: if the classifier is not fitted.
            OSError: if the file cannot be written (the temporary file is removed).
        """
        import os
        import tempfile

        import joblib
        import sklearn

        if self._model is None or self.classes_ is None:
            raise RuntimeError("TopicClassifier is not fitted")
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": MODEL_VERSION,
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "classes": [str(c) for c in self.classes_],
            "n_train": self.n_train_,
            "model": self,
        }
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
        os.close(fd)
        try:
            joblib.dump(payload, tmp, compress=3)
            os.replace(tmp, p)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return p

    @classmethod
    def load(cls, path: str | Path) -> TopicClassifier:
        """Load a model written by :meth:`save`.

        Raises:
            FileNotFoundError: if ``path`` does not exist.
            ModelVersionError: if the file was saved with another :data:`MODEL_VERSION`.
            ValueError: if the file is not a Renda topic model.

        Warns:
            LibraryVersionWarning: the file was saved under another scikit-learn version.
        """
        import joblib
        import sklearn
        from sklearn.exceptions import InconsistentVersionWarning

        with warnings.catch_warnings():
            # one warning of ours with both versions instead of one per pickled estimator
            warnings.simplefilter("ignore", InconsistentVersionWarning)
            payload = joblib.load(Path(path))
        if not isinstance(payload, dict) or "version" not in payload:
            raise ValueError(f"{path}: not a Renda topic model")
        if payload["version"] != MODEL_VERSION:
            raise ModelVersionError(str(payload["version"]), MODEL_VERSION)
        if payload.get("sklearn") != sklearn.__version__:
            warnings.warn(LibraryVersionWarning(payload.get("sklearn"), sklearn.__version__), stacklevel=2)
        model = payload["model"]
        if not isinstance(model, cls):
            raise ValueError(f"{path}: unexpected payload {type(model).__name__}")
        return model


@dataclass(slots=True)
class CVResult:
    """Cross-validation figures.

    Attributes:
        accuracy: overall accuracy (0–1).
        macro_f1: unweighted mean of per-topic F1 (0–1).
        per_topic_f1: F1 per topic.
        confusion: confusion matrix, rows = true, columns = predicted, in ``labels`` order.
        labels: topic order of ``confusion``.
        fold_accuracy / fold_macro_f1: per fold.
        fit_seconds: mean wall-clock seconds of one fold's ``fit``.
        seconds: total wall-clock seconds.
        duplicate_test_texts: test messages whose exact (cleaned) text also occurs in their
            fold's training part, summed over folds (the data has 148 exact duplicate texts;
            they are not removed, this says how much they can inflate the figures).
    """

    accuracy: float
    macro_f1: float
    per_topic_f1: dict[str, float]
    confusion: np.ndarray
    labels: list[str]
    fold_accuracy: list[float] = field(default_factory=list)
    fold_macro_f1: list[float] = field(default_factory=list)
    fit_seconds: float = 0.0
    seconds: float = 0.0
    duplicate_test_texts: int = 0


def cross_validate(
    texts: Sequence[Message],
    labels: Sequence[str],
    folds: int = 5,
    seed: int = 0,
    **params: Any,
) -> CVResult:
    """Stratified k-fold cross-validation of :class:`TopicClassifier`.

    Vectorisers, SVM and calibration are fitted inside each fold on the training part only.

    Args:
        texts: messages as in :meth:`TopicClassifier.fit`.
        labels: topics.
        folds: number of folds (≥ 2).
        seed: shuffling seed of the fold split (and the classifier's seed unless given).
        **params: keyword arguments for :class:`TopicClassifier`.

    Returns:
        A :class:`CVResult`.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
    from sklearn.model_selection import StratifiedKFold

    t0 = time.perf_counter()
    y = np.asarray(labels, dtype=object)
    texts = list(texts)
    keys = ["\n".join(clean_text(p) for p in _split(t)) for t in texts]
    pred = np.empty(len(y), dtype=object)
    fold_acc: list[float] = []
    fold_f1: list[float] = []
    fit_times: list[float] = []
    dup = 0
    params.setdefault("seed", seed)
    skf = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for tr, te in skf.split(np.zeros(len(y)), y):
        train_keys = {keys[i] for i in tr}
        dup += sum(keys[i] in train_keys for i in te)
        clf = TopicClassifier(**params).fit([texts[i] for i in tr], y[tr])
        fit_times.append(clf.fit_seconds_ or 0.0)
        p = np.asarray(clf.predict([texts[i] for i in te]), dtype=object)
        pred[te] = p
        fold_acc.append(float(accuracy_score(y[te], p)))
        fold_f1.append(float(f1_score(y[te], p, average="macro")))
    order = [t for t in TOPICS if t in set(y)] + sorted(set(y) - set(TOPICS))
    per = f1_score(y, pred, labels=order, average=None)
    return CVResult(
        accuracy=float(accuracy_score(y, pred)),
        macro_f1=float(f1_score(y, pred, average="macro")),
        per_topic_f1={t: float(f) for t, f in zip(order, per, strict=True)},
        confusion=confusion_matrix(y, pred, labels=order),
        labels=order,
        fold_accuracy=fold_acc,
        fold_macro_f1=fold_f1,
        fit_seconds=float(np.mean(fit_times)),
        seconds=time.perf_counter() - t0,
        duplicate_test_texts=dup,
    )


def load_labeled(path: str | Path | None = None) -> tuple[list[str], list[str]]:
    """Read labelled messages (rows with 一级分类) as ``(texts, labels)``.

    Args:
        path: a CSV/xlsx with 留言主题, 留言详情, 一级分类; default
            ``data_dir() / "messages_labeled.csv"``.

    Returns:
        Texts joined with :func:`join_message` and their labels, in file order; rejected rows
        and rows without a label are skipped.

    Raises:
        FileNotFoundError: if the file is missing.
    """
    from .io import data_dir, read_messages

    p = Path(path) if path is not None else data_dir() / "messages_labeled.csv"
    texts: list[str] = []
    labels: list[str] = []
    for row in read_messages(p):
        m = row.message
        if m is not None and m.topic:
            texts.append(join_message(m.title, m.text))
            labels.append(m.topic)
    return texts, labels


def train_default_model(
    data_path: str | Path | None = None,
    out_path: str | Path = "var/models/topic.joblib",
) -> dict[str, Any]:
    """Train the default topic model on ``messages_labeled.csv`` and save it (fixed seeds).

    Args:
        data_path: labelled file; default ``data_dir() / "messages_labeled.csv"``.
        out_path: where to write the joblib file (relative paths are relative to the current
            directory; the Makefile target uses ``var/models/topic.joblib``, not committed).

    Returns:
        Metadata: ``path``, ``version``, ``n_train``, ``classes``, ``fit_seconds``.

    Raises:
        FileNotFoundError: if the data file is missing.
    """
    texts, labels = load_labeled(data_path)
    clf = TopicClassifier(seed=0).fit(texts, labels)
    path = clf.save(out_path)
    return {
        "path": str(path),
        "version": MODEL_VERSION,
        "n_train": clf.n_train_,
        "classes": list(map(str, clf.classes_ if clf.classes_ is not None else [])),
        "fit_seconds": round(clf.fit_seconds_ or 0.0, 2),
    }
