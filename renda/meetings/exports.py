"""Office files of the meetings domain: results (CSV, xlsx with the roll call), minutes (docx, PDF).

Secret polls export counts only; a named (electronic) poll adds its roll call. The minutes list the
attendance (present / on leave / absent), every agenda item and each vote's drafted result text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from renda.meetings import selectors
from renda.meetings.models import Attendance, Choice, Meeting, Poll

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _choice_columns(poll: Poll) -> list[str]:
    if poll.kind == Poll.Kind.SATISFACTION:
        return ["satisfied", "basically_satisfied", "dissatisfied", "abstain"]
    return ["yes", "no", "abstain"]


def result_rows(poll: Poll) -> list[list[str | int]]:
    """Header + one row per option: label, counts per choice, outcome, drafted text."""
    cols = _choice_columns(poll)
    labels = dict(Choice.choices)
    rows: list[list[str | int]] = [["序号", "表决事项", *[str(labels[c]) for c in cols], "结果", "说明"]]
    for opt in poll.options.order_by("order"):
        outcome = "" if opt.passed is None else ("通过" if opt.passed else "未通过")
        rows.append([opt.order, opt.label, *[opt.count(c) for c in cols], outcome, opt.result_text])
    return rows


def results_csv(poll: Poll) -> bytes:
    """UTF-8 CSV with BOM (Excel opens it in Chinese) of the poll's results."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([poll.title])
    w.writerow([f"应到 {poll.electorate or ''} 人", f"实到 {poll.present or ''} 人", f"投票 {poll.votes_cast} 人"])
    w.writerows(result_rows(poll))
    if poll.result_text:
        w.writerow([poll.result_text])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def results_xlsx(poll: Poll) -> bytes:
    """Workbook: sheet 表决结果 (counts and outcome, drafted text) and, for named votes, 记名表决."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "表决结果"
    ws.append([poll.title])
    ws.append([f"应到 {poll.electorate or ''} 人", f"实到 {poll.present or ''} 人", f"投票 {poll.votes_cast} 人"])
    for row in result_rows(poll):
        ws.append(row)
    if poll.result_text:
        ws.append([poll.result_text])
    ballots = list(selectors.roll_call(poll=poll))
    if ballots:
        rc = wb.create_sheet("记名表决")
        options = list(poll.options.order_by("order"))
        rc.append(["代表证号", "姓名", "代表团", *[o.label for o in options]])
        labels = dict(Choice.choices)
        for b in ballots:
            chosen = {e.option_id: str(labels[e.choice]) for e in b.entries.all()}
            assert b.voter is not None
            rc.append([b.voter.code, b.voter.name, b.voter.delegation.name, *[chosen.get(o.pk, "") for o in options]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Minutes:
    """Everything the record of a meeting shows."""

    meeting: Meeting
    quorum: selectors.QuorumState
    present: list[Attendance]
    leave: list[Attendance]
    absent: list[Attendance]
    items: list[tuple[str, list[Poll]]]
    generated_at: str


def minutes_data(meeting: Meeting) -> Minutes:
    rows = list(selectors.attendance_rows(meeting=meeting))
    polls = list(selectors.visible_polls(meeting=meeting))
    items = [(item.title, [p for p in polls if p.item_id == item.pk]) for item in meeting.items.order_by("order")]
    return Minutes(
        meeting=meeting,
        quorum=selectors.quorum_state(meeting=meeting),
        present=[a for a in rows if a.status == Attendance.Status.PRESENT],
        leave=[a for a in rows if a.status == Attendance.Status.LEAVE],
        absent=[a for a in rows if a.status in (Attendance.Status.ABSENT, Attendance.Status.EXPECTED)],
        items=items,
        generated_at=f"{timezone.localtime():%Y-%m-%d %H:%M}",
    )


def _names(rows: list[Attendance]) -> str:
    return "、".join(a.deputy.name for a in rows) or "无"


def minutes_docx(meeting: Meeting) -> bytes:
    """The meeting's record as a Word document (python-docx)."""
    from docx import Document
    from docx.oxml.ns import qn

    m = minutes_data(meeting)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"  # type: ignore[attr-defined]
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")  # type: ignore[attr-defined]
    doc.add_heading(f"{meeting.title}纪要", level=1)
    doc.add_paragraph(
        f"时间：{timezone.localtime(meeting.starts_at):%Y年%m月%d日 %H:%M}　地点：{meeting.location or '—'}"
    )
    if meeting.presiding:
        doc.add_paragraph(f"主持人：{meeting.presiding}")
    doc.add_paragraph(m.quorum.text)
    doc.add_heading("出席情况", level=2)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("出席", "请假", "缺席"), strict=True):
        cell.text = text
    row = table.add_row().cells
    row[0].text = f"{len(m.present)} 人：{_names(m.present)}"
    row[1].text = f"{len(m.leave)} 人：{_names(m.leave)}" + "".join(
        f"\n{a.deputy.name}（{a.note}）" for a in m.leave if a.note
    )
    row[2].text = f"{len(m.absent)} 人：{_names(m.absent)}"
    doc.add_heading("议程和表决结果", level=2)
    for i, (title, polls) in enumerate(m.items, start=1):
        doc.add_paragraph(f"{i}. {title}")
        for p in polls:
            doc.add_paragraph(f"{p.get_method_display()}：{p.result_text or p.get_status_display()}")
            for opt in p.options.all() if p.kind != Poll.Kind.MOTION else []:
                doc.add_paragraph(f"　{opt.label}：{opt.result_text}")
    doc.add_paragraph(f"（本纪要由系统于 {m.generated_at} 生成）")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def minutes_html(meeting: Meeting) -> str:
    return render_to_string("meetings/minutes_print.html", {"m": minutes_data(meeting)})


def minutes_pdf(meeting: Meeting) -> bytes:
    """The meeting's record as PDF (WeasyPrint, CJK through Debian's fonts-noto-cjk)."""
    from weasyprint import HTML

    return bytes(HTML(string=minutes_html(meeting)).write_pdf())
