"""A topic model file that cannot be loaded sends opinions to manual triage instead of failing."""

from __future__ import annotations

from pathlib import Path

from renda.liaison import intelligence


def test_unloadable_model_falls_back_to_manual_triage(tmp_path: Path, caplog):
    # given a model file from another model version (here: not a model at all)
    bad = tmp_path / "topic.joblib"
    bad.write_bytes(b"not a model")
    # when the classifier is fetched
    model = intelligence.get_classifier(bad)
    # then there is none, and the reason is logged
    assert model is None
    assert "manual triage" in caplog.text
