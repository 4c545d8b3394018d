"""Writes of filing review (备案审查, RULES.md F1–F5, G21): filing, the formal check, missing
materials, review steps up the outcome ladder, committee opinions and the Council of Chairpersons'
decision. Every status move goes through :func:`renda.core.workflow.transition` with
:data:`~renda.filing.workflow.DOC_FLOW`; a refusal raises an :class:`ApplicationError` and writes nothing.
Dates (``on``) are explicit so paper records and the demo are dated when things happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.constraints import check_date, check_text
from renda.core.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError, RuleViolation
from renda.core.workflow import record_event, save_versioned, transition
from renda.filing import clocks, notices, permissions
from renda.filing.events import Action
from renda.filing.models import TEXT_MAX, TITLE_MAX, FilingDocument, Organ
from renda.filing.workflow import DOC_FLOW, DocStatus
from renda.organization.models import Body

#: Organ kinds in the city Standing Committee's filing scope (F2; 规章 of the government, G21).
IN_SCOPE = frozenset(
    {
        Organ.Kind.DISTRICT_CONGRESS,
        Organ.Kind.DISTRICT_SC,
        Organ.Kind.GOVERNMENT,
        Organ.Kind.SUPERVISORY,
        Organ.Kind.COURT,
        Organ.Kind.PROCURATORATE,
    }
)


def at_day(on: date | None) -> datetime:
    """An aware datetime at 10:00 of ``on`` (now when ``None``), for back-dated events."""
    if on is None:
        return timezone.now()
    return timezone.make_aware(datetime.combine(on, time(10, 0)))


def in_scope(organ: Organ) -> bool:
    """True when documents of ``organ`` are filed with the city Standing Committee (F2)."""
    return organ.kind in IN_SCOPE


@transaction.atomic
def document_file(
    *,
    actor: Any,
    organ: Organ,
    title: str,
    number: str,
    published_on: date,
    received_on: date,
    text: str,
    kind: str = FilingDocument.Kind.NORMATIVE,
    explanation: str = "",
    basis: str = "",
) -> FilingDocument:
    """File a normative document (报送备案, F1).

    Args:
        actor: the organ's officer (UNIT_OFFICER of ``organ.handling_unit``) or staff entering a paper filing.
        organ: the issuing organ; published_on / received_on: dates (received not before published).
        title, number, text, explanation, basis: the document (title ≤ 200 chars, text ≤ 60,000).
    Returns:
        The document, status 已接收; its first event is 逾期报送备案 when it arrived after day 30 (F1:
        a late filing is flagged and still accepted for the formal check).
    Raises:
        PermissionDeniedError: the actor may not file for this organ.
        RuleViolation: dates in the wrong order or in the future, empty text.
    """
    if not permissions.can_file(actor) or (
        not permissions.is_staff(actor) and organ.handling_unit_id != getattr(actor, "handling_unit_id", None)
    ):
        raise PermissionDeniedError(_("您无权为该机关报送备案"))
    check_date(published_on, label=_("公布日期"))
    check_date(received_on, label=_("报送日期"))
    check_text(title, label=_("标题"), max_length=TITLE_MAX)
    check_text(text, label=_("正文"), max_length=TEXT_MAX)
    if not title.strip() or not text.strip() or not number.strip():
        raise RuleViolation(_("标题、文号和正文不能为空"), extra={"rule": "F1"})
    if received_on < published_on:
        raise RuleViolation(_("报送日期不能早于公布日期"), extra={"rule": "F1"})
    if received_on > timezone.localdate():
        raise RuleViolation(_("报送日期不能晚于今天"), extra={"rule": "F1"})
    doc = FilingDocument.objects.create(
        congress=organ.congress,
        organ=organ,
        title=title.strip(),
        number=number.strip(),
        kind=kind,
        published_on=published_on,
        received_on=received_on,
        text=text,
        explanation=explanation,
        basis=basis,
        submitted_by=actor,
    )
    late = clocks.is_late(published_on, received_on)
    note = _("公布后第%(n)d日报送") % {"n": (received_on - published_on).days}
    record_event(
        DOC_FLOW,
        doc,
        action=Action.RECEIVED_LATE if late else Action.RECEIVED,
        actor=actor,
        note=note,
        at=at_day(received_on),
        from_status="",
    )
    return doc


@dataclass(frozen=True)
class Step:
    """One step of the ladder: target status, event action, whether a note is required."""

    to: str
    action: str
    needs_note: bool = False


STEPS: dict[str, Step] = {
    "formal_pass": Step(DocStatus.FILED, Action.FORMAL_PASS),
    "request_materials": Step(DocStatus.MATERIALS, Action.REQUEST_MATERIALS, True),
    "supply": Step(DocStatus.RECEIVED, Action.SUPPLY_MATERIALS, True),
    "return": Step(DocStatus.RETURNED, Action.RETURN, True),
    "start_review": Step(DocStatus.REVIEWING, Action.START_REVIEW),
    "no_problem": Step(DocStatus.NO_PROBLEM, Action.NO_PROBLEM),
    "consult": Step(DocStatus.CONSULTING, Action.CONSULT, True),
    "suspend": Step(DocStatus.SUSPENDED, Action.SUSPEND, True),
    "corrected": Step(DocStatus.ENDED, Action.CORRECTED, True),
    "propose_opinion": Step(DocStatus.OPINION_PROPOSED, Action.PROPOSE_OPINION, True),
    "council_approve": Step(DocStatus.OPINION_ISSUED, Action.COUNCIL_APPROVE, True),
    "council_return": Step(DocStatus.CONSULTING, Action.COUNCIL_RETURN, True),
}
# The revocation bill (F5) is not a plain step: it needs a Standing Committee meeting and its vote
# (:mod:`renda.filing.revocation`).


@transaction.atomic
def document_step(
    *,
    doc: FilingDocument,
    actor: Any,
    step: str,
    note: str = "",
    on: date | None = None,
    review_kind: str = "",
    expected_version: int | None = None,
) -> FilingDocument:
    """Take one step of intake or review on ``doc`` (F2, F3, F4, F5).

    Args:
        doc: the document; actor: who acts; step: a key of :data:`STEPS` (the page's button).
        note: reason, materials missing, the issuer's commitment, the Council's decision … (required
            where the step says so, ≤ 2,000 chars).
        on: the day it happened (default today); review_kind: for ``start_review`` (default 主动审查).
    Returns:
        The document, moved.
    Raises:
        RuleViolation: F2 (formal check of an organ out of scope), F3 (materials supplied after 10
            working days; returned while the materials period runs); a missing note.
        PermissionDeniedError / InvalidTransition / ConcurrentModification: from the spine.
    """
    if step not in STEPS:
        raise ApplicationError(_("未知的操作"), code="unknown_step")
    s = STEPS[step]
    day = on or timezone.localdate()
    check_date(day, label=_("日期"))
    check_text(note, label=_("说明"), max_length=2000)
    if s.needs_note and not note.strip():
        raise RuleViolation(_("请填写说明"), code="note_required")
    if day > timezone.localdate():
        raise RuleViolation(_("日期不能晚于今天"))
    pred = permissions._ACTIONS[step][1]
    fields: list[str] = []
    if step == "formal_pass" and not in_scope(doc.organ):
        raise RuleViolation(_("该机关的文件不属于本级人大常委会备案范围，应当退回"), extra={"rule": "F2"})
    if step == "request_materials":
        doc.materials_requested_on, doc.materials_note = day, note[:300]
        fields += ["materials_requested_on", "materials_note"]
    if step == "supply":
        due = clocks.materials_due(doc)
        if due is not None and day > due:
            raise RuleViolation(
                _("补正期限（%(due)s，收到通知后10个工作日）已过，不能再补正") % {"due": due}, extra={"rule": "F3"}
            )
        doc.materials_supplied_on = day
        fields.append("materials_supplied_on")
    if step == "return" and doc.status == DocStatus.MATERIALS:
        due = clocks.materials_due(doc)
        if due is not None and day <= due:
            raise RuleViolation(_("补正期限（%(due)s）未满，不能退回") % {"due": due}, extra={"rule": "F3"})
    if step == "return" and doc.status == DocStatus.RECEIVED and in_scope(doc.organ):
        raise RuleViolation(_("属于备案范围的文件不能直接退回；材料不全的请通知补正"), extra={"rule": "F2"})
    if review_kind and review_kind not in FilingDocument.ReviewKind.values:
        raise RuleViolation(_("未知的审查方式"), extra={"rule": "F4"})
    if step == "start_review":
        doc.review_kind = review_kind or doc.review_kind or FilingDocument.ReviewKind.ACTIVE
        fields.append("review_kind")
    if step == "council_approve":
        doc.council_decided_on = doc.opinion_issued_on = day
        fields += ["council_decided_on", "opinion_issued_on"]
    if step == "council_return":
        if doc.status != DocStatus.OPINION_PROPOSED:
            raise InvalidTransition(_("只有提请主任会议的文件可以由主任会议退回"))
        doc.council_decided_on = day
        fields.append("council_decided_on")
    if s.to in (DocStatus.NO_PROBLEM, DocStatus.ENDED):
        doc.outcome_note = note
        fields.append("outcome_note")
    transition(
        doc,
        workflow=DOC_FLOW,
        to=s.to,
        action=s.action,
        actor=actor,
        allowed=pred(actor, doc),
        note=note,
        at=at_day(on),
        expected_version=expected_version,
        fields=fields,
        notice=notices.step_taken(doc, step),
    )
    return doc


@transaction.atomic
def document_ask_committee(*, doc: FilingDocument, actor: Any, committee: Body, on: date | None = None) -> None:
    """Ask a special committee for its opinion (F4: within 30 days, the clock on the record)."""
    if "ask_committee" not in permissions.allowed_actions(actor, doc):
        raise PermissionDeniedError(_("当前不能征求专门委员会意见"))
    if committee.kind != Body.Kind.SPECIAL_COMMITTEE:
        raise RuleViolation(_("请选择一个专门委员会"))
    day = on or timezone.localdate()
    doc.committee, doc.committee_asked_on = committee, day
    doc.committee_opinion, doc.committee_opinion_on = "", None
    save_versioned(doc, ["committee", "committee_asked_on", "committee_opinion", "committee_opinion_on"])
    record_event(DOC_FLOW, doc, action=Action.ASK_COMMITTEE, actor=actor, note=committee.name, at=at_day(on))


@transaction.atomic
def document_committee_opinion(*, doc: FilingDocument, actor: Any, text: str, on: date | None = None) -> None:
    """Record the committee's opinion (F4); late ones are kept and shown as overdue on the clock."""
    if "committee_opinion" not in permissions.allowed_actions(actor, doc):
        raise PermissionDeniedError(_("当前不能录入专门委员会意见"))
    check_text(text, label=_("意见"), max_length=TEXT_MAX)
    if not text.strip():
        raise RuleViolation(_("请填写意见"), code="note_required")
    doc.committee_opinion, doc.committee_opinion_on = text, on or timezone.localdate()
    save_versioned(doc, ["committee_opinion", "committee_opinion_on"])
    record_event(DOC_FLOW, doc, action=Action.COMMITTEE_OPINION, actor=actor, note=text[:500], at=at_day(on))


@transaction.atomic
def document_issuer_reply(*, doc: FilingDocument, actor: Any, text: str, on: date | None = None) -> None:
    """The issuing organ answers a consultation or the written opinion (F5); no status move."""
    if "issuer_reply" not in permissions.allowed_actions(actor, doc):
        raise PermissionDeniedError(_("当前不能回复"))
    check_text(text, label=_("回复"), max_length=TEXT_MAX)
    if not text.strip():
        raise RuleViolation(_("请填写回复内容"), code="note_required")
    record_event(DOC_FLOW, doc, action=Action.ISSUER_REPLY, actor=actor, note=text, at=at_day(on))
