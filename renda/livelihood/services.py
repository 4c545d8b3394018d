"""Writes of the livelihood domain (RULES.md §4, L1–L7).

Candidates and solicitation (L1) → the deputies' secret vote at a plenary (L2, L3, via
:mod:`renda.meetings.services`) → selection by L4 with a re-vote of a tie at the cut line → one
project per chosen candidate with its plan (L5) and "三个1" supervision (L6) → progress → the year-end
secret satisfaction evaluation (L7).

Every status change goes through :func:`renda.core.workflow.transition` with a workflow of
:mod:`renda.livelihood.workflow` (row lock, stored-status and optimistic ``version`` check, the
actor's predicate from :mod:`renda.livelihood.permissions`, typed event, notice on commit); acts that
change no status write their event through :mod:`renda.livelihood.events`. A refused action writes
nothing. ``at`` (aware datetime, default now) back-dates an action (the demo's calendar, paper records).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from renda.core.constraints import check_date, check_text
from renda.core.exceptions import ApplicationError, PermissionDeniedError, RuleViolation
from renda.core.notifications import notify_on_commit
from renda.core.workflow import lock, save_versioned, transition
from renda.livelihood import events, notices
from renda.livelihood import permissions as perms
from renda.livelihood.events import Action
from renda.livelihood.models import Candidate, Milestone, Programme, ProgressReport, Project
from renda.livelihood.progress import weighted_percent
from renda.livelihood.selectors import current_poll
from renda.livelihood.workflow import CANDIDATE_WORKFLOW, PROGRAMME_WORKFLOW, PROJECT_WORKFLOW
from renda.meetings import rules
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Meeting, Poll, PollOption
from renda.meetings.workflow import PollStatus
from renda.organization.models import Body, Congress, Deputy, HandlingUnit, Membership, Session, User

SOLICITATION_MIN_DAYS = 30
"""L1: the public solicitation lasts at least 30 calendar days (start day not counted, 民法典 第201条)."""

#: Message of a refused staff-only action.
STAFF_ONLY = "只有常委会工作人员可以办理"


def _require(allowed: bool, message: str = STAFF_ONLY) -> None:
    """Raise :class:`PermissionDeniedError` with ``message`` unless ``allowed`` (a predicate's result)."""
    if not allowed:
        raise PermissionDeniedError(message)


def _lock_programme(programme: Programme, expected_version: int | None = None) -> Programme:
    return lock(programme, expected_version=expected_version)


def _lock_project(project: Project, expected_version: int | None = None) -> Project:
    return lock(project, expected_version=expected_version, related=("programme",))


@transaction.atomic
def programme_create(
    *,
    congress: Congress,
    session: Session,
    year: int,
    title: str,
    seats: int,
    actor: User,
    ballot_form: str = Poll.BallotForm.PER_OPTION,
    at: datetime | None = None,
) -> Programme:
    """Start a year's programme choosing ``seats`` projects (N), status 准备中.

    Raises:
        PermissionDeniedError: ``actor`` is not staff of ``congress``.
        RuleViolation: ``congress`` already has a programme for ``year`` (one round a year).
    """
    _require(perms.can_create_programme(actor, congress))
    if Programme.objects.filter(congress=congress, year=year).exists():
        raise RuleViolation(f"{year} 年度已有民生实事项目票决，不能重复创建")
    programme = Programme.objects.create(
        congress=congress, session=session, year=year, title=title, seats=seats, ballot_form=ballot_form
    )
    events.programme_created(programme, actor=actor, at=at)
    return programme


@transaction.atomic
def programme_open_solicitation(
    *,
    programme: Programme,
    starts_on: date,
    ends_on: date,
    actor: User,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Programme:
    """准备中 → 公开征集 for the period ``starts_on``…``ends_on`` (calendar dates).

    Raises:
        PermissionDeniedError: not staff of the programme's congress.
        RuleViolation(rule L1): the period is shorter than 30 calendar days.
        InvalidTransition: the programme is past drafting.
    """
    locked = _lock_programme(programme, expected_version)
    _require(perms.can_manage_programme(actor, locked))
    if ends_on < starts_on + timedelta(days=SOLICITATION_MIN_DAYS):
        raise RuleViolation(
            f"公开征集期不得少于 {SOLICITATION_MIN_DAYS} 日（{starts_on} 起至少到 {starts_on + timedelta(days=SOLICITATION_MIN_DAYS)}）",
            extra={"rule": "L1"},
        )
    locked.solicitation_starts_on, locked.solicitation_ends_on = starts_on, ends_on
    transition(
        locked,
        workflow=PROGRAMME_WORKFLOW,
        to=Programme.Status.SOLICITING,
        action=Action.OPEN_SOLICITATION,
        actor=actor,
        at=at,
        fields=["solicitation_starts_on", "solicitation_ends_on"],
    )
    return locked


@transaction.atomic
def candidate_submit(
    *,
    programme: Programme,
    title: str,
    budget: Decimal,
    lead_unit: HandlingUnit,
    actor: User,
    description: str = "",
    targets: str = "",
    at: datetime | None = None,
) -> Candidate:
    """The government submits a candidate project (budget in 万元) during solicitation or screening (L1).

    Raises:
        PermissionDeniedError: neither staff nor a unit officer of the programme's congress; a unit
            officer naming another unit as ``lead_unit``, or a unit of another congress.
        RuleViolation(rule L1): the programme is not collecting candidates.
    """
    locked = _lock_programme(programme)
    _require(perms.can_submit_candidate(actor, locked), "只有政府部门或常委会工作人员可以提交候选项目")
    _require(
        perms.can_submit_candidate_for(actor, locked, lead_unit),
        "牵头单位须为本级政府部门，政府部门只能以本单位名义提交候选项目",
    )
    if locked.status not in Programme.COLLECTING:
        raise RuleViolation("当前不在候选项目征集阶段", extra={"rule": "L1"})
    number = (locked.candidates.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    candidate = Candidate.objects.create(
        programme=locked,
        number=number,
        title=title,
        description=description,
        budget=budget,
        lead_unit=lead_unit,
        targets=targets,
    )
    events.candidate_submitted(locked, title=title, actor=actor, at=at)
    return candidate


@transaction.atomic
def candidate_update(
    *,
    candidate: Candidate,
    title: str,
    budget: Decimal,
    lead_unit: HandlingUnit,
    actor: User,
    description: str = "",
    targets: str = "",
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """Staff correct a candidate (budget in 万元) while candidates are collected (L1); the event on the
    programme's trail names it. ``expected_version``: the candidate version the editor saw.

    Raises:
        PermissionDeniedError: not staff of the programme's congress.
        RuleViolation(rule L1): the programme is no longer collecting candidates.
        ConcurrentModification: ``expected_version`` is stale.
    """
    locked = lock(candidate, expected_version=expected_version, related=("programme",))
    _require(perms.can_manage_programme(actor, locked.programme))
    if not perms.can_edit_candidate(actor, locked):
        raise RuleViolation("候选项目已提请大会票决，不能再修改", extra={"rule": "L1"})
    locked.title, locked.budget, locked.lead_unit = title, budget, lead_unit
    locked.description, locked.targets = description, targets
    save_versioned(locked, ["title", "budget", "lead_unit", "description", "targets"])
    events.candidate_updated(locked.programme, title=title, actor=actor, at=at)
    return locked


@transaction.atomic
def programme_close_solicitation(
    *,
    programme: Programme,
    actor: User,
    today: date | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Programme:
    """公开征集 → 筛选论证, not before the solicitation period has ended (L1).

    Args:
        today: the date the period is compared with (default: the date of ``at``, else today).
    Raises:
        RuleViolation(rule L1): the period has not ended.
    """
    locked = _lock_programme(programme, expected_version)
    _require(perms.can_manage_programme(actor, locked))
    today = today or (timezone.localdate(at) if at else timezone.localdate())
    if locked.solicitation_ends_on and today < locked.solicitation_ends_on:
        raise RuleViolation(f"公开征集期至 {locked.solicitation_ends_on} 截止，尚未届满", extra={"rule": "L1"})
    transition(
        locked,
        workflow=PROGRAMME_WORKFLOW,
        to=Programme.Status.SCREENING,
        action=Action.CLOSE_SOLICITATION,
        actor=actor,
        at=at,
    )
    return locked


@transaction.atomic
def candidate_screen(
    *,
    candidate: Candidate,
    include: bool,
    actor: User,
    note: str = "",
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """Screening (筛选论证): list the candidate for the vote or leave it out, with a note (L1). The
    event goes to the programme's trail and names the candidate.

    Raises:
        PermissionDeniedError: not staff of the programme's congress.
        RuleViolation(rule L1): the programme is not in screening.
    """
    locked = lock(candidate, expected_version=expected_version, related=("programme",))
    _require(perms.can_manage_programme(actor, locked.programme))
    if locked.programme.status != Programme.Status.SCREENING:
        raise RuleViolation("当前不在筛选阶段", extra={"rule": "L1"})
    target = Candidate.Status.SCREENED_IN if include else Candidate.Status.SCREENED_OUT
    locked.screening_note = note
    transition(
        locked,
        workflow=CANDIDATE_WORKFLOW,
        to=target,
        action=Action.SCREEN,
        actor=actor,
        at=at,
        note=f"{locked.title}：{CANDIDATE_WORKFLOW.label(target)}" + (f"（{note}）" if note else ""),
        fields=["screening_note"],
    )
    return locked


@transaction.atomic
def programme_submit(
    *, programme: Programme, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Programme:
    """筛选论证 → 已提请大会: more candidates than seats must be listed (差额, L1).

    Raises:
        RuleViolation(rule L1): not more listed candidates than seats.
    """
    locked = _lock_programme(programme, expected_version)
    _require(perms.can_manage_programme(actor, locked))
    listed = locked.candidates.filter(status=Candidate.Status.SCREENED_IN).count()
    if listed <= locked.seats:
        raise RuleViolation(f"候选项目 {listed} 个，须多于拟确定的 {locked.seats} 个（差额票决）", extra={"rule": "L1"})
    transition(
        locked,
        workflow=PROGRAMME_WORKFLOW,
        to=Programme.Status.SUBMITTED,
        action=Action.SUBMIT,
        actor=actor,
        at=at,
        note=f"候选项目 {listed} 个",
    )
    return locked


def _secret_poll_on_agenda(
    *,
    meeting: Meeting,
    programme: Programme,
    item_title: str,
    item_kind: str,
    poll_kind: str,
    poll_title: str,
    options: list[tuple[str, Any]],
    actor: User,
    at: datetime | None,
    **poll_options: Any,
) -> tuple[AgendaItem, Poll]:
    """Put a secret poll about ``programme`` on ``meeting``'s agenda through the meetings services
    (the deputies' vote L3/L4 and the satisfaction evaluation L7 are both secret ballots)."""
    item = meeting_services.agenda_item_add(
        meeting=meeting, title=item_title, kind=item_kind, subject=programme, actor=actor, at=at
    )
    poll = meeting_services.poll_create(
        item=item,
        method=Poll.Method.SECRET,
        kind=poll_kind,
        title=poll_title,
        options=options,
        actor=actor,
        at=at,
        **poll_options,
    )
    return item, poll


@transaction.atomic
def programme_vote_start(
    *,
    programme: Programme,
    meeting: Meeting,
    actor: User,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Poll:
    """已提请大会 → 票决中: put the candidates on a plenary's agenda with a secret poll (L2, L3).

    The poll is created, not opened: staff open it on the meeting page, where the quorum is checked (V1).
    Raises:
        RuleViolation(rule L2): ``meeting`` is not a congress plenary.
        InvalidTransition: the programme is not 已提请大会.
    """
    locked = _lock_programme(programme, expected_version)
    _require(perms.can_manage_programme(actor, locked))
    if meeting.kind != Meeting.Kind.PLENARY:
        raise RuleViolation("民生实事项目须在大会全体会议上由代表票决", extra={"rule": "L2"})
    PROGRAMME_WORKFLOW.check(locked.status, Programme.Status.VOTING)
    candidates = list(locked.candidates.filter(status=Candidate.Status.SCREENED_IN).order_by("number"))
    item, poll = _secret_poll_on_agenda(
        meeting=meeting,
        programme=locked,
        item_title=f"表决{locked.title}",
        item_kind=AgendaItem.Kind.LIVELIHOOD_CANDIDATES,
        poll_kind=Poll.Kind.CANDIDATES,
        poll_title=f"{locked.title}（无记名投票）",
        options=[(c.title, c) for c in candidates],
        actor=actor,
        at=at,
        ballot_form=locked.ballot_form,
        max_choices=locked.seats if locked.ballot_form == Poll.BallotForm.CHOOSE_UP_TO else None,
    )
    locked.agenda_item = item
    transition(
        locked,
        workflow=PROGRAMME_WORKFLOW,
        to=Programme.Status.VOTING,
        action=Action.VOTE_START,
        actor=actor,
        at=at,
        fields=["agenda_item"],
    )
    return poll


def _candidate_outcome(candidate: Candidate, *, to: str, actor: User, at: datetime | None) -> None:
    """Move one screened-in candidate to 当选 or 未当选 (L4); the event names it and its votes."""
    votes = f"（赞成 {candidate.yes_votes} 票）" if candidate.yes_votes is not None else ""
    transition(
        candidate,
        workflow=CANDIDATE_WORKFLOW,
        to=to,
        action=Action.SELECT if to == Candidate.Status.SELECTED else Action.NOT_SELECT,
        actor=actor,
        at=at,
        note=f"{candidate.title}{votes}",
    )


@transaction.atomic
def programme_tally(
    *, programme: Programme, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> rules.Selection[int]:
    """Apply L4 to the latest closed poll: 赞成 > half of ALL deputies, top N by 赞成; a tie at the
    cut line creates a re-vote poll of the tied candidates for the remaining seats (programme stays
    票决中); otherwise the programme becomes 已票决 and one :class:`Project` per chosen candidate is created.

    Returns:
        The :class:`~renda.meetings.rules.Selection` over candidate ids of this round.
    Raises:
        PermissionDeniedError: not staff of the programme's congress.
        RuleViolation(rule L4): the latest poll is not closed yet.
    """
    locked = _lock_programme(programme, expected_version)
    _require(perms.can_manage_programme(actor, locked))
    poll = current_poll(locked)
    if poll is None or poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise RuleViolation("请先结束本轮投票再计票", extra={"rule": "L4"})
    if locked.status != Programme.Status.VOTING:
        PROGRAMME_WORKFLOW.check(locked.status, Programme.Status.DECIDED)
    options = list(PollOption.objects.filter(poll=poll).order_by("order"))
    yes = {int(o.object_id or 0): o.count("yes") for o in options}
    already = locked.candidates.filter(status=Candidate.Status.SELECTED).count()
    total = poll.electorate or 0
    sel = rules.select_projects(yes=yes, total=total, seats=locked.seats - already)
    if poll.revote_of_id is None:
        for c in locked.candidates.filter(pk__in=yes):
            c.yes_votes = yes[c.pk]
            c.save(update_fields=["yes_votes", "updated_at"])
    for c in locked.candidates.filter(pk__in=sel.selected).order_by("number"):
        _candidate_outcome(c, to=Candidate.Status.SELECTED, actor=actor, at=at)
    if sel.revote:
        tied = list(locked.candidates.filter(pk__in=sel.revote).order_by("number"))
        meeting_services.poll_create(
            item=poll.item,
            method=Poll.Method.SECRET,
            kind=Poll.Kind.CANDIDATES,
            title=f"{locked.title}（对得票相同的 {len(tied)} 个项目重新投票，确定 {sel.revote_seats} 个）",
            options=[(c.title, c) for c in tied],
            ballot_form=locked.ballot_form,
            max_choices=sel.revote_seats if locked.ballot_form == Poll.BallotForm.CHOOSE_UP_TO else None,
            revote_of=poll,
            actor=actor,
            at=at,
        )
        names = "、".join(c.title for c in tied)
        transition(
            locked,
            workflow=PROGRAMME_WORKFLOW,
            to=Programme.Status.VOTING,
            action=Action.REVOTE,
            actor=actor,
            at=at,
            note=f"得票相同需重新投票：{names}（{yes[tied[0].pk]} 票）",
        )
        return sel
    for c in locked.candidates.filter(status=Candidate.Status.SCREENED_IN).order_by("number"):
        _candidate_outcome(c, to=Candidate.Status.NOT_SELECTED, actor=actor, at=at)
    chosen = list(locked.candidates.filter(status=Candidate.Status.SELECTED).order_by("-yes_votes", "number"))
    for c in chosen:
        Project.objects.get_or_create(
            candidate=c,
            defaults={
                "programme": locked,
                "title": c.title,
                "targets": c.targets,
                "responsible_unit": c.lead_unit,
                "funding": c.budget,
            },
        )
    need = rules.yes_required(total=total, threshold=rules.Threshold.MAJORITY_OF_ALL)
    revoted = {
        int(o.object_id or 0): o.count("yes")
        for o in PollOption.objects.filter(poll__item_id=locked.agenda_item_id, poll__revote_of__isnull=False).order_by(
            "poll_id"
        )
    }

    def votes(c: Candidate) -> str:
        extra = f"，重新投票 {revoted[c.pk]} 票" if c.pk in revoted else ""
        return f"{c.title}（{c.yes_votes} 票{extra}）"

    locked.result_text = (
        f"全体代表 {total} 人，项目须获赞成票 {need} 票以上（超过全体代表的半数）；"
        f"按赞成票多少确定 {len(chosen)} 个项目：" + "、".join(votes(c) for c in chosen)
    )
    transition(
        locked,
        workflow=PROGRAMME_WORKFLOW,
        to=Programme.Status.DECIDED,
        action=Action.DECIDE,
        actor=actor,
        at=at,
        note=locked.result_text,
        fields=["result_text"],
    )
    return sel


@transaction.atomic
def programme_publish(
    *, programme: Programme, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Programme:
    """已票决 → 已公布; the programme's closed polls are published too (L4: results are public).

    Raises:
        PermissionDeniedError: not staff of the programme's congress.
        InvalidTransition: the programme is not 已票决.
    """
    locked = _lock_programme(programme, expected_version)
    _require(perms.can_manage_programme(actor, locked))
    PROGRAMME_WORKFLOW.check(locked.status, Programme.Status.PUBLISHED)
    for poll in Poll.objects.filter(item_id=locked.agenda_item_id, status=PollStatus.CLOSED):
        meeting_services.poll_publish(poll=poll, actor=actor, at=at)
    transition(
        locked, workflow=PROGRAMME_WORKFLOW, to=Programme.Status.PUBLISHED, action=Action.PUBLISH, actor=actor, at=at
    )
    return locked


# --- delivery -------------------------------------------------------------------------------------


@transaction.atomic
def project_set_plan(
    *,
    project: Project,
    targets: str,
    deadline: date,
    funding: Decimal,
    responsible_unit: HandlingUnit,
    actor: User,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Project:
    """Publish the implementation plan (L5): targets, deadline (calendar date), funding (万元), unit.

    Raises:
        PermissionDeniedError: not staff of the congress.
        RuleViolation(rule L5): no targets, or the project is already implemented (the adopted plan
            is read-only).
        ApplicationError: ``invalid_date``, a deadline outside 2000–2100 (issue 12 item 8).
    """
    check_date(deadline, label="完成期限")
    locked = _lock_project(project, expected_version)
    _require(perms.can_manage_project(actor, locked))
    if not perms.can_set_plan(actor, locked):
        raise RuleViolation("项目已开始实施，实施方案不能再修改", extra={"rule": "L5"})
    if not targets.strip():
        raise RuleViolation("实施方案须写明目标任务", extra={"rule": "L5"})
    locked.targets, locked.deadline, locked.funding, locked.responsible_unit = (
        targets,
        deadline,
        funding,
        responsible_unit,
    )
    locked.plan_published_at = at or timezone.now()
    save_versioned(locked, ["targets", "deadline", "funding", "responsible_unit", "plan_published_at"])
    events.plan_published(locked, actor=actor, at=at)
    return locked


@transaction.atomic
def project_assign_supervision(
    *,
    project: Project,
    vice_chair: Deputy,
    special_committee: Body,
    group_name: str,
    group_members: Sequence[Deputy],
    actor: User,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Project:
    """ "三个1" supervision (L6): exactly 1 lead Standing Committee vice-chair, 1 special committee and
    1 supervision group (with at least one member) per project; assigning again replaces all three.
    The responsible unit and the vice-chair are notified (:func:`notices.supervision_assigned`).

    Raises:
        PermissionDeniedError: not staff of the congress.
        RuleViolation(rule L6): the vice-chair holds no current vice-chair seat on the Standing
            Committee, the body is not a special committee, or the group is unnamed or empty.
    """
    locked = _lock_project(project, expected_version)
    _require(perms.can_manage_project(actor, locked))
    is_vice_chair = Membership.objects.filter(
        deputy=vice_chair,
        body__kind=Body.Kind.STANDING_COMMITTEE,
        role=Membership.Role.VICE_CHAIR,
        ended_on__isnull=True,
    ).exists()
    if not is_vice_chair:
        raise RuleViolation(f"{vice_chair.name}不是常委会副主任，不能牵头督办", extra={"rule": "L6"})
    if special_committee.kind != Body.Kind.SPECIAL_COMMITTEE:
        raise RuleViolation(f"{special_committee.name}不是专门委员会", extra={"rule": "L6"})
    if not group_name.strip() or not group_members:
        raise RuleViolation("须组建 1 个监督小组并确定其成员", extra={"rule": "L6"})
    locked.lead_vice_chair, locked.special_committee, locked.supervision_group = (
        vice_chair,
        special_committee,
        group_name,
    )
    save_versioned(locked, ["lead_vice_chair", "special_committee", "supervision_group"])
    locked.supervision_group_members.set(group_members)
    events.supervision_assigned(locked, actor=actor, at=at)
    notify_on_commit(notices.supervision_assigned(locked))
    return locked


@transaction.atomic
def project_start(
    *, project: Project, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Project:
    """制定实施方案 → 实施中, only with the plan published (L5) and all three "三个1" supervisors (L6);
    the responsible unit and the lead vice-chair are notified (:func:`notices.project_started`).

    Raises:
        PermissionDeniedError: not staff of the congress.
        InvalidTransition: the project is not being planned.
        RuleViolation(rule L5/L6): plan or supervisors missing.
    """
    locked = _lock_project(project, expected_version)
    _require(perms.can_manage_project(actor, locked))
    PROJECT_WORKFLOW.check(locked.status, Project.Status.IMPLEMENTING)
    if not locked.has_plan:
        raise RuleViolation("须先公布实施方案（目标、时限、资金、责任单位）", extra={"rule": "L5"})
    if not locked.has_three_ones:
        raise RuleViolation("须落实“三个1”督办：1名副主任、1个专委会、1个监督小组", extra={"rule": "L6"})
    transition(
        locked,
        workflow=PROJECT_WORKFLOW,
        to=Project.Status.IMPLEMENTING,
        action=Action.START,
        actor=actor,
        at=at,
        notice=notices.project_started(locked),
    )
    return locked


@transaction.atomic
def milestone_add(
    *, project: Project, title: str, due_on: date, actor: User, weight: int = 1, at: datetime | None = None
) -> Milestone:
    """Add a milestone (weight ≥ 1, due on a calendar date) to the plan.

    Raises:
        PermissionDeniedError: not staff of the congress.
        RuleViolation: the weight is not positive.
        ApplicationError: ``invalid_date``, a due date outside 2000–2100; ``too_long``, a title over
            120 characters (issue 12 item 8).
    """
    check_date(due_on, label="计划完成日期")
    check_text(title, label="节点名称", max_length=120)
    locked = _lock_project(project)
    _require(perms.can_manage_project(actor, locked))
    if weight < 1:
        raise RuleViolation("权重须为正整数")
    order = (locked.milestones.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    ms = Milestone.objects.create(project=locked, order=order, title=title, weight=weight, due_on=due_on)
    events.milestone_added(locked, title=title, actor=actor, at=at)
    return ms


@transaction.atomic
def progress_report_submit(
    *,
    project: Project,
    text: str,
    progress: Mapping[int, int],
    actor: User,
    reported_on: date | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> ProgressReport:
    """Report progress: set each milestone's progress (0–100 %) and store the weighted percentage.

    Each report bumps the project's ``version``, so a form opened before another report was filed is
    refused instead of silently putting the older figures back.

    Args:
        reported_on: the report's date (default: the date of ``at``, else today).
        expected_version: the project ``version`` the reporter saw (optimistic check), or ``None``.
    Raises:
        PermissionDeniedError: neither staff nor an officer of the responsible unit.
        RuleViolation: the project is not being implemented, or a progress value is out of range.
        ConcurrentModification: ``expected_version`` is stale (someone reported in between).
        ApplicationError: ``invalid_date``, ``reported_on`` outside 2000–2100 or after the day of the
            report (``at``, else today): issue 12 item 8 found progress dated 1900 and 2099.
    """
    check_date(reported_on, label="报告日期")
    today = timezone.localdate(at) if at else timezone.localdate()
    if reported_on is not None and reported_on > today:
        raise ApplicationError("报告日期不能晚于今天", code="invalid_date", extra={"field": "报告日期"})
    locked = _lock_project(project, expected_version)
    _require(perms.can_report_progress(actor, locked), "只有责任单位或常委会工作人员可以报告进展")
    if locked.status != Project.Status.IMPLEMENTING:
        raise RuleViolation("项目未在实施中")
    reported_on = reported_on or (timezone.localdate(at) if at else timezone.localdate())
    milestones = {m.pk: m for m in locked.milestones.all()}
    if set(progress) - set(milestones) or any(not 0 <= v <= 100 for v in progress.values()):
        raise RuleViolation("进度须为本项目节点的 0–100%")
    for mid, value in progress.items():
        m = milestones[mid]
        m.progress = value
        m.completed_on = (m.completed_on or reported_on) if value == 100 else None
        m.save(update_fields=["progress", "completed_on"])
    percent = weighted_percent((m.weight, m.progress) for m in milestones.values())
    report = ProgressReport.objects.create(
        project=locked, reported_on=reported_on, text=text, percent=percent, author=actor
    )
    save_versioned(locked, [])
    events.progress_reported(locked, percent=percent, actor=actor, at=at)
    return report


@transaction.atomic
def project_complete(
    *, project: Project, actor: User, at: datetime | None = None, expected_version: int | None = None
) -> Project:
    """实施中 → 已完成, once every milestone is at 100 %.

    Raises:
        PermissionDeniedError: not staff of the congress.
        InvalidTransition: the project is not being implemented.
        RuleViolation: a milestone is not done.
    """
    locked = _lock_project(project, expected_version)
    _require(perms.can_manage_project(actor, locked))
    PROJECT_WORKFLOW.check(locked.status, Project.Status.COMPLETED)
    if locked.milestones.exclude(progress=100).exists():
        raise RuleViolation("尚有未完成的进度节点")
    transition(
        locked, workflow=PROJECT_WORKFLOW, to=Project.Status.COMPLETED, action=Action.COMPLETE, actor=actor, at=at
    )
    return locked


@transaction.atomic
def satisfaction_vote_start(*, programme: Programme, meeting: Meeting, actor: User, at: datetime | None = None) -> Poll:
    """Put the year-end satisfaction evaluation of every project on ``meeting``'s agenda: a secret poll
    with 满意/基本满意/不满意/弃权 per project (L7).

    Raises:
        PermissionDeniedError: not staff of the congress.
        RuleViolation(rule L7): the programme has no project.
    """
    locked = _lock_programme(programme)
    _require(perms.can_manage_programme(actor, locked))
    projects = list(locked.projects.order_by("candidate__number"))
    if not projects:
        raise RuleViolation("没有需要测评的项目", extra={"rule": "L7"})
    title = f"{locked.year}年民生实事项目满意度测评"
    item, poll = _secret_poll_on_agenda(
        meeting=meeting,
        programme=locked,
        item_title=title,
        item_kind=AgendaItem.Kind.SATISFACTION,
        poll_kind=Poll.Kind.SATISFACTION,
        poll_title=title,
        options=[(p.title, p) for p in projects],
        actor=actor,
        at=at,
    )
    events.satisfaction_started(locked, title=item.title, actor=actor, at=at)
    return poll


@transaction.atomic
def satisfaction_record(*, poll: Poll, actor: User, at: datetime | None = None) -> list[Project]:
    """Copy a closed satisfaction poll's result (L7, pass mark from settings) onto each project.

    Raises:
        PermissionDeniedError: not staff of the projects' congress.
        RuleViolation(rule L7): the poll is not a closed satisfaction poll.
    """
    poll = Poll.objects.get(pk=poll.pk)
    if poll.kind != Poll.Kind.SATISFACTION or poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise RuleViolation("满意度测评尚未结束", extra={"rule": "L7"})
    out = []
    for opt in PollOption.objects.filter(poll=poll):
        project = _lock_project(Project(pk=opt.object_id))
        _require(perms.can_manage_project(actor, project))
        project.satisfaction_passed, project.satisfaction_text = opt.passed, opt.result_text
        save_versioned(project, ["satisfaction_passed", "satisfaction_text"])
        events.satisfaction_recorded(project, text=opt.result_text, actor=actor, at=at)
        out.append(project)
    return out
