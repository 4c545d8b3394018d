"""Special committees' opinions on filed documents (RULES.md F4, 上海 2024 第15条第2款: within 30 days).

Staff send a document to a special committee (:func:`renda.filing.services.document_ask_committee`);
each member of that committee (a DEPUTY login whose deputy holds a membership of the committee body)
sees the documents sent to the committee on their own page and enters their opinion there within the
period; staff see the collected opinions on the document and record the committee's opinion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.constraints import check_date, check_text
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError, RuleViolation
from renda.core.workflow import record_event
from renda.filing import clocks, permissions
from renda.filing.events import Action
from renda.filing.models import TEXT_MAX, FilingDocument, MemberOpinion
from renda.filing.services import at_day
from renda.filing.workflow import DOC_FLOW, UNDER_REVIEW


def committee_due(doc: FilingDocument) -> date | None:
    """The last day of the committee's period (F4: asked + 30 days, a setting), or ``None``."""
    if not doc.committee_asked_on:
        return None
    return doc.committee_asked_on + timedelta(days=clocks.period("committee_days"))


def member_documents(viewer: Any, today: date) -> QuerySet[FilingDocument]:
    """The documents sent to the special committees ``viewer`` sits on, newest request first (none for
    anyone who is not a committee member)."""
    ids = permissions.committee_ids(viewer, today)
    if not ids:
        return FilingDocument.objects.none()
    return (
        FilingDocument.objects.filter(committee_id__in=ids, committee_asked_on__isnull=False)
        .select_related("organ", "committee")
        .order_by("-committee_asked_on", "-id")
    )


def member_document_get(*, viewer: Any, doc_id: int, today: date) -> FilingDocument:
    """One document sent to the viewer's committee. Raises NotFoundOrForbidden (404 alike)."""
    doc = member_documents(viewer, today).filter(pk=doc_id).first()
    if doc is None:
        raise NotFoundOrForbidden(_("备案文件不存在"))
    return doc


def own_opinion(doc: FilingDocument, viewer: Any) -> MemberOpinion | None:
    """The viewer's opinion on the committee's current request about ``doc``, if given."""
    if not getattr(viewer, "deputy_id", None) or not doc.committee_id or not doc.committee_asked_on:
        return None
    return MemberOpinion.objects.filter(
        document=doc, committee_id=doc.committee_id, deputy_id=viewer.deputy_id, asked_on=doc.committee_asked_on
    ).first()


def collected(doc: FilingDocument) -> QuerySet[MemberOpinion]:
    """The members' opinions on the committee's current request about ``doc`` (what staff read)."""
    if not doc.committee_id or not doc.committee_asked_on:
        return MemberOpinion.objects.none()
    return MemberOpinion.objects.filter(
        document=doc, committee_id=doc.committee_id, asked_on=doc.committee_asked_on
    ).select_related("deputy")


@dataclass(frozen=True)
class MemberRow:
    """A document on a member's page: the document, the period's last day, whether it is still open
    for the member's opinion, and the member's opinion if given."""

    doc: FilingDocument
    due: date | None
    open: bool
    mine: MemberOpinion | None


def member_rows(viewer: Any, today: date) -> list[MemberRow]:
    """The member's page: every document sent to the member's committees with its state (at most 200;
    a bounded number of queries, as the home panel needs)."""
    docs = list(member_documents(viewer, today)[:200])
    if not docs:
        return []
    committees = permissions.committee_ids(viewer, today)
    mine: dict[tuple[int, int | None, date | None], MemberOpinion] = {
        (o.document_id, o.committee_id, o.asked_on): o
        for o in MemberOpinion.objects.filter(deputy_id=viewer.deputy_id, document__in=docs)
    }
    rows = []
    for d in docs:
        due = committee_due(d)
        open_ = bool(
            d.status in UNDER_REVIEW
            and d.committee_id in committees
            and not d.committee_opinion_on
            and due is not None
            and today <= due
        )
        rows.append(MemberRow(d, due, open_, mine.get((d.pk, d.committee_id, d.committee_asked_on))))
    return rows


def can_give_now(viewer: Any, doc: FilingDocument, day: date) -> bool:
    """Whether the member may enter (or revise) an opinion on ``day``: a member of the committee, the
    document under review, the committee's opinion not yet recorded, the period not over (F4)."""
    due = committee_due(doc)
    return bool(
        permissions.can_give_member_opinion(viewer, doc, day)
        and not doc.committee_opinion_on
        and due is not None
        and day <= due
    )


@transaction.atomic
def member_opinion_give(*, doc: FilingDocument, actor: Any, text: str, on: date | None = None) -> MemberOpinion:
    """A committee member enters (or revises) their opinion on ``doc`` (F4), logged on its trail.

    Args:
        doc: a document sent to the member's committee. actor: a DEPUTY login of a committee member.
        text: the opinion (required, ≤ 60,000 chars). on: the day (default today).
    Returns:
        The member's opinion for the committee's current request.
    Raises:
        PermissionDeniedError: not a member of the committee the document was sent to, or the
            document is no longer under review.
        RuleViolation: F4 — the committee's period (asked + 30 days) is over (``period_over``) or the
            committee's opinion is already recorded (``opinion_recorded``); an empty text.
    """
    day = on or timezone.localdate()
    check_date(day, label=_("日期"))
    locked = FilingDocument.objects.select_for_update().get(pk=doc.pk)
    if not permissions.can_give_member_opinion(actor, locked, day) or locked.status not in UNDER_REVIEW:
        raise PermissionDeniedError(_("您不是该专门委员会的组成人员，或该文件已不在审查中"))
    due = committee_due(locked)
    if due is None or day > due:
        raise RuleViolation(
            _("专门委员会提出意见的期限（%(due)s）已过") % {"due": due}, code="period_over", extra={"rule": "F4"}
        )
    if locked.committee_opinion_on:
        raise RuleViolation(_("专门委员会意见已经录入"), code="opinion_recorded", extra={"rule": "F4"})
    check_text(text, label=_("意见"), max_length=TEXT_MAX)
    if not text.strip():
        raise RuleViolation(_("请填写意见"), code="note_required")
    assert locked.committee_id and locked.committee_asked_on
    opinion, _created = MemberOpinion.objects.update_or_create(
        document=locked,
        committee_id=locked.committee_id,
        deputy_id=actor.deputy_id,
        asked_on=locked.committee_asked_on,
        defaults={"author": actor, "given_on": day, "text": text.strip()},
    )
    record_event(DOC_FLOW, locked, action=Action.MEMBER_OPINION, actor=actor, note=text.strip()[:500], at=at_day(on))
    return opinion
