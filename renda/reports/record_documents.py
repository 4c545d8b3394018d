"""A deputy's activity record as a document to print: .docx (python-docx) and PDF (WeasyPrint from the
print template, as the meetings' minutes are made: ``meetings.exports.minutes_pdf``)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.reports.records import ActivityRecord

FONT = "Noto Serif CJK SC"  # Debian's fonts-noto-cjk, as the meetings' minutes use


def record_docx(record: ActivityRecord) -> bytes:
    """The record as a Word document: the deputy, the period, a table of counts (and points when the
    congress's scheme is on), then each kind's lines. It holds no ballot choice (none is read)."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT  # type: ignore[attr-defined]
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # type: ignore[attr-defined]
    d = record.deputy
    doc.add_heading(_("代表履职档案"), level=1)
    doc.add_paragraph(
        _("代表：%(name)s（%(code)s）　代表团：%(delegation)s")
        % {"name": d.name, "code": d.code, "delegation": d.delegation.name}
    )
    doc.add_paragraph(
        _("统计期间：%(label)s（%(a)s 至 %(b)s）")
        % {"label": record.period.label, "a": record.period.start, "b": record.period.end}
    )
    points = record.points is not None
    table = doc.add_table(rows=1, cols=4 if points else 3)
    table.style = "Table Grid"
    heads = [_("履职事项"), _("数量"), _("单位")] + ([_("积分")] if points else [])
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = str(text)
    for e in record.entries:
        cells = table.add_row().cells
        values = [str(e.label), str(e.count), str(e.unit)] + ([str(e.points)] if points else [])
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    doc.add_paragraph(_("进站接待群众：%(n)s 人次") % {"n": record.visitors})
    if points:
        doc.add_paragraph(_("履职积分合计：%(n)s 分") % {"n": record.points})
    for e in record.entries:
        if not e.rows:
            continue
        doc.add_heading(f"{e.label}（{e.count}{e.unit}）", level=2)
        for r in e.rows:
            line = "　".join(x for x in (str(r.day or ""), r.text, r.note) if x)
            doc.add_paragraph(line, style="List Number")
    doc.add_paragraph(
        _("（本档案由系统根据各项工作记录于 %(at)s 生成）") % {"at": f"{timezone.localtime():%Y-%m-%d %H:%M}"}
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def record_html(record: ActivityRecord) -> str:
    """The record as HTML for print (the PDF's source)."""
    return render_to_string(
        "reports/record_print.html",
        {"record": record, "generated_at": f"{timezone.localtime():%Y-%m-%d %H:%M}"},
    )


def record_pdf(record: ActivityRecord) -> bytes:
    """The record as PDF (WeasyPrint, CJK through Debian's fonts-noto-cjk)."""
    from weasyprint import HTML

    return bytes(HTML(string=record_html(record)).write_pdf())
