"""API operations added for issue 14's gaps: draft creation, .docx import, plan items' submission dates,
deputies' comments and the G2/G14/G17 steps; each with its success and its refusals ({code, detail})."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.legislation import comments, services
from renda.legislation.docstruct import parse_paragraphs, to_docx
from renda.legislation.models import Comment, Draft, DraftVersion, LegislativePlan, PlanItem, Publication
from renda.legislation.tests import factories as lf
from renda.legislation.tests.test_g2_g11_g14_g17 import _promulgated
from renda.legislation.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/legislation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post(user: User, path: str, data: object = None) -> object:
    return _client(user).post(f"{API}{path}", data or {}, content_type="application/json")


def _deputy(w: lf.World) -> User:
    return f.UserFactory(  # type: ignore[return-value]
        role=User.Role.DEPUTY, deputy=f.DeputyFactory(term=w.body.term), congress=w.draft.congress
    )


def _docx(name: str = "草案.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, to_docx("某条例（草案）", parse_paragraphs(lf.TEXT).articles), content_type=DOCX)


def test_api_paths_name_their_parameter_id():
    assert reverse("legislation-api:draft", kwargs={"id": 7}) == f"{API}/drafts/7/"
    assert reverse("legislation-api:plan-item-submitted", kwargs={"id": 7}) == f"{API}/plan-items/7/submitted/"


def test_g1_g2_api_create_draft():
    w = lf.world()
    body = {"title": "某市古城墙保护条例", "subject": "heritage"}
    r = _post(_deputy(w), "/drafts/", body)
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = _post(w.staff, "/drafts/", {"subject": "heritage"})
    assert r.status_code == 400 and r.json()["code"] == "invalid" and "title" in r.json()["errors"]
    r = _post(w.staff, "/drafts/", {**body, "subject": "other_law"})
    assert r.status_code == 422 and r.json()["code"] == "basis_required" and r.json()["rule"] == "G1"
    r = _post(w.staff, "/drafts/", {**body, "kind": "implementing"})
    assert r.status_code == 422 and r.json()["code"] == "higher_law_required" and r.json()["rule"] == "G2"
    assert not Draft.objects.filter(title="某市古城墙保护条例").exists()
    r = _post(w.staff, "/drafts/", {**body, "kind": "implementing", "higher_law": "文物保护法"})
    assert r.status_code == 201 and r.json()["status"] == Status.DRAFTING and r.json()["kind"] == "implementing"
    assert r.json()["id"] in [d["id"] for d in _client(w.staff).get(f"{API}/drafts/").json()]


def test_api_version_import_from_docx_with_the_pages_checks():
    w = lf.world()
    path = f"{API}/drafts/{w.draft.pk}/versions/"
    staff = _client(w.staff)
    r = _client(_deputy(w)).post(path, {"label": "修改稿", "file": _docx()})
    assert r.status_code == 403
    r = staff.post(path, {"label": "修改稿"})
    assert r.status_code == 400 and "file" in r.json()["errors"]
    r = staff.post(path, {"label": "修改稿", "file": SimpleUploadedFile("草案.txt", b"abc")})
    assert r.status_code == 422 and r.json()["code"] == "invalid_file"
    r = staff.post(path, {"label": "修改稿", "file": SimpleUploadedFile("草案.docx", b"not a zip", content_type=DOCX)})
    assert r.status_code == 422 and r.json()["code"] in ("invalid_file", "invalid_docx")
    assert DraftVersion.objects.filter(draft=w.draft).count() == 1  # nothing stored
    r = staff.post(path, {"label": "修改稿", "file": _docx()})
    assert r.status_code == 201 and r.json()["number"] == 2 and r.json()["label"] == "修改稿"
    assert len(r.json()["articles"]) == 7 and r.json()["unparsed"] == []
    assert staff.post(f"{API}/drafts/99999999/versions/", {"file": _docx()}).status_code == 404


def test_g20_api_plan_item_submission_date():
    w = lf.world()
    plan = LegislativePlan.objects.create(
        congress=w.draft.congress, kind="annual", year_from=2026, year_to=2026, title="2026年度立法计划"
    )
    item = PlanItem.objects.create(
        plan=plan, title="某条例", stage="formal", proposer="市人民政府", submission_due=date(2026, 5, 1)
    )
    path = f"/plan-items/{item.pk}/submitted/"
    assert _post(_deputy(w), path, {"submitted_on": "2026-05-02"}).status_code == 403
    assert _post(w.staff, path, {"submitted_on": "yesterday"}).status_code == 400
    r = _post(w.staff, path, {"submitted_on": "2026-05-02"})
    assert r.status_code == 422 and r.json()["code"] == "explanation_required" and r.json()["rule"] == "G20"
    assert PlanItem.objects.get(pk=item.pk).submitted_on is None
    r = _post(w.staff, path, {"submitted_on": "2026-05-02", "explanation": "已向主任会议书面说明"})
    assert r.status_code == 200 and r.json()["late_explanation"] == "已向主任会议书面说明"
    citizen = f.UserFactory(role=User.Role.CITIZEN)
    assert _post(citizen, path, {"submitted_on": "2026-05-02"}).status_code == 404  # 404 alike
    assert _post(w.staff, "/plan-items/abc/submitted/", {"submitted_on": "2026-05-02"}).status_code == 404


def test_g11_api_deputy_comment_within_the_period_only():
    w = lf.world()
    deputy = _deputy(w)
    path = f"/versions/{w.version.pk}/deputy-comments/"
    r = _post(deputy, path, {"article": 5, "text": "建议提高罚款额度"})
    assert r.status_code == 422 and r.json()["code"] == "comment_closed"  # not opened yet
    comments.period_open(version=w.version, opens=timezone.localdate(), actor=w.staff, early_reason=lf.EARLY)
    assert _post(w.staff, path, {"text": "工作人员"}).status_code == 403
    assert _post(deputy, path, {"article": 5}).status_code == 400
    r = _post(deputy, path, {"article": 99, "text": "建议"})
    assert r.status_code == 422 and r.json()["code"] == "wrong_article"
    r = _post(deputy, path, {"article": 5, "text": "建议提高罚款额度"})
    assert r.status_code == 201 and r.json()["source"] == "deputy"
    assert Comment.objects.filter(version=w.version, source="deputy").count() == 1


def test_g2_g14_g17_api_steps():
    w = lf.world()
    r = _post(w.staff, f"/drafts/{w.draft.pk}/basis/", {"kind": "implementing"})
    assert r.status_code == 422 and r.json()["code"] == "higher_law_required"
    r = _post(w.staff, f"/drafts/{w.draft.pk}/basis/", {"kind": "pilot"})
    assert r.status_code == 200 and r.json()["kind"] == "pilot"
    assert _post(_deputy(w), f"/drafts/{w.draft.pk}/basis/", {"kind": "pilot"}).status_code == 403
    # G14: 409 before any reading, 422 before the two years, 200 after
    body = {"on": "2028-03-22", "report": "主任会议向常委会报告"}
    assert _post(w.staff, f"/drafts/{w.draft.pk}/terminate/", body).status_code == 409
    lf.submitted(w)
    lf.read(w, 1)
    r = _post(w.staff, f"/drafts/{w.draft.pk}/terminate/", {**body, "on": "2028-03-20"})
    assert r.status_code == 422 and r.json()["code"] == "not_yet_due" and r.json()["rule"] == "G14"
    assert _post(w.staff, f"/drafts/{w.draft.pk}/terminate/", {"on": "2028-03-22"}).status_code == 400
    r = _post(w.staff, f"/drafts/{w.draft.pk}/terminate/", body)
    assert (
        r.status_code == 200 and r.json()["status"] == Status.TERMINATED and r.json()["terminated_on"] == "2028-03-22"
    )
    # G17
    w2 = lf.world()
    d = _promulgated(w2)
    path = f"/drafts/{d.pk}/publications/"
    assert _post(w2.staff, path, {"channel": "radio", "published_on": "2026-06-10"}).status_code == 400
    r = _post(w2.staff, path, {"channel": "gazette", "published_on": "2026-06-10"})
    assert r.status_code == 422 and r.json()["code"] == "materials_incomplete"
    r = _post(
        w2.staff,
        path,
        {"channel": "gazette", "published_on": "2026-06-10", "with_explanation": True, "with_results_report": True},
    )
    assert r.status_code == 200 and r.json()["publications"][0]["channel"] == "gazette"
    assert Publication.objects.filter(draft=d).count() == 1
    assert services.COURSE.keys() >= {"basis", "terminate", "publication"}
