"""The last rung of the outcome ladder (RULES.md F5): when the issuer has not corrected within the
response period of the written correction opinion, the Council of Chairpersons puts a bill to revoke
(撤销议案) on a Standing Committee meeting's agenda — an agenda item and a motion poll made through
:mod:`renda.meetings.services` — and the outcome of that poll closes the review: 常委会决定撤销 when it
passed, 撤销议案未通过 when it did not.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.constraints import check_text
from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.core.workdays import month_deadline
from renda.core.workflow import lock, transition
from renda.filing import clocks, notices, permissions
from renda.filing.events import Action
from renda.filing.models import FilingDocument
from renda.filing.services import at_day
from renda.filing.workflow import DOC_FLOW, DocStatus
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.meetings.workflow import MeetingStatus, PollStatus


def response_due(doc: FilingDocument) -> date | None:
    """The last day of the issuer's response period to the written opinion (F5), or ``None``."""
    if not doc.opinion_issued_on:
        return None
    return month_deadline(doc.opinion_issued_on, clocks.period("response_months")).date


@transaction.atomic
def revocation_propose(
    *,
    doc: FilingDocument,
    actor: Any,
    meeting: Meeting,
    note: str,
    method: str = Poll.Method.ELECTRONIC,
    on: date | None = None,
    expected_version: int | None = None,
) -> Poll:
    """Put the bill to revoke ``doc`` on ``meeting``'s agenda and set up its vote (F5).

    Args:
        doc: a document whose written correction opinion was issued (已发书面审查意见).
        actor: reviewing staff. meeting: a Standing Committee meeting of the document's congress, not
            closed. note: the grounds (required, ≤ 2,000 chars). method: the poll's method
            (``Poll.Method``). on: the day (default today).
    Returns:
        The motion poll (未开始) on the new agenda item 关于撤销《…》的议案 (proposer: 主任会议, V4).
        The document moves 已发书面审查意见 → 撤销议案待常委会表决.
    Raises:
        RuleViolation: F5 — the issuer's response period has not ended; ``not_standing_committee`` —
            another kind of meeting or another congress's; ``note_required``; the meetings app's own
            refusals (a closed meeting, a bad method).
        PermissionDeniedError / InvalidTransition / ConcurrentModification: from the spine.
    """
    locked = lock(doc, expected_version=expected_version)
    if "revocation" not in permissions.allowed_actions(actor, locked):
        raise PermissionDeniedError(_("当前不能提出撤销议案"))
    day = on or timezone.localdate()
    check_text(note, label=_("说明"), max_length=2000)
    if not note.strip():
        raise RuleViolation(_("请填写撤销的理由"), code="note_required")
    due = response_due(locked)
    if due is not None and day <= due:
        raise RuleViolation(_("制定机关答复期限（%(due)s）未满，不能提出撤销议案") % {"due": due}, extra={"rule": "F5"})
    if meeting.kind != Meeting.Kind.STANDING_COMMITTEE or meeting.congress_id != locked.congress_id:
        raise RuleViolation(_("请选择本级人大常委会会议"), code="not_standing_committee")
    if meeting.status == MeetingStatus.CLOSED:
        raise RuleViolation(_("该次会议已经结束"), code="meeting_closed")
    if method not in Poll.Method.values:
        raise RuleViolation(_("未知的表决方式"), code="invalid_choice")
    item = meeting_services.agenda_item_add(
        meeting=meeting,
        title=_("关于撤销《%(t)s》的议案") % {"t": locked.title[:180]},
        actor=actor,
        kind=AgendaItem.Kind.BILL,
        subject=locked,
        proposer="council_of_chairpersons",
        at=at_day(on),
    )
    poll = meeting_services.poll_create(item=item, method=method, actor=actor, at=at_day(on))
    locked.revocation_poll = poll
    transition(
        locked,
        workflow=DOC_FLOW,
        to=DocStatus.REVOCATION,
        action=Action.REVOCATION,
        actor=actor,
        allowed=permissions.can_review(actor, locked),
        note=f"{meeting.title}：{note.strip()}",
        at=at_day(on),
        fields=["revocation_poll"],
        notice=notices.step_taken(locked, "revocation"),
    )
    doc.refresh_from_db()
    return poll


@transaction.atomic
def revocation_record(*, doc: FilingDocument, actor: Any, expected_version: int | None = None) -> FilingDocument:
    """Take the outcome of the revocation bill's vote (F5): passed → 常委会决定撤销, otherwise →
    撤销议案未通过; either closes the review (the requester can then be answered).

    Raises:
        RuleViolation: ``no_vote`` — no bill was put on an agenda; ``poll_not_closed`` — its vote is
            still to come or open.
        PermissionDeniedError / InvalidTransition: from the spine (not staff; not awaiting the vote).
    """
    locked = lock(doc, expected_version=expected_version)
    if not locked.revocation_poll_id:
        raise RuleViolation(_("尚未将撤销议案列入常委会会议议程"), code="no_vote")
    poll = Poll.objects.select_related("item__meeting").get(pk=locked.revocation_poll_id)
    if poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise RuleViolation(_("撤销议案的表决尚未结束"), code="poll_not_closed")
    passed = bool(poll.passed)
    locked.outcome_note = f"{poll.item.meeting.title}：{poll.result_text}"[:2000]
    transition(
        locked,
        workflow=DOC_FLOW,
        to=DocStatus.REVOKED if passed else DocStatus.NOT_REVOKED,
        action=Action.REVOKED if passed else Action.NOT_REVOKED,
        actor=actor,
        allowed=permissions.can_review(actor, locked),
        note=poll.result_text,
        at=poll.closed_at,
        fields=["outcome_note"],
        notice=notices.step_taken(locked, "revoked" if passed else "not_revoked"),
    )
    doc.refresh_from_db()
    return doc
