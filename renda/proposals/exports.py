"""Excel (xlsx, openpyxl) export of lists and import of suggestions entered by staff."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from renda.core.exceptions import ApplicationError
from renda.core.spreadsheets import append_row
from renda.organization.models import Deputy, User
from renda.proposals import selectors, services
from renda.proposals.models import TOPICS, Assignment, Proposal

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


@dataclass
class ImportReport:
    """Rows created and rows rejected (1-based sheet row number, reason)."""

    created: list[Proposal] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)


def import_suggestions(*, fileobj: Any, actor: User, mapping: dict[str, str]) -> ImportReport:
    """Create and submit one suggestion per row on the deputy's behalf. ``mapping`` gives the column
    header for ``title``, ``body``, ``deputy`` (deputy code or name) and optionally ``topic``. Each
    row is its own transaction: good rows are kept, bad rows are reported with the reason.

    Refused rows: empty or over-long title (> 200 characters) or body (> 20,000 characters), unknown
    category (allowed: ``TOPICS``), unknown or ambiguous deputy, and duplicates (重复) — the same lead
    deputy, title and body twice in the file, or already held by a proposal of the same session (or of
    the same between-sessions period), so importing the same file again adds nothing."""
    report = ImportReport()
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:
        report.rejected.append((0, "无法读取Excel文件（须为.xlsx）"))
        return report
    ws = wb.active
    rows = ws.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, [])]
    missing = [v for k, v in mapping.items() if v and k != "topic" and v not in header]
    if missing:
        report.rejected.append((1, f"缺少列：{'、'.join(missing)}"))
        return report
    col = {k: header.index(v) for k, v in mapping.items() if v and v in header}
    deputies = Deputy.objects.filter(term__congress_id=actor.congress_id) if actor.congress_id else Deputy.objects.all()
    seen: dict[tuple[int, str, str], int] = {}
    for n, row in enumerate(rows, start=2):

        def cell(k: str, row: Any = row) -> str:
            return str(row[col[k]] or "").strip() if k in col and col[k] < len(row) else ""

        title, body, who = cell("title"), cell("body"), cell("deputy")
        if not title:
            report.rejected.append((n, "标题为空"))
            continue
        found = list(deputies.filter(code=who)[:2]) or list(deputies.filter(name=who)[:2])
        if len(found) != 1:
            report.rejected.append(
                (n, f"找不到领衔代表“{who}”" if not found else f"代表姓名“{who}”重名，请填写代表证号")
            )
            continue
        topic = cell("topic")
        if topic and topic not in TOPICS:
            report.rejected.append((n, f"分类“{topic[:20]}”不存在，可选：{'、'.join(TOPICS)}"))
            continue
        if len(title) > services.TITLE_MAX or len(body) > services.BODY_MAX:
            report.rejected.append((n, f"标题不能超过{services.TITLE_MAX}个字，内容不能超过{services.BODY_MAX}个字"))
            continue
        key = (found[0].pk, title, body)
        if key in seen:
            report.rejected.append((n, f"重复：与第{seen[key]}行的领衔代表、标题和内容相同"))
            continue
        seen[key] = n
        session = services.session_at(found[0].term.congress, timezone.localdate())
        if Proposal.objects.filter(lead_deputy=found[0], title=title, body=body, session=session).exists():
            report.rejected.append((n, "重复：本次会议（或闭会期间）已有该代表相同标题和内容的建议"))
            continue
        try:
            with transaction.atomic():
                p = services.proposal_create(actor=actor, title=title, body=body, topic=topic, lead_deputy=found[0])
                p = services.proposal_submit(proposal=p, actor=actor)
            report.created.append(p)
        except ApplicationError as exc:
            report.rejected.append((n, exc.message))
    return report
