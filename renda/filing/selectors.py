"""Reads of filing review: visibility (staff and supervisors see all; an organ's officer its own
organ's documents; 404 alike for missing and hidden), the overdue board and the annual figures of
the 备案审查工作情况报告 (M25, RULES.md F5, 监督法 2024 第45条).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from renda.core.exceptions import NotFoundOrForbidden
from renda.filing import clocks, permissions
from renda.filing.events import Action, SuggestionAction
from renda.filing.models import FilingDocument, FilingEvent, Flag, ReviewSuggestion, SuggestionEvent
from renda.filing.workflow import DocStatus


def documents_for(viewer: Any) -> QuerySet[FilingDocument]:
    """The documents ``viewer`` may see."""
    qs = FilingDocument.objects.select_related("organ")
    if permissions.can_view_all(viewer):
        return qs
    unit = getattr(viewer, "handling_unit_id", None)
    if getattr(viewer, "is_authenticated", False) and unit:
        return qs.filter(organ__handling_unit_id=unit)
    return qs.none()


def document_get(*, viewer: Any, doc_id: int) -> FilingDocument:
    """One visible document. Raises NotFoundOrForbidden (404 alike)."""
    doc = documents_for(viewer).filter(pk=doc_id).first()
    if doc is None:
        raise NotFoundOrForbidden(_("备案文件不存在"))
    return doc


def overdue_board(*, viewer: Any, today: date) -> list[tuple[FilingDocument, clocks.Clock]]:
    """Every running clock past its due date on the documents ``viewer`` sees, oldest due first."""
    out = []
    open_docs = documents_for(viewer).exclude(
        status__in=[DocStatus.NO_PROBLEM, DocStatus.ENDED, DocStatus.REVOCATION, DocStatus.RETURNED]
    )
    for doc in open_docs:
        out += [(doc, c) for c in clocks.clocks(doc, today) if c.overdue and c.running]
    return sorted(out, key=lambda dc: dc[1].due)


def suggestions_for(viewer: Any) -> QuerySet[ReviewSuggestion]:
    """Review suggestions: staff see them all, nobody else (the requester uses the 查询码)."""
    if permissions.is_staff(viewer):
        return ReviewSuggestion.objects.select_related("document")
    return ReviewSuggestion.objects.none()


def _year_docs(year: int) -> QuerySet[FilingDocument]:
    return FilingDocument.objects.filter(received_on__year=year)


def _late(qs: QuerySet[FilingDocument]) -> list[FilingDocument]:
    return [d for d in qs if clocks.is_late(d.published_on, d.received_on)]


def _with_event(year: int, *actions: str) -> QuerySet[FilingDocument]:
    ids = FilingEvent.objects.filter(at__year=year, action__in=actions).values("document_id")
    return FilingDocument.objects.filter(pk__in=ids)


#: Figure id → (label, records(year)). Each figure of the annual report has one selector.
FIGURES: dict[str, tuple[str, Any]] = {
    "filed": (gettext_noop("报送备案的规范性文件"), lambda y: list(_year_docs(y))),
    "on_time": (
        gettext_noop("按时报送"),
        lambda y: [d for d in _year_docs(y) if not clocks.is_late(d.published_on, d.received_on)],
    ),
    "late": (gettext_noop("逾期报送"), lambda y: _late(_year_docs(y))),
    "returned": (
        gettext_noop("不属备案范围或未补正退回"),
        lambda y: list(_year_docs(y).filter(status=DocStatus.RETURNED)),
    ),
    "reviewed": (
        gettext_noop("审查完成"),
        lambda y: list(_with_event(y, Action.NO_PROBLEM, Action.CORRECTED, Action.REVOCATION)),
    ),
    "active": (
        gettext_noop("主动审查"),
        lambda y: list(_year_docs(y).filter(review_kind=FilingDocument.ReviewKind.ACTIVE)),
    ),
    "by_request": (
        gettext_noop("依申请审查"),
        lambda y: list(
            _year_docs(y).filter(
                review_kind__in=[FilingDocument.ReviewKind.REQUEST, FilingDocument.ReviewKind.SUGGESTION]
            )
        ),
    ),
    "suggestions": (
        gettext_noop("收到审查建议"),
        lambda y: list(
            ReviewSuggestion.objects.filter(
                pk__in=SuggestionEvent.objects.filter(action=SuggestionAction.RECEIVED, at__year=y).values(
                    "suggestion_id"
                )
            )
        ),
    ),
    "problems": (gettext_noop("发现问题（沟通）"), lambda y: list(_with_event(y, Action.CONSULT))),
    "corrected": (gettext_noop("制定机关纠正"), lambda y: list(_with_event(y, Action.CORRECTED))),
    "opinions": (gettext_noop("发出书面审查意见"), lambda y: list(_with_event(y, Action.COUNCIL_APPROVE))),
    "revocations": (gettext_noop("提出撤销议案"), lambda y: list(_with_event(y, Action.REVOCATION))),
    "flags_confirmed": (
        gettext_noop("审查辅助提示经确认"),
        lambda y: list(Flag.objects.filter(decision=Flag.Decision.CONFIRMED, updated_at__year=y)),
    ),
}


def figure_records(figure: str, year: int) -> list[Any]:
    """The records counted by ``figure`` in ``year``. Raises KeyError for an unknown figure."""
    return list(FIGURES[figure][1](year))


def annual_figures(year: int) -> list[tuple[str, str, int]]:
    """(id, Chinese label, value) of every figure of the annual report for ``year``."""
    return [(key, _(label), len(figure_records(key, year))) for key, (label, _f) in FIGURES.items()]
