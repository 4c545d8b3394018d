"""The audit administrator's pages (审计管理员): integrity report, event trails, login history. Read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from renda.core import auditing
from renda.core.numbers import parse_id


def _require_auditor(request: HttpRequest) -> None:
    if not auditing.can_read_audit(request.user):
        raise PermissionDenied


@login_required
@require_GET
def integrity(request: HttpRequest) -> HttpResponse:
    """审计记录完整性: every event table's rows and each row that breaks its hash chain."""
    _require_auditor(request)
    report = auditing.integrity_report()
    return render(
        request,
        "core/audit_integrity.html",
        {"report": report, "intact": all(not r.breaks for r in report), "rows": sum(r.rows for r in report)},
    )


@login_required
@require_GET
def trail(request: HttpRequest) -> HttpResponse:
    """操作记录: one event table's rows, newest first, by actor or record, 50 per page."""
    _require_auditor(request)
    tables = auditing.trail_tables()
    table = request.GET.get("table") or next(iter(tables))
    actor = request.GET.get("actor", "").strip()[:150]
    subject_text = request.GET.get("subject", "").strip().removeprefix("#")  # shown as #215
    error = ""
    subject = None
    if subject_text:
        subject = parse_id(subject_text)
        if subject is None:
            error = _("记录编号须为数字")
    if table not in tables:
        error, table = _("没有这张记录表"), next(iter(tables))
    events = auditing.trail_events(table, actor=actor, subject=subject)
    return render(
        request,
        "core/audit_trail.html",
        {
            "tables": [(t, m._meta.verbose_name) for t, m in tables.items()],
            "table": table,
            "actor": actor,
            "subject": subject_text,
            "error": error,
            "page": Paginator(events, 50).get_page(request.GET.get("page")),
        },
    )


@login_required
@require_GET
def logins(request: HttpRequest) -> HttpResponse:
    """登录日志: successful and failed logins, by account or address (newest 500); for the audit and the
    security administrators."""
    if not auditing.can_read_login_history(request.user):
        raise PermissionDenied
    username = request.GET.get("username", "").strip()[:150]
    address = request.GET.get("address", "").strip()[:45]
    return render(
        request,
        "core/audit_logins.html",
        {"rows": auditing.login_history(username=username, address=address), "username": username, "address": address},
    )
