"""Pages and API of filing review: each role reaches its pages, hidden records are 404, refusals are
Chinese messages on pages and ``{code, detail}`` in the API, the public can submit and track."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.filing.models import FilingDocument, ReviewSuggestion
from renda.filing.tests.conftest import file_doc, in_review
from renda.filing.workflow import DocStatus

pytestmark = pytest.mark.django_db


def _docx(text: str) -> bytes:
    import io

    import docx

    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_officer_files_a_docx_and_sees_only_own_organ(client, officer, organ, dept, staff):
    client.force_login(officer)
    assert client.get(reverse("filing:list")).status_code == 200
    r = client.post(
        reverse("filing:new"),
        {
            "organ": organ.pk,
            "title": "停车办法",
            "number": "政发1号",
            "kind": "normative",
            "published_on": "2026-03-01",
            "received_on": "2026-04-01",
            "upload": SimpleUploadedFile("a.docx", _docx("第一条 目的。\n第二条 范围。")),
        },
    )
    doc = FilingDocument.objects.get()
    assert r.status_code == 302 and "第二条 范围" in doc.text
    assert "逾期报送" in client.get(reverse("filing:detail", args=[doc.pk])).content.decode()
    other = file_doc(staff, dept)
    assert client.get(reverse("filing:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("filing:overdue")).status_code == 403


def test_bad_upload_is_a_form_error_not_a_500(client, officer, organ):
    client.force_login(officer)
    r = client.post(
        reverse("filing:new"),
        {
            "organ": organ.pk,
            "title": "x",
            "number": "1",
            "kind": "normative",
            "published_on": "2026-03-01",
            "received_on": "2026-03-02",
            "upload": SimpleUploadedFile("a.docx", b"not a docx"),
        },
    )
    assert r.status_code == 200 and "无法读取该文件" in r.content.decode()
    assert not FilingDocument.objects.exists()


def test_staff_steps_on_page_and_refusal_message(client, staff, organ):
    doc = in_review(staff, organ)
    client.force_login(staff)
    page = client.get(reverse("filing:detail", args=[doc.pk])).content.decode()
    assert 'data-testid="step-consult"' in page and 'data-testid="step-revocation"' not in page
    r = client.post(reverse("filing:act", args=[doc.pk]), {"step": "consult", "note": ""}, follow=True)
    assert "请填写说明" in r.content.decode()
    client.post(reverse("filing:act", args=[doc.pk]), {"step": "consult", "note": "罚款无依据"})
    doc.refresh_from_db()
    assert doc.status == DocStatus.CONSULTING
    for name in ("filing:overdue", "filing:suggestions", "filing:figures"):
        assert client.get(reverse(name)).status_code == 200


def test_public_suggest_and_track(client, congress):
    r = client.post(
        reverse("filing:public-suggest"),
        {
            "name": "王建国",
            "phone": "13912345678",
            "source": "citizen",
            "document_title": "停车办法",
            "reasons": "罚款无依据",
        },
    )
    assert r.status_code == 302
    s = ReviewSuggestion.objects.get()
    done = client.get(reverse("filing:public-done")).content.decode()
    assert s.tracking_code in done
    page = client.get(reverse("filing:public-track"), {"code": s.tracking_code}).content.decode()
    assert "已收到" in page and "13912345678" not in page
    assert "查询码不存在" in client.get(reverse("filing:public-track"), {"code": "NOPE"}).content.decode()
    bad = client.post(
        reverse("filing:public-suggest"),
        {"name": "王", "phone": "123", "source": "citizen", "document_title": "x", "reasons": "y"},
    )
    assert "11位手机号码" in bad.content.decode()


def test_api_file_step_errors_and_track(client, staff, officer, organ, congress):
    client.force_login(officer)
    r = client.post(
        "/api/filing/documents/",
        {
            "organ": organ.pk,
            "title": "办法",
            "number": "1号",
            "published_on": "2026-03-01",
            "received_on": "2026-03-31",
            "text": "第一条 内容。",
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["late"] is False
    doc_id = r.json()["id"]
    r = client.post(f"/api/filing/documents/{doc_id}/step/", {"step": "formal_pass"}, content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    client.force_login(staff)
    r = client.post(f"/api/filing/documents/{doc_id}/step/", {"step": "no_problem"}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"
    assert client.get("/api/filing/documents/999999/").json()["code"] == "not_found"
    client.logout()
    r = client.post(
        "/api/filing/suggestions/",
        {"name": "王", "document_title": "办法", "reasons": "x"},
        content_type="application/json",
    )
    code = r.json()["tracking_code"]
    assert client.get("/api/filing/track/", {"code": code}).json()["status"] == "received"
    assert client.get("/api/filing/track/", {"code": "ZZZ"}).status_code == 404


def test_demo_loads_83_documents(db):
    import io

    from renda.filing import demo
    from renda.filing.models import Flag
    from renda.organization import demo as org_demo

    org_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    assert FilingDocument.objects.count() == 83
    statuses = list(FilingDocument.objects.values_list("status", flat=True))
    assert statuses.count(DocStatus.NO_PROBLEM) > 60 and statuses.count(DocStatus.ENDED) == 5
    assert ReviewSuggestion.objects.count() == 2
    assert Flag.objects.filter(kind="law").exists()
    # F1: the catalogues of the year — one organ in scope missing, one late, one 漏报
    from renda.filing import catalogues

    board = catalogues.catalogue_board(congress_id=None, year=demo.YEAR, today=date(demo.YEAR + 1, 3, 1))
    assert [r.organ.name for r in board if r.catalogue is None] == ["市监察委员会"]
    assert [r.organ.name for r in board if r.late] == ["矿区人大常委会"]
    assert [(r.organ.name, r.unfiled) for r in board if r.unfiled] == [("城区人大常委会", 1)]
    demo.load(stdout=io.StringIO())  # idempotent
    assert FilingDocument.objects.count() == 83
    assert date(2025, 1, 1) <= FilingDocument.objects.order_by("received_on").first().received_on


def test_api_suggestion_acts_and_flags(client, staff, organ, congress, officer):
    from renda.filing import services, suggestions

    doc = file_doc(staff, organ)
    services.document_step(doc=doc, actor=staff, step="formal_pass")
    s = suggestions.suggestion_submit(congress=congress, name="王", phone="", document_title="办法", reasons="x")
    client.force_login(officer)
    assert (
        client.post(
            f"/api/filing/suggestions/{s.pk}/act/",
            {"action": "accept", "document": doc.pk},
            content_type="application/json",
        ).status_code
        == 404
    )
    client.force_login(staff)
    r = client.post(
        f"/api/filing/suggestions/{s.pk}/act/", {"action": "answer", "text": "x"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["code"] == "rule_violation"  # F5: no outcome to send yet
    r = client.post(
        f"/api/filing/suggestions/{s.pk}/act/",
        {"action": "accept", "document": doc.pk},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    flags = client.post(f"/api/filing/documents/{doc.pk}/flags/").json()
    assert [f["kind"] for f in flags] == ["penalty"]
    r = client.post(
        f"/api/filing/documents/{doc.pk}/flags/{flags[0]['id']}/", {"confirm": False}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["code"] == "note_required"
    r = client.post(
        f"/api/filing/documents/{doc.pk}/flags/{flags[0]['id']}/", {"confirm": True}, content_type="application/json"
    )
    assert r.json()["decision"] == "confirmed"
    client.force_login(officer)
    assert client.get(f"/api/filing/documents/{doc.pk}/flags/").status_code == 403


def test_f4_staff_choose_the_review_kind_on_the_page(client, staff, organ):
    from renda.filing import services

    doc = file_doc(staff, organ)
    services.document_step(doc=doc, actor=staff, step="formal_pass")
    client.force_login(staff)
    assert 'data-testid="review-kind"' in client.get(reverse("filing:detail", args=[doc.pk])).content.decode()
    client.post(reverse("filing:act", args=[doc.pk]), {"step": "start_review", "review_kind": "bogus"})
    doc.refresh_from_db()
    assert doc.status == DocStatus.FILED  # a bad kind is refused by the form, nothing changes
    client.post(reverse("filing:act", args=[doc.pk]), {"step": "start_review", "review_kind": "special"})
    doc.refresh_from_db()
    assert (doc.status, doc.review_kind) == (DocStatus.REVIEWING, "special")
