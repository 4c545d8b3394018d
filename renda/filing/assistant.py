"""The review assistant (审查辅助) on a filed document: flags for provisions created without a basis
in law (:mod:`renda.filing.analyzer`), near-identical provisions in documents already reviewed (with
their outcome), and cited laws the register marks as amended or repealed. A reviewer confirms or
dismisses each flag; both are logged on the document's trail (dismissal with its reason).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.core.workflow import record_event
from renda.filing import analyzer, permissions
from renda.filing.events import Action
from renda.filing.models import FilingDocument, Flag, LawEntry
from renda.filing.workflow import CLOSED, DOC_FLOW, DocStatus

#: How many reviewed documents are compared (most recent first) — bounds the work per run.
MAX_EARLIER = 300


def _require_open(doc: FilingDocument, actor: Any) -> None:
    """Refuse the assistant's acts on a document whose review has ended (code ``review_ended``)."""
    if not permissions.can_review(actor, doc):
        raise PermissionDeniedError(_("您无权使用审查辅助"))
    if doc.status in CLOSED:
        raise RuleViolation(_("该文件的审查已经结束，不能再运行审查辅助"), code="review_ended")


@transaction.atomic
def document_assist(*, doc: FilingDocument, actor: Any) -> list[Flag]:
    """(Re)compute the open flags of ``doc``; decided flags are kept. Returns the new open flags.

    Raises:
        PermissionDeniedError: not reviewing staff, or the document is not under review yet.
        RuleViolation: ``review_ended`` — the review of ``doc`` has ended (F5: its outcome stands; the
            flags are kept as they were decided).
    """
    _require_open(doc, actor)
    if "assist" not in permissions.allowed_actions(actor, doc):
        raise PermissionDeniedError(_("当前不能运行审查辅助"))
    decided = {(f.kind, f.sentence) for f in doc.flags.exclude(decision=Flag.Decision.OPEN)}
    doc.flags.filter(decision=Flag.Decision.OPEN).delete()
    new: list[Flag] = []

    def add(kind: str, sentence: str, reason: str, related: FilingDocument | None = None) -> None:
        if (kind, sentence) not in decided:
            new.append(Flag(document=doc, kind=kind, sentence=sentence, reason=reason[:300], related=related))

    sents = analyzer.sentences(doc.text)
    for s in sents:
        for kind in sorted(analyzer.classify(s)):
            add(kind, s, _(analyzer.reason(kind)))
    earlier = (
        FilingDocument.objects.filter(congress=doc.congress, status__in=CLOSED - {DocStatus.RETURNED})
        .exclude(pk=doc.pk)
        .order_by("-received_on")[:MAX_EARLIER]
    )
    # Compare with the provisions of reviewed documents that the rules flag (the ones whose outcome
    # matters: a boilerplate sentence shared by many documents is not worth a reviewer's time).
    pool = [(d, s) for d in earlier for s in analyzer.sentences(d.text) if analyzer.classify(s)]
    for s in sents:
        hits = analyzer.similar(s, pool)
        if hits:
            d, _other, score = hits[0]
            assert isinstance(d, FilingDocument)
            add(
                Flag.Kind.SIMILAR,
                s,
                _("与已审查文件《%(t)s》的条款相似（%(p)d%%），该文件审查结果：%(o)s")
                % {"t": d.title, "p": round(score * 100), "o": d.get_status_display()},
                related=d,
            )
    register = {e.title: e for e in LawEntry.objects.exclude(status=LawEntry.Status.CURRENT)}
    for s in sents:
        for title in analyzer.cited_laws(s):
            entry = register.get(title)
            if entry:
                add(
                    Flag.Kind.LAW,
                    s,
                    _("引用的《%(t)s》%(st)s%(n)s")
                    % {"t": title, "st": entry.get_status_display(), "n": entry.note and f"（{entry.note}）"},
                )
    Flag.objects.bulk_create(new)
    return new


@transaction.atomic
def flag_decide(*, flag: Flag, actor: Any, confirm: bool, reason: str = "") -> Flag:
    """Confirm or dismiss a flag; a dismissal needs its reason. Logged on the document's trail.

    Raises:
        PermissionDeniedError: not reviewing staff. RuleViolation: ``review_ended`` (the review is
        over), ``already_decided``, ``note_required`` (a dismissal without its reason).
    """
    _require_open(flag.document, actor)
    if flag.decision != Flag.Decision.OPEN:
        raise RuleViolation(_("该提示已处理"), code="already_decided")
    if not confirm and not reason.strip():
        raise RuleViolation(_("排除提示须说明理由"), code="note_required")
    flag.decision = Flag.Decision.CONFIRMED if confirm else Flag.Decision.DISMISSED
    flag.decision_reason = reason[:300]
    flag.save(update_fields=["decision", "decision_reason", "updated_at"])
    note = f"{flag.get_kind_display()}：{flag.sentence[:200]}" + ("" if confirm else f"；{_('理由')}：{reason}")
    record_event(
        DOC_FLOW, flag.document, action=Action.FLAG_CONFIRM if confirm else Action.FLAG_DISMISS, actor=actor, note=note
    )
    return flag
