"""Small real office documents made in code (the demo's signed replies, the tests' uploads).

They pass :func:`renda.core.uploads.check_upload`, which opens every upload as what it claims to be.
"""

from __future__ import annotations

import io


def blank_pdf(title: str = "") -> bytes:
    """A one-page A4 PDF (595 × 842 points) with ``title`` in its metadata."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def simple_docx(text: str) -> bytes:
    """A Word document (.docx) of one paragraph."""
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
