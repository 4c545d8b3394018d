"""Reads of filing review: visibility (staff and supervisors see all; an organ's officer its own
organ's documents; 404 alike for missing and hidden), the overdue board and the annual figures of
the 备案审查工作情况报告 (M25, RULES.md F5, 监督法 2024 第45条).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from renda.core.exceptions import NotFoundOrForbidden
from renda.filing import clocks, permissions
from renda.filing.events import Action, SuggestionAction
from renda.filing.models import FilingDocument, FilingEvent, Flag, ReviewSuggestion, SuggestionEvent
from renda.filing.workflow import CLOSED, DocStatus

M = TypeVar("M", bound=models.Model)


def organ_scoped(qs: QuerySet[M], viewer: Any) -> QuerySet[M]:
    """``qs`` (rows with an ``organ``) as ``viewer`` may see it: staff and supervisors all of it, an
    organ's officer the rows of the organ their handling unit acts for, anybody else nothing."""
    if permissions.can_view_all(viewer):
        return qs
    unit = getattr(viewer, "handling_unit_id", None)
    if getattr(viewer, "is_authenticated", False) and unit:
        return qs.filter(organ__handling_unit_id=unit)
    return qs.none()


def documents_for(viewer: Any) -> QuerySet[FilingDocument]:
    """The documents ``viewer`` may see (:func:`organ_scoped`)."""
    return organ_scoped(FilingDocument.objects.select_related("organ"), viewer)


def document_get(*, viewer: Any, doc_id: int) -> FilingDocument:
    """One visible document. Raises NotFoundOrForbidden (404 alike)."""
    doc = documents_for(viewer).filter(pk=doc_id).first()
    if doc is None:
        raise NotFoundOrForbidden(_("备案文件不存在"))
    return doc


def overdue_board(*, viewer: Any, today: date) -> list[tuple[FilingDocument, clocks.Clock]]:
    """Every running clock past its due date on the documents ``viewer`` sees, oldest due first."""
    out = []
    open_docs = documents_for(viewer).exclude(status__in=CLOSED)
    for doc in open_docs:
        out += [(doc, c) for c in clocks.clocks(doc, today) if c.overdue and c.running]
    return sorted(out, key=lambda dc: dc[1].due)


def suggestions_for(viewer: Any) -> QuerySet[ReviewSuggestion]:
    """Review suggestions: staff see them all, nobody else (the requester uses the 查询码)."""
    if permissions.is_staff(viewer):
        return ReviewSuggestion.objects.select_related("document")
    return ReviewSuggestion.objects.none()


def _docs(congress_id: int | None, start: date, end: date) -> QuerySet[FilingDocument]:
    qs = FilingDocument.objects.filter(received_on__range=(start, end)).select_related("organ")
    return qs.filter(congress_id=congress_id) if congress_id else qs


def _late(qs: QuerySet[FilingDocument], *, late: bool = True) -> QuerySet[FilingDocument]:
    ids = [d.pk for d in qs if clocks.is_late(d.published_on, d.received_on) == late]
    return qs.filter(pk__in=ids)


def _with_event(congress_id: int | None, start: date, end: date, *actions: str) -> QuerySet[FilingDocument]:
    ids = FilingEvent.objects.filter(at__date__range=(start, end), action__in=actions).values("document_id")
    qs = FilingDocument.objects.filter(pk__in=ids).select_related("organ")
    return qs.filter(congress_id=congress_id) if congress_id else qs


def _suggestions_received(congress_id: int | None, start: date, end: date) -> QuerySet[ReviewSuggestion]:
    received = SuggestionEvent.objects.filter(action=SuggestionAction.RECEIVED, at__date__range=(start, end))
    qs = ReviewSuggestion.objects.filter(pk__in=received.values("suggestion_id")).select_related("document")
    return qs.filter(congress_id=congress_id) if congress_id else qs


Records = Callable[[int | None, date, date], QuerySet[Any]]

#: Figure id → (label, records(congress_id, start, end)): each figure of the annual report has one
#: selector, read by the figures page and by the reports app's metric dictionary alike (issue 16).
#: ``congress_id`` None reads every congress (the platform's administrators).
FIGURES: dict[str, tuple[str, Records]] = {
    "filed": (gettext_noop("报送备案的规范性文件"), _docs),
    "on_time": (gettext_noop("按时报送"), lambda c, s, e: _late(_docs(c, s, e), late=False)),
    "late": (gettext_noop("逾期报送"), lambda c, s, e: _late(_docs(c, s, e))),
    "returned": (
        gettext_noop("不属备案范围或未补正退回"),
        lambda c, s, e: _docs(c, s, e).filter(status=DocStatus.RETURNED),
    ),
    "reviewed": (
        gettext_noop("审查完成"),
        lambda c, s, e: _with_event(c, s, e, Action.NO_PROBLEM, Action.CORRECTED, Action.REVOKED, Action.NOT_REVOKED),
    ),
    "active": (
        gettext_noop("主动审查"),
        lambda c, s, e: _docs(c, s, e).filter(review_kind=FilingDocument.ReviewKind.ACTIVE),
    ),
    "by_request": (
        gettext_noop("依申请审查"),
        lambda c, s, e: _docs(c, s, e).filter(
            review_kind__in=[FilingDocument.ReviewKind.REQUEST, FilingDocument.ReviewKind.SUGGESTION]
        ),
    ),
    "suggestions": (gettext_noop("收到审查建议"), _suggestions_received),
    "problems": (gettext_noop("发现问题（沟通）"), lambda c, s, e: _with_event(c, s, e, Action.CONSULT)),
    "corrected": (gettext_noop("制定机关纠正"), lambda c, s, e: _with_event(c, s, e, Action.CORRECTED)),
    "opinions": (gettext_noop("发出书面审查意见"), lambda c, s, e: _with_event(c, s, e, Action.COUNCIL_APPROVE)),
    "revocations": (gettext_noop("提出撤销议案"), lambda c, s, e: _with_event(c, s, e, Action.REVOCATION)),
    "revoked": (gettext_noop("常委会决定撤销"), lambda c, s, e: _with_event(c, s, e, Action.REVOKED)),
    "flags_confirmed": (
        gettext_noop("审查辅助提示经确认"),
        lambda c, s, e: Flag.objects.filter(
            decision=Flag.Decision.CONFIRMED,
            updated_at__date__range=(s, e),
            **({"document__congress_id": c} if c else {}),
        ),
    ),
}


def figure_in(figure: str, *, congress_id: int | None, start: date, end: date) -> QuerySet[Any]:
    """The records counted by ``figure`` for a congress (None: all) between ``start`` and ``end``
    (local dates, inclusive). Raises KeyError for an unknown figure."""
    return FIGURES[figure][1](congress_id, start, end)


def figure_records(figure: str, year: int, congress_id: int | None = None) -> list[Any]:
    """The records counted by ``figure`` in calendar ``year``. Raises KeyError for an unknown figure."""
    return list(figure_in(figure, congress_id=congress_id, start=date(year, 1, 1), end=date(year, 12, 31)))


def annual_figures(year: int, congress_id: int | None = None) -> list[tuple[str, str, int]]:
    """(id, Chinese label, value) of every figure of the annual report for ``year`` and the congress."""
    s, e = date(year, 1, 1), date(year, 12, 31)
    return [
        (key, _(label), figure_in(key, congress_id=congress_id, start=s, end=e).count())
        for key, (label, _f) in FIGURES.items()
    ]


def revocations_published() -> QuerySet[FilingDocument]:
    """撤销决定公布 (F5: "revocations are published"): every normative document the Standing Committee
    decided to revoke (the revocation bill's vote passed), newest decision first, with its organ and
    the meeting that decided it. Public: titles, 文号 and organs are published information."""
    return (
        FilingDocument.objects.filter(status=DocStatus.REVOKED)
        .select_related("organ", "revocation_poll__item__meeting")
        .order_by("-revocation_poll__closed_at", "-pk")
    )
