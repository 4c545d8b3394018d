"""The ``renda`` command stops on a wrong DATABASE_URL with one clear line (issue: foundation)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "url,expected",
    [
        ("mysql://u:secret@127.0.0.1/renda", "not a supported database URL"),
        ("postgres://u:secret@127.0.0.1:notaport/renda", "cannot be parsed"),
        ("postgres://u:secret@127.0.0.1:1/renda", "cannot connect to the database"),
    ],
)
def test_bad_database_url_fails_with_one_clear_line(url, expected):
    # when a command starts with a wrong DATABASE_URL
    result = run_manage("migrate", database_url=url)
    # then it exits with status 2 and exactly one line on stderr, without the password
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "secret" not in lines[0]
    assert lines[0].startswith("renda: ")
