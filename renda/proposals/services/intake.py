"""Intake of bills and suggestions: draft, co-sign, submit, register, return, withdraw (S1, S22, S23, B1–B6).

Every status change goes through :func:`renda.core.workflow.transition` with the proposal's or the
co-signer's workflow; permissions come from :mod:`renda.proposals.permissions`; notices from
:mod:`renda.proposals.notices`. ``at`` (aware datetime, default now) back-dates paper records and the
demo's history explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from renda.core import workdays
from renda.core.exceptions import InvalidTransition, NotFoundOrForbidden, PermissionDeniedError, RuleViolation
from renda.core.numbering import next_in_series
from renda.core.uploads import check_upload
from renda.core.workflow import transition
from renda.organization.models import Congress, Deputy, User
from renda.proposals import conf, events, notices, permissions
from renda.proposals.events import Action
from renda.proposals.models import TOPICS, Attachment, CoSigner, Kind, NumberCounter, Proposal
from renda.proposals.selectors import proposal_deputies, session_at
from renda.proposals.services._base import day, lock_proposal, now, send
from renda.proposals.workflow import COSIGNER, PROPOSAL, Status

#: S22: kinds of items not accepted as suggestions.
NOT_A_SUGGESTION = {
    "personal": "涉及个人或家庭私事",
    "court_case": "涉及具体司法案件",
    "forwarded_letter": "转交来信",
    "promotion": "宣传推销产品",
    "no_content": "没有实际内容",
}
TITLE_MAX = 200
BODY_MAX = 20_000
ATTACHMENT_TYPES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")
#: Institutions that may put a bill to the Standing Committee between sessions (V4, G6): the Council of
#: Chairpersons (for the Standing Committee), the city government, a special committee.
BETWEEN_SESSIONS_INSTITUTIONS = {
    Proposal.Institution.STANDING_COMMITTEE,
    Proposal.Institution.GOVERNMENT,
    Proposal.Institution.SPECIAL_COMMITTEE,
}


def check_text(*, title: str, body: str) -> None:
    """Length limits of a bill or suggestion (S1): title 1–200 characters, body 1–20,000 characters.

    Raises:
        RuleViolation: S1.
    """
    if not title.strip() or len(title.strip()) > TITLE_MAX:
        raise RuleViolation(f"标题须为1至{TITLE_MAX}个字", extra={"rule": "S1"})
    if not body.strip() or len(body.strip()) > BODY_MAX:
        raise RuleViolation(f"内容须为1至{BODY_MAX}个字", extra={"rule": "S1"})


def check_choices(*, kind: str, topic: str, submitter_type: str, institution: str) -> None:
    """The coded fields of a bill or suggestion hold one of their values (issue 12 item 8: SQLite
    stored a free-text ``topic`` longer than its column): ``kind`` a :class:`Kind`, ``topic`` '' or
    one of ``TOPICS``, ``submitter_type`` a ``Proposal.Submitter``, ``institution`` '' or a
    ``Proposal.Institution``.

    Raises:
        RuleViolation: code ``invalid_choice``, naming the field and the allowed values (S1; B1 for the
            institution).
    """
    for label, value, allowed, rule in (
        ("类别", kind, list(Kind.values), "S1"),
        ("主题分类", topic, ["", *TOPICS], "S1"),
        ("提出者类型", submitter_type, list(Proposal.Submitter.values), "S1"),
        # the bodies that may submit a bill are B1's (地方组织法 第22条第1款)
        ("提案机关", institution, ["", *Proposal.Institution.values], "B1"),
    ):
        if value not in allowed:
            shown = "、".join(str(v) for v in allowed if v)
            raise RuleViolation(
                f"{label}“{str(value)[:20]}”不存在，可选：{shown}", code="invalid_choice", extra={"rule": rule}
            )


def check_attachment(f: UploadedFile) -> None:
    """A deputy's attachment to a draft: PDF, Word, Excel or image, ≤ 10 MB (``ATTACHMENT_MAX_BYTES``),
    content matching the type (S1; :func:`renda.core.uploads.check_upload`).

    Raises:
        RuleViolation: S1.
    """
    check_upload(
        f,
        allowed=ATTACHMENT_TYPES,
        max_bytes=conf.get("ATTACHMENT_MAX_BYTES"),
        type_error="附件须为PDF、Word、Excel或图片（jpg、png）",
        size_error="附件不能超过10MB",
        name_error="附件文件名无效",
        rule="S1",
    )


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
    create_token: str = "",
) -> Proposal:
    """Draft a bill or suggestion (status 草稿).

    ``create_token`` (the one-time token of the form the draft was written in, ≤ 64 characters): a
    second submission of the same form (a double click on 保存草稿, a resent request) returns the
    draft already made instead of making another (a database constraint on (entered_by, token)).

    ``attachments`` are checked (:func:`check_attachment`) before anything is written: one bad file
    refuses the whole draft. A deputy drafts their own; staff may enter a paper submission on a
    deputy's behalf, or an institution's or delegation's bill (B1, B2). Co-signers are invited and must
    confirm (联名). Returns the draft.

    Raises:
        PermissionDeniedError: neither a deputy nor staff; a deputy naming an institution.
        RuleViolation: S1, B1, B2.
    """
    permissions.require(permissions.can_create(actor), "只有代表或常委会工作人员可以录入议案、建议")
    create_token = create_token.strip()[:64]
    if create_token:
        done = Proposal.objects.filter(entered_by=actor, create_token=create_token).first()
        if done is not None:
            return done
    if actor.role == User.Role.DEPUTY:
        lead_deputy = actor.deputy
        if submitter_type == Proposal.Submitter.INSTITUTION:
            raise PermissionDeniedError("代表不能以机关名义提出议案")
    check_text(title=title, body=body)
    check_choices(kind=kind, topic=topic, submitter_type=submitter_type, institution=institution)
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
    try:
        with transaction.atomic():  # a concurrent twin with the same token loses on the constraint
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
                create_token=create_token,
            )
    except IntegrityError:
        twin = Proposal.objects.filter(entered_by=actor, create_token=create_token).first() if create_token else None
        if twin is None:
            raise
        return twin
    others = [d for d in cosigners if d.pk != (lead_deputy.pk if lead_deputy else None)]
    CoSigner.objects.bulk_create([CoSigner(proposal=proposal, deputy=d) for d in dict.fromkeys(others)])
    for f in attachments:
        Attachment.objects.create(proposal=proposal, file=f, name=f.name or "")
    events.draft_created(proposal, actor=actor, at=at)
    if others:
        send(notices.cosign_invited(proposal, [d.pk for d in others], lead_deputy.name if lead_deputy else ""))
    return proposal


@transaction.atomic
def cosigner_respond(*, proposal: Proposal, actor: User, accept: bool, at: datetime | None = None) -> CoSigner:
    """An invited deputy confirms or declines co-signing (联名), while the item is a draft or just
    submitted (before registration).

    Raises:
        InvalidTransition: registered already, or already answered.
        NotFoundOrForbidden: the actor was not invited.
    """
    fresh = lock_proposal(proposal)
    if fresh.status not in (Status.DRAFT, Status.SUBMITTED):
        raise InvalidTransition("已登记的议案、建议不能再变更联名")
    row = CoSigner.objects.filter(proposal=fresh, deputy_id=actor.deputy_id or 0).first()
    if row is None:
        raise NotFoundOrForbidden("您未被邀请联名此件")
    if row.status != CoSigner.State.INVITED:
        raise InvalidTransition("您已答复过该联名邀请")
    row.responded_at = now(at)
    transition(
        row,
        workflow=COSIGNER,
        to=CoSigner.State.CONFIRMED if accept else CoSigner.State.DECLINED,
        action=Action.COSIGN_CONFIRM if accept else Action.COSIGN_DECLINE,
        actor=actor,
        allowed=permissions.can_respond_cosign(actor, fresh),
        note=actor.deputy.name if actor.deputy else "",
        at=at,
        fields=["responded_at"],
    )
    return row


@transaction.atomic
def proposal_submit(
    *, proposal: Proposal, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Proposal:
    """Submit a draft.

    S1: it must be specific (at least ``MIN_BODY_CHARS`` characters of content); submitted while a
    session is in progress it goes to that session, otherwise to the Standing Committee (no session).
    B2: a deputies' bill needs ≥ 10 deputies (lead + confirmed co-signers) unless a delegation submits.
    B6: a bill after the session's cutoff is handled as a suggestion. Between sessions an institution's
    bill (city government, special committee, Council of Chairpersons) stays a bill addressed to the
    Standing Committee (V4, G6); other bills between sessions are handled as suggestions.
    Only the lead deputy submits, or staff a draft the office entered (defect 6).

    Raises:
        RuleViolation: S1, B2, G6.
        InvalidTransition: not a draft.
        PermissionDeniedError: another actor.
    """
    p = lock_proposal(proposal, expected_version)
    permissions.require(permissions.can_submit(actor, p), "只有领衔代表（或录入纸质件的工作人员）可以提交")
    PROPOSAL.check(p.status, Status.SUBMITTED)
    if len(p.body) < conf.get("MIN_BODY_CHARS") or not p.title:
        raise RuleViolation("建议内容应当明确具体", extra={"rule": "S1"})
    when = now(at)
    p.session = session_at(p.congress, day(when))
    note = ""
    if p.kind == Kind.BILL:
        if p.submitter_type == Proposal.Submitter.DEPUTIES:
            n = len(proposal_deputies(p))
            if n < conf.get("BILL_MIN_DEPUTIES"):
                raise RuleViolation(
                    f"代表联名提出议案须有{conf.get('BILL_MIN_DEPUTIES')}名以上代表（现有{n}名已确认）",
                    extra={"rule": "B2"},
                )
        if p.session is None and p.submitter_type == Proposal.Submitter.INSTITUTION:
            if p.institution not in BETWEEN_SESSIONS_INSTITUTIONS:
                raise RuleViolation(
                    "闭会期间只有主任会议、市人民政府、专门委员会可以向常务委员会提出议案", extra={"rule": "G6"}
                )
            note = "闭会期间提出，提请常务委员会审议（V4、G6）"
        elif p.session is None or when > p.session.submission_cutoff:
            p.kind = Kind.SUGGESTION
            p.converted_reason = "议案截止时间后提出，作为建议处理（B6）"
            note = p.converted_reason
    p.submitted_at = when
    transition(
        p,
        workflow=PROPOSAL,
        to=Status.SUBMITTED,
        action=Action.SUBMIT,
        actor=actor,
        note=note,
        at=at,
        fields=["session", "kind", "converted_reason", "submitted_at"],
        notice=notices.submitted(p),
    )
    return p


def series_of(p: Proposal, when: date) -> tuple[str, str]:
    """The numbering series of ``p`` (key, Chinese label): per session and kind, or between sessions per
    year and kind."""
    kind = "议案" if p.kind == Kind.BILL else "建议"
    if p.session_id:
        s = p.session
        assert s is not None
        return f"{s.term_id}:{s.ordinal}:{p.kind}", f"第{s.term.ordinal}届{s.ordinal}次会议 {kind}"
    return f"between:{when.year}:{p.kind}", f"{when.year}年闭会期间 {kind}"


def take_number(p: Proposal, when: date) -> None:
    """Give ``p`` the next number of its series (:func:`renda.core.numbering.next_in_series`), inside the
    caller's locked transaction; sets ``serial`` and ``number`` (not saved)."""
    key, label = series_of(p, when)
    p.serial = next_in_series(NumberCounter, congress_id=p.congress_id, series=key)
    p.number = f"{label}第{p.serial:04d}号"


def assign_due(p: Proposal, when: date) -> workdays.Deadline:
    """S13: session suggestions within 1 month after the session closes; between sessions within 7
    working days of receipt."""
    if p.session_id:
        assert p.session is not None
        return workdays.month_deadline(p.session.closing_date, conf.get("SESSION_ASSIGN_MONTHS"), rule="S13")
    return workdays.working_day_deadline(when, conf.get("BETWEEN_SESSIONS_ASSIGN_WORKING_DAYS"), rule="S13")


@transaction.atomic
def proposal_register(
    *, proposal: Proposal, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Proposal:
    """Staff register a submitted item and give it its number, per session and kind (第16届3次会议
    建议第0001号), or in the between-sessions series of the year; for suggestions the S13 assignment
    date is stored.

    Only submitted → registered: the move is checked under the row lock BEFORE a number is taken, so
    registering twice (or two concurrent registrations) neither renumbers nor burns a number (defect 4).

    Raises:
        PermissionDeniedError: not staff.
        InvalidTransition: not submitted (e.g. registered already).
    """
    p = lock_proposal(proposal, expected_version)
    permissions.require(permissions.can_register(actor, p))
    PROPOSAL.check(p.status, Status.REGISTERED)
    if p.status != Status.SUBMITTED:
        raise InvalidTransition("只有已提交的议案、建议可以登记编号")
    when = day(at)
    take_number(p, when)
    p.registered_at = now(at)
    if p.kind == Kind.SUGGESTION:
        due = assign_due(p, when)
        p.assign_due, p.assign_due_provisional = due.date, due.provisional
    transition(
        p,
        workflow=PROPOSAL,
        to=Status.REGISTERED,
        action=Action.REGISTER,
        actor=actor,
        note=p.number,
        at=at,
        fields=["number", "serial", "registered_at", "assign_due", "assign_due_provisional"],
        notice=notices.registered(p),
    )
    return p


@transaction.atomic
def proposal_return(
    *,
    proposal: Proposal,
    actor: User,
    category: str,
    reason: str,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """S22 screening: staff return an item that is not a suggestion (personal/family matter, a court
    case, a forwarded letter, product promotion, no real content), with a reason.

    Raises:
        PermissionDeniedError, RuleViolation (S22), InvalidTransition.
    """
    permissions.require(permissions.is_staff_office(actor))
    if category not in NOT_A_SUGGESTION or not reason.strip():
        raise RuleViolation("退回须写明不予立案的类别和理由", extra={"rule": "S22"})
    p = lock_proposal(proposal, expected_version)
    p.returned_reason = f"{NOT_A_SUGGESTION[category]}：{reason.strip()}"
    transition(
        p,
        workflow=PROPOSAL,
        to=Status.RETURNED,
        action=Action.RETURN,
        actor=actor,
        allowed=permissions.can_return(actor, p),
        denied=permissions.STAFF_ONLY,
        note=p.returned_reason,
        at=at,
        fields=["returned_reason"],
        notice=notices.returned(p),
    )
    return p


@transaction.atomic
def cosigner_agree_withdraw(*, proposal: Proposal, actor: User, at: datetime | None = None) -> None:
    """A confirmed co-signer agrees to withdraw a joint suggestion (S23).

    Raises:
        NotFoundOrForbidden: not a confirmed co-signer.
    """
    fresh = lock_proposal(proposal)
    if not permissions.can_agree_withdraw(actor, fresh):
        raise NotFoundOrForbidden("您不是此件的联名代表")
    CoSigner.objects.filter(proposal=fresh, deputy_id=actor.deputy_id or 0).update(agreed_to_withdraw=True)
    events.withdrawal_agreed(fresh, actor=actor, at=at)


@transaction.atomic
def proposal_withdraw(
    *,
    proposal: Proposal,
    actor: User,
    presidium_consent: bool = False,
    reason: str = "",
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """Withdraw a suggestion before it is assigned; a joint one only if every confirmed co-signer
    agreed (S23). Withdraw a bill before the vote with the Presidium's consent (B4), recorded by staff.

    Raises:
        PermissionDeniedError, RuleViolation (B4, S23), InvalidTransition.
    """
    p = lock_proposal(proposal, expected_version)
    if not (permissions.is_lead_deputy(actor, p) or permissions.is_staff_of(actor, p)):
        raise PermissionDeniedError("只有领衔代表或工作人员可以撤回")
    if p.kind == Kind.BILL and p.status not in (Status.DRAFT, Status.SUBMITTED):
        if not presidium_consent:
            raise RuleViolation("议案在表决前撤回须经主席团同意", extra={"rule": "B4"})
        permissions.require(permissions.can_withdraw(actor, p), "主席团同意撤回议案由工作人员登记")
    if p.kind == Kind.SUGGESTION:
        if p.status not in (Status.DRAFT, Status.SUBMITTED, Status.REGISTERED):
            raise RuleViolation("建议交办后不能撤回", extra={"rule": "S23"})
        pending = p.cosigners.filter(status=CoSigner.State.CONFIRMED, agreed_to_withdraw=False)
        if p.status != Status.DRAFT and pending.exists():
            raise RuleViolation("联名建议撤回须经全体联名代表同意", extra={"rule": "S23"})
    transition(
        p,
        workflow=PROPOSAL,
        to=Status.WITHDRAWN,
        action=Action.WITHDRAW,
        actor=actor,
        allowed=permissions.can_withdraw(actor, p),
        note=reason,
        at=at,
    )
    return p
