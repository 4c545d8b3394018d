"""Writes of a draft regulation's course (RULES.md §8): create, versions, submit, readings, vote,
withdrawal, provincial approval, promulgation by 公告 and filing.

Each function runs in a transaction; a status change goes through
:func:`renda.core.workflow.transition` with :data:`~renda.legislation.workflow.DRAFT_FLOW`; a refusal
raises an :class:`~renda.core.exceptions.ApplicationError` subclass with a Chinese message and writes
nothing. Readings and the vote are agenda items and polls made through :mod:`renda.meetings.services`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from renda.core.constraints import check_text
from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.core.workdays import add_months
from renda.core.workflow import lock, transition
from renda.legislation import conf, events, lifecycle, permissions, selectors
from renda.legislation.docstruct import ParsedDocument
from renda.legislation.events import Action
from renda.legislation.models import Article, Draft, DraftVersion, LegislativePlan, PlanItem, Reading
from renda.legislation.workflow import DRAFT_FLOW, Status
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.meetings.workflow import PollStatus
from renda.organization.models import Congress, Session, User

STAFF_ONLY = "只有常委会法制工作机构的工作人员可以办理"
#: G6: proposers the law allows to submit a draft regulation to the Standing Committee.
ALLOWED_PROPOSERS = (
    Draft.Proposer.COUNCIL,
    Draft.Proposer.GOVERNMENT,
    Draft.Proposer.SPECIAL_COMMITTEE,
    Draft.Proposer.MEMBERS,
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError(STAFF_ONLY)


def _require_move(actor: User, draft: Draft, to: str) -> None:
    """Staff of the draft's congress (else 403), and ``draft.status → to`` allowed now (else 409
    ``invalid_transition``): checked before the input, so a draft in the wrong status is not answered
    with a rule's message or a permission refusal."""
    _require(permissions.can_manage(actor, draft))
    DRAFT_FLOW.check(draft.status, to)


def check_subject(subject: str, basis: str) -> None:
    """G1/G2: a city regulation needs one of the four subject areas, or 法律另有规定 with its citation.

    Raises:
        RuleViolation: ``invalid_subject`` (not a G1 area) or ``basis_required`` (法律另有规定 without
            the law cited).
    """
    if subject not in Draft.Subject.values:
        raise RuleViolation(
            "设区的市只能就城乡建设与管理、生态文明建设、历史文化保护、基层治理等方面的事项制定地方性法规",
            code="invalid_subject",
            extra={"rule": "G1"},
        )
    if subject == Draft.Subject.OTHER_LAW and not basis.strip():
        raise RuleViolation("“法律另有规定的事项”须写明所依据的法律条文", code="basis_required", extra={"rule": "G1"})


@transaction.atomic
def draft_create(
    *,
    congress: Congress,
    title: str,
    subject: str,
    actor: User,
    subject_basis: str = "",
    major_matter: bool = False,
    joint_with: str = "",
    kind: str = Draft.Kind.AUTONOMOUS,
    higher_law: str = "",
    making: str = Draft.Making.NEW,
    at: datetime | None = None,
) -> Draft:
    """Open a draft regulation (起草中) with its G1 subject area and its G2 kind.

    Args:
        title: the regulation's name (≤ 120 characters).
        subject: a :class:`Draft.Subject` value (G1); ``subject_basis`` cites the law for 法律另有规定.
        kind: a :class:`Draft.Kind` value (G2: the G1 limit covers implementing and pilot regulations
            too); ``higher_law`` names the law an implementing (实施性) regulation implements.
        major_matter: G3 flag: a 特别重大事项 the congress itself must adopt.
        joint_with: the cities drafting jointly (协同立法), free text.
        making: a :class:`Draft.Making` value: a new regulation (制定) or the revision of one (修订).
    Raises:
        PermissionDeniedError: not staff of ``congress``. RuleViolation: G1 (see :func:`check_subject`),
        G2 (see :func:`lifecycle.check_kind`), ``too_long``, ``invalid_making``.
    """
    probe = Draft(congress=congress)
    _require(permissions.can_manage(actor, probe))
    check_text(title, label="法规名称", max_length=120)
    check_text(higher_law, label="所实施的上位法", max_length=120)
    if not title.strip():
        raise RuleViolation("请填写法规名称", code="required")
    check_subject(subject, subject_basis)
    lifecycle.check_kind(kind, higher_law)
    if making not in Draft.Making.values:
        raise RuleViolation("请选择制定或修订", code="invalid_making")
    draft = Draft.objects.create(
        congress=congress,
        title=title.strip(),
        subject=subject,
        subject_basis=subject_basis.strip()[:200],
        major_matter=major_matter,
        joint_with=joint_with.strip()[:120],
        kind=kind,
        making=making,
        higher_law=higher_law.strip(),
        required_readings=conf.value("READINGS", congress),
    )
    events.record(draft, action=Action.CREATE, actor=actor, note=draft.title, at=at)
    return draft


@transaction.atomic
def version_create(
    *,
    draft: Draft,
    label: str,
    document: ParsedDocument,
    actor: User,
    source_name: str = "",
    at: datetime | None = None,
) -> DraftVersion:
    """Store a new text of ``draft`` (the next number) from a parsed document, articles in order.

    Raises:
        PermissionDeniedError: not staff. RuleViolation: ``no_articles`` (nothing recognised as 第X条),
        ``voted`` (the draft is past the vote).
    """
    locked = lock(draft)
    _require(permissions.can_manage(actor, locked))
    if locked.status not in (Status.DRAFTING, Status.SUBMITTED, Status.IN_READING):
        raise RuleViolation("草案已经表决，不能再增加文本", code="voted")
    if not document.articles:
        raise RuleViolation("文件中没有识别出“第X条”，未保存", code="no_articles")
    check_text(label, label="版本名称", max_length=60)
    number = (locked.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = DraftVersion.objects.create(
        draft=locked,
        number=number,
        label=label.strip() or f"第{number}稿",
        title=(document.title or locked.title)[:120],
        source_name=source_name[:120],
        unparsed=list(document.unparsed),
    )
    Article.objects.bulk_create(
        [
            Article(
                version=version,
                number=a.number,
                chapter_number=a.chapter_number,
                chapter_title=a.chapter_title[:80],
                paragraphs=list(a.paragraphs),
            )
            for a in document.articles
        ]
    )
    events.record(locked, action=Action.VERSION, actor=actor, note=version.label, at=at)
    return version


#: The largest .docx a drafting office may upload (bytes).
DOCX_MAX_BYTES = 5 * 1024 * 1024


def version_import(*, draft: Draft, label: str, upload: Any, actor: User, at: datetime | None = None) -> DraftVersion:
    """Import an uploaded .docx (the page's and the API's one path) as the next version of ``draft``:
    the upload checker (name, .docx only, ≤ 5 MB, real Word content, no zip bomb), then
    :func:`docstruct.parse_docx` and :func:`version_create`; what could not be parsed is kept in the
    version's ``unparsed`` (the parse report).

    Args:
        upload: a Django ``UploadedFile``.
    Raises:
        PermissionDeniedError: not staff. RuleViolation: ``invalid_file`` (refused by the checker),
        ``invalid_docx`` (not readable as Word), and those of :func:`version_create`.
    """
    from renda.core.uploads import check_upload
    from renda.legislation.docstruct import parse_docx

    _require(permissions.can_manage(actor, draft))
    try:
        check_upload(
            upload,
            allowed=[".docx"],
            max_bytes=DOCX_MAX_BYTES,
            type_error="请上传有效的 Word（.docx）文件。",
            size_error="文件不能超过5MB",
            rule="upload",
        )
    except RuleViolation as exc:
        raise RuleViolation(exc.message, code="invalid_file") from exc
    try:
        document = parse_docx(upload.read())
    except ValueError as exc:
        raise RuleViolation(str(exc), code="invalid_docx") from exc
    return version_create(
        draft=draft, label=label, document=document, actor=actor, source_name=upload.name or "", at=at
    )


def proposer_allowed(proposer: str, co_signers: int) -> bool:
    """G6: the 主任会议, the government, a special committee, or ≥ 5 SC members jointly."""
    if proposer == Draft.Proposer.MEMBERS:
        return co_signers >= 5
    return proposer in ALLOWED_PROPOSERS


@transaction.atomic
def draft_submit(
    *,
    draft: Draft,
    proposer: str,
    actor: User,
    submitted_on: date,
    co_signers: int = 0,
    repetition_reason: str = "",
    at: datetime | None = None,
) -> Draft:
    """起草中 → 已提请审议: record who submitted the draft and when (G6).

    G2: a regulation "一般不作重复性规定": when articles of the latest version repeat the higher law
    (:func:`selectors.repetitions`), the submission needs ``repetition_reason`` (why the repetition is
    kept), which is written on the event with the articles concerned.
    Raises:
        RuleViolation: G6 — the court, procuratorate or supervisory commission, fewer than 5 members,
            an unknown proposer; ``no_version`` — no text yet; G2 ``repetition`` — repeated articles
            without a reason.
        PermissionDeniedError, InvalidTransition (not 起草中).
    """
    locked = lock(draft)
    _require_move(actor, locked, Status.SUBMITTED)
    if proposer not in Draft.Proposer.values or not proposer_allowed(proposer, int(co_signers)):
        raise RuleViolation(
            "法规案须由主任会议、市人民政府、专门委员会提出，或由常委会组成人员五人以上联名提出；"
            "法院、检察院、监察委员会不能提出",
            code="proposer_not_allowed",
            extra={"rule": "G6"},
        )
    latest = locked.versions.order_by("-number").first()
    if latest is None:
        raise RuleViolation("请先导入草案文本", code="no_version")
    repeated = [f"第{r.article}条" for r in selectors.repetitions(latest)]
    note = str(Draft.Proposer(proposer).label)
    if repeated:
        if not repetition_reason.strip():
            raise RuleViolation(
                f"{'、'.join(repeated)}与上位法规定基本相同；地方性法规一般不作重复性规定，确需保留的请说明理由",
                code="repetition",
                extra={"rule": "G2", "articles": repeated},
            )
        check_text(repetition_reason.strip(), label="保留重复性规定的理由", max_length=200)
        note += f"；保留重复性规定（{'、'.join(repeated)}）：{repetition_reason.strip()}"
    locked.proposer = proposer
    locked.co_signers = int(co_signers)
    locked.submitted_on = submitted_on
    transition(
        locked,
        workflow=DRAFT_FLOW,
        to=Status.SUBMITTED,
        action=Action.SUBMIT,
        actor=actor,
        allowed=permissions.can_submit(actor, locked),
        note=note[:500],
        at=at,
        fields=["proposer", "co_signers", "submitted_on"],
    )
    return locked


@transaction.atomic
def readings_set(*, draft: Draft, required: int, ground: str, actor: User) -> Draft:
    """Set the number of readings before the vote (G8/G9): 1–3; fewer than the default needs the
    主任会议's decision and its ground (调整事项比较单一、各方面意见比较一致 …).

    Raises:
        RuleViolation: ``invalid_readings`` (not 1–3), ``ground_required`` (fewer without a ground).
    """
    locked = lock(draft)
    _require(permissions.can_manage(actor, locked))
    most = conf.value("MAX_READINGS", locked.congress)
    if isinstance(required, bool) or not isinstance(required, int) or not 1 <= required <= most:
        raise RuleViolation(f"审议次数须为1至{most}次", code="invalid_readings", extra={"rule": "G8"})
    if required < conf.value("READINGS", locked.congress) and not ground.strip():
        raise RuleViolation(
            "减少审议次数须有主任会议决定并写明理由（如调整事项比较单一、各方面意见比较一致）",
            code="ground_required",
            extra={"rule": "G9"},
        )
    locked.required_readings = required
    locked.readings_ground = ground.strip()[:200]
    locked.save(update_fields=["required_readings", "readings_ground", "updated_at"])
    return locked


def _meeting_date(meeting: Meeting) -> date:
    return timezone.localdate(meeting.starts_at)


def _check_sc_meeting(meeting: Meeting, draft: Draft) -> None:
    if meeting.kind != Meeting.Kind.STANDING_COMMITTEE or meeting.congress_id != draft.congress_id:
        raise RuleViolation("请选择本级人大常委会会议", code="not_standing_committee")


def congress_in_session(meeting: Meeting) -> Session | None:
    """G4: the congress session whose dates cover the meeting's day, if any."""
    day = _meeting_date(meeting)
    return Session.objects.filter(term=meeting.term, opening_date__lte=day, closing_date__gte=day).first()


@transaction.atomic
def reading_schedule(
    *,
    draft: Draft,
    version: DraftVersion,
    meeting: Meeting,
    actor: User,
    sent_to_members_on: date | None = None,
    results_report: str = "",
    at: datetime | None = None,
) -> Reading:
    """Put ``version`` on ``meeting``'s agenda as the next reading (审议) of ``draft``; the first reading
    moves the draft 已提请审议 → 审议中.

    G7: a government draft must be submitted ≥ GOVERNMENT_LEAD_DAYS (30) days before the meeting, and the
    text sent to members ≥ MEMBER_LEAD_DAYS (7) days before (when the date is given). G4: not while the
    congress is in session. ``results_report`` names the 法制委员会's 审议结果报告 with the revised draft
    (G10: required on the last reading before the vote when there are two or more).
    Raises:
        RuleViolation: G7 lead times, G4, ``wrong_version`` (a version of another draft),
        ``not_standing_committee``; the meetings app's own refusals (V4, closed meeting).
        PermissionDeniedError: not staff. InvalidTransition: the draft is not 已提请审议 or 审议中.
    """
    locked = lock(draft)
    _require(permissions.can_manage(actor, locked))
    if locked.status not in (Status.SUBMITTED, Status.IN_READING):
        raise InvalidTransition("只有已提请审议或审议中的草案可以列入常委会会议审议")
    _require(permissions.can_schedule_reading(actor, locked))
    if version.draft_id != locked.pk:
        raise RuleViolation("所选文本不属于该草案", code="wrong_version")
    _check_sc_meeting(meeting, locked)
    day = _meeting_date(meeting)
    gov_days = conf.value("GOVERNMENT_LEAD_DAYS", locked.congress)
    if (
        locked.proposer == Draft.Proposer.GOVERNMENT
        and locked.submitted_on
        and (day - locked.submitted_on).days < gov_days
    ):
        raise RuleViolation(
            f"市人民政府提请的法规案应当在常委会会议举行{gov_days}日前提出，本次会议距提请日仅"
            f"{(day - locked.submitted_on).days}日",
            code="lead_time",
            extra={"rule": "G7"},
        )
    member_days = conf.value("MEMBER_LEAD_DAYS", locked.congress)
    if sent_to_members_on is not None and (day - sent_to_members_on).days < member_days:
        raise RuleViolation(
            f"法规草案应当在常委会会议举行{member_days}日前发给常委会组成人员",
            code="member_lead_time",
            extra={"rule": "G7"},
        )
    if congress_in_session(meeting) is not None:
        raise RuleViolation(
            "人民代表大会会议期间，常委会不审议地方性法规", code="congress_in_session", extra={"rule": "G4"}
        )
    number = locked.readings.count() + 1
    item = meeting_services.agenda_item_add(
        meeting=meeting,
        title=f"审议《{locked.title}》（第{number}次审议）",
        actor=actor,
        kind=AgendaItem.Kind.BILL,
        subject=locked,
        proposer=locked.proposer,
        co_signers=locked.co_signers,
        at=at,
    )
    check_text(results_report, label="审议结果报告", max_length=200)
    reading = Reading.objects.create(
        draft=locked, version=version, agenda_item=item, number=number, results_report=results_report.strip()
    )
    if sent_to_members_on is not None:
        locked.sent_to_members_on = sent_to_members_on
        locked.save(update_fields=["sent_to_members_on", "updated_at"])
    note = f"{meeting.title} 第{number}次审议（{version.label}）"
    if locked.status == Status.SUBMITTED:
        transition(
            locked, workflow=DRAFT_FLOW, to=Status.IN_READING, action=Action.READING, actor=actor, note=note, at=at
        )
    else:
        events.record(locked, action=Action.READING, actor=actor, note=note, at=at)
    return reading


@transaction.atomic
def vote_schedule(
    *, draft: Draft, meeting: Meeting, actor: User, method: str = Poll.Method.ELECTRONIC, at: datetime | None = None
) -> Poll:
    """Put the draft to the vote (交付表决) at ``meeting``: an agenda item and a motion poll of the
    meetings app, passing by more than half of ALL members (G13, V3).

    Raises:
        RuleViolation: G8 — fewer readings held than required; G3 — a 特别重大事项 the congress must adopt;
            G4 — the congress is in session; ``vote_exists`` — already put to the vote.
        InvalidTransition: the draft is not 审议中.
    """
    locked = lock(draft)
    _require(permissions.can_manage(actor, locked))
    if locked.status != Status.IN_READING:
        raise InvalidTransition("草案尚未审议或已经表决")
    if locked.poll_id:
        raise RuleViolation("草案已经交付表决", code="vote_exists")
    held = locked.readings.count()
    if held < locked.required_readings:
        raise RuleViolation(
            f"该法规案应当经{locked.required_readings}次常委会会议审议后再交付表决，目前仅审议{held}次",
            code="readings_required",
            extra={"rule": "G8"},
        )
    last = locked.readings.order_by("-number").first()
    if held >= 2 and last is not None and not last.results_report:
        raise RuleViolation(
            "最后一次审议应当有法制委员会提出的审议结果报告和草案修改稿，请在该次审议中登记审议结果报告",
            code="results_report_required",
            extra={"rule": "G10"},
        )
    if locked.major_matter:
        raise RuleViolation(
            "本法规涉及本市特别重大事项，应当由人民代表大会通过，常委会不能表决",
            code="congress_only",
            extra={"rule": "G3"},
        )
    _check_sc_meeting(meeting, locked)
    if congress_in_session(meeting) is not None:
        raise RuleViolation(
            "人民代表大会会议期间，常委会不表决地方性法规", code="congress_in_session", extra={"rule": "G4"}
        )
    item = meeting_services.agenda_item_add(
        meeting=meeting,
        title=f"表决《{locked.title}》",
        actor=actor,
        kind=AgendaItem.Kind.BILL,
        subject=locked,
        proposer=locked.proposer,
        co_signers=locked.co_signers,
        at=at,
    )
    poll = meeting_services.poll_create(item=item, method=method, actor=actor, at=at)
    locked.poll = poll
    locked.save(update_fields=["poll", "updated_at"])
    events.record(locked, action=Action.VOTE_SCHEDULED, actor=actor, note=meeting.title, at=at)
    return poll


@transaction.atomic
def vote_record(*, draft: Draft, actor: User, at: datetime | None = None) -> Draft:
    """Take the result of the closed poll: 审议中 → 已表决通过 (passed by > half of all members, G13) or
    表决未通过.

    Raises:
        RuleViolation: ``no_vote`` — not put to the vote; ``poll_not_closed`` — the poll is still open.
    """
    locked = lock(draft)
    if not locked.poll_id:
        raise RuleViolation("草案尚未交付表决", code="no_vote")
    poll = Poll.objects.select_related("item__meeting").get(pk=locked.poll_id)
    if poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise RuleViolation("表决尚未结束", code="poll_not_closed")
    passed = bool(poll.passed)
    if passed:
        locked.adopted_on = timezone.localdate(poll.closed_at) if poll.closed_at else timezone.localdate()
    transition(
        locked,
        workflow=DRAFT_FLOW,
        to=Status.ADOPTED if passed else Status.NOT_PASSED,
        action=Action.ADOPT if passed else Action.REJECT,
        actor=actor,
        allowed=permissions.can_manage(actor, locked),
        note=poll.result_text,
        at=at,
        fields=["adopted_on"],
    )
    return locked


@transaction.atomic
def draft_withdraw(
    *, draft: Draft, reason: str, council_decision: str, actor: User, at: datetime | None = None
) -> Draft:
    """Withdraw a bill before the vote (G14): it needs its reasons and the 主任会议's consent (the
    decision's reference); review then ends.

    Raises:
        RuleViolation: ``reason_required``, ``consent_required``; ``vote_exists`` — already put to the vote.
        PermissionDeniedError; InvalidTransition (not 已提请审议 or 审议中).
    """
    locked = lock(draft)
    _require_move(actor, locked, Status.WITHDRAWN)
    if not reason.strip():
        raise RuleViolation("撤回法规案应当说明理由", code="reason_required", extra={"rule": "G14"})
    if not council_decision.strip():
        raise RuleViolation(
            "撤回法规案须经主任会议同意，请填写主任会议决定", code="consent_required", extra={"rule": "G14"}
        )
    if locked.poll_id:
        raise RuleViolation("法规案已经交付表决，不能撤回", code="vote_exists", extra={"rule": "G14"})
    transition(
        locked,
        workflow=DRAFT_FLOW,
        to=Status.WITHDRAWN,
        action=Action.WITHDRAW,
        actor=actor,
        allowed=permissions.can_withdraw(actor, locked),
        note=f"{reason.strip()}（{council_decision.strip()}）"[:500],
        at=at,
    )
    return locked


def approval_due(draft: Draft) -> date | None:
    """G15: the date by which the province should approve: receipt + APPROVAL_MONTHS months (D1)."""
    if draft.approval_requested_on is None:
        return None
    return add_months(draft.approval_requested_on, conf.value("APPROVAL_MONTHS", draft.congress))


@transaction.atomic
def approval_request(*, draft: Draft, received_on: date, actor: User, at: datetime | None = None) -> Draft:
    """已表决通过 → 报请批准中: the request reached the provincial Standing Committee on ``received_on``
    (G15: its 4-month clock starts there).

    Raises:
        RuleViolation: ``before_adoption`` — a receipt date before the adoption.
    """
    locked = lock(draft)
    if locked.adopted_on and received_on < locked.adopted_on:
        raise RuleViolation("报请批准日期不能早于表决通过日期", code="before_adoption", extra={"rule": "G15"})
    locked.approval_requested_on = received_on
    transition(
        locked,
        workflow=DRAFT_FLOW,
        to=Status.AWAITING_APPROVAL,
        action=Action.REQUEST_APPROVAL,
        actor=actor,
        allowed=permissions.can_manage(actor, locked),
        note=f"省人大常委会收到日期 {received_on:%Y-%m-%d}",
        at=at,
        fields=["approval_requested_on"],
    )
    return locked


@transaction.atomic
def approval_record(
    *, draft: Draft, approved_on: date, approval_body: str, actor: User, at: datetime | None = None
) -> Draft:
    """报请批准中 → 已批准 (G15). The event notes whether the province kept its 4 months.

    Raises:
        RuleViolation: ``required`` — no approving body; ``before_request`` — approved before the request.
    """
    locked = lock(draft)
    if not approval_body.strip():
        raise RuleViolation("请填写批准机关", code="required", extra={"rule": "G15"})
    if locked.approval_requested_on and approved_on < locked.approval_requested_on:
        raise RuleViolation("批准日期不能早于报请日期", code="before_request", extra={"rule": "G15"})
    due = approval_due(locked)
    locked.approved_on = approved_on
    locked.approval_body = approval_body.strip()[:80]
    late = due is not None and approved_on > due
    note = f"{locked.approval_body} {approved_on:%Y-%m-%d} 批准" + (
        f"（超过四个月期限 {due:%Y-%m-%d}）" if late else ""
    )
    transition(
        locked,
        workflow=DRAFT_FLOW,
        to=Status.APPROVED,
        action=Action.APPROVE,
        actor=actor,
        allowed=permissions.can_manage(actor, locked),
        note=note,
        at=at,
        fields=["approved_on", "approval_body"],
    )
    return locked


#: G16: the fields a 公告 must state, with their labels.
NOTICE_FIELDS = {
    "enacting_body": "制定机关",
    "adopted_on": "通过时间",
    "approval_body": "批准机关",
    "approved_on": "批准时间",
    "effective_on": "施行日期",
    "notice_number": "公告编号",
    "promulgated_on": "公布日期",
}


@transaction.atomic
def promulgate(*, draft: Draft, actor: User, at: datetime | None = None, **notice: Any) -> Draft:
    """已批准 → 已公布: the city Standing Committee announces the regulation by 公告 (G16), which states
    制定机关, 通过时间, 批准机关, 批准时间 and 施行日期 (plus its number and date).

    Args:
        notice: the keys of :data:`NOTICE_FIELDS` (dates as ``date``; missing ones are taken from the draft).
    Raises:
        RuleViolation: ``notice_incomplete`` naming the missing fields; ``effective_before`` — 施行日期
            before the publication.
    """
    locked = lock(draft)
    values = {name: notice.get(name) or getattr(locked, name) for name in NOTICE_FIELDS}
    missing = [label for name, label in NOTICE_FIELDS.items() if not values[name]]
    if missing:
        raise RuleViolation(
            "公告缺少必备事项：" + "、".join(missing),
            code="notice_incomplete",
            extra={"rule": "G16", "missing": missing},
        )
    if values["effective_on"] < values["promulgated_on"]:
        raise RuleViolation("施行日期不能早于公布日期", code="effective_before", extra={"rule": "G16"})
    for name, value in values.items():
        setattr(locked, name, value.strip()[:80] if isinstance(value, str) else value)
    transition(
        locked,
        workflow=DRAFT_FLOW,
        to=Status.PROMULGATED,
        action=Action.PROMULGATE,
        actor=actor,
        allowed=permissions.can_manage(actor, locked),
        note=f"{locked.notice_number}，自{locked.effective_on:%Y年%m月%d日}起施行",
        at=at,
        fields=list(NOTICE_FIELDS),
    )
    return locked


def filing_due(draft: Draft) -> date | None:
    """G18: the city sends the 公告, text and materials to the province within CITY_FILING_DAYS (15) days
    of publication."""
    if draft.promulgated_on is None:
        return None
    from datetime import timedelta

    return draft.promulgated_on + timedelta(days=conf.value("CITY_FILING_DAYS", draft.congress))


def npc_filing_due(draft: Draft) -> date | None:
    """G18: the province files with the NPCSC and the State Council within 30 days of publication
    (tracked; the province's task, not the city's)."""
    if draft.promulgated_on is None:
        return None
    from datetime import timedelta

    return draft.promulgated_on + timedelta(days=conf.value("NPC_FILING_DAYS", draft.congress))


@transaction.atomic
def file_record(*, draft: Draft, filed_on: date, actor: User, at: datetime | None = None) -> Draft:
    """已公布 → 已报送备案 (G18). A late filing is recorded with the delay on the event.

    Raises:
        RuleViolation: ``before_promulgation`` — filed before the 公告.
    """
    locked = lock(draft)
    if locked.promulgated_on and filed_on < locked.promulgated_on:
        raise RuleViolation("报送备案日期不能早于公布日期", code="before_promulgation", extra={"rule": "G18"})
    due = filing_due(locked)
    locked.filed_on = filed_on
    note = f"{filed_on:%Y-%m-%d} 报送省人大常委会备案"
    if due and filed_on > due:
        note += f"（逾期 {(filed_on - due).days} 日，期限 {due:%Y-%m-%d}）"
    transition(
        locked,
        workflow=DRAFT_FLOW,
        to=Status.FILED,
        action=Action.FILE,
        actor=actor,
        allowed=permissions.can_manage(actor, locked),
        note=note,
        at=at,
        fields=["filed_on"],
    )
    return locked


@transaction.atomic
def plan_item_submitted(*, item: PlanItem, submitted_on: date, actor: User, explanation: str = "") -> PlanItem:
    """Record when an annual-plan item's draft was submitted (G20). Each annual item names its proposer
    and planned submission date; a proposer later than that date explains in writing to the 主任会议.

    Raises:
        PermissionDeniedError: not staff of the plan's congress. RuleViolation: ``explanation_required``
        (late without a written explanation), ``not_annual`` (a five-year plan item has no submission date).
    """
    locked = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    _require(permissions.can_manage(actor, Draft(congress_id=locked.plan.congress_id)))
    if locked.plan.kind != LegislativePlan.Kind.ANNUAL or locked.submission_due is None:
        raise RuleViolation(
            "只有年度立法计划中列明提请时间的项目记录提请日期", code="not_annual", extra={"rule": "G20"}
        )
    late = submitted_on > locked.submission_due
    if late and not explanation.strip():
        raise RuleViolation(
            f"计划提请日期为{locked.submission_due:%Y-%m-%d}，逾期提请的，提请单位应当向主任会议书面说明理由",
            code="explanation_required",
            extra={"rule": "G20"},
        )
    locked.submitted_on = submitted_on
    locked.late_explanation = explanation.strip() if late else ""
    locked.save(update_fields=["submitted_on", "late_explanation", "updated_at"])
    return locked


#: The steps of a draft's course by name, each ``(draft, actor, data) → result`` calling one service with
#: the validated input (the page's form or the API's serializer, same field names): the draft page
#: (``views.draft_action``) and the API (``apis.draft_act``) both run these, so they take one code path.
COURSE: dict[str, Any] = {
    "submit": lambda dr, u, d: draft_submit(draft=dr, actor=u, **d),
    "reading": lambda dr, u, d: reading_schedule(draft=dr, actor=u, **d),
    "readings": lambda dr, u, d: readings_set(draft=dr, actor=u, **d),
    "vote": lambda dr, u, d: vote_schedule(draft=dr, actor=u, **d),
    "withdraw": lambda dr, u, d: draft_withdraw(draft=dr, actor=u, **d),
    "request_approval": lambda dr, u, d: approval_request(draft=dr, actor=u, received_on=d["on"]),
    "approve": lambda dr, u, d: approval_record(draft=dr, actor=u, **d),
    "promulgate": lambda dr, u, d: promulgate(draft=dr, actor=u, **d),
    "file": lambda dr, u, d: file_record(draft=dr, actor=u, filed_on=d["on"]),
    "basis": lambda dr, u, d: lifecycle.draft_basis_set(draft=dr, actor=u, **d),
    "terminate": lambda dr, u, d: lifecycle.draft_terminate(draft=dr, actor=u, **d),
    "publication": lambda dr, u, d: lifecycle.publication_record(draft=dr, actor=u, **d),
}
