"""Writes of the meetings domain: convene, check in, open/close/publish polls, cast ballots.

Every status change goes through :func:`renda.core.workflow.transition` (or ``transition_bulk``)
with the app's workflows (``workflow.py``): it locks the row, checks the actor's right (the
``permissions.can_<verb>`` predicate), the move and the optional ``expected_version``, saves with
``update_fields`` and writes the typed event (``events.Action``), all in one transaction: a refused
action writes nothing. Acts that change no status write their event through ``events.py``;
notifications leave through ``notices.py`` on commit. ``at`` (aware datetime, default now) back-dates
an action (the demo, paper records). Rule ids refer to RULES.md §3 (V1–V5).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from renda.core.constraints import check_date, check_text
from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.core.workflow import lock, save_versioned, transition, transition_bulk
from renda.meetings import conf, events, notices, permissions, rules, verdicts
from renda.meetings.ballots import AlreadyVoted as AlreadyVoted
from renda.meetings.ballots import allowed_choices as allowed_choices
from renda.meetings.ballots import ballot_cast as ballot_cast
from renda.meetings.ballots import ballot_cast_with_token as ballot_cast_with_token
from renda.meetings.ballots import ballot_token as ballot_token
from renda.meetings.ballots import tally
from renda.meetings.events import Action
from renda.meetings.models import (
    CO_SIGNERS_MAX,
    MOTION_CHOICES,
    AgendaItem,
    Attendance,
    Meeting,
    Poll,
    PollOption,
    PublicResultsVersion,
    VoteCast,
)
from renda.meetings.selectors import roster_for as roster_for
from renda.meetings.workflow import (
    ATTENDANCE_WORKFLOW,
    MEETING_WORKFLOW,
    POLL_WORKFLOW,
    MeetingStatus,
    PollStatus,
)
from renda.organization.models import Body, Deputy, Session, Term, User

BODY_KIND_FOR_MEETING = {
    Meeting.Kind.PRESIDIUM: Body.Kind.PRESIDIUM,
    Meeting.Kind.STANDING_COMMITTEE: Body.Kind.STANDING_COMMITTEE,
    Meeting.Kind.COUNCIL_OF_CHAIRPERSONS: Body.Kind.COUNCIL_OF_CHAIRPERSONS,
}
ELECTORATE_LABEL = {
    Meeting.Kind.PLENARY: "全体代表",
    Meeting.Kind.PRESIDIUM: "全体主席团成员",
    Meeting.Kind.STANDING_COMMITTEE: "常务委员会全体组成人员",
    Meeting.Kind.COUNCIL_OF_CHAIRPERSONS: "主任会议全体组成人员",
}
QUORUM_RULE_ID = {
    Meeting.Kind.PLENARY: "V1",
    Meeting.Kind.PRESIDIUM: "V5",
    Meeting.Kind.STANDING_COMMITTEE: "V3",
    Meeting.Kind.COUNCIL_OF_CHAIRPERSONS: "V3",
}
THRESHOLD_RULE_ID = {
    Meeting.Kind.PLENARY: "V2",
    Meeting.Kind.PRESIDIUM: "V5",
    Meeting.Kind.STANDING_COMMITTEE: "V3",
    Meeting.Kind.COUNCIL_OF_CHAIRPERSONS: "V3",
}


STAFF_ONLY = "只有常委会工作人员可以组织会议和表决"
#: A member on leave who tries to check himself in (defect 5).
ON_LEAVE = "您已登记请假，不能自行报到；如已到会，请联系会务工作人员撤销请假"


def _require(allowed: bool, message: str = STAFF_ONLY) -> None:
    """Raise :class:`PermissionDeniedError` with ``message`` unless the predicate ``allowed`` holds."""
    if not allowed:
        raise PermissionDeniedError(message)


@transaction.atomic
def meeting_create(
    *,
    kind: str,
    term: Term,
    number: int,
    title: str,
    starts_at: datetime,
    actor: User,
    body: Body | None = None,
    session: Session | None = None,
    location: str = "",
    presiding: str = "",
    at: datetime | None = None,
) -> Meeting:
    """Convene a meeting and snapshot its roster (one :class:`Attendance` per member, 未报到).

    Args:
        at: when it was convened (aware datetime, default now; back-dated by the demo).
    Raises:
        RuleViolation: a non-plenary meeting without a body of the matching kind, an empty roster (V3),
            or a number the body already used (code ``number_taken``; the database's unique constraint
            cannot see it where the session is empty).
        PermissionDeniedError: ``actor`` is not staff of the congress (:func:`permissions.can_create_meeting`).
        ApplicationError: ``invalid_date``, ``starts_at`` outside 2000–2100; ``too_long``, a title over
            120 characters, a location over 80, a presiding name over 40 (issue 12 item 8).
    """
    check_date(starts_at, label="会议时间")
    check_text(title, label="会议名称", max_length=120)
    check_text(location, label="地点", max_length=80)
    check_text(presiding, label="主持人", max_length=40)
    if kind != Meeting.Kind.PLENARY and (body is None or body.kind != BODY_KIND_FOR_MEETING[Meeting.Kind(kind)]):
        raise RuleViolation("会议类别与机构不符", extra={"rule": "V3"})
    probe = Meeting(congress=term.congress, kind=kind)
    _require(permissions.can_create_meeting(actor, probe))
    roster = roster_for(kind=kind, term=term, body=body, on=starts_at)
    if not roster:
        raise RuleViolation("该机构没有组成人员，不能召开会议", extra={"rule": "V3"})
    body = body if kind != Meeting.Kind.PLENARY else None
    if Meeting.objects.filter(term=term, kind=kind, session=session, body=body, number=number).exists():
        raise RuleViolation(f"第{number}次会议已经存在", code="number_taken")
    meeting = Meeting.objects.create(
        congress=term.congress,
        term=term,
        session=session,
        body=body,
        kind=kind,
        number=number,
        title=title,
        starts_at=starts_at,
        location=location,
        presiding=presiding,
        quorum_rule=conf.quorum_rule(kind),
        roster_size=len(roster),
    )
    Attendance.objects.bulk_create([Attendance(meeting=meeting, deputy=d) for d in roster])
    events.meeting_created(meeting, actor=actor, roster_size=len(roster), at=at)
    return meeting


@transaction.atomic
def meeting_start(
    *, meeting: Meeting, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Meeting:
    """筹备中 → 进行中 (宣布开会).

    Args:
        at: when (default now); expected_version: the meeting version the actor saw (optional).
    Raises:
        PermissionDeniedError: not staff of the congress. InvalidTransition: not planned.
        ConcurrentModification: ``expected_version`` is stale.
    """
    locked = lock(meeting)
    transition(
        locked,
        workflow=MEETING_WORKFLOW,
        to=MeetingStatus.IN_PROGRESS,
        action=Action.START,
        actor=actor,
        allowed=permissions.can_start(actor, locked),
        denied=STAFF_ONLY,
        at=at,
        expected_version=expected_version,
    )
    return locked


@transaction.atomic
def meeting_close(
    *, meeting: Meeting, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Meeting:
    """进行中 → 已结束; members still 未报到 are recorded as 缺席 (one bulk move, one event each).

    Raises:
        PermissionDeniedError: not staff. InvalidTransition: not in progress.
        RuleViolation: a poll of the meeting is still open. ConcurrentModification: stale version.
    """
    locked = lock(meeting)
    _require(permissions.can_close(actor, locked))
    MEETING_WORKFLOW.check(locked.status, MeetingStatus.CLOSED)
    if Poll.objects.filter(item__meeting=locked, status=PollStatus.OPEN).exists():
        raise RuleViolation("仍有表决正在进行，不能结束会议")
    transition(
        locked,
        workflow=MEETING_WORKFLOW,
        to=MeetingStatus.CLOSED,
        action=Action.CLOSE,
        actor=actor,
        at=at,
        expected_version=expected_version,
    )
    transition_bulk(
        Attendance.objects.filter(meeting=locked, status=Attendance.Status.EXPECTED),
        workflow=ATTENDANCE_WORKFLOW,
        to=Attendance.Status.ABSENT,
        action=Action.ABSENT,
        actor=actor,
        note="会议结束时未报到",
        at=at,
    )
    return locked


def _lock_attendance(meeting: Meeting, deputy: Deputy, *, staff_only: bool, actor: User) -> Attendance:
    """Lock the meeting and ``deputy``'s attendance row (in that order) and return the row.

    Raises:
        InvalidTransition: the meeting is closed.
        PermissionDeniedError: ``staff_only`` and ``actor`` is not staff of the meeting.
        RuleViolation: ``deputy`` is not on the roster (V3).
    """
    locked = lock(meeting)
    if locked.status == MeetingStatus.CLOSED:
        raise InvalidTransition("会议已结束，不能更改出席情况")
    if staff_only:
        _require(permissions.can_manage_attendance(actor, locked))
    try:
        row = Attendance.objects.select_for_update().get(meeting=locked, deputy=deputy)
    except Attendance.DoesNotExist:
        raise RuleViolation(f"{deputy.name}不是本次会议的组成人员", extra={"rule": "V3"}) from None
    row.meeting = locked
    return row


def _move_attendance(
    row: Attendance,
    *,
    to: str,
    action: str,
    actor: User,
    allowed: bool,
    denied: str,
    note: str,
    at: datetime | None,
    expected_version: int | None,
) -> Attendance:
    transition(
        row,
        workflow=ATTENDANCE_WORKFLOW,
        to=to,
        action=action,
        actor=actor,
        allowed=allowed,
        denied=denied,
        note=note,
        at=at,
        expected_version=expected_version,
        fields=["checked_in_at", "note"],
    )
    return row


@transaction.atomic
def attendance_check_in(
    *,
    meeting: Meeting,
    deputy: Deputy,
    actor: User,
    reason: str = "",
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Attendance:
    """Record ``deputy`` as present (报到): staff, or the member himself. Counts toward quorum at once.

    A member on leave (请假) cannot check himself in; staff may undo the leave (撤销请假) only with a
    ``reason``, logged with the leave's own reason on the meeting's trail (defect 5).

    Args:
        reason: staff's reason for undoing a leave (required then, ignored otherwise).
        at: when (default now); expected_version: the attendance version the actor saw (optional).
    Raises:
        PermissionDeniedError: not staff and not the member himself, or a member on leave checking
            himself in (nothing changes, no event).
        RuleViolation: staff undoing a leave without a reason (code ``reason_required``); ``deputy``
            not on the roster. InvalidTransition: already present, or the meeting is closed.
    """
    row = _lock_attendance(meeting, deputy, staff_only=False, actor=actor)
    when = at or timezone.now()
    if row.status == Attendance.Status.LEAVE and permissions.can_revoke_leave(actor, row):
        reason = reason.strip()
        if not reason:
            raise RuleViolation("撤销请假须填写理由", code="reason_required")
        note = f"{deputy.name}：撤销请假（原请假事由：{row.note or '未填写'}），理由：{reason}"
        row.checked_in_at, row.note = when, ""
        return _move_attendance(
            row,
            to=Attendance.Status.PRESENT,
            action=Action.LEAVE_REVOKE,
            actor=actor,
            allowed=True,
            denied=STAFF_ONLY,
            note=note,
            at=when,
            expected_version=expected_version,
        )
    allowed = permissions.can_check_in(actor, row)
    own = actor.deputy_id == row.deputy_id
    denied = ON_LEAVE if own and row.status == Attendance.Status.LEAVE else "只能本人报到或由工作人员登记"
    if allowed:
        row.checked_in_at, row.note = when, ""
    return _move_attendance(
        row,
        to=Attendance.Status.PRESENT,
        action=Action.CHECK_IN,
        actor=actor,
        allowed=allowed,
        denied=denied,
        note=deputy.name,
        at=when,
        expected_version=expected_version,
    )


@transaction.atomic
def attendance_check_in_many(
    *, meeting: Meeting, deputies: Iterable[Deputy], actor: User, at: datetime | None = None
) -> int:
    """Check in several members at once (staff at the door); returns how many were checked in.

    Members already present are skipped; a member on leave is refused (staff undo a leave one by one,
    with a reason). All or nothing.
    Raises:
        as :func:`attendance_check_in`.
    """
    _require(permissions.can_manage_attendance(actor, meeting))
    present = set(
        Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT).values_list("deputy_id", flat=True)
    )
    n = 0
    for d in deputies:
        if d.pk in present:
            continue
        attendance_check_in(meeting=meeting, deputy=d, actor=actor, at=at)
        present.add(d.pk)
        n += 1
    return n


@transaction.atomic
def attendance_mark_leave(
    *,
    meeting: Meeting,
    deputy: Deputy,
    reason: str,
    actor: User,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Attendance:
    """Record an approved leave of absence (请假) with its ``reason`` (kept on the row and the trail). Staff only.

    Raises:
        PermissionDeniedError: not staff. InvalidTransition: already on leave, or the meeting is closed.
        RuleViolation: ``deputy`` not on the roster.
    """
    row = _lock_attendance(meeting, deputy, staff_only=True, actor=actor)
    reason = reason.strip()
    row.checked_in_at, row.note = None, reason
    return _move_attendance(
        row,
        to=Attendance.Status.LEAVE,
        action=Action.LEAVE,
        actor=actor,
        allowed=permissions.can_mark_leave(actor, row),
        denied=STAFF_ONLY,
        note=f"{deputy.name}：{reason}" if reason else deputy.name,
        at=at,
        expected_version=expected_version,
    )


@transaction.atomic
def attendance_mark_absent(
    *, meeting: Meeting, deputy: Deputy, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Attendance:
    """Record ``deputy`` as absent (缺席). Staff only.

    Raises:
        PermissionDeniedError: not staff. InvalidTransition: already absent, or the meeting is closed.
    """
    row = _lock_attendance(meeting, deputy, staff_only=True, actor=actor)
    row.checked_in_at, row.note = None, ""
    return _move_attendance(
        row,
        to=Attendance.Status.ABSENT,
        action=Action.ABSENT,
        actor=actor,
        allowed=permissions.can_mark_absent(actor, row),
        denied=STAFF_ONLY,
        note=deputy.name,
        at=at,
        expected_version=expected_version,
    )


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    actor: User,
    kind: str = AgendaItem.Kind.RESOLUTION,
    threshold: str | None = None,
    subject: Model | None = None,
    proposer: str = "",
    co_signers: int = 0,
    at: datetime | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda; ``threshold`` defaults from the item kind (V2–V5 settings).

    A bill on a Standing Committee agenda must come from a proposer allowed by V4 (``proposer`` one of
    council_of_chairpersons / government / special_committee, or ``members`` with ``co_signers`` ≥ 5);
    a bill on a congress plenary agenda from one allowed by B2 (presidium / standing_committee /
    special_committee / government / delegation, or ``deputies`` with ``co_signers`` ≥ 10).
    ``co_signers`` is a whole number of people from 0 to ``CO_SIGNERS_MAX`` (650, the most deputies a
    city congress has: 选举法 第12条); ``kind`` one of ``AgendaItem.Kind``; ``proposer`` '' or one of
    ``rules.BILL_PROPOSERS``; ``title`` at most 200 characters (issue 12 item 8: SQLite stored any of
    these, PostgreSQL refused them).
    Raises:
        RuleViolation: ``invalid_co_signers`` (not a whole number in range), ``invalid_choice`` (kind,
            proposer), ``too_long`` (title); rule V4: a Standing Committee bill from anyone else;
            rule B2: a congress bill from anyone else.
    """
    locked = lock(meeting)
    _require(permissions.can_edit_agenda(actor, locked))
    if isinstance(co_signers, bool) or not isinstance(co_signers, int) or not 0 <= co_signers <= CO_SIGNERS_MAX:
        raise RuleViolation(f"联名人数须为 0–{CO_SIGNERS_MAX} 之间的整数", code="invalid_co_signers")
    if kind not in AgendaItem.Kind.values:
        raise RuleViolation(f"议程类别“{str(kind)[:20]}”不存在", code="invalid_choice")
    if proposer not in ("", *(value for value, _label in rules.BILL_PROPOSERS)):
        raise RuleViolation(f"提出人“{str(proposer)[:20]}”不存在", code="invalid_choice")
    if len(title) > 200:
        raise RuleViolation("议题不能超过200个字", code="too_long")
    if (
        locked.kind == Meeting.Kind.PLENARY
        and kind == AgendaItem.Kind.BILL
        and not rules.congress_bill_allowed(proposer=proposer, co_signers=co_signers)
    ):
        raise RuleViolation(
            "大会议案须由主席团、常委会、专门委员会、人民政府、代表团提出，或由代表十人以上联名提出",
            extra={"rule": "B2"},
        )
    if (
        locked.kind == Meeting.Kind.STANDING_COMMITTEE
        and kind == AgendaItem.Kind.BILL
        and not rules.standing_committee_bill_allowed(proposer=proposer, co_signers=co_signers)
    ):
        raise RuleViolation(
            "常委会议案须由主任会议、人民政府、专门委员会提出，或由常委会组成人员五人以上联名提出",
            extra={"rule": "V4"},
        )
    if locked.status == MeetingStatus.CLOSED:
        raise InvalidTransition("会议已结束，不能增加议程")
    last = AgendaItem.objects.filter(meeting=locked).order_by("-order").values_list("order", flat=True).first()
    item = AgendaItem(
        meeting=locked,
        order=(last or 0) + 1,
        title=title,
        kind=kind,
        threshold=threshold or conf.threshold_for(kind),
        proposer=proposer,
        co_signers=co_signers,
    )
    if subject is not None:
        item.content_type = ContentType.objects.get_for_model(subject)
        item.object_id = subject.pk
    item.save()
    events.agenda_item_added(locked, actor=actor, title=title, at=at)
    return item


@transaction.atomic
def poll_create(
    *,
    item: AgendaItem,
    method: str,
    actor: User,
    kind: str = Poll.Kind.MOTION,
    title: str = "",
    options: Sequence[tuple[str, Model | None]] = (),
    ballot_form: str = Poll.BallotForm.PER_OPTION,
    max_choices: int | None = None,
    revote_of: Poll | None = None,
    at: datetime | None = None,
) -> Poll:
    """Create a poll (未开始) on an agenda item.

    Args:
        options: for candidates/satisfaction polls, ``(label, subject)`` per option; a motion gets one
            option, the item itself.
        ballot_form/max_choices: L3 — per-option 赞成/反对/弃权 (default) or choose up to N.
    Raises:
        RuleViolation: a secret-only kind with another method (L2/L7), no options, bad max_choices.
    """
    _require(permissions.can_create_poll(actor, item))
    if kind in (Poll.Kind.SATISFACTION,) and method != Poll.Method.SECRET:
        raise RuleViolation("满意度测评须无记名投票", extra={"rule": "L7"})
    if kind == Poll.Kind.MOTION:
        options = [(item.title, None)]
    if not options:
        raise RuleViolation("表决至少需要一个选项")
    if ballot_form == Poll.BallotForm.CHOOSE_UP_TO and (not max_choices or max_choices < 1):
        raise RuleViolation("限选票式须设定限选数", extra={"rule": "L3"})
    if method == Poll.Method.SHOW_OF_HANDS and kind != Poll.Kind.MOTION:
        raise RuleViolation("候选项目和满意度测评不能举手表决", extra={"rule": "L2"})
    poll = Poll.objects.create(
        item=item,
        title=title or item.title,
        kind=kind,
        method=method,
        ballot_form=ballot_form,
        max_choices=max_choices if ballot_form == Poll.BallotForm.CHOOSE_UP_TO else None,
        threshold=item.threshold,
        revote_of=revote_of,
    )
    rows = []
    for i, (label, subject) in enumerate(options, start=1):
        opt = PollOption(poll=poll, order=i, label=label)
        if subject is not None:
            opt.content_type = ContentType.objects.get_for_model(subject)
            opt.object_id = subject.pk
        rows.append(opt)
    PollOption.objects.bulk_create(rows)
    events.poll_created(poll, actor=actor, at=at)
    return poll


def _lock_poll(poll: Poll) -> Poll:
    """Lock the poll row only (``FOR UPDATE OF`` the poll; the joined item and meeting stay unlocked)."""
    return Poll.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=poll.pk)


def quorum_error(meeting: Meeting, present: int) -> RuleViolation:
    """The refusal for a meeting whose ``present`` members do not make its quorum (V1/V3/V5).

    Returns a ``RuleViolation`` (code ``quorum_not_met``) naming the members needed; the caller raises it.
    """
    rule = rules.QuorumRule(meeting.quorum_rule)
    need = rules.quorum_required(total=meeting.roster_size, rule=rule)
    phrase = "三分之二" if rule is rules.QuorumRule.TWO_THIRDS else "过半数"
    return RuleViolation(
        f"出席 {present} 人，不足法定人数（应到 {meeting.roster_size} 人的{phrase}，至少 {need} 人），不能开始表决",
        code="quorum_not_met",
        extra={"rule": QUORUM_RULE_ID[Meeting.Kind(meeting.kind)], "present": present, "required": need},
    )


@transaction.atomic
def poll_open(*, poll: Poll, actor: User, at: datetime | None = None, expected_version: int | None = None) -> Poll:
    """未开始 → 表决中, only with a quorum present (V1 plenary ≥ 2/3; V3/V5 > half of all members).

    Snapshots 应到 (the roster size) and 实到 (members checked in now); tells the members present
    (in-app and e-mail, on commit; :func:`notices.poll_opened`).
    Raises:
        RuleViolation(code="quorum_not_met", rule V1/V3/V5): too few present.
        RuleViolation: the meeting is not in progress, or another poll of the meeting is open.
        PermissionDeniedError: not staff. InvalidTransition: not 未开始. ConcurrentModification: stale version.
    """
    locked = _lock_poll(poll)
    meeting = lock(locked.item.meeting)
    allowed = permissions.can_open_poll(actor, locked)
    _require(allowed)
    POLL_WORKFLOW.check(locked.status, PollStatus.OPEN)
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise RuleViolation("会议尚未开始或已经结束，不能表决")
    if Poll.objects.filter(item__meeting=meeting, status=PollStatus.OPEN).exclude(pk=locked.pk).exists():
        raise RuleViolation("本次会议已有表决正在进行")
    present = Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT).count()
    if not rules.quorum_met(present=present, total=meeting.roster_size, rule=rules.QuorumRule(meeting.quorum_rule)):
        raise quorum_error(meeting, present)
    locked.electorate = meeting.roster_size
    locked.present = present
    locked.opened_at = at or timezone.now()
    transition(
        locked,
        workflow=POLL_WORKFLOW,
        to=PollStatus.OPEN,
        action=Action.OPEN,
        actor=actor,
        allowed=allowed,
        note=f"应到 {meeting.roster_size} 人，实到 {present} 人",
        at=locked.opened_at,
        expected_version=expected_version,
        fields=["electorate", "present", "opened_at"],
        notice=notices.poll_opened(locked, meeting),
    )
    return locked


@transaction.atomic
def poll_enter_counts(
    *,
    poll: Poll,
    counts: Mapping[str, int],
    actor: User,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Poll:
    """Record the counts of a show of hands (举手表决): ``{"yes", "no", "abstain"}`` (people).

    Raises:
        PermissionDeniedError: not staff (:func:`permissions.can_enter_counts`).
        RuleViolation: not a show of hands, not open, or more hands than members present.
        ConcurrentModification: stale ``expected_version``.
    """
    locked = _lock_poll(poll)
    _require(permissions.can_enter_counts(actor, locked))
    if locked.method != Poll.Method.SHOW_OF_HANDS:
        raise RuleViolation("只有举手表决可以录入票数")
    if locked.status != PollStatus.OPEN:
        raise RuleViolation("表决未开始或已经结束", code="poll_not_open")
    clean = {c: int(counts.get(c, 0)) for c in MOTION_CHOICES}
    if any(v < 0 for v in clean.values()) or sum(clean.values()) > (locked.present or 0):
        raise RuleViolation(f"票数合计不能超过实到人数 {locked.present} 人")
    option = locked.options.get()
    option.counts = {str(k): v for k, v in clean.items()}
    option.save(update_fields=["counts"])
    locked.votes_cast = sum(clean.values())
    save_versioned(locked, ["votes_cast"], expected_version=expected_version)
    events.counts_entered(locked, actor=actor, counts={str(k): v for k, v in clean.items()}, at=at)
    return locked


@transaction.atomic
def poll_close(*, poll: Poll, actor: User, at: datetime | None = None, expected_version: int | None = None) -> Poll:
    """表决中 → 已结束: count the ballots and decide each option against the full membership.

    A motion passes under its rule template (V2/V3/V5, two-thirds where configured); candidates are
    marked eligible by the same rule (the livelihood app then applies L4); a satisfaction option is
    decided by :func:`renda.meetings.verdicts.satisfaction_verdict` (L7, or its subject app's rule: M10). The drafted text goes to ``result_text``.
    Raises:
        PermissionDeniedError: not staff. InvalidTransition: not open.
        RuleViolation: a show of hands without counts. ConcurrentModification: stale version.
    """
    locked = _lock_poll(poll)
    meeting = locked.item.meeting
    allowed = permissions.can_close_poll(actor, locked)
    _require(allowed)
    POLL_WORKFLOW.check(locked.status, PollStatus.CLOSED)
    options = list(locked.options.all())
    if locked.method != Poll.Method.SHOW_OF_HANDS:
        counted = tally(locked)
        for opt in options:
            opt.counts = counted[opt.pk]
        locked.votes_cast = VoteCast.objects.filter(poll=locked).count()
    elif not any(opt.counts for opt in options):
        raise RuleViolation("请先录入举手表决票数")
    total = locked.electorate or meeting.roster_size
    present = locked.present or 0
    label = ELECTORATE_LABEL[Meeting.Kind(meeting.kind)]
    for opt in options:
        if locked.kind == Poll.Kind.SATISFACTION:
            opt.passed, opt.result_text = verdicts.satisfaction_verdict(opt)
        else:
            counts = rules.Counts(opt.count("yes"), opt.count("no"), opt.count("abstain"))
            result = rules.decide(
                counts=counts,
                total=total,
                present=max(present, counts.cast),
                threshold=rules.Threshold(locked.threshold),
                electorate_label=label,
            )
            opt.passed = result.passed
            opt.result_text = result.text
    PollOption.objects.bulk_update(options, ["counts", "passed", "result_text"])
    locked.closed_at = at or timezone.now()
    if locked.kind == Poll.Kind.MOTION:
        opt = options[0]
        locked.passed = opt.passed
        counts = rules.Counts(opt.count("yes"), opt.count("no"), opt.count("abstain"))
        result = rules.decide(
            counts=counts,
            total=total,
            present=max(present, counts.cast),
            threshold=rules.Threshold(locked.threshold),
            electorate_label=label,
        )
        locked.result_text = rules.full_text(result, title=locked.title)
    else:
        locked.result_text = f"{locked.title}：应到 {total} 人，实到 {present} 人，投票 {locked.votes_cast} 人。"
    transition(
        locked,
        workflow=POLL_WORKFLOW,
        to=PollStatus.CLOSED,
        action=Action.CLOSE,
        actor=actor,
        allowed=allowed,
        note=locked.result_text,
        at=locked.closed_at,
        expected_version=expected_version,
        fields=["closed_at", "votes_cast", "passed", "result_text"],
    )
    return locked


@transaction.atomic
def poll_publish(*, poll: Poll, actor: User, at: datetime | None = None, expected_version: int | None = None) -> Poll:
    """已结束 → 已公布: the result becomes visible on the public results page.

    Raises:
        PermissionDeniedError: not staff. InvalidTransition: not closed. ConcurrentModification: stale version.
    """
    locked = _lock_poll(poll)
    locked.published_at = at or timezone.now()
    transition(
        locked,
        workflow=POLL_WORKFLOW,
        to=PollStatus.PUBLISHED,
        action=Action.PUBLISH,
        actor=actor,
        allowed=permissions.can_publish_poll(actor, locked),
        denied=STAFF_ONLY,
        at=locked.published_at,
        expected_version=expected_version,
        fields=["published_at"],
    )
    public_results_changed()
    return locked


def public_results_changed() -> None:
    """Give the public results page a new version (issue 17 item 3): replace the token of the one
    :class:`PublicResultsVersion` row, in the caller's transaction, so that every process's cached rows
    (``selectors.public_results_cached``) are read again from the next request after it commits (and
    stay valid if it rolls back). Call it from every write that changes a published poll's row on the
    page: :func:`poll_publish`, the admin's meeting edits, the demo's back-dating. The row is locked
    until the caller commits (concurrent publications wait for each other here); it is created when
    missing (a flushed test database)."""
    if not PublicResultsVersion.objects.filter(pk=1).update(token=uuid.uuid4()):
        _row, created = PublicResultsVersion.objects.get_or_create(pk=1)
        if not created:  # made by a concurrent caller since: still a token of our own
            PublicResultsVersion.objects.filter(pk=1).update(token=uuid.uuid4())
