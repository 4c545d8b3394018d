"""Writes of the meetings domain: convene, check in, open/close/publish polls, cast ballots.

Each transition locks its row with ``select_for_update``, checks the transition and the actor's
right, saves with ``update_fields`` and writes an event row, all in one transaction: a refused action
writes nothing. Rule ids refer to RULES.md §3 (V1–V5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Model
from django.utils import timezone

from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.meetings import conf, rules
from renda.meetings.models import (
    MOTION_CHOICES,
    SATISFACTION_CHOICES,
    AgendaItem,
    Attendance,
    Ballot,
    BallotEntry,
    Meeting,
    MeetingEvent,
    Poll,
    PollEvent,
    PollOption,
    VoteCast,
)
from renda.meetings.permissions import can_run
from renda.meetings.workflow import MeetingStatus, PollStatus, assert_meeting_transition, assert_poll_transition
from renda.organization.models import Body, Deputy, Membership, Session, Term, User

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


def _require_staff(actor: User, meeting: Meeting) -> None:
    if not can_run(actor, meeting):
        raise PermissionDeniedError("只有常委会工作人员可以组织会议和表决")


def roster_for(*, kind: str, term: Term, body: Body | None, on: datetime) -> list[Deputy]:
    """The full membership a meeting's votes are counted against.

    A congress plenary: every serving deputy of the term (V1/V2). Another body: its members whose
    seat is current on the meeting's date (V3/V5).
    """
    if kind == Meeting.Kind.PLENARY:
        return list(Deputy.objects.filter(term=term, status=Deputy.Status.SERVING).order_by("code"))
    assert body is not None
    day = timezone.localtime(on).date()
    seats = (
        Membership.objects.filter(body=body, started_on__lte=day)
        .exclude(ended_on__lt=day)
        .select_related("deputy")
        .order_by("deputy__code")
    )
    seen: dict[int, Deputy] = {}
    for m in seats:
        seen.setdefault(m.deputy_id, m.deputy)
    return list(seen.values())


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
) -> Meeting:
    """Convene a meeting and snapshot its roster (one :class:`Attendance` per member, 未报到).

    Raises:
        RuleViolation: a non-plenary meeting without a body of the matching kind, or an empty roster.
        PermissionDeniedError: ``actor`` is not staff of the congress.
    """
    if kind != Meeting.Kind.PLENARY and (body is None or body.kind != BODY_KIND_FOR_MEETING[Meeting.Kind(kind)]):
        raise RuleViolation("会议类别与机构不符", extra={"rule": "V3"})
    probe = Meeting(congress=term.congress, kind=kind)
    _require_staff(actor, probe)
    roster = roster_for(kind=kind, term=term, body=body, on=starts_at)
    if not roster:
        raise RuleViolation("该机构没有组成人员，不能召开会议", extra={"rule": "V3"})
    meeting = Meeting.objects.create(
        congress=term.congress,
        term=term,
        session=session,
        body=body if kind != Meeting.Kind.PLENARY else None,
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
    MeetingEvent.objects.create(
        meeting=meeting, actor=actor, action="create", to_status=meeting.status, note=f"应到 {len(roster)} 人"
    )
    return meeting


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def meeting_start(*, meeting: Meeting, actor: User) -> Meeting:
    """筹备中 → 进行中. Raises InvalidTransition, PermissionDeniedError."""
    locked = _lock_meeting(meeting)
    _require_staff(actor, locked)
    assert_meeting_transition(locked.status, MeetingStatus.IN_PROGRESS)
    before = locked.status
    locked.status = MeetingStatus.IN_PROGRESS
    locked.save(update_fields=["status", "updated_at"])
    MeetingEvent.objects.create(
        meeting=locked, actor=actor, action="start", from_status=before, to_status=locked.status
    )
    return locked


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor: User) -> Meeting:
    """进行中 → 已结束; members never checked in are recorded as 缺席.

    Raises:
        RuleViolation: a poll of the meeting is still open.
    """
    locked = _lock_meeting(meeting)
    _require_staff(actor, locked)
    assert_meeting_transition(locked.status, MeetingStatus.CLOSED)
    if Poll.objects.filter(item__meeting=locked, status=PollStatus.OPEN).exists():
        raise RuleViolation("仍有表决正在进行，不能结束会议")
    before = locked.status
    locked.status = MeetingStatus.CLOSED
    locked.save(update_fields=["status", "updated_at"])
    Attendance.objects.filter(meeting=locked, status=Attendance.Status.EXPECTED).update(status=Attendance.Status.ABSENT)
    MeetingEvent.objects.create(
        meeting=locked, actor=actor, action="close", from_status=before, to_status=locked.status
    )
    return locked


def _set_attendance(
    *, meeting: Meeting, deputy: Deputy, status: str, actor: User, action: str, note: str = ""
) -> Attendance:
    locked = _lock_meeting(meeting)
    if locked.status == MeetingStatus.CLOSED:
        raise InvalidTransition("会议已结束，不能更改出席情况")
    self_check_in = action == "check_in" and actor.deputy_id == deputy.pk
    if not self_check_in:
        _require_staff(actor, locked)
    try:
        row = Attendance.objects.select_for_update().get(meeting=locked, deputy=deputy)
    except Attendance.DoesNotExist:
        raise RuleViolation(f"{deputy.name}不是本次会议的组成人员", extra={"rule": "V3"}) from None
    row.status = status
    row.checked_in_at = timezone.now() if status == Attendance.Status.PRESENT else None
    row.note = note
    row.save(update_fields=["status", "checked_in_at", "note"])
    MeetingEvent.objects.create(meeting=locked, actor=actor, action=action, to_status=status, note=deputy.name)
    return row


@transaction.atomic
def attendance_check_in(*, meeting: Meeting, deputy: Deputy, actor: User) -> Attendance:
    """Record ``deputy`` as present (报到). Staff, or the deputy themself. Counts toward quorum at once."""
    return _set_attendance(
        meeting=meeting, deputy=deputy, status=Attendance.Status.PRESENT, actor=actor, action="check_in"
    )


@transaction.atomic
def attendance_check_in_many(*, meeting: Meeting, deputies: Iterable[Deputy], actor: User) -> int:
    """Check in several members at once (staff at the door); returns how many were checked in."""
    n = 0
    for d in deputies:
        _set_attendance(meeting=meeting, deputy=d, status=Attendance.Status.PRESENT, actor=actor, action="check_in")
        n += 1
    return n


@transaction.atomic
def attendance_mark_leave(*, meeting: Meeting, deputy: Deputy, reason: str, actor: User) -> Attendance:
    """Record an approved leave of absence (请假) with its reason. Staff only."""
    return _set_attendance(
        meeting=meeting, deputy=deputy, status=Attendance.Status.LEAVE, actor=actor, action="leave", note=reason
    )


@transaction.atomic
def attendance_mark_absent(*, meeting: Meeting, deputy: Deputy, actor: User) -> Attendance:
    """Record ``deputy`` as absent (缺席). Staff only."""
    return _set_attendance(
        meeting=meeting, deputy=deputy, status=Attendance.Status.ABSENT, actor=actor, action="absent"
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
) -> AgendaItem:
    """Add an item at the end of the agenda; ``threshold`` defaults from the item kind (V2–V5 settings).

    A bill on a Standing Committee agenda must come from a proposer allowed by V4 (``proposer`` one of
    council_of_chairpersons / government / special_committee, or ``members`` with ``co_signers`` ≥ 5);
    a bill on a congress plenary agenda from one allowed by B2 (presidium / standing_committee /
    special_committee / government / delegation, or ``deputies`` with ``co_signers`` ≥ 10).
    ``co_signers`` is a non-negative whole number of people.
    Raises:
        RuleViolation: negative ``co_signers``; rule V4: a Standing Committee bill from anyone else;
            rule B2: a congress bill from anyone else.
    """
    locked = _lock_meeting(meeting)
    _require_staff(actor, locked)
    if isinstance(co_signers, bool) or not isinstance(co_signers, int) or co_signers < 0:
        raise RuleViolation("联名人数须为不小于 0 的整数", code="invalid_co_signers")
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
    MeetingEvent.objects.create(meeting=locked, actor=actor, action="agenda_add", note=title)
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
) -> Poll:
    """Create a poll (未开始) on an agenda item.

    Args:
        options: for candidates/satisfaction polls, ``(label, subject)`` per option; a motion gets one
            option, the item itself.
        ballot_form/max_choices: L3 — per-option 赞成/反对/弃权 (default) or choose up to N.
    Raises:
        RuleViolation: a secret-only kind with another method (L2/L7), no options, bad max_choices.
    """
    meeting = item.meeting
    _require_staff(actor, meeting)
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
    PollEvent.objects.create(poll=poll, actor=actor, action="create", to_status=poll.status)
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
def poll_open(*, poll: Poll, actor: User) -> Poll:
    """未开始 → 表决中, only with a quorum present (V1 plenary ≥ 2/3; V3/V5 > half of all members).

    Snapshots 应到 (the roster size) and 实到 (members checked in now).
    Raises:
        RuleViolation(code="quorum_not_met", rule V1/V3/V5): too few present.
        RuleViolation: the meeting is not in progress, or another poll of the meeting is open.
    """
    locked = _lock_poll(poll)
    meeting = _lock_meeting(locked.item.meeting)
    _require_staff(actor, meeting)
    assert_poll_transition(locked.status, PollStatus.OPEN)
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise RuleViolation("会议尚未开始或已经结束，不能表决")
    if Poll.objects.filter(item__meeting=meeting, status=PollStatus.OPEN).exclude(pk=locked.pk).exists():
        raise RuleViolation("本次会议已有表决正在进行")
    present = Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT).count()
    if not rules.quorum_met(present=present, total=meeting.roster_size, rule=rules.QuorumRule(meeting.quorum_rule)):
        raise quorum_error(meeting, present)
    before = locked.status
    locked.status = PollStatus.OPEN
    locked.electorate = meeting.roster_size
    locked.present = present
    locked.opened_at = timezone.now()
    locked.save(update_fields=["status", "electorate", "present", "opened_at", "updated_at"])
    PollEvent.objects.create(
        poll=locked,
        actor=actor,
        action="open",
        from_status=before,
        to_status=locked.status,
        note=f"应到 {meeting.roster_size} 人，实到 {present} 人",
    )
    from renda.meetings.tasks import notify_poll_opened

    poll_id = locked.pk
    transaction.on_commit(lambda: notify_poll_opened.enqueue(poll_id))
    return locked


def allowed_choices(poll: Poll) -> tuple[str, ...]:
    """The choices a ballot of ``poll`` may carry (赞成/反对/弃权, or 满意… for satisfaction polls)."""
    return SATISFACTION_CHOICES if poll.kind == Poll.Kind.SATISFACTION else MOTION_CHOICES


class AlreadyVoted(RuleViolation):
    """A member tried to vote twice in the same poll."""

    code = "already_voted"
    http_status = 409


@transaction.atomic
def ballot_cast(*, poll: Poll, voter: Deputy, choices: Mapping[int, str], actor: User) -> None:
    """Cast ``voter``'s ballot (electronic named vote or secret ballot).

    Args:
        choices: option id → choice. Per-option polls need a choice for every option
            (赞成/反对/弃权, or 满意/基本满意/不满意/弃权); choose-up-to polls list only the chosen options
            with ``"yes"``, at most ``max_choices`` of them (L3).
    Raises:
        AlreadyVoted (code ``already_voted``, 409): the member has voted in this poll. Two concurrent
            calls record exactly one ballot: (poll, member) is unique in the database, and the poll row
            is locked (shared) against a concurrent close.
        RuleViolation: the poll is not open, is a show of hands, the member is not present, bad choices.
        PermissionDeniedError: ``actor`` is not ``voter``'s own login.
    """
    if actor.deputy_id != voter.pk:
        raise PermissionDeniedError("只能本人投票")
    # Checks that do not depend on concurrent voters run before the lock, to keep it short.
    current = Poll.objects.select_related("item").get(pk=poll.pk)
    if current.method == Poll.Method.SHOW_OF_HANDS:
        raise RuleViolation("举手表决由工作人员录入票数")
    if not Attendance.objects.filter(
        meeting_id=current.item.meeting_id, deputy=voter, status=Attendance.Status.PRESENT
    ).exists():
        raise RuleViolation("您未报到出席本次会议，不能投票", extra={"rule": "V1"})
    options = {o.pk: o for o in PollOption.objects.filter(poll=current)}
    entries = _validate_choices(current, options, choices)
    if VoteCast.objects.filter(poll=current, deputy=voter).exists():
        raise AlreadyVoted("您已投票，不能重复投票")
    if _share_lock_poll(current) != PollStatus.OPEN:
        raise RuleViolation("表决未开始或已经结束", code="poll_not_open")
    try:
        VoteCast.objects.create(poll=current, deputy=voter)
    except IntegrityError:
        # a concurrent request of the same member committed first; this transaction rolls back whole
        raise AlreadyVoted("您已投票，不能重复投票") from None
    ballot = Ballot.objects.create(poll=current, voter=None if current.is_secret else voter)
    BallotEntry.objects.bulk_create([BallotEntry(ballot=ballot, option_id=oid, choice=c) for oid, c in entries])


def _share_lock_poll(poll: Poll) -> str:
    """Lock the poll row in SHARE mode and return its status.

    Voters take the shared lock, so they do not queue behind each other; every transition (open,
    close, publish) takes ``FOR UPDATE`` and therefore waits for the ballots in flight and is waited
    for by later ones: no ballot is stored after the poll closed. One ballot per member is the
    database's unique (poll, member) constraint. SQLite serialises writers and has no row locks.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"SELECT status FROM {Poll._meta.db_table} WHERE id = %s FOR SHARE", [poll.pk])
            row = cur.fetchone()
        return str(row[0]) if row else ""
    return str(Poll.objects.select_for_update().values_list("status", flat=True).get(pk=poll.pk))


def _validate_choices(poll: Poll, options: dict[int, PollOption], choices: Mapping[int, str]) -> list[tuple[int, str]]:
    unknown = set(choices) - set(options)
    if unknown:
        raise RuleViolation("选票含有不属于本次表决的选项")
    if poll.ballot_form == Poll.BallotForm.CHOOSE_UP_TO:
        chosen = [oid for oid, c in choices.items() if c == "yes"]
        if len(chosen) != len(choices):
            raise RuleViolation("限选票只能选择“赞成”", extra={"rule": "L3"})
        if poll.max_choices and len(chosen) > poll.max_choices:
            raise RuleViolation(f"最多只能选择 {poll.max_choices} 项", extra={"rule": "L3"})
        return [(oid, "yes") for oid in chosen]
    allowed = allowed_choices(poll)
    if set(choices) != set(options):
        raise RuleViolation("请对每一项作出选择")
    bad = [c for c in choices.values() if c not in allowed]
    if bad:
        raise RuleViolation("选择无效")
    return [(oid, choices[oid]) for oid in sorted(choices)]


@transaction.atomic
def poll_enter_counts(*, poll: Poll, counts: Mapping[str, int], actor: User) -> Poll:
    """Record the counts of a show of hands (举手表决): ``{"yes", "no", "abstain"}`` (people).

    Raises:
        RuleViolation: not a show of hands, not open, or more hands than members present.
    """
    locked = _lock_poll(poll)
    _require_staff(actor, locked.item.meeting)
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
    Poll.objects.filter(pk=locked.pk).update(votes_cast=sum(clean.values()))
    PollEvent.objects.create(
        poll=locked,
        actor=actor,
        action="enter_counts",
        from_status=locked.status,
        to_status=locked.status,
        note="，".join(f"{k}={v}" for k, v in clean.items()),
    )
    return locked


def tally(poll: Poll) -> dict[int, dict[str, int]]:
    """Counts per option and choice from the stored ballots (not for show of hands)."""
    out: dict[int, dict[str, int]] = {o: {} for o in poll.options.values_list("pk", flat=True)}
    rows = (
        BallotEntry.objects.filter(ballot__poll=poll).values("option_id", "choice").annotate(n=Count("id")).order_by()
    )
    for row in rows:
        out[row["option_id"]][row["choice"]] = row["n"]
    return out


@transaction.atomic
def poll_close(*, poll: Poll, actor: User) -> Poll:
    """表决中 → 已结束: count the ballots and decide each option against the full membership.

    A motion passes under its rule template (V2/V3/V5, two-thirds where configured); candidates are
    marked eligible by the same rule (the livelihood app then applies L4); a satisfaction option
    passes by L7. The drafted text goes to ``result_text``.
    """
    locked = _lock_poll(poll)
    meeting = locked.item.meeting
    _require_staff(actor, meeting)
    assert_poll_transition(locked.status, PollStatus.CLOSED)
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
            votes = rules.Satisfaction(
                opt.count("satisfied"),
                opt.count("basically_satisfied"),
                opt.count("dissatisfied"),
                opt.count("abstain"),
            )
            mark = conf.satisfaction_pass_mark()
            opt.passed = rules.satisfaction_passes(votes, pass_mark=mark)
            opt.result_text = rules.satisfaction_text(votes, pass_mark=mark)
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
    before = locked.status
    locked.status = PollStatus.CLOSED
    locked.closed_at = timezone.now()
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
    locked.save(update_fields=["status", "closed_at", "votes_cast", "passed", "result_text", "updated_at"])
    PollEvent.objects.create(
        poll=locked, actor=actor, action="close", from_status=before, to_status=locked.status, note=locked.result_text
    )
    return locked


@transaction.atomic
def poll_publish(*, poll: Poll, actor: User) -> Poll:
    """已结束 → 已公布: the result becomes visible on the public results page."""
    locked = _lock_poll(poll)
    _require_staff(actor, locked.item.meeting)
    assert_poll_transition(locked.status, PollStatus.PUBLISHED)
    before = locked.status
    locked.status = PollStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    PollEvent.objects.create(poll=locked, actor=actor, action="publish", from_status=before, to_status=locked.status)
    return locked
