"""Writes of the proposals domain: one keyword-only service per action (DESIGN.md house style 1, 4).

Every transition locks the proposal row (then the assignment row) with ``select_for_update``,
checks the version the actor saw (``expected_version``: a mismatch raises ConcurrentModification
"已被他人修改"), checks the transition and the actor's right, saves with ``update_fields``, writes a
:class:`~renda.proposals.models.ProposalEvent` and schedules notifications with
``transaction.on_commit``. A refused action raises before writing anything.

Dates: ``at`` (a timezone-aware datetime, default now) lets staff back-date paper records and the
demo build history; working-day and month arithmetic comes from :mod:`renda.core.workdays`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from renda.core import workdays
from renda.core.exceptions import (
    ConcurrentModification,
    InvalidTransition,
    NotFoundOrForbidden,
    PermissionDeniedError,
    RuleViolation,
)
from renda.core.notifications import notify
from renda.organization.models import Body, Congress, Deputy, HandlingUnit, Membership, Official, Session, User
from renda.proposals import conf, workflow
from renda.proposals.models import (
    Assignment,
    Attachment,
    Commitment,
    Consultation,
    CoSigner,
    Evaluation,
    KeySupervision,
    Kind,
    MergeGroup,
    NumberCounter,
    Proposal,
    ProposalEvent,
    Reply,
    ReplyRecipient,
    Satisfaction,
    UrgeNotice,
)
from renda.proposals.workflow import AssignmentStatus, Status

STALE = "该记录已被他人修改，请刷新页面后重试"
F = TypeVar("F", bound=Callable[..., Any])

#: S22: kinds of items not accepted as suggestions.
NOT_A_SUGGESTION = {
    "personal": "涉及个人或家庭私事",
    "court_case": "涉及具体司法案件",
    "forwarded_letter": "转交来信",
    "promotion": "宣传推销产品",
    "no_content": "没有实际内容",
}


# ---------------------------------------------------------------- helpers


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _day(at: datetime | None) -> date:
    return timezone.localdate(_now(at))


def _lock_proposal(proposal: Proposal, expected_version: int | None) -> Proposal:
    try:
        fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
    except Proposal.DoesNotExist as exc:
        raise NotFoundOrForbidden("记录不存在") from exc
    if expected_version is not None and fresh.version != expected_version:
        raise ConcurrentModification(STALE, extra={"version": fresh.version})
    return fresh


def _lock_assignment(assignment: Assignment, expected_version: int | None) -> tuple[Proposal, Assignment]:
    proposal = _lock_proposal(assignment.proposal, None)
    fresh = Assignment.objects.select_for_update().select_related("unit").get(pk=assignment.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ConcurrentModification(STALE, extra={"version": fresh.version})
    return proposal, fresh


#: The back-dating clock of the service call in progress (``at=``), used to date its event rows.
_CLOCK: ContextVar[datetime | None] = ContextVar("proposals_clock", default=None)


def _clocked(fn: F) -> F:
    """Run the service with its ``at`` keyword as the clock for the events it writes."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("at") is None:
            return fn(*args, **kwargs)
        token = _CLOCK.set(kwargs["at"])
        try:
            return fn(*args, **kwargs)
        finally:
            _CLOCK.reset(token)

    return wrapper  # type: ignore[return-value]


@contextmanager
def backdated(at: datetime) -> Iterator[None]:
    """Date the event rows written inside the block at ``at`` (entering paper records, the demo)."""
    token = _CLOCK.set(at)
    try:
        yield
    finally:
        _CLOCK.reset(token)


def _event(**fields: Any) -> ProposalEvent:
    """Write one event row; dated by the service's ``at`` when it back-dates (paper records, demo)."""
    clock = _CLOCK.get()
    if clock is not None:
        fields.setdefault("at", clock)
    return ProposalEvent.objects.create(**fields)


def _save(obj: Any, fields: Iterable[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])


def _move(proposal: Proposal, target: str, *, actor: User | None, action: str, note: str = "", fields=()) -> None:
    """Change a proposal's status (checked), save, and log it."""
    old = proposal.status
    workflow.check(old, target)
    proposal.status = target
    _save(proposal, ["status", *fields])
    _event(proposal=proposal, actor=actor, action=action, from_status=old, to_status=target, note=note)


def _move_assignment(
    assignment: Assignment, target: str, *, actor: User | None, action: str, note: str = "", fields=()
) -> None:
    old = assignment.status
    workflow.check_assignment(old, target)
    assignment.status = target
    _save(assignment, ["status", *fields])
    _event(
        proposal_id=assignment.proposal_id,
        assignment=assignment,
        actor=actor,
        action=action,
        from_status=old,
        to_status=target,
        note=note,
    )


def _log(proposal: Proposal, actor: User | None, action: str, note: str = "", assignment=None) -> None:
    _event(
        proposal=proposal,
        assignment=assignment,
        actor=actor,
        action=action,
        from_status=proposal.status,
        to_status=proposal.status,
        note=note,
    )


def _require_staff(actor: User) -> None:
    if actor.role != User.Role.STAFF:
        raise PermissionDeniedError("只有常委会工作机构可以进行此项操作")


def _require_unit(actor: User, assignment: Assignment) -> None:
    if actor.role != User.Role.UNIT_OFFICER or actor.handling_unit_id != assignment.unit_id:
        raise PermissionDeniedError("只有本件的承办单位可以进行此项操作")


def link_for(proposal: Proposal | int) -> str:
    """The page URL of a proposal (for notifications)."""
    pk = proposal if isinstance(proposal, int) else proposal.pk
    return reverse("proposals:detail", args=[pk])


def _deputy_users(deputy_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(deputy_id__in=list(deputy_ids), is_active=True))


def _unit_users(unit_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(handling_unit_id__in=list(unit_ids), role=User.Role.UNIT_OFFICER, is_active=True))


def _staff_users(congress_id: int) -> list[User]:
    return list(User.objects.filter(role=User.Role.STAFF, congress_id=congress_id, is_active=True))


def _later(fn: Any) -> None:
    transaction.on_commit(fn)


def _notify_later(users_fn: Any, text: str, link: str) -> None:
    _later(lambda: notify(users=users_fn(), text=text, link=link))


def proposal_deputies(proposal: Proposal) -> list[int]:
    """Deputy ids who sign ``proposal``: the lead deputy and every confirmed co-signer (S11)."""
    ids = [proposal.lead_deputy_id] if proposal.lead_deputy_id else []
    ids += list(
        proposal.cosigners.filter(status=CoSigner.State.CONFIRMED).values_list("deputy_id", flat=True).order_by("id")
    )
    return list(dict.fromkeys(ids))


def group_members(proposal: Proposal) -> list[Proposal]:
    """``proposal`` and, if it is the primary of a live merge group, the other members (S10)."""
    if proposal.merge_group_id and proposal.merge_group and proposal.merge_group.dissolved_at is None:
        return list(Proposal.objects.filter(merge_group_id=proposal.merge_group_id).order_by("id"))
    return [proposal]


def session_at(congress: Congress, day: date) -> Session | None:
    """The session of ``congress`` in progress on ``day`` (S1), or ``None`` between sessions."""
    return (
        Session.objects.filter(term__congress=congress, opening_date__lte=day, closing_date__gte=day)
        .select_related("term")
        .first()
    )


# ---------------------------------------------------------------- intake


TITLE_MAX = 200
BODY_MAX = 20_000


def check_text(*, title: str, body: str) -> None:
    """Length limits of a bill or suggestion (S1): title 1–200 characters, body 1–20,000 characters."""
    if not title.strip() or len(title.strip()) > TITLE_MAX:
        raise RuleViolation(f"标题须为1至{TITLE_MAX}个字", extra={"rule": "S1"})
    if not body.strip() or len(body.strip()) > BODY_MAX:
        raise RuleViolation(f"内容须为1至{BODY_MAX}个字", extra={"rule": "S1"})


@_clocked
@transaction.atomic
def proposal_create(
    *,
    actor: User,
    title: str,
    body: str,
    topic: str = "",
    kind: str = Kind.SUGGESTION,
    lead_deputy: Deputy | None = None,
    cosigners: Sequence[Deputy] = (),
    submitter_type: str = Proposal.Submitter.DEPUTIES,
    delegation: Any = None,
    institution: str = "",
    congress: Congress | None = None,
    attachments: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> Proposal:
    """Draft a bill or suggestion (status 草稿). ``attachments`` are checked (``check_attachment``) before
    anything is written: one bad file refuses the whole draft. A deputy drafts their own; staff may enter a paper
    submission on a deputy's behalf, or an institution's or delegation's bill (B1, B2).
    Co-signers are invited and must confirm (联名). Returns the draft."""
    if actor.role == User.Role.DEPUTY:
        lead_deputy = actor.deputy
        if submitter_type == Proposal.Submitter.INSTITUTION:
            raise PermissionDeniedError("代表不能以机关名义提出议案")
    elif actor.role != User.Role.STAFF:
        raise PermissionDeniedError("只有代表或常委会工作人员可以录入议案、建议")
    check_text(title=title, body=body)
    for f in attachments:
        check_attachment(f)
    if submitter_type == Proposal.Submitter.DEPUTIES and lead_deputy is None:
        raise RuleViolation("请指定领衔代表", extra={"rule": "S1"})
    if submitter_type == Proposal.Submitter.INSTITUTION and (
        kind != Kind.BILL or institution not in Proposal.Institution.values
    ):
        raise RuleViolation(
            "只有主席团、常务委员会、专门委员会、市人民政府、法院、检察院可以提出议案", extra={"rule": "B1"}
        )
    if submitter_type == Proposal.Submitter.DELEGATION and (kind != Kind.BILL or delegation is None):
        raise RuleViolation("代表团名义只能提出议案，且须指定代表团", extra={"rule": "B2"})
    congress = congress or actor.congress or (lead_deputy.term.congress if lead_deputy else None)
    if congress is None:
        raise RuleViolation("无法确定所属人民代表大会")
    proposal = Proposal.objects.create(
        congress=congress,
        kind=kind,
        submitted_as=kind,
        title=title.strip(),
        body=body.strip(),
        topic=topic,
        lead_deputy=lead_deputy,
        submitter_type=submitter_type,
        delegation=delegation,
        institution=institution,
        entered_by=actor,
    )
    others = [d for d in cosigners if d.pk != (lead_deputy.pk if lead_deputy else None)]
    CoSigner.objects.bulk_create([CoSigner(proposal=proposal, deputy=d) for d in dict.fromkeys(others)])
    for f in attachments:
        Attachment.objects.create(proposal=proposal, file=f, name=f.name or "")
    _event(proposal=proposal, actor=actor, action="create", to_status=Status.DRAFT)
    if others:
        _notify_later(
            lambda: _deputy_users(d.pk for d in others),
            f"{lead_deputy.name if lead_deputy else ''}代表邀请您联名：{proposal.title}",
            link_for(proposal),
        )
    return proposal


@_clocked
@transaction.atomic
def cosigner_respond(*, proposal: Proposal, actor: User, accept: bool, at: datetime | None = None) -> CoSigner:
    """An invited deputy confirms or declines co-signing (联名). Only while the item is a draft or
    just submitted (before registration)."""
    fresh = _lock_proposal(proposal, None)
    if fresh.status not in (Status.DRAFT, Status.SUBMITTED):
        raise InvalidTransition("已登记的议案、建议不能再变更联名")
    row = CoSigner.objects.filter(proposal=fresh, deputy_id=actor.deputy_id or 0).first()
    if row is None:
        raise NotFoundOrForbidden("您未被邀请联名此件")
    if row.status != CoSigner.State.INVITED:
        raise InvalidTransition("您已答复过该联名邀请")
    row.status = CoSigner.State.CONFIRMED if accept else CoSigner.State.DECLINED
    row.responded_at = _now(at)
    row.save(update_fields=["status", "responded_at", "updated_at"])
    _log(fresh, actor, "cosign_confirm" if accept else "cosign_decline", actor.deputy.name if actor.deputy else "")
    fresh.version += 1
    fresh.save(update_fields=["version"])
    return row


@_clocked
@transaction.atomic
def proposal_submit(
    *, proposal: Proposal, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Proposal:
    """Submit a draft.

    S1: it must be specific (at least ``MIN_BODY_CHARS`` characters of content); submitted while a
    session is in progress it goes to that session, otherwise to the Standing Committee (no session).
    B2: a deputies' bill needs ≥ 10 deputies (lead + confirmed co-signers) unless a delegation submits.
    B6: a bill after the session's cutoff — or between sessions — is handled as a suggestion.
    Raises RuleViolation (S1, B2), InvalidTransition, PermissionDeniedError.
    """
    p = _lock_proposal(proposal, expected_version)
    if not (actor.role == User.Role.STAFF or (actor.deputy_id and actor.deputy_id == p.lead_deputy_id)):
        raise PermissionDeniedError("只有领衔代表或工作人员可以提交")
    workflow.check(p.status, Status.SUBMITTED)
    if len(p.body) < conf.get("MIN_BODY_CHARS") or not p.title:
        raise RuleViolation("建议内容应当明确具体", extra={"rule": "S1"})
    now = _now(at)
    p.session = session_at(p.congress, timezone.localdate(now))
    note = ""
    if p.kind == Kind.BILL:
        if p.submitter_type == Proposal.Submitter.DEPUTIES:
            n = len(proposal_deputies(p))
            if n < conf.get("BILL_MIN_DEPUTIES"):
                raise RuleViolation(
                    f"代表联名提出议案须有{conf.get('BILL_MIN_DEPUTIES')}名以上代表（现有{n}名已确认）",
                    extra={"rule": "B2"},
                )
        if p.session is None or now > p.session.submission_cutoff:
            p.kind = Kind.SUGGESTION
            p.converted_reason = "议案截止时间后提出，作为建议处理（B6）"
            note = p.converted_reason
    p.submitted_at = now
    _move(
        p,
        Status.SUBMITTED,
        actor=actor,
        action="submit",
        note=note,
        fields=["session", "kind", "converted_reason", "submitted_at"],
    )
    _notify_later(lambda: _staff_users(p.congress_id), f"收到新的{p.get_kind_display()}：{p.title}", link_for(p))
    return p


def _series(p: Proposal, day: date) -> tuple[str, str]:
    kind = "议案" if p.kind == Kind.BILL else "建议"
    if p.session_id:
        s = p.session
        assert s is not None
        return f"{s.term_id}:{s.ordinal}:{p.kind}", f"第{s.term.ordinal}届{s.ordinal}次会议 {kind}"
    return f"between:{day.year}:{p.kind}", f"{day.year}年闭会期间 {kind}"


def _assign_number(p: Proposal, day: date) -> None:
    key, label = _series(p, day)
    try:
        with transaction.atomic():  # two first registrations in a series at once: one creates, one reuses
            NumberCounter.objects.get_or_create(congress_id=p.congress_id, series=key)
    except IntegrityError:
        pass
    counter = NumberCounter.objects.select_for_update().get(congress_id=p.congress_id, series=key)
    counter.last += 1
    counter.save(update_fields=["last"])
    p.serial = counter.last
    p.number = f"{label}第{counter.last:04d}号"


def _assign_due(p: Proposal, day: date) -> workdays.Deadline:
    """S13: session suggestions within 1 month after the session closes; between sessions within 7
    working days of receipt."""
    if p.session_id:
        assert p.session is not None
        return workdays.month_deadline(p.session.closing_date, conf.get("SESSION_ASSIGN_MONTHS"), rule="S13")
    return workdays.working_day_deadline(day, conf.get("BETWEEN_SESSIONS_ASSIGN_WORKING_DAYS"), rule="S13")


@_clocked
@transaction.atomic
def proposal_register(
    *, proposal: Proposal, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Proposal:
    """Staff register a submitted item and give it its number, per session and kind (第16届3次会议
    建议第0001号), or in the between-sessions series of the year; for suggestions the S13 assignment
    date is stored."""
    _require_staff(actor)
    p = _lock_proposal(proposal, expected_version)
    workflow.check(p.status, Status.REGISTERED)
    day = _day(at)
    _assign_number(p, day)
    p.registered_at = _now(at)
    if p.kind == Kind.SUGGESTION:
        due = _assign_due(p, day)
        p.assign_due, p.assign_due_provisional = due.date, due.provisional
    _move(
        p,
        Status.REGISTERED,
        actor=actor,
        action="register",
        note=p.number,
        fields=["number", "serial", "registered_at", "assign_due", "assign_due_provisional"],
    )
    _notify_later(
        lambda: _deputy_users(proposal_deputies(p)), f"您的{p.get_kind_display()}已登记：{p.number}", link_for(p)
    )
    return p


@transaction.atomic
def proposal_return(
    *, proposal: Proposal, actor: User, category: str, reason: str, expected_version: int | None = None
) -> Proposal:
    """S22 screening: staff return an item that is not a suggestion (personal/family matter, a court
    case, a forwarded letter, product promotion, no real content), with a reason."""
    _require_staff(actor)
    if category not in NOT_A_SUGGESTION or not reason.strip():
        raise RuleViolation("退回须写明不予立案的类别和理由", extra={"rule": "S22"})
    p = _lock_proposal(proposal, expected_version)
    workflow.check(p.status, Status.RETURNED)
    p.returned_reason = f"{NOT_A_SUGGESTION[category]}：{reason.strip()}"
    _move(p, Status.RETURNED, actor=actor, action="return", note=p.returned_reason, fields=["returned_reason"])
    _notify_later(lambda: _deputy_users(proposal_deputies(p)), f"您的建议不予立案：{p.title}", link_for(p))
    return p


@transaction.atomic
def cosigner_agree_withdraw(*, proposal: Proposal, actor: User) -> None:
    """A confirmed co-signer agrees to withdraw a joint suggestion (S23)."""
    fresh = _lock_proposal(proposal, None)
    n = CoSigner.objects.filter(proposal=fresh, deputy_id=actor.deputy_id or 0, status=CoSigner.State.CONFIRMED).update(
        agreed_to_withdraw=True
    )
    if not n:
        raise NotFoundOrForbidden("您不是此件的联名代表")
    _log(fresh, actor, "agree_withdraw")


@transaction.atomic
def proposal_withdraw(
    *,
    proposal: Proposal,
    actor: User,
    presidium_consent: bool = False,
    reason: str = "",
    expected_version: int | None = None,
) -> Proposal:
    """Withdraw a suggestion before it is assigned; a joint one only if every confirmed co-signer
    agreed (S23). Withdraw a bill before the vote with the Presidium's consent (B4), recorded by staff."""
    p = _lock_proposal(proposal, expected_version)
    is_lead = bool(actor.deputy_id and actor.deputy_id == p.lead_deputy_id)
    if not (is_lead or actor.role == User.Role.STAFF):
        raise PermissionDeniedError("只有领衔代表或工作人员可以撤回")
    if p.kind == Kind.BILL and p.status not in (Status.DRAFT, Status.SUBMITTED):
        if not presidium_consent:
            raise RuleViolation("议案在表决前撤回须经主席团同意", extra={"rule": "B4"})
        if actor.role != User.Role.STAFF:
            raise PermissionDeniedError("主席团同意撤回议案由工作人员登记")
    if p.kind == Kind.SUGGESTION:
        if p.status not in (Status.DRAFT, Status.SUBMITTED, Status.REGISTERED):
            raise RuleViolation("建议交办后不能撤回", extra={"rule": "S23"})
        pending = p.cosigners.filter(status=CoSigner.State.CONFIRMED, agreed_to_withdraw=False)
        if p.status != Status.DRAFT and pending.exists():
            raise RuleViolation("联名建议撤回须经全体联名代表同意", extra={"rule": "S23"})
    _move(p, Status.WITHDRAWN, actor=actor, action="withdraw", note=reason)
    return p


# ---------------------------------------------------------------- bills (B3–B5)


@transaction.atomic
def bill_recommend(
    *, proposal: Proposal, actor: User, decision: str, opinion: str, expected_version: int | None = None
) -> Proposal:
    """The Bill Review Committee's recommendation (B3), recorded by staff: list on the agenda, refer
    to a committee, or handle as a suggestion (outside the congress's powers, B5)."""
    _require_staff(actor)
    p = _lock_proposal(proposal, expected_version)
    if p.kind != Kind.BILL:
        raise InvalidTransition("只有议案需要审查委员会提出意见")
    if decision not in Proposal.Decision.values or not opinion.strip():
        raise RuleViolation("须写明议案审查委员会的意见", extra={"rule": "B3"})
    p.recommended_decision, p.review_opinion = decision, opinion.strip()
    _move(
        p,
        Status.RECOMMENDED,
        actor=actor,
        action="bill_recommend",
        note=opinion,
        fields=["recommended_decision", "review_opinion"],
    )
    return p


@_clocked
@transaction.atomic
def bill_decide(
    *,
    proposal: Proposal,
    actor: User,
    decision: str,
    committee: Body | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """The Presidium decides on a bill after the committee's recommendation (B3): list it on the
    agenda, refer it to a committee (report due 3 months after the session closes, B5), or handle it
    as a suggestion (B5): it is renumbered in the suggestion series and follows the suggestion clock."""
    _require_staff(actor)
    p = _lock_proposal(proposal, expected_version)
    if p.kind != Kind.BILL:
        raise InvalidTransition("只有议案由主席团决定")
    if decision == Proposal.Decision.AGENDA:
        p.decision = decision
        _move(
            p, Status.ON_AGENDA, actor=actor, action="bill_decide", note="主席团决定列入会议议程", fields=["decision"]
        )
    elif decision == Proposal.Decision.REFER:
        if committee is None or committee.kind != Body.Kind.SPECIAL_COMMITTEE:
            raise RuleViolation("须指定审议的专门委员会", extra={"rule": "B3"})
        assert p.session is not None
        p.decision, p.referred_to = decision, committee
        p.report_due = workdays.month_deadline(p.session.closing_date, conf.get("BILL_REPORT_MONTHS"), rule="B5").date
        _move(
            p,
            Status.REFERRED,
            actor=actor,
            action="bill_decide",
            note=f"交{committee.name}审议",
            fields=["decision", "referred_to", "report_due"],
        )
    elif decision == Proposal.Decision.AS_SUGGESTION:
        workflow.check(p.status, Status.REGISTERED)
        p.decision, p.kind = decision, Kind.SUGGESTION
        p.converted_reason = "主席团决定作为建议处理（B5）"
        day = _day(at)
        _assign_number(p, day)
        due = _assign_due(p, day)
        p.assign_due, p.assign_due_provisional = due.date, due.provisional
        _move(
            p,
            Status.REGISTERED,
            actor=actor,
            action="bill_to_suggestion",
            note=p.converted_reason,
            fields=["decision", "kind", "converted_reason", "number", "serial", "assign_due", "assign_due_provisional"],
        )
    else:
        raise RuleViolation("未知的决定", extra={"rule": "B3"})
    return p


@_clocked
@transaction.atomic
def bill_conclude(
    *, proposal: Proposal, actor: User, report: str, at: datetime | None = None, expected_version: int | None = None
) -> Proposal:
    """End a bill's review: the result of the session's deliberation (on the agenda) or the committee's
    report on a referred bill (B5: reported within 3 months of the session's close; a late report is
    logged as such). The report text is required and kept in the event row."""
    _require_staff(actor)
    p = _lock_proposal(proposal, expected_version)
    if p.kind != Kind.BILL:
        raise InvalidTransition("只有议案需要报告审议结果")
    if not report.strip():
        raise RuleViolation("须写明审议结果或审议结果报告", extra={"rule": "B5"})
    late = p.report_due is not None and _day(at) > p.report_due
    p.closed_at = _now(at)
    _move(
        p,
        Status.CLOSED,
        actor=actor,
        action="bill_conclude",
        note=report.strip() + ("（逾期报告，B5）" if late else ""),
        fields=["closed_at"],
    )
    return p


# ---------------------------------------------------------------- key suggestions (S6)


def _leading_official(unit_ids: Iterable[int]) -> Official | None:
    return Official.objects.filter(portfolio__in=list(unit_ids)).order_by("id").first()


def _urging_unit(congress_id: int) -> HandlingUnit | None:
    return HandlingUnit.objects.filter(congress_id=congress_id, name__contains="政府办公").order_by("id").first()


@transaction.atomic
def suggestion_designate_key(
    *,
    proposal: Proposal,
    actor: User,
    vice_chair: Deputy,
    committee: Body,
    designated_on: date | None = None,
    expected_version: int | None = None,
) -> KeySupervision:
    """Record the Council of Chairpersons' decision that a suggestion is a key suggestion (S6) and its
    五办联动 chain. The vice-chair must be a current vice-chair of the Standing Committee; the
    committee a special committee; the leading vice-mayor is found through ``Official.portfolio`` of the
    lead units (now, or when assigned), and the government office urges."""
    _require_staff(actor)
    p = _lock_proposal(proposal, expected_version)
    if p.kind != Kind.SUGGESTION or p.status not in (Status.REGISTERED, Status.ASSIGNED, Status.REHANDLING):
        raise InvalidTransition("只有已登记或办理中的建议可以确定为重点督办建议")
    if p.is_key:
        raise InvalidTransition("该建议已是重点督办建议")
    council = Body.objects.filter(term__congress_id=p.congress_id, kind=Body.Kind.COUNCIL_OF_CHAIRPERSONS).first()
    if council is None:
        raise RuleViolation("未设立主任会议，无法确定重点督办建议", extra={"rule": "S6"})
    if not Membership.objects.filter(
        deputy=vice_chair,
        role=Membership.Role.VICE_CHAIR,
        ended_on__isnull=True,
        body__kind=Body.Kind.STANDING_COMMITTEE,
    ).exists():
        raise RuleViolation("督办领导须为常委会副主任", extra={"rule": "S6"})
    if committee.kind != Body.Kind.SPECIAL_COMMITTEE:
        raise RuleViolation("督办委员会须为专门委员会", extra={"rule": "S6"})
    lead_units = p.assignments.filter(role=Assignment.Role.LEAD).exclude(status=AssignmentStatus.CANCELLED)
    chain = KeySupervision.objects.create(
        proposal=p,
        designated_by=council,
        designated_on=designated_on or _day(None),
        vice_chair=vice_chair,
        committee=committee,
        leading_official=_leading_official(lead_units.values_list("unit_id", flat=True)),
        urging_unit=_urging_unit(p.congress_id),
    )
    p.is_key = True
    _save(p, ["is_key"])
    _log(p, actor, "designate_key", f"主任会议确定为重点督办建议，{vice_chair.name}副主任督办")
    _notify_later(lambda: _deputy_users([vice_chair.pk]), f"请督办重点建议：{p.title}", link_for(p))
    return chain


# ---------------------------------------------------------------- assignment (S2, S3, S8, S9, S13)


def _reply_deadline(p: Proposal, day: date) -> workdays.Deadline:
    months = conf.get("REPLY_MONTHS_COMPLEX") if p.is_complex else conf.get("REPLY_MONTHS")
    return workdays.month_deadline(day, months, rule="S3")


def _new_assignment(p: Proposal, unit: HandlingUnit, role: str, actor: User, day: date) -> Assignment:
    if role == Assignment.Role.LEAD:
        due = _reply_deadline(p, day)
    else:
        due = workdays.month_deadline(day, conf.get("COHANDLER_OPINION_MONTHS"), rule="S8")
    a = Assignment.objects.create(
        proposal=p,
        unit=unit,
        role=role,
        assigned_on=day,
        assigned_by=actor,
        due_date=due.date,
        due_provisional=due.provisional,
        due_rule=due.rule,
    )
    _event(
        proposal=p,
        assignment=a,
        actor=actor,
        action="assign",
        to_status=a.status,
        note=f"{unit.name}（{a.get_role_display()}），期限{due}",
    )
    return a


@_clocked
@transaction.atomic
def suggestion_assign(
    *,
    proposal: Proposal,
    actor: User,
    leads: Sequence[HandlingUnit],
    cohandlers: Sequence[HandlingUnit] = (),
    is_complex: bool | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> list[Assignment]:
    """Assign (交办) a registered suggestion: only the Standing Committee's office assigns (S2); one
    or more lead units, each replying for its part (S9); co-handlers give opinions within 1 month
    (S8); reply due 3 months after assignment, 6 if ``is_complex`` (S3). Members of a merge group
    follow their primary (S10). Returns the new assignments."""
    _require_staff(actor)
    p = _lock_proposal(proposal, expected_version)
    if p.kind != Kind.SUGGESTION:
        raise InvalidTransition("议案不交办；须先由主席团决定作为建议处理")
    if p.merge_group_id and p.merge_group and p.merge_group.dissolved_at is None and p.merge_group.primary_id != p.pk:
        raise RuleViolation("并案建议随主件一并交办", extra={"rule": "S10"})
    workflow.check(p.status, Status.ASSIGNED)
    if not leads:
        raise RuleViolation("至少指定一个主办单位", extra={"rule": "S9"})
    lead_ids = {u.pk for u in leads}
    if lead_ids & {u.pk for u in cohandlers}:
        raise RuleViolation("同一单位不能既主办又会办", extra={"rule": "S8"})
    day = _day(at)
    if is_complex is not None:
        p.is_complex = is_complex
    made = [_new_assignment(p, u, Assignment.Role.LEAD, actor, day) for u in dict.fromkeys(leads)]
    made += [_new_assignment(p, u, Assignment.Role.CO, actor, day) for u in dict.fromkeys(cohandlers)]
    note = "交办" + ("（逾期交办，S13）" if p.assign_due and day > p.assign_due else "")
    _move(p, Status.ASSIGNED, actor=actor, action="assign", note=note, fields=["is_complex"])
    for member in group_members(p):
        if member.pk != p.pk:
            _move(member, Status.ASSIGNED, actor=actor, action="assign", note=f"随并案主件{p.number}交办")
    if p.is_key and hasattr(p, "key_supervision") and p.key_supervision.leading_official_id is None:
        ks = p.key_supervision
        ks.leading_official = _leading_official(lead_ids)
        ks.save(update_fields=["leading_official"])
    unit_ids = [a.unit_id for a in made]
    _notify_later(lambda: _unit_users(unit_ids), f"新交办建议：{p.number} {p.title}", link_for(p))
    _notify_later(lambda: _deputy_users(proposal_deputies(p)), f"您的建议已交办：{p.number}", link_for(p))
    return made


@dataclass
class BulkResult:
    """Outcome of a bulk action: the proposals done and, per refused one, the reason."""

    done: list[Proposal]
    refused: list[tuple[Proposal, str]]


def suggestion_assign_bulk(
    *,
    proposals: Sequence[Proposal],
    actor: User,
    leads: Sequence[HandlingUnit],
    cohandlers: Sequence[HandlingUnit] = (),
    at: datetime | None = None,
) -> BulkResult:
    """Assign many suggestions to the same units at once; each one in its own transaction so that
    one refusal (already assigned, say) does not undo the others."""
    result = BulkResult([], [])
    for p in proposals:
        try:
            suggestion_assign(proposal=p, actor=actor, leads=leads, cohandlers=cohandlers, at=at)
            result.done.append(p)
        except (InvalidTransition, RuleViolation, PermissionDeniedError, ConcurrentModification) as exc:
            result.refused.append((p, exc.message))
    return result


# ---------------------------------------------------------------- handling by units


@_clocked
@transaction.atomic
def assignment_receive(
    *, assignment: Assignment, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Assignment:
    """The unit signs for receipt; the S12 window for a reassignment request (7 working days from
    receipt, receipt day not counted, D2) is computed and stored."""
    _p, a = _lock_assignment(assignment, expected_version)
    _require_unit(actor, a)
    day = _day(at)
    window = workdays.working_day_deadline(day, conf.get("REASSIGN_WINDOW_WORKING_DAYS"), rule="S12")
    a.received_on, a.reassign_until, a.reassign_until_provisional = day, window.date, window.provisional
    _move_assignment(
        a,
        AssignmentStatus.RECEIVED,
        actor=actor,
        action="receive",
        fields=["received_on", "reassign_until", "reassign_until_provisional"],
    )
    return a


@_clocked
@transaction.atomic
def assignment_request_reassign(
    *, assignment: Assignment, actor: User, reason: str, at: datetime | None = None, expected_version: int | None = None
) -> Assignment:
    """A unit asks the assigning office to reassign, with reasons, within 7 working days of receipt
    (S12). After the window: RuleViolation S12 (no adjustment)."""
    p, a = _lock_assignment(assignment, expected_version)
    _require_unit(actor, a)
    if not reason.strip():
        raise RuleViolation("申请调整须说明理由", extra={"rule": "S12"})
    if a.reassign_until is None or _day(at) > a.reassign_until:
        raise RuleViolation("已超过签收后7个工作日的申请调整期限，不再调整", extra={"rule": "S12"})
    a.reassign_reason = reason.strip()
    _move_assignment(
        a,
        AssignmentStatus.REASSIGN_REQUESTED,
        actor=actor,
        action="request_reassign",
        note=reason,
        fields=["reassign_reason"],
    )
    _notify_later(lambda: _staff_users(p.congress_id), f"{a.unit.name}申请调整：{p.number}", link_for(p))
    return a


@_clocked
@transaction.atomic
def assignment_decide_reassign(
    *,
    assignment: Assignment,
    actor: User,
    approve: bool,
    new_unit: HandlingUnit | None = None,
    note: str = "",
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Assignment | None:
    """Only the assigning office reassigns (S12): approve (the assignment is cancelled and, if
    ``new_unit`` is given, a new one with fresh deadlines is created) or refuse (handling goes on).
    Returns the new assignment, if any."""
    _require_staff(actor)
    p, a = _lock_assignment(assignment, expected_version)
    if a.status != AssignmentStatus.REASSIGN_REQUESTED:
        raise InvalidTransition("该单位未申请调整")
    if not approve:
        _move_assignment(a, AssignmentStatus.RECEIVED, actor=actor, action="refuse_reassign", note=note)
        _notify_later(lambda: _unit_users([a.unit_id]), f"调整申请未获同意，请继续办理：{p.number}", link_for(p))
        return None
    _move_assignment(a, AssignmentStatus.CANCELLED, actor=actor, action="approve_reassign", note=note)
    if new_unit is None:
        return None
    if p.assignments.filter(unit=new_unit).exclude(status=AssignmentStatus.CANCELLED).exists():
        raise RuleViolation("该单位已承办此件", extra={"rule": "S12"})
    new = _new_assignment(p, new_unit, a.role, actor, _day(at))
    _notify_later(lambda: _unit_users([new_unit.pk]), f"新交办建议（调整）：{p.number}", link_for(p))
    return new


@transaction.atomic
def consultation_record(
    *, assignment: Assignment, actor: User, method: str, held_on: date, deputy_views: str
) -> Consultation:
    """A unit records its contact with the deputy before replying (S4; 面商 for key suggestions, S15).
    ``held_on`` must lie between the assignment date and today (calendar days), else RuleViolation."""
    p, a = _lock_assignment(assignment, None)
    _require_unit(actor, a)
    if a.status not in (AssignmentStatus.RECEIVED, AssignmentStatus.REHANDLING, AssignmentStatus.OPINION_SENT):
        raise InvalidTransition("请先签收")
    if method not in Consultation.Method.values or not deputy_views.strip():
        raise RuleViolation("须记录沟通方式和代表意见", extra={"rule": "S4"})
    today = timezone.localdate(_CLOCK.get() or timezone.now())
    if held_on > today:
        raise RuleViolation(f"沟通日期不能晚于今天（{today:%Y-%m-%d}）", extra={"rule": "S4"})
    if held_on < a.assigned_on:
        raise RuleViolation(f"沟通日期不能早于交办日期（{a.assigned_on:%Y-%m-%d}）", extra={"rule": "S4"})
    c = Consultation.objects.create(
        assignment=a, method=method, held_on=held_on, deputy_views=deputy_views.strip(), recorded_by=actor
    )
    _log(p, actor, "consult", f"{c.get_method_display()}：{deputy_views[:80]}", assignment=a)
    return c


@_clocked
@transaction.atomic
def assignment_send_opinion(
    *, assignment: Assignment, actor: User, text: str, at: datetime | None = None, expected_version: int | None = None
) -> Assignment:
    """A co-handler sends its written opinion to the lead unit(s) (S8); co-handlers never reply to
    the deputy directly."""
    p, a = _lock_assignment(assignment, expected_version)
    _require_unit(actor, a)
    if a.role != Assignment.Role.CO:
        raise RuleViolation("主办单位直接答复代表，不提出会办意见", extra={"rule": "S8"})
    if not text.strip():
        raise RuleViolation("会办意见不能为空", extra={"rule": "S8"})
    a.opinion, a.opinion_sent_at = text.strip(), _now(at)
    _move_assignment(
        a,
        AssignmentStatus.OPINION_SENT,
        actor=actor,
        action="send_opinion",
        note=text[:200],
        fields=["opinion", "opinion_sent_at"],
    )
    lead_units = list(p.assignments.filter(role=Assignment.Role.LEAD).values_list("unit_id", flat=True))
    _notify_later(lambda: _unit_users(lead_units), f"{a.unit.name}已提出会办意见：{p.number}", link_for(p))
    return a


ATTACHMENT_TYPES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")
_MAGIC = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8",),
    ".jpeg": (b"\xff\xd8",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}


def check_file(f: UploadedFile, *, allowed: Sequence[str], type_error: str, size_error: str, rule: str) -> None:
    """The one upload check for proposals: extension in ``allowed``, size ≤ ATTACHMENT_MAX_BYTES (bytes),
    and content whose leading bytes match the extension (a renamed .exe is refused). Reads 8 bytes and
    rewinds. Raises RuleViolation(extra={"rule": rule}) with the given Chinese messages."""
    ext = os.path.splitext(f.name or "")[1].lower()
    if ext not in allowed or ext not in _MAGIC:
        raise RuleViolation(type_error, extra={"rule": rule})
    if (f.size or 0) > conf.get("ATTACHMENT_MAX_BYTES"):
        raise RuleViolation(size_error, extra={"rule": rule})
    head = f.read(8)
    f.seek(0)
    if not any(head.startswith(m) for m in _MAGIC[ext]):
        raise RuleViolation(type_error.rstrip("。") + "（文件内容与扩展名不符）", extra={"rule": rule})


def check_attachment(f: UploadedFile) -> None:
    """A deputy's attachment to a draft: PDF, Word, Excel or image, ≤ 10 MB, content matching the type (S1)."""
    check_file(
        f,
        allowed=ATTACHMENT_TYPES,
        type_error="附件须为PDF、Word、Excel或图片（jpg、png）",
        size_error="附件不能超过10MB",
        rule="S1",
    )


def _check_document(document: UploadedFile | None) -> None:
    """A unit's signed and sealed reply document: PDF or image, ≤ 10 MB, content matching the type (S18)."""
    if document is None:
        raise RuleViolation("须上传经单位负责人签发并加盖公章的答复件", extra={"rule": "S18"})
    check_file(
        document,
        allowed=conf.get("REPLY_DOCUMENT_TYPES"),
        type_error="答复件须为PDF或图片（jpg、png）",
        size_error="答复件不能超过10MB",
        rule="S18",
    )


@dataclass
class CommitmentInput:
    """One promise to record with a B/C reply (S19)."""

    what: str
    due_date: date


@_clocked
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
    the proposal — lead and confirmed co-signers (S11) — and of every merged suggestion (S10);
    evaluation due 15 working days later (S16); published 20 working days later (S21).
    """
    p, a = _lock_assignment(assignment, expected_version)
    _require_unit(actor, a)
    if a.role != Assignment.Role.LEAD:
        raise RuleViolation("会办单位不直接答复代表，请向主办单位提出会办意见", extra={"rule": "S8"})
    workflow.check_assignment(a.status, AssignmentStatus.REPLIED)
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
    if not text.strip():
        raise RuleViolation("答复内容不能为空", extra={"rule": "S8"})
    _check_document(document)
    if reply_class in conf.get("COMMITMENT_CLASSES") and not commitments:
        raise RuleViolation("B类、C类答复须列明承诺事项和完成时间", extra={"rule": "S19"})
    now = _now(at)
    day = timezone.localdate(now)
    ev = workdays.working_day_deadline(day, conf.get("EVALUATION_WORKING_DAYS"), rule="S16")
    pub = workdays.add_working_days(day, conf.get("PUBLISH_DELAY_WORKING_DAYS"))
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
        replied_on=day,
        evaluation_due=ev.date,
        evaluation_due_provisional=ev.provisional,
        publish_on=pub,
    )
    Commitment.objects.bulk_create(
        [Commitment(reply=reply, unit_id=a.unit_id, what=c.what, due_date=c.due_date) for c in commitments]
    )
    deputy_ids: list[int] = []
    recipients = []
    for member in group_members(p):
        for d in proposal_deputies(member):
            if d not in deputy_ids:
                deputy_ids.append(d)
                recipients.append(ReplyRecipient(reply=reply, proposal=member, deputy_id=d, delivered_at=now))
    ReplyRecipient.objects.bulk_create(recipients)
    _move_assignment(a, AssignmentStatus.REPLIED, actor=actor, action="reply", note=f"{reply_class}类答复")
    live_leads = p.assignments.filter(role=Assignment.Role.LEAD).exclude(status=AssignmentStatus.CANCELLED)
    if not live_leads.exclude(status__in=[AssignmentStatus.REPLIED, AssignmentStatus.CLOSED]).exists():
        for member in group_members(p):
            if member.status in workflow.HANDLING:
                _move(member, Status.REPLIED, actor=actor, action="all_replied")
    _notify_later(
        lambda: _deputy_users(deputy_ids), f"{a.unit.name}已答复您的建议，请在{ev}前评价：{p.title}", link_for(p)
    )
    return reply


@transaction.atomic
def extension_request(
    *, assignment: Assignment, actor: User, months: int, reason: str, expected_version: int | None = None
) -> Assignment:
    """A lead unit asks in writing for more time: at most 3 extra months in all (S14)."""
    p, a = _lock_assignment(assignment, expected_version)
    _require_unit(actor, a)
    if a.status not in workflow.ASSIGNMENT_OPEN:
        raise InvalidTransition("已答复或已办结的不能申请延期")
    if a.extension_status == Assignment.Extension.REQUESTED:
        raise InvalidTransition("延期申请正在审批中")
    if months < 1 or a.extension_months + months > conf.get("EXTENSION_MAX_MONTHS") or not reason.strip():
        raise RuleViolation(
            f"延期累计不得超过{conf.get('EXTENSION_MAX_MONTHS')}个月，且须书面说明理由", extra={"rule": "S14"}
        )
    a.extension_status, a.extension_requested_months, a.extension_reason = (
        Assignment.Extension.REQUESTED,
        months,
        reason.strip(),
    )
    _save(a, ["extension_status", "extension_requested_months", "extension_reason"])
    _log(p, actor, "request_extension", f"申请延期{months}个月：{reason}", assignment=a)
    _notify_later(lambda: _staff_users(p.congress_id), f"{a.unit.name}申请延期：{p.number}", link_for(p))
    return a


@transaction.atomic
def extension_decide(
    *, assignment: Assignment, actor: User, approve: bool, expected_version: int | None = None
) -> Assignment:
    """The assigning office approves (deadline moved by the months asked, D1/D3) or refuses an
    extension; the deputy is told (S14)."""
    _require_staff(actor)
    p, a = _lock_assignment(assignment, expected_version)
    if a.extension_status != Assignment.Extension.REQUESTED:
        raise InvalidTransition("没有待审批的延期申请")
    if approve:
        due = workdays.month_deadline(a.due_date, a.extension_requested_months, rule="S14")
        a.due_date, a.due_provisional, a.due_rule = due.date, due.provisional, "S14"
        a.extension_months += a.extension_requested_months
        a.extension_status = Assignment.Extension.APPROVED
        note = f"同意延期{a.extension_requested_months}个月，新期限{due}"
    else:
        a.extension_status = Assignment.Extension.REFUSED
        note = "不同意延期"
    a.extension_requested_months = 0
    _save(
        a,
        [
            "due_date",
            "due_provisional",
            "due_rule",
            "extension_months",
            "extension_status",
            "extension_requested_months",
        ],
    )
    _log(p, actor, "decide_extension", note, assignment=a)
    _notify_later(lambda: _unit_users([a.unit_id]), f"{note}：{p.number}", link_for(p))
    if approve:
        _notify_later(lambda: _deputy_users(proposal_deputies(p)), f"{a.unit.name}{note}：{p.title}", link_for(p))
    return a


# ---------------------------------------------------------------- evaluation (S16, S17)


@_clocked
@transaction.atomic
def evaluation_submit(
    *,
    reply: Reply,
    actor: User,
    attitude: str,
    result: str,
    comment: str = "",
    at: datetime | None = None,
) -> Evaluation:
    """A deputy who received ``reply`` rates attitude and result (S16) within 15 working days of
    delivery. 不满意 on either starts re-handling (S17): the lead unit must reply again within 1
    month, as many rounds as needed. When every recipient rated every current reply and none is
    不满意, the proposal (and its merge group) is closed."""
    reply = Reply.objects.select_related("assignment").get(pk=reply.pk)
    p, a = _lock_assignment(reply.assignment, None)
    if not actor.deputy_id or not reply.recipients.filter(deputy_id=actor.deputy_id).exists():
        raise PermissionDeniedError("只有收到此答复的代表可以评价")
    if a.round != reply.round:
        raise InvalidTransition("该答复已被新一轮答复取代")
    day = _day(at)
    if day > reply.evaluation_due:
        raise RuleViolation(f"已超过评价期限（{reply.evaluation_due}）", extra={"rule": "S16"})
    values = Satisfaction.values
    if attitude not in values or result not in values:
        raise RuleViolation("评价须为满意、基本满意或不满意", extra={"rule": "S16"})
    try:
        with transaction.atomic():
            ev = Evaluation.objects.create(
                reply=reply, deputy_id=actor.deputy_id, attitude=attitude, result=result, comment=comment
            )
    except IntegrityError as exc:
        raise InvalidTransition("您已评价过此答复") from exc
    label = f"态度{Satisfaction(attitude).label}，结果{Satisfaction(result).label}"
    _log(p, actor, "evaluate", label, assignment=a)
    dissatisfied = Satisfaction.DISSATISFIED in (attitude, result)
    if dissatisfied and a.status == AssignmentStatus.REPLIED:
        due = workdays.month_deadline(day, conf.get("REHANDLING_MONTHS"), rule="S17")
        a.round += 1
        a.due_date, a.due_provisional, a.due_rule = due.date, due.provisional, "S17"
        _move_assignment(
            a,
            AssignmentStatus.REHANDLING,
            actor=actor,
            action="rehandle",
            note=f"代表不满意，重新办理，期限{due}",
            fields=["round", "due_date", "due_provisional", "due_rule"],
        )
        for member in group_members(p):
            if member.status == Status.REPLIED:
                _move(member, Status.REHANDLING, actor=actor, action="rehandle")
        _notify_later(
            lambda: _unit_users([a.unit_id]), f"代表不满意，请重新办理（{due}前答复）：{p.number}", link_for(p)
        )
    else:
        _maybe_close(p, actor)
    return ev


def _maybe_close(p: Proposal, actor: User | None) -> None:
    if p.status != Status.REPLIED:
        return
    leads = list(p.assignments.filter(role=Assignment.Role.LEAD).exclude(status=AssignmentStatus.CANCELLED))
    for a in leads:
        if a.status != AssignmentStatus.REPLIED:
            return
        current = a.replies.filter(round=a.round).first()
        if current is None:
            return
        need = set(current.recipients.values_list("deputy_id", flat=True))
        rated = current.evaluations.all()
        if need - {e.deputy_id for e in rated}:
            return
        if any(Satisfaction.DISSATISFIED in (e.attitude, e.result) for e in rated):
            return
    now = timezone.now()
    for a in p.assignments.exclude(status__in=[AssignmentStatus.CANCELLED, AssignmentStatus.CLOSED]):
        if AssignmentStatus.CLOSED in workflow.ASSIGNMENT_TRANSITIONS.get(a.status, set()):
            _move_assignment(a, AssignmentStatus.CLOSED, actor=actor, action="close")
    for member in group_members(p):
        if member.status == Status.REPLIED:
            member.closed_at = now
            _move(
                member,
                Status.CLOSED,
                actor=actor,
                action="close",
                note="代表评价满意或基本满意，办结",
                fields=["closed_at"],
            )


@_clocked
@transaction.atomic
def proposal_close_after_window(
    *, proposal: Proposal, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Proposal:
    """Staff close a replied proposal once every current reply's evaluation window (S16, 15 working
    days) has passed with no 不满意: deputies who did not rate are recorded as not having rated
    (未评价) in the event note. Refused (RuleViolation S16) while a window is still open."""
    _require_staff(actor)
    p = _lock_proposal(proposal, expected_version)
    workflow.check(p.status, Status.CLOSED)
    day = _day(at)
    missing: list[str] = []
    leads = p.assignments.filter(role=Assignment.Role.LEAD).exclude(status=AssignmentStatus.CANCELLED)
    for a in leads:
        current = a.replies.filter(round=a.round).first()
        if current is None:
            raise InvalidTransition("尚有主办单位未答复")
        if day <= current.evaluation_due:
            raise RuleViolation(f"评价期限（{current.evaluation_due}）未到，不能办结", extra={"rule": "S16"})
        rated = set(current.evaluations.values_list("deputy_id", flat=True))
        missing += [r.deputy.name for r in current.recipients.select_related("deputy") if r.deputy_id not in rated]
    now = _now(at)
    for a in p.assignments.exclude(status__in=[AssignmentStatus.CANCELLED, AssignmentStatus.CLOSED]):
        if AssignmentStatus.CLOSED in workflow.ASSIGNMENT_TRANSITIONS.get(a.status, set()):
            _move_assignment(a, AssignmentStatus.CLOSED, actor=actor, action="close")
    note = "评价期限已过，办结" + (f"（未评价：{'、'.join(missing)}）" if missing else "")
    for member in group_members(p):
        if member.status == Status.REPLIED:
            member.closed_at = now
            _move(member, Status.CLOSED, actor=actor, action="close", note=note, fields=["closed_at"])
    p.refresh_from_db()
    return p


# ---------------------------------------------------------------- commitments (S19)


@transaction.atomic
def commitment_deliver(*, commitment: Commitment, actor: User, delivered_on: date, note: str = "") -> Commitment:
    """The unit reports a promised item delivered (S19)."""
    c = Commitment.objects.select_for_update().select_related("reply__assignment__proposal").get(pk=commitment.pk)
    _require_unit(actor, c.reply.assignment)
    if c.delivered_on:
        raise InvalidTransition("该承诺已标记完成")
    c.delivered_on = delivered_on
    c.save(update_fields=["delivered_on", "updated_at"])
    _log(c.reply.assignment.proposal, actor, "commitment_delivered", f"{c.what}：{note}", assignment=c.reply.assignment)
    return c


@transaction.atomic
def commitment_report(*, commitment: Commitment, actor: User, reported_on: date) -> Commitment:
    """The unit tells the deputy a promise is delivered; this closes the ledger line (S19)."""
    c = Commitment.objects.select_for_update().select_related("reply__assignment__proposal").get(pk=commitment.pk)
    _require_unit(actor, c.reply.assignment)
    if not c.delivered_on:
        raise RuleViolation("承诺事项完成后才能告知代表办结", extra={"rule": "S19"})
    if c.reported_to_deputy_on:
        raise InvalidTransition("已告知代表")
    c.reported_to_deputy_on = reported_on
    c.save(update_fields=["reported_to_deputy_on", "updated_at"])
    p = c.reply.assignment.proposal
    _log(p, actor, "commitment_reported", c.what, assignment=c.reply.assignment)
    ids = list(c.reply.recipients.values_list("deputy_id", flat=True))
    _notify_later(lambda: _deputy_users(ids), f"答复承诺事项已落实：{c.what}", link_for(p))
    return c


# ---------------------------------------------------------------- merge (S10)


@transaction.atomic
def proposals_merge(*, primary: Proposal, others: Sequence[Proposal], actor: User, note: str = "") -> MergeGroup:
    """Merge suggestions with the same content (并案, S10) before assignment: the group is handled
    with ``primary``; the originals stay and every deputy still receives the reply and rates it."""
    _require_staff(actor)
    members = [_lock_proposal(x, None) for x in sorted([primary, *others], key=lambda x: x.pk)]
    if len({m.pk for m in members}) < 2:
        raise RuleViolation("并案至少需要两件建议", extra={"rule": "S10"})
    for m in members:
        if m.kind != Kind.SUGGESTION or m.status != Status.REGISTERED or m.merge_group_id:
            raise RuleViolation(
                f"{m.number or m.title}：只有已登记、未交办且未并案的建议可以并案", extra={"rule": "S10"}
            )
    group = MergeGroup.objects.create(congress_id=primary.congress_id, primary_id=primary.pk, note=note)
    for m in members:
        m.merge_group = group
        _save(m, ["merge_group"])
        _log(m, actor, "merge", f"并案，主件{primary.number}")
    return group


@transaction.atomic
def merge_undo(*, group: MergeGroup, actor: User) -> None:
    """Undo a merge (S10) while its suggestions are not yet assigned; logged on every member."""
    _require_staff(actor)
    g = MergeGroup.objects.select_for_update().get(pk=group.pk)
    if g.dissolved_at:
        raise InvalidTransition("该并案已撤销")
    members = list(Proposal.objects.select_for_update().filter(merge_group=g))
    if any(m.status != Status.REGISTERED for m in members):
        raise RuleViolation("已交办的并案不能撤销", extra={"rule": "S10"})
    g.dissolved_at = timezone.now()
    g.save(update_fields=["dissolved_at"])
    for m in members:
        m.merge_group = None
        _save(m, ["merge_group"])
        _log(m, actor, "unmerge", f"撤销并案#{g.pk}")


# ---------------------------------------------------------------- supervision (催办)


@transaction.atomic
def assignment_urge(*, assignment: Assignment, actor: User, note: str = "") -> UrgeNotice:
    """A manual urge notice (催办) by staff or a supervisor to a unit still handling."""
    if actor.role not in (User.Role.STAFF, User.Role.SUPERVISOR):
        raise PermissionDeniedError("只有工作人员或督办领导可以催办")
    p, a = _lock_assignment(assignment, None)
    if a.status not in workflow.ASSIGNMENT_OPEN:
        raise InvalidTransition("该单位已答复或已办结，无需催办")
    u = UrgeNotice.objects.create(
        assignment=a, kind=UrgeNotice.Kind.MANUAL, due_date=a.due_date, sent_by=actor, note=note
    )
    a.last_urged_at = u.sent_at
    a.save(update_fields=["last_urged_at"])
    _log(p, actor, "urge", note or "催办", assignment=a)
    _notify_later(lambda: _unit_users([a.unit_id]), f"催办：{p.number} 请于{a.due_date}前办理。{note}", link_for(p))
    return u


def urge_due(*, today: date | None = None) -> dict[str, int]:
    """Send automatic urge notices (idempotent: at most one per assignment, kind and deadline):
    ``before`` when a deadline is within ``URGE_BEFORE_WORKING_DAYS`` working days, ``overdue`` once
    it has passed. Returns counts per kind. Run daily (``renda proposals urge`` / the task)."""
    today = today or timezone.localdate()
    soon = workdays.add_working_days(today, conf.get("URGE_BEFORE_WORKING_DAYS"))
    counts = {"before": 0, "overdue": 0}
    open_qs = Assignment.objects.filter(status__in=workflow.ASSIGNMENT_OPEN).select_related("proposal")
    batches = [
        (UrgeNotice.Kind.OVERDUE, open_qs.filter(due_date__lt=today)),
        (UrgeNotice.Kind.BEFORE, open_qs.filter(due_date__gte=today, due_date__lte=soon)),
    ]
    for kind, qs in batches:
        done = set(UrgeNotice.objects.filter(kind=kind, assignment__in=qs).values_list("assignment_id", "due_date"))
        fresh = [a for a in qs if (a.pk, a.due_date) not in done]
        with transaction.atomic():
            UrgeNotice.objects.bulk_create(
                [UrgeNotice(assignment=a, kind=kind, due_date=a.due_date) for a in fresh], ignore_conflicts=True
            )
            by_unit: dict[int, list[Assignment]] = {}
            for a in fresh:
                by_unit.setdefault(a.unit_id, []).append(a)
            users = {u: _unit_users([u]) for u in by_unit}
            for unit_id, rows in by_unit.items():
                for a in rows:
                    text = (
                        f"超期催办：{a.proposal.number} 期限{a.due_date}已过，请尽快办理"
                        if kind == UrgeNotice.Kind.OVERDUE
                        else f"到期提醒：{a.proposal.number} 请于{a.due_date}前办理"
                    )
                    notify(users=users[unit_id], text=text, link=link_for(a.proposal_id), email=False)
                    if kind == UrgeNotice.Kind.OVERDUE and a.proposal.is_key:
                        notify(users=_staff_users(a.proposal.congress_id), text=text, link=link_for(a.proposal_id))
        counts[str(kind)] = len(fresh)
    return counts
