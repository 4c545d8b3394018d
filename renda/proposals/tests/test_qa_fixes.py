"""Fixes from QA: upload content checks, all-or-nothing drafts, import duplicates and categories,
permission-checked document downloads, consultation dates, authorise-before-validate, length limits."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from renda.core.exceptions import RuleViolation
from renda.proposals import services
from renda.proposals.models import Attachment, Consultation, Proposal, ProposalEvent
from renda.proposals.tests.factories import BODY, assigned, received, replied, world

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _draft_post(title: str, attachment: SimpleUploadedFile | None) -> dict:
    data: dict[str, object] = {"kind": "suggestion", "title": title, "body": BODY, "topic": "城乡建设"}
    if attachment is not None:
        data["attachment"] = attachment
    return data


# ------------------------------------------------------------------ bug 2 + 3: attachments


def test_renamed_exe_attachment_is_refused_by_content_and_no_draft_is_saved():
    # given a deputy and a Windows executable renamed to .pdf
    w = world()
    c = client_for(w.deputy_users[0])
    fake = SimpleUploadedFile("fake.pdf", EXE, content_type="application/pdf")
    # when drafting with it
    r = c.post(reverse("proposals:new"), _draft_post("关于修缮老旧管网的建议", fake))
    # then the form is shown again with the error and nothing at all is written
    html = r.content.decode()
    assert r.status_code == 200
    assert "文件内容与扩展名不符" in html
    assert "草稿已保存" not in html
    assert Proposal.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert ProposalEvent.objects.count() == 0


def test_refused_attachment_then_resubmit_with_good_file_creates_exactly_one_draft():
    # given a deputy whose first try had a wrong file type
    w = world()
    c = client_for(w.deputy_users[0])
    c.post(reverse("proposals:new"), _draft_post("关于修缮老旧管网的建议", SimpleUploadedFile("x.exe", EXE)))
    # when resubmitting with a real PDF
    good = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    r = c.post(reverse("proposals:new"), _draft_post("关于修缮老旧管网的建议", good))
    # then one draft with its attachment
    p = Proposal.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("proposals:detail", args=[p.pk])
    assert [a.name for a in p.attachments.all()] == ["plan.pdf"]


def test_reply_document_and_attachment_share_one_content_check():
    # given a renamed executable
    fake = SimpleUploadedFile("fake.pdf", EXE)
    # when checking it as an attachment and as a reply document
    # then both refuse it by content, with their own rule
    with pytest.raises(RuleViolation) as att:
        services.check_attachment(fake)
    with pytest.raises(RuleViolation) as doc:
        services.check_document(fake)
    assert att.value.extra == {"rule": "S1"} and doc.value.extra == {"rule": "S18"}
    assert "不符" in att.value.message and "不符" in doc.value.message
    services.check_attachment(SimpleUploadedFile("a.docx", b"PK\x03\x04rest"))  # a real Word file passes


# ------------------------------------------------------------------ bug 4: import


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["标题", "内容", "领衔代表", "分类"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "import.xlsx"
    return buf


def _import(c: Client, buf: io.BytesIO) -> str:
    r = c.post(
        reverse("proposals:import"),
        {
            "file": buf,
            "title_column": "标题",
            "body_column": "内容",
            "deputy_column": "领衔代表",
            "topic_column": "分类",
        },
    )
    return r.content.decode()


def test_import_rejects_duplicates_in_file_and_on_reimport_and_unknown_category():
    # given a file with a duplicated row and a row with an unknown category
    w = world()
    code = w.deputies[0].code
    rows = [
        ["关于加强校园安全的建议", BODY, code, "教育文体"],
        ["关于加强校园安全的建议", BODY, code, "教育文体"],
        ["关于整治噪声扰民的建议", BODY, code, "不存在的分类"],
    ]
    c = client_for(w.staff)
    # when importing it twice
    first = _import(c, _xlsx(rows))
    second = _import(c, _xlsx(rows))
    # then one suggestion only; duplicates and the unknown category are rejected with their reasons
    assert Proposal.objects.count() == 1
    assert "重复：与第2行" in first
    assert "分类“不存在的分类”不存在" in first and "环境保护" in first
    assert "重复：本次会议" in second
    assert not Proposal.objects.filter(topic="不存在的分类").exists()


def test_import_rejects_overlong_title_and_body():
    # given rows over the limits (title > 200, body > 20,000 characters)
    w = world()
    code = w.deputies[0].code
    rows = [
        ["关于" + "长" * 200 + "的建议", BODY, code, ""],
        ["关于超长内容的建议", BODY + "很" * services.BODY_MAX, code, ""],
        ["关于正常内容的建议", BODY, code, ""],
    ]
    # when importing
    html = _import(client_for(w.staff), _xlsx(rows))
    # then only the good row is kept
    assert list(Proposal.objects.values_list("title", flat=True)) == ["关于正常内容的建议"]
    assert html.count("标题不能超过200个字") == 2


# ------------------------------------------------------------------ bug 5: downloads


def test_reply_document_download_is_permission_checked_and_inline():
    # given a replied suggestion (deputy 0 leads, unit 0 replied)
    w = world()
    p, _a, r = replied(w)
    url = reverse("proposals:reply-document", args=[r.pk])
    # when the deputy, the unit and staff download; another deputy, another unit and the public try
    ok = [client_for(u).get(url) for u in (w.deputy_users[0], w.unit_users[0], w.staff)]
    refused = [client_for(u).get(url).status_code for u in (w.deputy_users[3], w.unit_users[2])]
    anonymous = Client().get(url)
    missing = client_for(w.staff).get(reverse("proposals:reply-document", args=[r.pk + 999]))
    # then allowed viewers get the PDF inline, the others 404 (anonymous: the login page), missing 404 alike
    for resp in ok:
        assert resp.status_code == 200
        assert resp["Content-Type"] == "application/pdf"
        assert resp["Content-Disposition"].startswith("inline")
        assert b"".join(resp.streaming_content).startswith(b"%PDF")
    assert refused == [404, 404]
    assert anonymous.status_code == 302 and "/media/" not in anonymous["Location"]
    assert missing.status_code == 404
    detail = client_for(w.deputy_users[0]).get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert url in detail and "/media/" not in detail


def test_attachment_download_only_for_those_who_may_open_the_proposal():
    # given a draft with an attachment
    w = world()
    p = services.proposal_create(
        actor=w.deputy_users[0],
        title="关于修缮老旧管网的建议",
        body=BODY,
        topic="城乡建设",
        attachments=[SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    url = reverse("proposals:attachment", args=[p.attachments.get().pk])
    # when the author and another deputy download it
    mine = client_for(w.deputy_users[0]).get(url)
    other = client_for(w.deputy_users[3]).get(url)
    # then only the author gets it
    assert mine.status_code == 200 and mine["Content-Type"] == "application/pdf"
    assert other.status_code == 404


# ------------------------------------------------------------------ bug 6: consultation dates


def test_S4_consultation_date_in_the_future_or_before_assignment_is_refused_and_writes_nothing():
    # given a received assignment (assigned 2026-04-10)
    w = world()
    _, a = received(w)
    before = (Consultation.objects.count(), ProposalEvent.objects.count())
    tomorrow = timezone.localdate() + timedelta(days=1)
    # when recording a consultation tomorrow, and one before the assignment date
    # then both are refused with a Chinese message and nothing is written
    with pytest.raises(RuleViolation, match="不能晚于今天"):
        services.consultation_record(
            assignment=a, actor=w.unit_users[0], method="phone", held_on=tomorrow, deputy_views="同意"
        )
    with pytest.raises(RuleViolation, match="不能早于交办日期"):
        services.consultation_record(
            assignment=a, actor=w.unit_users[0], method="phone", held_on=date(2026, 4, 9), deputy_views="同意"
        )
    assert (Consultation.objects.count(), ProposalEvent.objects.count()) == before


def test_S4_consultation_today_is_allowed_and_api_refuses_2099():
    # given a received assignment
    w = world()
    _, a = received(w)
    c = client_for(w.unit_users[0])
    # when the unit records 2099-01-01 through the API, then today
    future = c.post(
        f"/api/proposals/assignments/{a.pk}/consult/",
        {"method": "phone", "held_on": "2099-01-01", "deputy_views": "同意"},
        content_type="application/json",
    )
    today = c.post(
        f"/api/proposals/assignments/{a.pk}/consult/",
        {"method": "phone", "held_on": timezone.localdate().isoformat(), "deputy_views": "同意"},
        content_type="application/json",
    )
    # then the future date is a rule violation, today is recorded
    assert future.status_code == 422 and "不能晚于今天" in future.json()["detail"]
    assert today.status_code == 201
    assert not Consultation.objects.filter(held_on=date(2099, 1, 1)).exists()


# ------------------------------------------------------------------ bug 7: authorise before validating


def test_api_other_units_reply_post_is_404_before_validation():
    # given an assignment of unit 0
    w = world()
    _, lead = assigned(w)
    # when unit 2 posts an empty reply to it
    r = client_for(w.unit_users[2]).post(
        f"/api/proposals/assignments/{lead.pk}/reply/", {}, content_type="application/json"
    )
    # then 404, no field errors
    assert r.status_code == 404
    assert "text" not in r.content.decode()


def test_api_deputy_posting_unit_action_on_visible_assignment_is_404():
    # given the lead deputy who can see their assignment
    w = world()
    _, lead = assigned(w)
    before = ProposalEvent.objects.count()
    # when the deputy tries to reply as if a unit
    r = client_for(w.deputy_users[0]).post(
        f"/api/proposals/assignments/{lead.pk}/reply/", {}, content_type="application/json"
    )
    # then 404 and nothing written
    assert r.status_code == 404
    assert ProposalEvent.objects.count() == before


def test_page_deputy_receive_with_stale_version_is_404_not_concurrency_message():
    # given an assignment visible to its lead deputy
    w = world()
    _, lead = assigned(w)
    before = ProposalEvent.objects.count()
    # when the deputy posts "receive" with a wrong version
    r = client_for(w.deputy_users[0]).post(
        reverse("proposals:assignment-act", args=[lead.pk, "receive"]), {"version": 999}
    )
    # then 404 (not "该记录已被他人修改") and nothing is written
    assert r.status_code == 404
    assert ProposalEvent.objects.count() == before


def test_page_unit_receives_its_own_assignment():
    # given an assignment of unit 0
    w = world()
    _, lead = assigned(w)
    # when unit 0 receives it on the page
    r = client_for(w.unit_users[0]).post(reverse("proposals:assignment-act", args=[lead.pk, "receive"]))
    # then it is received
    lead.refresh_from_db()
    assert r.status_code == 302 and lead.status == "received"


# ------------------------------------------------------------------ bug 8: length limits


def test_S1_api_refuses_overlong_body_and_title():
    # given a deputy
    w = world()
    c = client_for(w.deputy_users[0])
    # when posting a 20,001-character body and a 201-character title
    long_body = c.post(
        "/api/proposals/proposals/",
        {"title": "关于超长内容的建议", "body": "很" * 20_001, "topic": "城乡建设"},
        content_type="application/json",
    )
    long_title = c.post(
        "/api/proposals/proposals/",
        {"title": "长" * 201, "body": BODY, "topic": "城乡建设"},
        content_type="application/json",
    )
    ok = c.post(
        "/api/proposals/proposals/",
        {"title": "关于正常内容的建议", "body": "很" * 20_000, "topic": "城乡建设"},
        content_type="application/json",
    )
    # then both are refused, the boundary case is accepted
    assert long_body.status_code == 400 and long_title.status_code == 400
    assert ok.status_code == 201
    assert list(Proposal.objects.values_list("title", flat=True)) == ["关于正常内容的建议"]


def test_S1_service_and_page_refuse_overlong_body():
    # given a deputy
    w = world()
    # when the service or the page gets a body over 20,000 characters
    with pytest.raises(RuleViolation, match="20000"):
        services.proposal_create(actor=w.deputy_users[0], title="关于超长的建议", body="很" * 20_001)
    r = client_for(w.deputy_users[0]).post(
        reverse("proposals:new"),
        {"kind": "suggestion", "title": "关于超长的建议", "body": "很" * 20_001, "topic": "城乡建设"},
    )
    # then nothing is created and the page shows the form again
    assert r.status_code == 200
    assert Proposal.objects.count() == 0
