"""Shared helpers for the text-mining tests: where the real data is and a skip marker."""

from __future__ import annotations

import pytest

from renda.textmining.lib.io import data_dir

DATA = data_dir()


def real_file(name: str) -> pytest.MarkDecorator:
    """Skip marker for tests that need ``name`` from the real data directory."""
    path = DATA / name
    return pytest.mark.skipif(
        not path.exists(),
        reason=f"real data file {path} not found (set RENDA_DATA_DIR to the shared/data dir)",
    )
