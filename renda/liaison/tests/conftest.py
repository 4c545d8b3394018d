"""Liaison test fixtures: no topic model by default (deterministic), a small real one on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _no_model_by_default(settings, tmp_path):
    settings.LIAISON_TOPIC_MODEL = tmp_path / "no-model.joblib"


@pytest.fixture(scope="session")
def _small_model_file(tmp_path_factory) -> Path:
    """A topic model trained by the library on 100 labelled real messages per topic (a few seconds)."""
    from renda.textmining.lib.classify import TopicClassifier, load_labeled

    data = Path(settings.DATA_DIR) / "messages_labeled.csv"
    if not data.exists():
        pytest.skip(f"real data not found at {data}")
    texts, labels = load_labeled(data)
    picked: dict[str, int] = {}
    xs, ys = [], []
    for t, y in zip(texts, labels, strict=True):
        if picked.get(y, 0) < 100:
            picked[y] = picked.get(y, 0) + 1
            xs.append(t)
            ys.append(y)
    path = tmp_path_factory.mktemp("model") / "topic.joblib"
    TopicClassifier(seed=0, n_jobs=1).fit(xs, ys).save(path)
    return path


@pytest.fixture
def topic_model(settings, _small_model_file) -> Path:
    """Use the small trained model for this test."""
    settings.LIAISON_TOPIC_MODEL = _small_model_file
    return _small_model_file
