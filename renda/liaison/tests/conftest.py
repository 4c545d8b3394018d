"""Liaison test fixtures: no topic model by default (deterministic), a small real one on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from renda.liaison.tests.modeltools import train_small_model


@pytest.fixture(autouse=True)
def _no_model_by_default(settings, tmp_path):
    settings.LIAISON_TOPIC_MODEL = tmp_path / "no-model.joblib"


@pytest.fixture(scope="session")
def _small_model_file(tmp_path_factory) -> Path:
    """A topic model trained by the library on 100 labelled real messages per topic (a few seconds)."""
    path = train_small_model(tmp_path_factory.mktemp("model") / "topic.joblib")
    if path is None:
        pytest.skip(f"real data not found in {settings.DATA_DIR}")
    return path


@pytest.fixture
def topic_model(settings, _small_model_file) -> Path:
    """Use the small trained model for this test."""
    settings.LIAISON_TOPIC_MODEL = _small_model_file
    return _small_model_file
