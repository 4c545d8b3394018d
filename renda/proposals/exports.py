"""Excel (xlsx, openpyxl) export of lists (the import of suggestions is :mod:`renda.proposals.imports`)."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from renda.core.spreadsheets import append_row
from renda.proposals import selectors
from renda.proposals.models import Assignment, Proposal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_EXPORT_ROWS = 20000


def _response(wb: Workbook, name: str) -> HttpResponse:
    buf = io.BytesIO()
    wb.save(buf)
    resp = HttpResponse(buf.getvalue(), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def proposals_xlsx(qs: QuerySet[Proposal], *, viewer: Any) -> HttpResponse:
    """The filtered proposal list as xlsx: no deputy's phone; titles as ``viewer`` may read them
    (``selectors.shown_text``: phone and ID numbers masked for handling units and supervisors)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "议案建议"
    append_row(ws, ["编号", "类别", "标题", "领衔代表", "分类", "状态", "重点", "提交时间"])
    for p in qs[:MAX_EXPORT_ROWS]:
        append_row(
            ws,
            [
                p.number,
                p.get_kind_display(),
                selectors.shown_text(viewer, p.title),
                p.lead_deputy.name if p.lead_deputy else p.get_institution_display(),
                p.topic,
                p.get_status_display(),
                "是" if p.is_key else "",
                f"{timezone.localtime(p.submitted_at):%Y-%m-%d %H:%M}" if p.submitted_at else "",
            ],
        )
    return _response(wb, "proposals.xlsx")


def assignments_xlsx(qs: QuerySet[Assignment], *, viewer: Any) -> HttpResponse:
    """An assignment list (a unit's inbox, the overdue board) as xlsx; titles as ``viewer`` may read them
    (``selectors.shown_text``: phone and ID numbers masked for handling units and supervisors)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "承办"
    append_row(ws, ["编号", "标题", "承办单位", "方式", "状态", "交办日期", "期限", "期限暂定"])
    for a in qs[:MAX_EXPORT_ROWS]:
        append_row(
            ws,
            [
                a.proposal.number,
                selectors.shown_text(viewer, a.proposal.title),
                a.unit.name,
                a.get_role_display(),
                a.get_status_display(),
                a.assigned_on,
                a.due_date,
                "是" if a.due_provisional else "",
            ],
        )
    return _response(wb, "assignments.xlsx")
