"""The defects the API fuzz (``test_api_fuzz.py``) found, each pinned by a small test (issue 12 item 1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from renda.core.apis import ERROR_STATUSES
from renda.proposals.models import Proposal
from renda.proposals.tests.factories import BODY, world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _deputy_client() -> Client:
    client = Client()
    client.force_login(world().deputy_users[0])
    return client


def test_every_operation_documents_the_error_responses(schema):
    # given the published schema / then every operation documents 400 … 429 with the shared error shape
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            missing = set(ERROR_STATUSES) - set(map(str, operation["responses"]))
            assert not missing, (method, path, missing)


def test_schema_declares_what_the_api_answers(schema):
    components = schema["components"]["schemas"]
    # an opinion outside any duplicate group has no group size
    assert components["Opinion"]["properties"]["duplicate_group_size"].get("nullable") is True
    # a deputy's proposal has no institution: '' is allowed
    assert "BlankEnum" in str(components["Proposal"]["properties"]["institution"])
    # the attendance list and a proposal's assignments are bare arrays, not pages
    for path in ("/api/meetings/meetings/{id}/attendance/", "/api/proposals/proposals/{id}/assignments/"):
        body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert body["type"] == "array", path
    # an evaluation is created: 201 with its id
    assert "201" in schema["paths"]["/api/proposals/replies/{id}/evaluate/"]["post"]["responses"]


def test_api_refuses_an_unknown_institution():
    # given a deputy / when he files a suggestion naming an institution that does not exist
    response = _deputy_client().post(
        "/api/proposals/proposals/",
        {"title": "关于公交线路优化的建议", "body": BODY, "institution": "no-such-body"},
        content_type="application/json",
    )
    # then 400 invalid on that field, and nothing is stored (it was 201 with the text stored)
    assert response.status_code == 400 and "institution" in response.json()["errors"]
    assert not Proposal.objects.exists()


def test_api_refuses_a_topic_longer_than_the_column():
    # given a deputy / when the topic has 21 characters (the column holds 20: PostgreSQL raised, a 500)
    response = _deputy_client().post(
        "/api/proposals/proposals/",
        {"title": "关于公交线路优化的建议", "body": BODY, "topic": "交" * 21},
        content_type="application/json",
    )
    # then 400 invalid on that field, and nothing is stored
    assert response.status_code == 400 and "topic" in response.json()["errors"]
    assert not Proposal.objects.exists()
