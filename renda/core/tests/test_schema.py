"""The OpenAPI schema at /api/schema/ is valid, warning-free, and covers every app's API."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_schema_validates_without_warnings(tmp_path: Path):
    # when the schema is generated with validation, failing on any warning
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    # then it lists the API of every app
    paths = yaml.safe_load(out.read_text(encoding="utf-8"))["paths"]
    for prefix in ("/api/organization/", "/api/proposals/", "/api/meetings/", "/api/livelihood/"):
        assert any(p.startswith(prefix) for p in paths), prefix


def test_schema_is_served(staff_user):
    client = Client()
    client.force_login(staff_user)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi" in response.content
