"""Replies and what follows them: consultation, reply, extensions, evaluation, re-handling, closing,
commitments (S4, S7, S8, S9, S10, S11, S14–S19)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from renda.core import workdays
from renda.core.constraints import check_date, check_text
from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.core.uploads import check_upload
from renda.core.workflow import transition
from renda.organization.models import Deputy, User
from renda.proposals import conf, events, notices, permissions
from renda.proposals.events import Action
from renda.proposals.models import (
    Assignment,
    Commitment,
    Consultation,
    Evaluation,
    Proposal,
    Reply,
    ReplyRecipient,
    Satisfaction,
)
from renda.proposals.selectors import group_members, handling_proposal, proposal_deputies
from renda.proposals.services._base import day, lock_assignment, lock_proposal, now, send
from renda.proposals.workflow import (
    ASSIGNMENT,
    EXTENSION,
    HANDLING,
    PROPOSAL,
    AssignmentStatus,
    ExtensionStatus,
    Status,
)

#: Longest evaluation reason (characters).
EVALUATION_REASON_MAX = 2000

#: Co-handler statuses that let a suggestion close: its opinion was sent to the lead (S8).
COHANDLER_DONE = {AssignmentStatus.OPINION_SENT, AssignmentStatus.CLOSED}


@transaction.atomic
def consultation_record(
    *,
    assignment: Assignment,
    actor: User,
    method: str,
    held_on: date,
    deputy_views: str,
    at: datetime | None = None,
) -> Consultation:
    """A unit records its contact with the deputy before replying (S4; 面商 for key suggestions, S15).
    ``held_on`` must lie between the assignment date and the day of ``at`` (default today, calendar
    days), else RuleViolation.

    Raises:
        PermissionDeniedError, InvalidTransition (not received), RuleViolation (S4).
    """
    _p, a = lock_assignment(assignment)
    permissions.require(permissions.can_consult(actor, a), permissions.UNIT_ONLY)
    if a.status not in (AssignmentStatus.RECEIVED, AssignmentStatus.REHANDLING, AssignmentStatus.OPINION_SENT):
        raise InvalidTransition("请先签收")
    if method not in Consultation.Method.values or not deputy_views.strip():
        raise RuleViolation("须记录沟通方式和代表意见", extra={"rule": "S4"})
    today = day(at)
    if held_on > today:
        raise RuleViolation(f"沟通日期不能晚于今天（{today:%Y-%m-%d}）", extra={"rule": "S4"})
    if held_on < a.assigned_on:
        raise RuleViolation(f"沟通日期不能早于交办日期（{a.assigned_on:%Y-%m-%d}）", extra={"rule": "S4"})
    c = Consultation.objects.create(
        assignment=a, method=method, held_on=held_on, deputy_views=deputy_views.strip(), recorded_by=actor
    )
    events.consulted(a, actor=actor, note=f"{c.get_method_display()}：{deputy_views[:80]}", at=at)
    return c


def check_document(document: UploadedFile | None) -> None:
    """A unit's signed and sealed reply document: PDF or image, ≤ 10 MB, content matching the type (S18).

    Raises:
        RuleViolation: S18.
    """
    if document is None:
        raise RuleViolation("须上传经单位负责人签发并加盖公章的答复件", extra={"rule": "S18"})
    check_upload(
        document,
        allowed=conf.get("REPLY_DOCUMENT_TYPES"),
        max_bytes=conf.get("ATTACHMENT_MAX_BYTES"),
        type_error="答复件须为PDF或图片（jpg、png）",
        size_error="答复件不能超过10MB",
        name_error="答复件文件名无效",
        rule="S18",
    )


@dataclass
class CommitmentInput:
    """One promise to record with a B/C reply (S19)."""

    what: str
    due_date: date


@transaction.atomic
def reply_submit(
    *,
    assignment: Assignment,
    actor: User,
    text: str,
    reply_class: str,
    signer_name: str,
    signer_title: str,
    document: UploadedFile | None,
    commitments: Sequence[CommitmentInput] = (),
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Reply:
    """A lead unit replies for its part (S8, S9).

    Checks: the unit contacted the deputy (S4; face-to-face for key suggestions, S15); the class is
    in the configured list (S7); signer named and signed/sealed document uploaded as PDF/image ≤ 10 MB
    (S18); B/C replies carry at least one commitment (S19). The reply is delivered to every deputy of
    the proposal — lead and confirmed co-signers (S11) — and of every merged suggestion (S10), each
    told with a link to his own suggestion; evaluation due 15 working days later (S16); published 20
    working days later (S21).

    Raises:
        PermissionDeniedError, InvalidTransition, RuleViolation (S4, S7, S8, S15, S18, S19).
        ApplicationError: ``too_long`` (signer's name or title over 40 characters, a commitment over
            300), ``invalid_date`` (a commitment due outside 2000–2100): issue 12 item 8.
    """
    p, a = lock_assignment(assignment, expected_version)
    permissions.require(permissions.can_reply(actor, a), permissions.UNIT_ONLY)
    if a.role != Assignment.Role.LEAD:
        raise RuleViolation("会办单位不直接答复代表，请向主办单位提出会办意见", extra={"rule": "S8"})
    ASSIGNMENT.check(a.status, AssignmentStatus.REPLIED)
    consultations = a.consultations.all()
    if p.is_key and not consultations.filter(method=Consultation.Method.FACE_TO_FACE).exists():
        raise RuleViolation("重点督办建议答复前须与代表面商", extra={"rule": "S15"})
    if not consultations.exists():
        raise RuleViolation("答复前须与代表联系沟通、听取意见", extra={"rule": "S4"})
    codes = [c for c, _ in conf.reply_classes()]
    if reply_class not in codes:
        raise RuleViolation(f"答复类别须为{'/'.join(codes)}之一", extra={"rule": "S7"})
    if not signer_name.strip() or not signer_title.strip():
        raise RuleViolation("答复须由单位负责人签发", extra={"rule": "S18"})
    check_text(signer_name.strip(), label="签发人", max_length=40)
    check_text(signer_title.strip(), label="签发人职务", max_length=40)
    for c in commitments:
        check_text(c.what.strip(), label="承诺事项", max_length=300)
        check_date(c.due_date, label="承诺完成日期")
    if not text.strip():
        raise RuleViolation("答复内容不能为空", extra={"rule": "S8"})
    check_document(document)
    if reply_class in conf.get("COMMITMENT_CLASSES") and not commitments:
        raise RuleViolation("B类、C类答复须列明承诺事项和完成时间", extra={"rule": "S19"})
    when = now(at)
    today = day(when)
    ev = workdays.working_day_deadline(today, conf.get("EVALUATION_WORKING_DAYS"), rule="S16")
    pub = workdays.add_working_days(today, conf.get("PUBLISH_DELAY_WORKING_DAYS"))
    views = "\n".join(
        f"{c.unit.name}：{c.opinion}"
        for c in p.assignments.filter(role=Assignment.Role.CO).exclude(opinion="").select_related("unit")
    )
    reply = Reply.objects.create(
        assignment=a,
        round=a.round,
        text=text.strip(),
        reply_class=reply_class,
        cohandler_views=views,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        document=document,
        replied_on=today,
        evaluation_due=ev.date,
        evaluation_due_provisional=ev.provisional,
        publish_on=pub,
    )
    Commitment.objects.bulk_create(
        [Commitment(reply=reply, unit_id=a.unit_id, what=c.what, due_date=c.due_date) for c in commitments]
    )
    deputy_ids: list[int] = []
    recipients = []
    members = group_members(p)
    for member in members:
        for d in proposal_deputies(member):
            if d not in deputy_ids:
                deputy_ids.append(d)
                recipients.append(ReplyRecipient(reply=reply, proposal=member, deputy_id=d, delivered_at=when))
    ReplyRecipient.objects.bulk_create(recipients)
    transition(
        a, workflow=ASSIGNMENT, to=AssignmentStatus.REPLIED, action=Action.REPLY, actor=actor,
        note=f"{reply_class}类答复", at=at,
    )  # fmt: skip
    live_leads = p.assignments.filter(role=Assignment.Role.LEAD).exclude(status=AssignmentStatus.CANCELLED)
    if not live_leads.exclude(status__in=[AssignmentStatus.REPLIED, AssignmentStatus.CLOSED]).exists():
        for member in members:
            if member.status in HANDLING:
                transition(member, workflow=PROPOSAL, to=Status.REPLIED, action=Action.ALL_REPLIED, actor=actor, at=at)
    send(notices.replied(reply, a.unit.name, ev))
    return reply


@transaction.atomic
def extension_request(
    *,
    assignment: Assignment,
    actor: User,
    months: int,
    reason: str,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """A lead unit asks in writing for more time: at most 3 extra months in all (S14).

    Raises:
        PermissionDeniedError, InvalidTransition, RuleViolation (S14).
    """
    p, a = lock_assignment(assignment, expected_version)
    permissions.require(permissions.can_request_extension(actor, a), permissions.UNIT_ONLY)
    if a.status not in (
        AssignmentStatus.ASSIGNED,
        AssignmentStatus.RECEIVED,
        AssignmentStatus.REASSIGN_REQUESTED,
        AssignmentStatus.REHANDLING,
    ):
        raise InvalidTransition("已答复或已办结的不能申请延期")
    if a.extension_status == ExtensionStatus.REQUESTED:
        raise InvalidTransition("延期申请正在审批中")
    if months < 1 or a.extension_months + months > conf.get("EXTENSION_MAX_MONTHS") or not reason.strip():
        raise RuleViolation(
            f"延期累计不得超过{conf.get('EXTENSION_MAX_MONTHS')}个月，且须书面说明理由", extra={"rule": "S14"}
        )
    a.extension_requested_months, a.extension_reason = months, reason.strip()
    transition(
        a,
        workflow=EXTENSION,
        to=ExtensionStatus.REQUESTED,
        action=Action.REQUEST_EXTENSION,
        actor=actor,
        note=f"申请延期{months}个月：{reason}",
        at=at,
        fields=["extension_requested_months", "extension_reason"],
        notice=notices.extension_requested(p, a),
    )
    return a


@transaction.atomic
def extension_decide(
    *,
    assignment: Assignment,
    actor: User,
    approve: bool,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """The assigning office approves (deadline moved by the months asked, D1/D3) or refuses an
    extension; the unit is told, and the deputy when approved (S14).

    Raises:
        PermissionDeniedError, InvalidTransition (nothing requested).
    """
    p, a = lock_assignment(assignment, expected_version)
    permissions.require(permissions.can_decide_extension(actor, a))
    if a.extension_status != ExtensionStatus.REQUESTED:
        raise InvalidTransition("没有待审批的延期申请")
    if approve:
        due = workdays.month_deadline(a.due_date, a.extension_requested_months, rule="S14")
        a.due_date, a.due_provisional, a.due_rule = due.date, due.provisional, "S14"
        a.extension_months += a.extension_requested_months
        note = f"同意延期{a.extension_requested_months}个月，新期限{due}"
    else:
        note = "不同意延期"
    a.extension_requested_months = 0
    transition(
        a,
        workflow=EXTENSION,
        to=ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED,
        action=Action.DECIDE_EXTENSION,
        actor=actor,
        note=note,
        at=at,
        fields=["due_date", "due_provisional", "due_rule", "extension_months", "extension_requested_months"],
    )
    send(notices.extension_decided(p, a, note, approve))
    return a


@transaction.atomic
def evaluation_submit(
    *,
    reply: Reply,
    actor: User,
    attitude: str,
    result: str,
    comment: str = "",
    deputy: Deputy | None = None,
    paper_date: date | None = None,
    at: datetime | None = None,
) -> Evaluation:
    """A deputy who received ``reply`` (every deputy of a merged group, S10) rates attitude and result
    (S16) within 15 working days of delivery. 基本满意 or 不满意 needs a reason (``comment``, ≤ 2,000
    characters; settings ``EVALUATION_REASON_REQUIRED``): the unit re-handles knowing why (S17).
    不满意 on either starts re-handling (S17): the lead unit must reply again within 1 month, as many
    rounds as needed. When every recipient rated every current reply, none is 不满意 and every
    co-handler sent its opinion, the group is closed (:func:`maybe_close`).

    Staff enter a paper evaluation (代录) for a deputy who cannot go online: ``deputy`` (a recipient)
    and ``paper_date`` (the date written on the paper, within the S16 window, not in the future) are
    required; the evaluation records the staff user, the trail shows 代录评价 by staff on behalf of
    the deputy.

    Raises:
        PermissionDeniedError (not a recipient, not staff), InvalidTransition (superseded, rated
        already), RuleViolation (S16: window, values, reason, paper date, deputy not a recipient).
    """
    reply = Reply.objects.select_related("assignment__proposal").get(pk=reply.pk)
    p, a = lock_assignment(reply.assignment)
    if not permissions.can_evaluate(actor, reply):
        raise PermissionDeniedError("只有收到此答复的代表可以评价")
    on_paper = permissions.can_evaluate_on_paper(actor, reply)
    if on_paper:
        if deputy is None or not reply.recipients.filter(deputy_id=deputy.pk).exists():
            raise RuleViolation("代录评价须选择收到此答复的代表", extra={"rule": "S16"})
        if paper_date is None or paper_date > day(None) or paper_date < reply.replied_on:
            raise RuleViolation("代录评价须填写纸质评价表上的日期（不早于答复日期、不晚于今天）", extra={"rule": "S16"})
    else:
        deputy = actor.deputy
    if a.round != reply.round:
        raise InvalidTransition("该答复已被新一轮答复取代")
    today = paper_date if on_paper and paper_date else day(at)
    if today > reply.evaluation_due:
        raise RuleViolation(f"已超过评价期限（{reply.evaluation_due}）", extra={"rule": "S16"})
    values = Satisfaction.values
    if attitude not in values or result not in values:
        raise RuleViolation("评价须为满意、基本满意或不满意", extra={"rule": "S16"})
    comment = comment.strip()
    needs_reason = set(conf.get("EVALUATION_REASON_REQUIRED")) & {attitude, result}
    if needs_reason and not comment:
        raise RuleViolation("评价为基本满意或不满意时，请写明理由", extra={"rule": "S16"})
    if len(comment) > EVALUATION_REASON_MAX:
        raise RuleViolation(f"评价理由不能超过{EVALUATION_REASON_MAX}个字", extra={"rule": "S16"})
    assert deputy is not None
    try:
        with transaction.atomic():
            ev = Evaluation.objects.create(
                reply=reply,
                deputy=deputy,
                attitude=attitude,
                result=result,
                comment=comment,
                entered_by=actor if on_paper else None,
                paper_date=paper_date if on_paper else None,
            )
    except IntegrityError as exc:
        raise InvalidTransition(f"{deputy.name}已评价过此答复" if on_paper else "您已评价过此答复") from exc
    note = f"态度{Satisfaction(attitude).label}，结果{Satisfaction(result).label}"
    if comment:
        note += f"；理由：{comment}"
    if on_paper:
        note = f"代录{deputy.name}的纸质评价（{paper_date}）：{note}"
    events.evaluated(a, actor=actor, note=note, at=at, on_paper=on_paper)
    if Satisfaction.DISSATISFIED in (attitude, result) and a.status == AssignmentStatus.REPLIED:
        due = workdays.month_deadline(today, conf.get("REHANDLING_MONTHS"), rule="S17")
        a.round += 1
        a.due_date, a.due_provisional, a.due_rule = due.date, due.provisional, "S17"
        transition(
            a,
            workflow=ASSIGNMENT,
            to=AssignmentStatus.REHANDLING,
            action=Action.REHANDLE,
            actor=actor,
            note=f"代表不满意，重新办理，期限{due}" + (f"；理由：{comment}" if comment else ""),
            at=at,
            fields=["round", "due_date", "due_provisional", "due_rule"],
            notice=notices.rehandling(p, a, due, comment),
        )
        for member in group_members(p):
            if member.status == Status.REPLIED:
                transition(member, workflow=PROPOSAL, to=Status.REHANDLING, action=Action.REHANDLE, actor=actor, at=at)
    else:
        maybe_close(p, actor, at=at)
    return ev


def _cohandlers_done(p: Proposal) -> bool:
    """Every live co-handler sent its opinion (S8): closing waits for them (defect 1)."""
    cos = p.assignments.filter(role=Assignment.Role.CO).exclude(status=AssignmentStatus.CANCELLED)
    return not cos.exclude(status__in=COHANDLER_DONE).exists()


def _close(p: Proposal, members: Sequence[Proposal], actor: User | None, note: str, at: datetime | None) -> None:
    """Close ``members`` (those still 已答复待评价); when none of the group stays open, the assignments too."""
    for member in members:
        if member.status == Status.REPLIED:
            member.closed_at = now(at)
            transition(
                member, workflow=PROPOSAL, to=Status.CLOSED, action=Action.CLOSE, actor=actor, note=note, at=at,
                fields=["closed_at"],
            )  # fmt: skip
    if any(m.status == Status.REPLIED for m in group_members(p)):
        return
    for a in p.assignments.exclude(status__in=[AssignmentStatus.CANCELLED, AssignmentStatus.CLOSED]):
        if ASSIGNMENT.allows(a.status, AssignmentStatus.CLOSED):
            transition(a, workflow=ASSIGNMENT, to=AssignmentStatus.CLOSED, action=Action.CLOSE, actor=actor, at=at)


def maybe_close(p: Proposal, actor: User | None, *, at: datetime | None = None) -> None:
    """Close ``p``'s group (``p``: the proposal holding the assignments) when every lead replied, every
    recipient rated the current replies, none is 不满意, and every co-handler sent its opinion (S8, S16)."""
    members = [m for m in group_members(p) if m.status == Status.REPLIED]
    if not members or not _cohandlers_done(p):
        return
    leads = list(p.assignments.filter(role=Assignment.Role.LEAD).exclude(status=AssignmentStatus.CANCELLED))
    for a in leads:
        if a.status != AssignmentStatus.REPLIED:
            return
        current = a.replies.filter(round=a.round).first()
        if current is None:
            return
        need = set(current.recipients.values_list("deputy_id", flat=True))
        rated = list(current.evaluations.all())
        if need - {e.deputy_id for e in rated}:
            return
        if any(Satisfaction.DISSATISFIED in (e.attitude, e.result) for e in rated):
            return
    _close(p, members, actor, "代表评价满意或基本满意，办结", at)


@transaction.atomic
def proposal_close_after_window(
    *, proposal: Proposal, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Proposal:
    """Staff close a replied proposal once its deputies' evaluation window (S16, 15 working days) has
    passed or they have all rated, with no 不满意: deputies who did not rate are recorded as not having
    rated (未评价) in the event note. In a merged group (S10) only the members whose own window passed
    or whose deputies all rated are closed; the others stay open (defect 3).

    Raises:
        PermissionDeniedError; InvalidTransition (not replied, a lead without reply);
        RuleViolation S8 (a co-handler has not sent its opinion, defect 1), S16 (window still open).
    """
    asked = lock_proposal(proposal, expected_version)
    permissions.require(permissions.can_close(actor, asked))
    PROPOSAL.check(asked.status, Status.CLOSED)
    h = lock_proposal(handling_proposal(asked))
    if not _cohandlers_done(h):
        raise RuleViolation("会办单位尚未签收或未提出会办意见，不能办结", extra={"rule": "S8"})
    today = day(at)
    currents = []
    for a in h.assignments.filter(role=Assignment.Role.LEAD).exclude(status=AssignmentStatus.CANCELLED):
        current = a.replies.filter(round=a.round).first()
        if current is None:
            raise InvalidTransition("尚有主办单位未答复")
        currents.append(current)
    closable, missing = [], []
    for member in group_members(h):
        if member.status != Status.REPLIED:
            continue
        ok, absent = True, []
        for current in currents:
            rated = set(current.evaluations.values_list("deputy_id", flat=True))
            own = [r for r in current.recipients.select_related("deputy") if r.proposal_id == member.pk]
            absent += [r.deputy.name for r in own if r.deputy_id not in rated]
            if today <= current.evaluation_due and any(r.deputy_id not in rated for r in own):
                ok = False
        if ok:
            closable.append(member)
            missing += absent
    if asked.pk not in {m.pk for m in closable}:
        due = min(c.evaluation_due for c in currents) if currents else today
        raise RuleViolation(f"评价期限（{due}）未到，不能办结", extra={"rule": "S16"})
    note = "评价期限已过，办结" + (f"（未评价：{'、'.join(dict.fromkeys(missing))}）" if missing else "")
    _close(h, closable, actor, note, at)
    asked.refresh_from_db()
    return asked


@transaction.atomic
def commitment_deliver(
    *, commitment: Commitment, actor: User, delivered_on: date, note: str = "", at: datetime | None = None
) -> Commitment:
    """The unit reports a promised item delivered (S19).

    Raises:
        PermissionDeniedError, InvalidTransition (already delivered).
    """
    c = Commitment.objects.select_for_update().select_related("reply__assignment__proposal").get(pk=commitment.pk)
    permissions.require(permissions.can_report_commitment(actor, c.reply.assignment), permissions.UNIT_ONLY)
    if c.delivered_on:
        raise InvalidTransition("该承诺已标记完成")
    c.delivered_on = delivered_on
    c.save(update_fields=["delivered_on", "updated_at"])
    events.commitment_delivered(c.reply.assignment, actor=actor, note=f"{c.what}：{note}", at=at)
    return c


@transaction.atomic
def commitment_report(
    *, commitment: Commitment, actor: User, reported_on: date, at: datetime | None = None
) -> Commitment:
    """The unit tells the deputy a promise is delivered; this closes the ledger line (S19).

    Raises:
        PermissionDeniedError, RuleViolation (S19: not delivered yet), InvalidTransition.
    """
    c = Commitment.objects.select_for_update().select_related("reply__assignment__proposal").get(pk=commitment.pk)
    permissions.require(permissions.can_report_commitment(actor, c.reply.assignment), permissions.UNIT_ONLY)
    if not c.delivered_on:
        raise RuleViolation("承诺事项完成后才能告知代表办结", extra={"rule": "S19"})
    if c.reported_to_deputy_on:
        raise InvalidTransition("已告知代表")
    c.reported_to_deputy_on = reported_on
    c.save(update_fields=["reported_to_deputy_on", "updated_at"])
    p = c.reply.assignment.proposal
    events.commitment_reported(c.reply.assignment, actor=actor, note=c.what, at=at)
    send(notices.commitment_reported(c.reply, c.what, p))
    return c
