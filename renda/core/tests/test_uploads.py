"""Uploads are checked by opening them as what they claim to be (issue 12 item 5; one checker, issue 11)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.exceptions import RuleViolation
from renda.core.uploads import BadImage, check_image, check_upload

ALLOWED = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")


def _check(name: str, content: bytes) -> None:
    check_upload(
        SimpleUploadedFile(name, content),
        allowed=ALLOWED,
        max_bytes=20 * 1024 * 1024,
        type_error="附件须为 PDF、Word、Excel 或图片。",
        size_error="附件不能超过 20 MB",
        rule="S1",
    )


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("关于加快老旧小区改造的建议")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make"), [("答复.pdf", _pdf), ("建议.docx", _docx), ("清单.xlsx", _xlsx), ("现场.png", _png)]
)
def test_real_documents_pass(name, make):
    _check(name, make())


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("盖章答复.jpg", b"\xff\xd8\xff<html><script>alert(1)</script></html>"),  # HTML behind a JPEG signature
        ("建议.docx", b"PK\x03\x04" + bytes(range(256)) * 8),  # random bytes behind a zip signature
        ("清单.xlsx", b"PK\x03\x04" + b"\x00" * 500),
        ("答复.pdf", b"%PDF-1.7\n<html>not a pdf</html>"),
        ("旧文档.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),  # an OLE signature and nothing else
        ("现场.png", _png()[:40]),  # truncated
        ("答复.pdf", b"MZ\x90\x00 an executable"),
    ],
)
def test_files_that_only_look_like_documents_are_refused_in_chinese(name, content):
    with pytest.raises(RuleViolation) as info:
        _check(name, content)
    assert "不是有效的" in info.value.message and info.value.extra == {"rule": "S1"}


def test_a_real_document_under_another_extension_is_refused():
    with pytest.raises(RuleViolation):
        _check("答复.pdf", _docx())


class _Upload(io.BytesIO):
    """A file with any name (Django's upload classes already strip paths from names)."""

    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name, self.size = name, len(content)


@pytest.mark.parametrize("name", ["", "   ", "../etc/passwd.pdf", "a\\b.pdf", "x" * 201 + ".pdf", "a\x00.pdf"])
def test_bad_names_are_refused(name):
    with pytest.raises(RuleViolation, match="文件名无效"):
        check_upload(
            _Upload(name, _pdf()),
            allowed=ALLOWED,
            max_bytes=1 << 20,
            type_error="类型不符",
            size_error="太大",
            rule="S1",
        )


def test_file_is_rewound_after_the_check():
    f = SimpleUploadedFile("答复.pdf", _pdf())
    check_upload(f, allowed=ALLOWED, max_bytes=1 << 20, type_error="类型不符", size_error="太大", rule="S1")
    assert f.read(4) == b"%PDF"


def test_check_image_names_the_reason():
    with pytest.raises(BadImage) as info:
        check_image(io.BytesIO(b"\xff\xd8\xff<html>"), formats=["JPEG"])
    assert info.value.reason == "format"
    with pytest.raises(BadImage) as info:
        check_image(io.BytesIO(_png()), formats=["PNG"], max_pixels=5)
    assert info.value.reason == "pixels"
    assert check_image(io.BytesIO(_png()), formats=["JPEG", "PNG"]) == "PNG"


@pytest.mark.parametrize("name, make", [("a.docx", _docx), ("a.xlsx", _xlsx)])
def test_zip_formats_are_refused_when_they_declare_too_much_uncompressed_data(name, make):
    # given an Office file with a member that inflates to 2 MB from a few kilobytes (a zip bomb, in small)
    import zipfile

    buf = io.BytesIO(make())
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/padding.xml" if name.endswith("docx") else "xl/padding.xml", b" " * (2 * 1024 * 1024))
    upload = SimpleUploadedFile(name, buf.getvalue())
    assert upload.size < 100_000
    # when it is checked with a 1 MB unpacked limit
    with pytest.raises(RuleViolation) as err:
        check_upload(
            upload,
            allowed=ALLOWED,
            max_bytes=20 * 1024 * 1024,
            type_error="附件须为 PDF、Word、Excel 或图片。",
            size_error="附件不能超过 20 MB",
            rule="S1",
            max_unpacked=1024 * 1024,
        )
    # then it is refused by its declared size, before it is parsed
    assert "解压后过大（超过1MB）" in err.value.message
    # and the same file passes a limit above its size
    check_upload(
        upload,
        allowed=ALLOWED,
        max_bytes=20 * 1024 * 1024,
        type_error="x",
        size_error="y",
        rule="S1",
        max_unpacked=3 * 1024 * 1024,
    )
