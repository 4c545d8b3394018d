"""Writes of the appointments domain (RULES.md §10 A1–A23, §9 M26): nominate, file, record the
pre-appointment steps, list for a Standing Committee vote through the meetings app, record the vote's
result into the register of office-holders, withdraw or withhold, and record oath ceremonies.

Every status change goes through :func:`renda.core.workflow.transition`; each function runs in one
transaction, so a refused action (an ``ApplicationError``) writes nothing.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from renda.appointments import events, notices, permissions
from renda.appointments.events import Action
from renda.appointments.models import Appointment, OathCeremony, OathTaker, Person, Post, PreStep, Tenure
from renda.appointments.posts import (
    OATH_VERSIONS,
    POST_TYPES,
    Nominator,
    Organ,
    Step,
    filing_days,
    retry_months,
    steps_for,
)
from renda.appointments.workflow import APPOINTMENT_WORKFLOW
from renda.core.constraints import check_date, check_text
from renda.core.exceptions import ApplicationError, PermissionDeniedError, RuleViolation
from renda.core.notifications import notify_on_commit
from renda.core.workflow import lock, transition
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.meetings.workflow import MeetingStatus
from renda.organization.models import Body, Congress, Deputy, Membership, Term, User

S = Appointment.Status
K = Appointment.Kind
SELF = "self"
#: A18: the deputy-head posts from which an acting head is named.
DEPUTY_HEAD_POSTS = ("vice_mayor", "supervision_deputy", "court_vice_president", "deputy_procurator_general")
#: A20: the posts whose holders may resign to the Standing Committee between sessions (of this table).
RESIGNABLE_POSTS = (
    "vice_mayor", "committee_member", "acting_head", "mayor", "supervision_director", "court_president",
    "chief_procurator",
)  # fmt: skip
#: A18, A19: the posts of acting heads (the council nominates).
ACTING_POSTS = ("acting_head", "acting_sc_director", "acting_sc_secretary_general")
STEP_RESULTS = {
    Step.LAW_EXAM: (PreStep.Result.PASSED, PreStep.Result.FAILED),
    Step.STATEMENT: (PreStep.Result.DONE, PreStep.Result.WRITTEN),
    Step.PUBLICITY: (PreStep.Result.DONE,),
    Step.DEFENCE: (PreStep.Result.ORAL, PreStep.Result.WRITTEN, PreStep.Result.WAIVED),
}


def _require(allowed: bool, message: str = "您无权执行此操作") -> None:
    if not allowed:
        raise PermissionDeniedError(message)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the last day of a shorter month when needed)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_day(moment: datetime) -> date:
    """The Asia/Shanghai calendar day of an aware datetime."""
    return timezone.localtime(moment).date()


def check_nominator(*, kind: str, post_type: str, nominator: str, mayor_vacant: bool = False) -> None:
    """Refuse a nomination by anyone other than the proposer the rules name.

    Args:
        kind: ``Appointment.Kind`` value. post_type: ``posts.POST_TYPES`` code.
        nominator: ``posts.Nominator`` value or ``"self"`` (a resignation).
        mayor_vacant: the mayor's post is vacant (A1: the council nominates a 副市长 then).
    Raises:
        RuleViolation: ``invalid_choice`` for an unknown post type or kind; rule A7 (people's assessors
            are not appointed by the city); A1–A6 (wrong nominator); A18 (acting heads: the council);
            A20 (resignations: the person, posts listed); M26 (removal: the organ or the council); A5
            (approval only of lower 检察长).
    """
    pt = POST_TYPES.get(post_type)
    if pt is None:
        raise RuleViolation(f"职务类别“{str(post_type)[:20]}”不存在", code="invalid_choice")
    if kind not in K.values:
        raise RuleViolation(f"任免类别“{str(kind)[:20]}”不存在", code="invalid_choice")
    if pt.blocked:
        raise RuleViolation(pt.blocked, extra={"rule": "A7"})
    if pt.approval != (kind in (K.APPROVE,) or (pt.approval and kind in (K.REMOVE,))):
        raise RuleViolation("区县人民检察院检察长的任免由常委会批准，其他职务不适用批准程序", extra={"rule": "A5"})
    if pt.elected and kind != K.RESIGN:
        raise RuleViolation(f"{pt.label}{pt.elected}", extra={"rule": "A20"})
    if kind == K.ACTING or pt.code in ACTING_POSTS:
        if kind != K.ACTING or pt.code not in ACTING_POSTS:
            raise RuleViolation(
                "决定代理人选只适用于代理市长、监委主任、院长、检察长或常委会主任、秘书长", extra={"rule": pt.rule}
            )
        if nominator != Nominator.COUNCIL:
            raise RuleViolation("代理人选由主任会议提名", extra={"rule": pt.rule})
        return
    if kind == K.RESIGN:
        if nominator != SELF:
            raise RuleViolation("辞职须由本人书面提出", extra={"rule": "A20"})
        if pt.code not in RESIGNABLE_POSTS:
            raise RuleViolation(f"{pt.label}不属于向常委会辞职的职务", extra={"rule": "A20"})
        return
    if nominator == SELF:
        raise RuleViolation("本人只能提出辞职", extra={"rule": "A20"})
    if nominator == Nominator.MEMBERS:
        if kind != K.DISMISS:
            raise RuleViolation("常委会组成人员联名只能提出撤职案", extra={"rule": "M26"})
        return
    if kind in (K.REMOVE, K.DISMISS):
        if nominator not in (pt.nominator, Nominator.COUNCIL):
            raise RuleViolation(
                f"{pt.label}的免职、撤职由{Nominator(pt.nominator).label}或主任会议提请", extra={"rule": "M26"}
            )
        return
    if nominator == pt.nominator:
        return
    if pt.code == "vice_mayor" and nominator == Nominator.COUNCIL and mayor_vacant:
        return
    raise RuleViolation(f"{pt.label}由{Nominator(pt.nominator).label}提请任免", extra={"rule": pt.rule})


def _sc_member_now(deputy: Deputy) -> bool:
    return Membership.objects.filter(
        deputy=deputy, body__kind=Body.Kind.STANDING_COMMITTEE, ended_on__isnull=True
    ).exists()


def term_of(congress_id: int, *, meeting: Meeting | None, on: date) -> int | None:
    """The id of the term (届) a case belongs to: its meeting's term, else the latest term of the
    congress begun by ``on``'s year; ``None`` if the congress has no term."""
    if meeting is not None:
        return meeting.term_id
    return (
        Term.objects.filter(congress_id=congress_id, start_year__lte=on.year)
        .order_by("-start_year", "-ordinal")
        .values_list("pk", flat=True)
        .first()
    )


def _check_retry(person: Person, post: Post, on: date, *, term_id: int | None) -> None:
    """A14: after a failed vote, six months before the same nomination (across terms); two failures in
    the term of the new nomination bar that person from that post for the rest of the term (failures
    of an earlier term do not count)."""
    rows = (
        Appointment.objects.filter(person=person, post=post, status=S.REJECTED, adopted_on__isnull=False)
        .order_by("-adopted_on")
        .values_list("adopted_on", "meeting__term_id")
    )
    failed = [day for day, _term in rows if day is not None]
    if sum(1 for day, term in rows if day is not None and term == term_id) >= 2:
        raise RuleViolation("该人选两次未获通过，本届内不得再提请任命为同一职务", extra={"rule": "A14"})
    if failed and on < add_months(failed[0], retry_months()):
        raise RuleViolation(
            f"该人选于{failed[0]}未获通过，{retry_months()}个月内不得再提请任命为同一职务", extra={"rule": "A14"}
        )


def open_tenure(person: Person, post: Post) -> Tenure | None:
    """The person's current tenure on ``post`` (no end date), or ``None``."""
    return Tenure.objects.filter(person=person, post=post, ended_on__isnull=True).first()


@transaction.atomic
def appointment_nominate(
    *,
    congress: Congress,
    actor: User,
    kind: str,
    person_name: str,
    post_title: str,
    post_type: str,
    nominator: str,
    gender: str = Person.Gender.MALE,
    birth_year: int | None = None,
    deputy: Deputy | None = None,
    signed_by: str = "",
    reasons: str = "",
    has_form: bool = False,
    has_assessment: bool = False,
    has_publicity: bool = False,
    meeting: Meeting | None = None,
    mayor_vacant: bool = False,
    joint: bool = False,
    at: datetime | None = None,
) -> Appointment:
    """Draft a 任免案 (起草中) for one person and one post.

    Args:
        kind: ``Appointment.Kind``. post_type: a ``posts.POST_TYPES`` code; ``post_title`` names the post
            (created on first use). nominator: ``posts.Nominator`` or ``"self"`` (resignation);
            ``members`` only with ``joint`` (:func:`renda.appointments.removal.removal_by_members`).
        deputy: the person's deputy record if any (A21). meeting: the Standing Committee meeting it is
            meant for (may be set when filing). at: when (aware datetime; default now).
    Raises:
        PermissionDeniedError: ``actor`` may not nominate for ``nominator`` (:func:`permissions.can_nominate`).
        RuleViolation: A1–A7, A18, A20, M26 (:func:`check_nominator`); A14 (failed vote, 6 months / twice);
            A21 (a Standing Committee member named to a state organ); a removal or resignation of
            someone not holding the post; ``post_type_mismatch``.
        ApplicationError: ``too_long``, ``required``.
    """
    check_nominator(kind=kind, post_type=post_type, nominator=nominator, mayor_vacant=mayor_vacant)
    _require(
        permissions.can_nominate(actor, congress.pk, nominator)
        or (joint and permissions.can_propose_jointly(actor, congress.pk)),
        "只能提请本机关负责提请的任免事项",
    )
    person_name, post_title = person_name.strip(), post_title.strip()
    if not person_name or not post_title:
        raise ApplicationError("请填写姓名和职务", code="required")
    check_text(person_name, label="姓名", max_length=40)
    check_text(post_title, label="职务名称", max_length=80)
    check_text(signed_by, label="提请机关负责人", max_length=40)
    if birth_year is not None and not 1900 <= birth_year <= 2100:
        raise ApplicationError("出生年份须在1900年至2100年之间", code="invalid_date")
    if gender not in Person.Gender.values:
        raise RuleViolation("性别不存在", code="invalid_choice")
    when = at or timezone.now()
    post, _created = Post.objects.get_or_create(congress=congress, title=post_title, defaults={"post_type": post_type})
    if post.post_type != post_type:
        raise RuleViolation(f"职务“{post.title}”属于{post.get_post_type_display()}", code="post_type_mismatch")
    person = Person.objects.filter(congress=congress, name=person_name, birth_year=birth_year).first()
    if person is None:
        person = Person.objects.create(
            congress=congress, name=person_name, gender=gender, birth_year=birth_year, deputy=deputy
        )
    if nominator == Nominator.MEMBERS and not joint:
        raise RuleViolation("常委会组成人员联名提出撤职案须附联名人（请使用联名提出页面）", extra={"rule": "M26"})
    if kind in Appointment.TAKING_OFFICE:
        _check_retry(person, post, local_day(when), term_id=term_of(congress.pk, meeting=meeting, on=local_day(when)))
        target = person.deputy or deputy
        if target is not None and post.organ != Organ.CONGRESS and _sc_member_now(target):
            raise RuleViolation(
                "常委会组成人员担任国家行政机关、监察机关、审判机关、检察机关职务的，须先辞去常委会组成人员职务",
                extra={"rule": "A21"},
            )
    _check_acting(congress, person, post, deputy)
    if (
        kind == K.ACTING
        and post.post_type == "acting_head"
        and not Tenure.objects.filter(
            person=person, post__post_type__in=DEPUTY_HEAD_POSTS, ended_on__isnull=True
        ).exists()
    ):
        raise RuleViolation("代理人选须从副职中决定；非副职人选须先任命为副职", extra={"rule": "A18"})
    if (
        kind in (K.REMOVE, K.DISMISS, K.RESIGN)
        and not POST_TYPES[post_type].elected
        and open_tenure(person, post) is None
    ):
        raise RuleViolation(f"{person.name}现未担任{post.title}", code="not_in_office")
    appointment = Appointment.objects.create(
        congress=congress,
        kind=kind,
        person=person,
        post=post,
        nominator=nominator,
        signed_by=signed_by,
        reasons=reasons,
        has_form=has_form,
        has_assessment=has_assessment,
        has_publicity=has_publicity,
        meeting=meeting,
        created_by=actor,
    )
    events.nominated(appointment, actor=actor, at=when)
    return appointment


def _check_acting(congress: Congress, person: Person, post: Post, deputy: Deputy | None) -> None:
    """A19: an acting 常委会主任 is chosen from the 副主任, an acting 秘书长 from the Standing Committee's
    members (a current seat of the congress's Standing Committee with one of ``acting_from`` roles)."""
    roles = POST_TYPES[post.post_type].acting_from
    if not roles:
        return
    seats = Membership.objects.filter(
        body__kind=Body.Kind.STANDING_COMMITTEE, body__term__congress=congress, ended_on__isnull=True, role__in=roles
    )
    target = deputy or person.deputy
    found = seats.filter(deputy=target) if target else seats.filter(deputy__name=person.name)
    if not found.exists():
        who = "常委会副主任" if roles == ("vice_chair",) else "常委会组成人员"
        raise RuleViolation(f"{post.get_post_type_display()}须从{who}中决定", extra={"rule": "A19"})


def missing_attachments(appointment: Appointment) -> list[str]:
    """A8: what the written 任免案 still lacks (Chinese names); empty when complete."""
    missing = []
    if not appointment.signed_by.strip():
        missing.append("提请机关负责人签署")
    if not appointment.reasons.strip():
        missing.append("提请理由")
    if appointment.kind in Appointment.TAKING_OFFICE and appointment.kind != K.ACTING:
        if not appointment.has_form:
            missing.append("任免表")
        if not appointment.has_assessment:
            missing.append("考察材料")
        if Step.PUBLICITY in steps_for(appointment.post.post_type) and not appointment.has_publicity:
            missing.append("公示结果")
    return missing


@transaction.atomic
def appointment_file(
    *, appointment: Appointment, actor: User, filed_on: date, meeting: Meeting | None = None, at: datetime | None = None
) -> Appointment:
    """起草中 → 已提请: the case is filed in writing for a Standing Committee meeting (A8).

    Args:
        filed_on: the day it reaches the Standing Committee (calendar day).
        meeting: the Standing Committee meeting (default: the one set on the case).
    Raises:
        RuleViolation: rule A8 — attachments missing, or filed fewer than ``posts.filing_days()``
            (DEFAULT 10) calendar days before the meeting; ``meeting_required``; not a Standing
            Committee meeting of the congress, or already closed.
        PermissionDeniedError, InvalidTransition.
    """
    check_date(filed_on, label="提请日期")
    locked = lock(appointment)
    _require(permissions.can_file(actor, locked))
    meeting = meeting or locked.meeting
    if meeting is None:
        raise RuleViolation("请选择提请审议的常委会会议", code="meeting_required")
    if meeting.kind != Meeting.Kind.STANDING_COMMITTEE or meeting.congress_id != locked.congress_id:
        raise RuleViolation("任免案只能提请本级人大常委会会议审议", code="wrong_meeting")
    if meeting.status == MeetingStatus.CLOSED:
        raise RuleViolation("该次会议已经结束", code="meeting_closed")
    missing = missing_attachments(locked)
    if missing:
        raise RuleViolation("任免案缺少：" + "、".join(missing), extra={"rule": "A8", "missing": missing})
    days = (local_day(meeting.starts_at) - filed_on).days
    if days < filing_days():
        raise RuleViolation(
            f"任免案须于常委会会议举行{filing_days()}日前提请（本案距会议{days}日）", extra={"rule": "A8", "days": days}
        )
    locked.filed_on, locked.meeting = filed_on, meeting
    transition(
        locked,
        workflow=APPOINTMENT_WORKFLOW,
        to=S.FILED,
        action=Action.FILE,
        actor=actor,
        allowed=True,
        at=at,
        fields=["filed_on", "meeting"],
    )
    return locked


@transaction.atomic
def step_record(
    *,
    appointment: Appointment,
    step: str,
    on: date,
    result: str,
    actor: User,
    score: int | None = None,
    note: str = "",
    at: datetime | None = None,
) -> PreStep:
    """Record a pre-appointment step (A9 law exam pass/fail with its score, A10 statement spoken or in
    writing, A11 public notice done) with its date and result, on the case's trail.

    Raises:
        RuleViolation: ``invalid_choice`` (step or result), ``invalid_score`` (0–100), the case is
            already decided. PermissionDeniedError: not staff.
    """
    locked = lock(appointment)
    _require(permissions.can_manage(actor, locked), "只有常委会工作人员可以记录任前程序")
    if step not in STEP_RESULTS:
        raise RuleViolation("任前程序不存在", code="invalid_choice")
    if result not in STEP_RESULTS[Step(step)]:
        raise RuleViolation("该程序的结果不存在", code="invalid_choice")
    if step == Step.DEFENCE and locked.kind != K.DISMISS:
        raise RuleViolation("只有撤职案记录被提请撤职人的申辩", extra={"rule": "M26"})
    if score is not None and not 0 <= score <= 100:
        raise RuleViolation("成绩须在0至100之间", code="invalid_score")
    if locked.status not in (S.DRAFT, S.FILED, S.LISTED):
        raise RuleViolation("任免案已经办结，不能再记录任前程序", code="closed")
    check_date(on, label="日期")
    check_text(note, label="说明", max_length=200)
    row = PreStep.objects.create(appointment=locked, step=step, on=on, result=result, score=score, note=note)
    label = f"{Step(step).label}：{PreStep.Result(result).label}" + (f"（{score}分）" if score is not None else "")
    events.step_recorded(locked, note=label, actor=actor, at=at)
    return row


def law_exam_exempt(appointment: Appointment) -> bool:
    """A9: a nominee who passed the exam in this term for a post of the same organ is exempt (the result
    is valid for the term; moving between organs needs a new exam)."""
    meeting = appointment.meeting
    start = date(meeting.term.start_year, 1, 1) if meeting is not None else date.min
    organ = appointment.post.organ
    codes = [p.code for p in POST_TYPES.values() if p.organ == organ]
    return (
        PreStep.objects.filter(
            appointment__person=appointment.person,
            appointment__post__post_type__in=codes,
            step=Step.LAW_EXAM,
            result=PreStep.Result.PASSED,
            on__gte=start,
        )
        .exclude(appointment=appointment)
        .exists()
    )


def missing_steps(appointment: Appointment) -> list[str]:
    """The pre-appointment steps (``posts.Step`` values) the case still lacks before the vote (A9–A11);
    only appointments need them. The last law exam counts: a failed re-sit is not submitted (A9). A
    removal (撤职) needs the person's defence, oral or written, or its waiver recorded (M26)."""
    if appointment.kind == K.DISMISS:
        return [] if PreStep.objects.filter(appointment=appointment, step=Step.DEFENCE).exists() else [Step.DEFENCE]
    if appointment.kind not in (K.APPOINT,):
        return []
    done = list(PreStep.objects.filter(appointment=appointment).order_by("on", "id").values_list("step", "result"))
    last = {s: r for s, r in done}
    missing = []
    for step in steps_for(appointment.post.post_type):
        if step == Step.LAW_EXAM:
            if last.get(step) != PreStep.Result.PASSED and not (step not in last and law_exam_exempt(appointment)):
                missing.append(step)
        elif step not in last:
            missing.append(step)
    return missing


def missing_step_labels(appointment: Appointment) -> list[str]:
    """:func:`missing_steps` as Chinese labels (for pages)."""
    return [str(Step(s).label) for s in missing_steps(appointment)]


@transaction.atomic
def appointments_list(
    *,
    appointments: Sequence[Appointment],
    actor: User,
    together: bool = False,
    method: str = Poll.Method.SECRET,
    at: datetime | None = None,
) -> list[Appointment]:
    """已提请 → 已列入会议议程: the council lists the cases at their Standing Committee meeting; the
    meetings app gets an agenda item (任免事项) and a poll — one motion poll per person (A13's rule), or
    with ``together`` one list poll with an option per person, each decided on its own.

    Raises:
        RuleViolation: rule A9/A10/A11 (steps missing, named); ``same_meeting`` (cases of several
            meetings); ``empty``; rule A13 (a show of hands: the vote is secret or electronic).
        PermissionDeniedError, InvalidTransition.
    """
    if not appointments:
        raise RuleViolation("请选择要列入议程的任免案", code="empty")
    if method == Poll.Method.SHOW_OF_HANDS:
        raise RuleViolation("任免事项采用无记名投票或电子表决", extra={"rule": "A13"})
    locked = [lock(a) for a in sorted(appointments, key=lambda a: a.pk)]
    meeting_ids = {a.meeting_id for a in locked}
    if len(meeting_ids) != 1 or None in meeting_ids:
        raise RuleViolation("一次只能列入同一次常委会会议的任免案", code="same_meeting")
    for a in locked:
        _require(permissions.can_manage(actor, a), "只有常委会工作人员可以列入议程")
        APPOINTMENT_WORKFLOW.check(a.status, S.LISTED)
        missing = missing_steps(a)
        if missing:
            names = "、".join(str(Step(s).label) for s in missing)
            rule = {"law_exam": "A9", "statement": "A10", "publicity": "A11", "defence": "M26"}[missing[0]]
            raise RuleViolation(f"{a.person.name}尚未完成：{names}", extra={"rule": rule, "missing": missing})
    meeting = locked[0].meeting
    assert meeting is not None
    if together:
        item = meeting_services.agenda_item_add(
            meeting=meeting, title=f"任免名单（{len(locked)}人）", kind=AgendaItem.Kind.APPOINTMENT, actor=actor, at=at
        )
        poll = meeting_services.poll_create(
            item=item,
            method=method,
            kind=Poll.Kind.CANDIDATES,
            options=[(str(a), a) for a in locked],
            actor=actor,
            at=at,
        )
        pairs = [(a, item, poll) for a in locked]
    else:
        pairs = []
        for a in locked:
            item = meeting_services.agenda_item_add(
                meeting=meeting, title=str(a)[:200], kind=AgendaItem.Kind.APPOINTMENT, subject=a, actor=actor, at=at
            )
            pairs.append((a, item, meeting_services.poll_create(item=item, method=method, actor=actor, at=at)))
    for a, item, poll in pairs:
        a.agenda_item, a.poll = item, poll
        transition(
            a, workflow=APPOINTMENT_WORKFLOW, to=S.LISTED, action=Action.LIST, actor=actor, at=at,
            fields=["agenda_item", "poll"], note=meeting.title, notice=notices.listed(a),
        )  # fmt: skip
    return locked


def apply_register(appointment: Appointment, on: date) -> None:
    """Open or close tenures for an adopted case (a single post's previous holder leaves that day)."""
    if appointment.takes_office:
        if appointment.post.single:
            Tenure.objects.filter(post=appointment.post, ended_on__isnull=True).update(
                ended_on=on, end_reason=f"由{appointment.person.name}接任"[:40]
            )
        Tenure.objects.create(
            person=appointment.person,
            post=appointment.post,
            appointment=appointment,
            acting=appointment.kind == K.ACTING,
            started_on=on,
        )
    else:
        Tenure.objects.filter(person=appointment.person, post=appointment.post, ended_on__isnull=True).update(
            ended_on=on, end_reason=str(appointment.get_kind_display())
        )


@transaction.atomic
def appointment_record_vote(*, appointment: Appointment, actor: User, at: datetime | None = None) -> Appointment:
    """已列入会议议程 → 已通过 / 未通过, from the meetings app's counted poll: passed with more than half
    of ALL members of the Standing Committee (A13; the poll's threshold). Adopted cases take effect
    that day (A15) and enter the register of office-holders; a case the upper-level Standing Committee
    must approve (``PostType.upper_approval``, A20) waits in 待上级批准 without touching the register.
    The organ is told the result; the office is told of an appointee to swear in (A17).

    Raises:
        RuleViolation: ``poll_not_closed`` (the vote is not counted yet). PermissionDeniedError,
            InvalidTransition.
    """
    locked = lock(appointment)
    _require(permissions.can_manage(actor, locked), "只有常委会工作人员可以登记表决结果")
    APPOINTMENT_WORKFLOW.check(locked.status, S.ADOPTED)
    poll = Poll.objects.filter(pk=locked.poll_id).first() if locked.poll_id else None
    if poll is None or not poll.has_result or poll.closed_at is None:
        raise RuleViolation("表决尚未结束", code="poll_not_closed")
    ct = ContentType.objects.get_for_model(Appointment)
    option = poll.options.filter(content_type=ct, object_id=locked.pk).first() or poll.options.order_by("order").first()
    assert option is not None
    passed = bool(option.passed)
    upper = passed and POST_TYPES[locked.post.post_type].upper_approval
    locked.voted_on = local_day(poll.closed_at)
    # A14 counts a failed vote from its day: ``adopted_on`` carries the vote's day unless the upper level must approve
    locked.adopted_on = None if upper else locked.voted_on
    locked.result_text = (option.result_text or poll.result_text)[:300]
    to = S.AWAITING if upper else S.ADOPTED if passed else S.REJECTED
    transition(
        locked,
        workflow=APPOINTMENT_WORKFLOW,
        to=to,
        action=Action.AWAIT if upper else Action.ADOPT if passed else Action.REJECT,
        actor=actor,
        at=at or poll.closed_at,
        fields=["adopted_on", "voted_on", "result_text"],
        note=locked.result_text,
        notice=notices.voted(locked, to),
    )
    if to == S.ADOPTED:
        take_effect(locked)
    return locked


def take_effect(appointment: Appointment) -> None:
    """An adopted case takes effect on ``adopted_on`` (A15): the register changes, and the office is
    told of an appointee to swear in (A17)."""
    assert appointment.adopted_on is not None
    apply_register(appointment, appointment.adopted_on)
    if appointment.takes_office:
        notify_on_commit(notices.unsworn(appointment))


@transaction.atomic
def poll_record_votes(*, poll: Poll, actor: User, at: datetime | None = None) -> list[Appointment]:
    """Record the result of every case voted in ``poll`` (a list poll or a single one)."""
    cases = list(Appointment.objects.filter(poll=poll, status=S.LISTED).order_by("pk"))
    return [appointment_record_vote(appointment=a, actor=actor, at=at) for a in cases]


@transaction.atomic
def appointment_withhold(
    *, appointment: Appointment, actor: User, reason: str, at: datetime | None = None
) -> Appointment:
    """已列入会议议程 → 已提请: the council withholds the vote after members raised a serious problem (A12).

    Raises:
        RuleViolation: ``reason_required``; the poll has already opened. PermissionDeniedError, InvalidTransition.
    """
    return _unlist(appointment, actor=actor, reason=reason, at=at, to=S.FILED, action=Action.WITHHOLD)


@transaction.atomic
def appointment_withdraw(
    *, appointment: Appointment, actor: User, reason: str, at: datetime | None = None
) -> Appointment:
    """→ 已撤回: the proposer withdraws before the vote, with the council's consent (A12; ``reason`` records it).

    Raises:
        RuleViolation: ``reason_required``; the poll has already opened. PermissionDeniedError, InvalidTransition.
    """
    return _unlist(appointment, actor=actor, reason=reason, at=at, to=S.WITHDRAWN, action=Action.WITHDRAW)


def _unlist(
    appointment: Appointment, *, actor: User, reason: str, at: datetime | None, to: str, action: str
) -> Appointment:
    if not reason.strip():
        raise RuleViolation("请填写理由", code="reason_required")
    check_text(reason, label="理由", max_length=200)
    locked = lock(appointment)
    _require(permissions.can_manage(actor, locked), "只有常委会工作人员可以办理")
    APPOINTMENT_WORKFLOW.check(locked.status, to)
    if locked.poll_id and Poll.objects.filter(pk=locked.poll_id).exclude(status="created").exists():
        raise RuleViolation("表决已经开始，不能撤回或暂不付表决", extra={"rule": "A12"})
    locked.agenda_item, locked.poll = None, None
    transition(
        locked, workflow=APPOINTMENT_WORKFLOW, to=to, action=action, actor=actor, at=at, note=reason,
        fields=["agenda_item", "poll"],
    )  # fmt: skip
    return locked


@transaction.atomic
def oath_record(
    *,
    congress: Congress,
    actor: User,
    held_on: date,
    supervisor: str,
    appointments: Sequence[Appointment],
    form: str = OathCeremony.Form.COLLECTIVE,
    organiser: str = OathCeremony.Organiser.COUNCIL,
    place: str = "",
    leader: str = "",
    text_version: str = "2018",
    at: datetime | None = None,
) -> OathCeremony:
    """Record a constitutional oath ceremony (A17): date, organiser, supervisor (监誓人), wording version,
    single or collective, and the people sworn (each adopted to a post, sworn once per appointment).

    Raises:
        RuleViolation (rule A17): nobody sworn; a single ceremony of several people; a case not adopted
            or not taking office; already sworn for that appointment; a ceremony before the adoption;
            the nominating organ organising for posts other than court and procuratorate ones; an
            unknown wording version. ApplicationError: ``required``/``too_long``. PermissionDeniedError.
    """
    _require(permissions.is_staff(actor, congress.pk), "只有常委会工作人员可以记录宪法宣誓")
    check_date(held_on, label="宣誓日期")
    if not supervisor.strip():
        raise ApplicationError("请填写监誓人", code="required")
    for value, label, n in ((supervisor, "监誓人", 40), (leader, "领誓人", 40), (place, "地点", 80)):
        check_text(value, label=label, max_length=n)
    if text_version not in OATH_VERSIONS:
        raise RuleViolation("誓词版本不存在", extra={"rule": "A17"})
    if form not in OathCeremony.Form.values or organiser not in OathCeremony.Organiser.values:
        raise RuleViolation("宣誓形式或组织者不存在", code="invalid_choice")
    cases = [lock(a) for a in sorted(appointments, key=lambda a: a.pk)]
    if not cases:
        raise RuleViolation("请选择宣誓人", extra={"rule": "A17"})
    if form == OathCeremony.Form.SINGLE and len(cases) != 1:
        raise RuleViolation("单独宣誓只能一人", extra={"rule": "A17"})
    for a in cases:
        if a.congress_id != congress.pk or a.status != S.ADOPTED or not a.takes_office:
            raise RuleViolation(f"{a.person.name}的任命尚未通过，不能宣誓", extra={"rule": "A17"})
        if OathTaker.objects.filter(appointment=a).exists():
            raise RuleViolation(f"{a.person.name}已就该任命进行宪法宣誓", extra={"rule": "A17"})
        if a.adopted_on and held_on < a.adopted_on:
            raise RuleViolation(f"宣誓日期早于{a.person.name}的任命通过日期", extra={"rule": "A17"})
        if organiser == OathCeremony.Organiser.NOMINATING_ORGAN and a.post.organ not in (
            Organ.COURT,
            Organ.PROCURATORATE,
        ):
            raise RuleViolation("只有法院、检察院任命人员可由主任会议委托提请机关组织宣誓", extra={"rule": "A17"})
    ceremony = OathCeremony.objects.create(
        congress=congress, held_on=held_on, place=place, organiser=organiser, supervisor=supervisor,
        leader=leader, form=form, text_version=text_version, created_by=actor,
    )  # fmt: skip
    OathTaker.objects.bulk_create([OathTaker(ceremony=ceremony, appointment=a) for a in cases])
    for a in cases:
        events.sworn(a, note=f"{held_on} {ceremony.get_form_display()}", actor=actor, at=at)
    return ceremony


__all__ = [
    "appointment_file",
    "appointment_nominate",
    "appointment_record_vote",
    "appointment_withdraw",
    "appointment_withhold",
    "appointments_list",
    "check_nominator",
    "missing_steps",
    "oath_record",
    "poll_record_votes",
    "step_record",
]
