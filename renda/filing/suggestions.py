"""Review suggestions and requests (审查建议 / 审查要求, RULES.md F4) and the feedback to the requester
(F5, 上海 第36条). A citizen submits on the public page and follows it with a 查询码 (as the liaison
app's tracking codes); staff accept it (linking the filed document, which starts its review as
依申请审查) or decline it with the reason, and answer it once the document's review is finished.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.constraints import check_text
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError, RuleViolation
from renda.core.workflow import record_event, transition
from renda.filing import permissions
from renda.filing.events import SuggestionAction
from renda.filing.models import TEXT_MAX, TITLE_MAX, FilingDocument, ReviewSuggestion
from renda.filing.services import at_day, document_step
from renda.filing.workflow import CLOSED, SUGGESTION_FLOW, DocStatus, SuggestionStatus
from renda.liaison.tracking_codes import new_tracking_code
from renda.organization.models import Congress

PHONE = re.compile(r"^1[3-9]\d{9}$")


@transaction.atomic
def suggestion_submit(
    *,
    congress: Congress,
    name: str,
    phone: str,
    document_title: str,
    reasons: str,
    source: str = "citizen",
    on: date | None = None,
) -> ReviewSuggestion:
    """Store a review suggestion from the public page (F4) and return it with its new 查询码.

    ``on``: the day a paper suggestion arrived (default now).

    Raises:
        RuleViolation: empty name / title / reasons, a phone that is not an 11-digit mobile number,
            texts over their limits.
    """
    check_text(name, label=_("姓名"), max_length=60)
    check_text(document_title, label=_("文件名称"), max_length=TITLE_MAX)
    check_text(reasons, label=_("理由"), max_length=TEXT_MAX)
    if not name.strip() or not document_title.strip() or not reasons.strip():
        raise RuleViolation(_("请填写姓名、文件名称和建议审查的理由"))
    if phone and not PHONE.match(phone):
        raise RuleViolation(_("请填写11位手机号码"))
    s = ReviewSuggestion.objects.create(
        congress=congress,
        source=source,
        name=name.strip(),
        phone=phone,
        document_title=document_title.strip(),
        reasons=reasons.strip(),
        tracking_code=new_tracking_code(),
    )
    record_event(SUGGESTION_FLOW, s, action=SuggestionAction.RECEIVED, actor=None, from_status="", at=at_day(on))
    return s


def suggestion_by_code(code: str) -> ReviewSuggestion:
    """The suggestion with 查询码 ``code`` (case-insensitive). Raises NotFoundOrForbidden."""
    s = (
        ReviewSuggestion.objects.select_related("document")
        .filter(tracking_code=(code or "").strip().upper()[:16])
        .first()
    )
    if s is None:
        raise NotFoundOrForbidden(_("查询码不存在，请核对"))
    return s


@transaction.atomic
def suggestion_accept(
    *, suggestion: ReviewSuggestion, actor: Any, document: FilingDocument, on: date | None = None
) -> ReviewSuggestion:
    """Accept a suggestion for review (受理) and link the filed document; a document waiting in
    已登记备案 starts its review as 依申请审查 (F4)."""
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(_("您无权受理审查建议"))
    if document.congress_id != suggestion.congress_id or document.status in (
        DocStatus.RECEIVED,
        DocStatus.MATERIALS,
        DocStatus.RETURNED,
    ):
        raise RuleViolation(_("只能关联已登记备案的文件"), extra={"rule": "F4"})
    suggestion.document = document
    transition(
        suggestion,
        workflow=SUGGESTION_FLOW,
        to=SuggestionStatus.ACCEPTED,
        action=SuggestionAction.ACCEPT,
        actor=actor,
        note=str(document),
        fields=["document"],
        at=at_day(on),
    )
    if document.status == DocStatus.FILED:
        kind = (
            FilingDocument.ReviewKind.REQUEST if suggestion.source == "organ" else FilingDocument.ReviewKind.SUGGESTION
        )
        document_step(doc=document, actor=actor, step="start_review", review_kind=kind, on=on)
    return suggestion


@transaction.atomic
def suggestion_decline(*, suggestion: ReviewSuggestion, actor: Any, reason: str) -> ReviewSuggestion:
    """Decline a suggestion (不予受理) with the reason the requester reads."""
    if not reason.strip():
        raise RuleViolation(_("请填写不予受理的理由"), code="note_required")
    check_text(reason, label=_("理由"), max_length=TEXT_MAX)
    suggestion.feedback = reason
    transition(
        suggestion,
        workflow=SUGGESTION_FLOW,
        to=SuggestionStatus.DECLINED,
        action=SuggestionAction.DECLINE,
        actor=actor,
        allowed=permissions.is_staff(actor),
        note=reason,
        fields=["feedback"],
    )
    return suggestion


@transaction.atomic
def suggestion_answer(
    *, suggestion: ReviewSuggestion, actor: Any, feedback: str, on: date | None = None
) -> ReviewSuggestion:
    """Give the requester the outcome (反馈, F5) once the linked document's review is finished.

    Raises:
        RuleViolation: the review is not finished (F5), empty feedback.
    """
    doc = suggestion.document
    if doc is None or doc.status not in CLOSED:
        raise RuleViolation(_("审查尚未结束，不能反馈结果"), extra={"rule": "F5"})
    if not feedback.strip():
        raise RuleViolation(_("请填写反馈内容"), code="note_required")
    check_text(feedback, label=_("反馈"), max_length=TEXT_MAX)
    suggestion.feedback = feedback
    transition(
        suggestion,
        workflow=SUGGESTION_FLOW,
        to=SuggestionStatus.ANSWERED,
        action=SuggestionAction.ANSWER,
        actor=actor,
        allowed=permissions.is_staff(actor),
        note=feedback,
        fields=["feedback"],
        at=at_day(on),
    )
    return suggestion
