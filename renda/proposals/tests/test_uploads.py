"""Uploads: attachments and reply documents are checked by content, and a refused file leaves no draft (S1, S18)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from renda.core.documents import blank_pdf, simple_docx
from renda.core.exceptions import RuleViolation
from renda.proposals import services
from renda.proposals.models import Attachment, Proposal, ProposalEvent
from renda.proposals.tests.factories import BODY, world

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
    assert "不是有效的" in html
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
    good = SimpleUploadedFile("plan.pdf", blank_pdf(), content_type="application/pdf")
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
    services.check_attachment(SimpleUploadedFile("a.docx", simple_docx("建议")))  # a real Word file passes


@pytest.mark.parametrize(
    ("name", "content", "checks"),
    [
        ("盖章答复.jpg", b"\xff\xd8\xff<html><body>reply</body></html>", ("check_document", "check_attachment")),
        ("盖章答复.pdf", b"%PDF-1.4\n<html>not a pdf</html>", ("check_document", "check_attachment")),
        ("建议.docx", b"PK\x03\x04" + bytes(range(256)) * 4, ("check_attachment",)),
    ],
)
def test_files_that_only_start_like_documents_are_refused_as_reply_documents_and_attachments(name, content, checks):
    # given a file whose first bytes look like a JPEG, PDF or Word file but whose content is not one
    fake = SimpleUploadedFile(name, content)
    # when checked as a unit's signed reply document and/or a deputy's attachment
    # then it is refused, naming that it is not a valid file of its type
    for check in checks:
        with pytest.raises(RuleViolation, match="不是有效的"):
            getattr(services, check)(fake)
