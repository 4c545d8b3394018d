"""The oversight API mirrors the pages: same services, codes for refusals, 404 alike for the unseen."""

from __future__ import annotations

import pytest

from renda.meetings.tests import factories as mf
from renda.oversight.models import OversightItem
from renda.oversight.tests.helpers import heard, pdf, report_item, world

pytestmark = pytest.mark.django_db


def test_api_item_steps_and_refusals():
    w = world()
    staff = mf.api(w.staff)
    r = staff.post(
        "/api/oversight/items/", {"kind": "special_report", "title": "无机关", "source": "public"}, format="json"
    )
    assert r.status_code == 422 and r.json()["code"]
    r = staff.post("/api/oversight/items/", {"kind": "research", "title": "供热调研"}, format="json")
    # a 专题调研 is done by a group of members and invited deputies (its group counts in their records)
    assert r.status_code == 201 and r.json()["allowed_actions"] == ["group", "review"]
    item = report_item(w)
    organ = mf.api(w.officer)
    r = organ.post(f"/api/oversight/items/{item.pk}/submit-report/", {"file": pdf()}, format="multipart")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert organ.post(f"/api/oversight/items/{item.pk}/review/", {"note": "x"}, format="json").status_code == 403
    assert staff.get("/api/oversight/items/99999999/").status_code == 404
    assert staff.get("/api/oversight/items/abc/").status_code == 404


def test_api_inquiry_one_member_too_few_and_public_lists():
    w = world()
    staff = mf.api(w.staff)
    body = {"meeting": w.meeting.pk, "target": w.organ.pk, "questions": "q", "content": "c"}
    r = staff.post("/api/oversight/inquiries/", {**body, "signers": [d.pk for d in w.members[:4]]}, format="json")
    assert r.status_code == 422
    r = staff.post("/api/oversight/inquiries/", {**body, "signers": [d.pk for d in w.members[:5]]}, format="json")
    assert r.status_code == 201 and len(r.json()["signers"]) == 5
    item = heard(w)
    anon = mf.APIClient()
    assert anon.get("/api/oversight/public-items/").json()["count"] == 0
    staff.post(f"/api/oversight/items/{item.pk}/publish/", format="json")
    assert [i["id"] for i in anon.get("/api/oversight/public-items/").json()["results"]] == [item.pk]
    assert OversightItem.objects.get(pk=item.pk).published_on


def test_api_m19_investigation_one_fifth_of_members():
    w = world()
    staff = mf.api(w.staff)
    r = staff.post(
        "/api/oversight/items/investigations/", {"title": "某问题", "proposers": [w.members[0].pk]}, format="json"
    )
    assert r.status_code == 422
    r = staff.post("/api/oversight/items/investigations/", {"title": "某问题", "by_council": True}, format="json")
    assert r.status_code == 201 and r.json()["kind"] == "investigation"
