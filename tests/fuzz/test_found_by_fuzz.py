"""The defects the API fuzz (``test_api_fuzz.py``) found, each pinned by a small test (issue 12 item 1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from renda.core.apis import ERROR_STATUSES
from renda.core.numbers import parse_ids
from renda.meetings.models import AgendaItem
from renda.meetings.tests import factories as mf
from renda.proposals.models import Assignment, Proposal
from renda.proposals.tests.factories import BODY, registered, world

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


# ------------------------------------------------------------------ found by the page-form fuzz


def test_parse_ids_takes_ascii_ids_in_range_or_nothing():
    assert parse_ids(["3", "17"]) == [3, 17]
    for bad in ("abc", "1.5", "", "9" * 23, str(2**63), "３", "\x00"):
        assert parse_ids(["3", bad]) is None, bad


@pytest.mark.parametrize("bad", ["abc", "1e1", "9" * 23])
def test_bulk_assign_refuses_malformed_ids_in_chinese(bad):
    # given a registered suggestion and staff on the bulk assignment page
    w = world()
    p = registered(w)
    c = Client()
    c.force_login(w.staff)
    # when the ticked ids include a malformed one (int('abc') in the query was a 500)
    r = c.post("/proposals/assign/", {"ids": [str(p.pk), bad], "leads": [w.units[0].pk]}, follow=True)
    # then the page says so and nothing is assigned
    assert r.status_code == 200 and "所选建议无效" in r.content.decode()
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("field", ["cosigners", "leads"])
def test_id_choices_past_64_bits_are_a_form_error(field):
    # given a deputy writing a suggestion, and staff assigning one
    w = world()
    c = Client()
    if field == "cosigners":
        c.force_login(w.deputy_users[0])
        data = {"kind": "suggestion", "title": "关于增加社区食堂的建议", "body": BODY, "cosigners": [str(2**63)]}
        r = c.post("/proposals/new/", data)
    else:
        p = registered(w)
        c.force_login(w.staff)
        r = c.post(f"/proposals/{p.pk}/act/assign/", {"version": p.version, "leads": [str(2**63)]}, follow=True)
    # then no 500 (OverflowError on SQLite, out of range on PostgreSQL) and nothing is stored
    assert r.status_code == 200
    assert not Assignment.objects.exists()
    assert not Proposal.objects.filter(title="关于增加社区食堂的建议").exists()


def test_agenda_item_refuses_a_co_signer_count_past_the_column():
    # given a Standing Committee meeting page
    staff, meeting = mf.sc_meeting()
    c = mf.client(staff)
    # when 23 digits are typed as 联名人数 (the 32-bit column overflowed: a 500)
    r = c.post(
        f"/meetings/{meeting.pk}/do/add_item/",
        {"title": "议案甲", "kind": "bill", "proposer": "members", "co_signers": "9" * 23},
        follow=True,
    )
    # then a Chinese error and no item
    assert r.status_code == 200 and "联名人数须为 0–650 之间的整数" in r.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize(
    "path", ["/proposals/?topic=%00", "/liaison/search/?q=a%00b", "/api/proposals/proposals/?q=%00"]
)
def test_a_nul_byte_in_the_query_string_is_a_400(path, staff_user):
    # given staff / when a filter or search value holds a NUL byte (PostgreSQL refused it: a 500)
    c = Client()
    c.force_login(staff_user)
    r = c.get(path)
    # then 400: the Chinese page, or the API's error shape
    assert r.status_code == 400
    if path.startswith("/api/"):
        assert r.json()["code"] == "invalid"
    else:
        assert "请求无效" in r.content.decode()
