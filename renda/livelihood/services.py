"""Writes of the livelihood domain (RULES.md §4, L1–L7).

Candidates and solicitation (L1) → the deputies' secret vote at a plenary (L2, L3, via
:mod:`renda.meetings.services`) → selection by L4 with a re-vote of a tie at the cut line → one
project per chosen candidate with its plan (L5) and "三个1" supervision (L6) → progress → the year-end
secret satisfaction evaluation (L7). Each transition locks its row, checks the transition and the
actor, saves with ``update_fields`` and writes an event row; a refused action writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.livelihood.models import (
    Candidate,
    Milestone,
    Programme,
    ProgrammeEvent,
    ProgressReport,
    Project,
    ProjectEvent,
)
from renda.livelihood.progress import weighted_percent
from renda.livelihood.workflow import (
    assert_candidate_transition,
    assert_programme_transition,
    assert_project_transition,
)
from renda.meetings import rules
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Meeting, Poll, PollOption
from renda.meetings.workflow import PollStatus
from renda.organization.models import Body, Congress, Deputy, HandlingUnit, Membership, Session, User

SOLICITATION_MIN_DAYS = 30
"""L1: the public solicitation lasts at least 30 calendar days (start day not counted, 民法典 第201条)."""


def _require_staff(actor: User, congress_id: int) -> None:
    if actor.role != User.Role.STAFF or (actor.congress_id and actor.congress_id != congress_id):
        raise PermissionDeniedError("只有常委会工作人员可以办理")


def _event(programme: Programme, actor: User, action: str, before: str, note: str = "") -> None:
    ProgrammeEvent.objects.create(
        programme=programme, actor=actor, action=action, from_status=before, to_status=programme.status, note=note
    )


def _move(
    programme: Programme, target: str, actor: User, action: str, note: str = "", fields: Sequence[str] = ()
) -> None:
    before = programme.status
    assert_programme_transition(before, target)
    programme.status = target
    programme.save(update_fields=["status", "updated_at", *fields])
    _event(programme, actor, action, before, note)


def _lock(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


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
) -> Programme:
    """Start a year's programme choosing ``seats`` projects (N)."""
    _require_staff(actor, congress.pk)
    programme = Programme.objects.create(
        congress=congress, session=session, year=year, title=title, seats=seats, ballot_form=ballot_form
    )
    _event(programme, actor, "create", "")
    return programme


@transaction.atomic
def programme_open_solicitation(*, programme: Programme, starts_on: date, ends_on: date, actor: User) -> Programme:
    """准备中 → 公开征集 for the period ``starts_on``…``ends_on``.

    Raises:
        RuleViolation(rule L1): the period is shorter than 30 calendar days.
    """
    locked = _lock(programme)
    _require_staff(actor, locked.congress_id)
    if ends_on < starts_on + timedelta(days=SOLICITATION_MIN_DAYS):
        raise RuleViolation(
            f"公开征集期不得少于 {SOLICITATION_MIN_DAYS} 日（{starts_on} 起至少到 {starts_on + timedelta(days=SOLICITATION_MIN_DAYS)}）",
            extra={"rule": "L1"},
        )
    locked.solicitation_starts_on, locked.solicitation_ends_on = starts_on, ends_on
    _move(
        locked,
        Programme.Status.SOLICITING,
        actor,
        "open_solicitation",
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
) -> Candidate:
    """The government submits a candidate project (during solicitation or screening, L1).

    Raises:
        RuleViolation(rule L1): the programme is not collecting candidates.
    """
    locked = _lock(programme)
    if actor.role not in (User.Role.STAFF, User.Role.UNIT_OFFICER):
        raise PermissionDeniedError("只有政府部门或常委会工作人员可以提交候选项目")
    if locked.status not in (Programme.Status.SOLICITING, Programme.Status.SCREENING):
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
    _event(locked, actor, "candidate_submit", locked.status, title)
    return candidate


@transaction.atomic
def programme_close_solicitation(*, programme: Programme, actor: User, today: date | None = None) -> Programme:
    """公开征集 → 筛选论证, not before the solicitation period has ended (L1)."""
    locked = _lock(programme)
    _require_staff(actor, locked.congress_id)
    today = today or timezone.localdate()
    if locked.solicitation_ends_on and today < locked.solicitation_ends_on:
        raise RuleViolation(f"公开征集期至 {locked.solicitation_ends_on} 截止，尚未届满", extra={"rule": "L1"})
    _move(locked, Programme.Status.SCREENING, actor, "close_solicitation")
    return locked


@transaction.atomic
def candidate_screen(*, candidate: Candidate, include: bool, actor: User, note: str = "") -> Candidate:
    """Screening (筛选论证): list the candidate for the vote or leave it out, with a note."""
    locked = Candidate.objects.select_for_update().select_related("programme").get(pk=candidate.pk)
    _require_staff(actor, locked.programme.congress_id)
    if locked.programme.status != Programme.Status.SCREENING:
        raise RuleViolation("当前不在筛选阶段", extra={"rule": "L1"})
    target = Candidate.Status.SCREENED_IN if include else Candidate.Status.SCREENED_OUT
    assert_candidate_transition(locked.status, target)
    locked.status, locked.screening_note = target, note
    locked.save(update_fields=["status", "screening_note", "updated_at"])
    _event(locked.programme, actor, "screen", locked.programme.status, f"{locked.title}：{locked.get_status_display()}")
    return locked


@transaction.atomic
def programme_submit(*, programme: Programme, actor: User) -> Programme:
    """筛选论证 → 已提请大会: more candidates than seats must be listed (差额, L1)."""
    locked = _lock(programme)
    _require_staff(actor, locked.congress_id)
    listed = locked.candidates.filter(status=Candidate.Status.SCREENED_IN).count()
    if listed <= locked.seats:
        raise RuleViolation(f"候选项目 {listed} 个，须多于拟确定的 {locked.seats} 个（差额票决）", extra={"rule": "L1"})
    _move(locked, Programme.Status.SUBMITTED, actor, "submit", f"候选项目 {listed} 个")
    return locked


@transaction.atomic
def programme_vote_start(*, programme: Programme, meeting: Meeting, actor: User) -> Poll:
    """已提请大会 → 票决中: put the candidates on a plenary's agenda with a secret poll (L2, L3).

    The poll is created, not opened: staff open it on the meeting page, where the quorum is checked (V1).
    Raises:
        RuleViolation(rule L2): ``meeting`` is not a congress plenary.
    """
    locked = _lock(programme)
    _require_staff(actor, locked.congress_id)
    if meeting.kind != Meeting.Kind.PLENARY:
        raise RuleViolation("民生实事项目须在大会全体会议上由代表票决", extra={"rule": "L2"})
    candidates = list(locked.candidates.filter(status=Candidate.Status.SCREENED_IN).order_by("number"))
    before = locked.status
    assert_programme_transition(before, Programme.Status.VOTING)
    item = meeting_services.agenda_item_add(
        meeting=meeting,
        title=f"表决{locked.title}",
        kind=AgendaItem.Kind.LIVELIHOOD_CANDIDATES,
        subject=locked,
        actor=actor,
    )
    poll = meeting_services.poll_create(
        item=item,
        method=Poll.Method.SECRET,
        kind=Poll.Kind.CANDIDATES,
        title=f"{locked.title}（无记名投票）",
        options=[(c.title, c) for c in candidates],
        ballot_form=locked.ballot_form,
        max_choices=locked.seats if locked.ballot_form == Poll.BallotForm.CHOOSE_UP_TO else None,
        actor=actor,
    )
    locked.agenda_item = item
    _move(locked, Programme.Status.VOTING, actor, "vote_start", fields=["agenda_item"])
    return poll


def current_poll(programme: Programme) -> Poll | None:
    """The latest poll of the programme's vote (the re-vote, if there is one)."""
    if not programme.agenda_item_id:
        return None
    return Poll.objects.filter(item_id=programme.agenda_item_id).order_by("-id").first()


@transaction.atomic
def programme_tally(*, programme: Programme, actor: User) -> rules.Selection[int]:
    """Apply L4 to the latest closed poll: 赞成 > half of ALL deputies, top N by 赞成; a tie at the
    cut line creates a re-vote poll of the tied candidates for the remaining seats (programme stays
    票决中); otherwise the programme becomes 已票决 and one :class:`Project` per chosen candidate is created.

    Returns:
        The :class:`~renda.meetings.rules.Selection` over candidate ids of this round.
    Raises:
        RuleViolation: the latest poll is not closed yet.
    """
    locked = _lock(programme)
    _require_staff(actor, locked.congress_id)
    poll = current_poll(locked)
    if poll is None or poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise RuleViolation("请先结束本轮投票再计票", extra={"rule": "L4"})
    if locked.status != Programme.Status.VOTING:
        assert_programme_transition(locked.status, Programme.Status.DECIDED)
    options = list(PollOption.objects.filter(poll=poll).order_by("order"))
    yes = {int(o.object_id or 0): o.count("yes") for o in options}
    already = locked.candidates.filter(status=Candidate.Status.SELECTED).count()
    total = poll.electorate or 0
    sel = rules.select_projects(yes=yes, total=total, seats=locked.seats - already)
    if poll.revote_of_id is None:
        for c in locked.candidates.filter(pk__in=yes):
            c.yes_votes = yes[c.pk]
            c.save(update_fields=["yes_votes", "updated_at"])
    for c in locked.candidates.filter(pk__in=sel.selected):
        assert_candidate_transition(c.status, Candidate.Status.SELECTED)
        c.status = Candidate.Status.SELECTED
        c.save(update_fields=["status", "updated_at"])
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
        )
        names = "、".join(c.title for c in tied)
        _move(locked, Programme.Status.VOTING, actor, "revote", f"得票相同需重新投票：{names}（{yes[tied[0].pk]} 票）")
        return sel
    chosen = list(locked.candidates.filter(status=Candidate.Status.SELECTED).order_by("-yes_votes", "number"))
    locked.candidates.filter(status=Candidate.Status.SCREENED_IN).update(status=Candidate.Status.NOT_SELECTED)
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
    _move(locked, Programme.Status.DECIDED, actor, "decide", locked.result_text, fields=["result_text"])
    return sel


@transaction.atomic
def programme_publish(*, programme: Programme, actor: User) -> Programme:
    """已票决 → 已公布; the programme's closed polls are published too."""
    locked = _lock(programme)
    _require_staff(actor, locked.congress_id)
    assert_programme_transition(locked.status, Programme.Status.PUBLISHED)
    for poll in Poll.objects.filter(item_id=locked.agenda_item_id, status=PollStatus.CLOSED):
        meeting_services.poll_publish(poll=poll, actor=actor)
    _move(locked, Programme.Status.PUBLISHED, actor, "publish")
    return locked


# --- delivery -------------------------------------------------------------------------------------


def _lock_project(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("programme").get(pk=project.pk)


def _project_event(project: Project, actor: User, action: str, before: str = "", note: str = "") -> None:
    ProjectEvent.objects.create(
        project=project,
        actor=actor,
        action=action,
        from_status=before or project.status,
        to_status=project.status,
        note=note,
    )


def _may_report(actor: User, project: Project) -> bool:
    if actor.role == User.Role.STAFF:
        return True
    return actor.role == User.Role.UNIT_OFFICER and actor.handling_unit_id == project.responsible_unit_id


@transaction.atomic
def project_set_plan(
    *, project: Project, targets: str, deadline: date, funding: Decimal, responsible_unit: HandlingUnit, actor: User
) -> Project:
    """Publish the implementation plan (L5): targets, deadline (calendar date), funding (万元), unit."""
    locked = _lock_project(project)
    _require_staff(actor, locked.programme.congress_id)
    if not targets.strip():
        raise RuleViolation("实施方案须写明目标任务", extra={"rule": "L5"})
    locked.targets, locked.deadline, locked.funding, locked.responsible_unit = (
        targets,
        deadline,
        funding,
        responsible_unit,
    )
    locked.plan_published_at = timezone.now()
    locked.save(update_fields=["targets", "deadline", "funding", "responsible_unit", "plan_published_at", "updated_at"])
    _project_event(locked, actor, "plan", note=f"完成时限 {deadline}，资金 {funding} 万元，责任单位 {responsible_unit}")
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
) -> Project:
    """ "三个1" supervision (L6): exactly 1 lead Standing Committee vice-chair, 1 special committee and
    1 supervision group (with at least one member) per project; assigning again replaces all three.

    Raises:
        RuleViolation(rule L6): the vice-chair holds no current vice-chair seat on the Standing
            Committee, the body is not a special committee, or the group is unnamed or empty.
    """
    locked = _lock_project(project)
    _require_staff(actor, locked.programme.congress_id)
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
    locked.save(update_fields=["lead_vice_chair", "special_committee", "supervision_group", "updated_at"])
    locked.supervision_group_members.set(group_members)
    _project_event(
        locked,
        actor,
        "supervision",
        note=f"牵头督办：{vice_chair.name}；对口联系：{special_committee.name}；{group_name}",
    )
    return locked


@transaction.atomic
def project_start(*, project: Project, actor: User) -> Project:
    """制定实施方案 → 实施中, only with the plan published (L5) and all three "三个1" supervisors (L6)."""
    locked = _lock_project(project)
    _require_staff(actor, locked.programme.congress_id)
    assert_project_transition(locked.status, Project.Status.IMPLEMENTING)
    if not locked.plan_published_at or not locked.deadline or locked.funding is None or not locked.responsible_unit_id:
        raise RuleViolation("须先公布实施方案（目标、时限、资金、责任单位）", extra={"rule": "L5"})
    if not (locked.lead_vice_chair_id and locked.special_committee_id and locked.supervision_group):
        raise RuleViolation("须落实“三个1”督办：1名副主任、1个专委会、1个监督小组", extra={"rule": "L6"})
    before = locked.status
    locked.status = Project.Status.IMPLEMENTING
    locked.save(update_fields=["status", "updated_at"])
    _project_event(locked, actor, "start", before)
    return locked


@transaction.atomic
def milestone_add(*, project: Project, title: str, due_on: date, actor: User, weight: int = 1) -> Milestone:
    """Add a milestone (weight ≥ 1, due on a calendar date) to the plan."""
    locked = _lock_project(project)
    _require_staff(actor, locked.programme.congress_id)
    if weight < 1:
        raise RuleViolation("权重须为正整数")
    order = (locked.milestones.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    ms = Milestone.objects.create(project=locked, order=order, title=title, weight=weight, due_on=due_on)
    _project_event(locked, actor, "milestone", note=title)
    return ms


@transaction.atomic
def progress_report_submit(
    *, project: Project, text: str, progress: Mapping[int, int], actor: User, reported_on: date | None = None
) -> ProgressReport:
    """Report progress: set each milestone's progress (0–100 %) and store the weighted percentage.

    Raises:
        PermissionDeniedError: neither staff nor an officer of the responsible unit.
        RuleViolation: the project is not being implemented, or a progress value is out of range.
    """
    locked = _lock_project(project)
    if not _may_report(actor, locked):
        raise PermissionDeniedError("只有责任单位或常委会工作人员可以报告进展")
    if locked.status != Project.Status.IMPLEMENTING:
        raise RuleViolation("项目未在实施中")
    reported_on = reported_on or timezone.localdate()
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
    _project_event(locked, actor, "progress", note=f"总体进度 {percent}%")
    return report


@transaction.atomic
def project_complete(*, project: Project, actor: User) -> Project:
    """实施中 → 已完成, once every milestone is at 100 %."""
    locked = _lock_project(project)
    _require_staff(actor, locked.programme.congress_id)
    assert_project_transition(locked.status, Project.Status.COMPLETED)
    if locked.milestones.exclude(progress=100).exists():
        raise RuleViolation("尚有未完成的进度节点")
    before = locked.status
    locked.status = Project.Status.COMPLETED
    locked.save(update_fields=["status", "updated_at"])
    _project_event(locked, actor, "complete", before)
    return locked


@transaction.atomic
def satisfaction_vote_start(*, programme: Programme, meeting: Meeting, actor: User) -> Poll:
    """Put the year-end satisfaction evaluation of every project on ``meeting``'s agenda: a secret poll
    with 满意/基本满意/不满意/弃权 per project (L7)."""
    locked = _lock(programme)
    _require_staff(actor, locked.congress_id)
    projects = list(locked.projects.order_by("candidate__number"))
    if not projects:
        raise RuleViolation("没有需要测评的项目", extra={"rule": "L7"})
    item = meeting_services.agenda_item_add(
        meeting=meeting,
        title=f"{locked.year}年民生实事项目满意度测评",
        kind=AgendaItem.Kind.SATISFACTION,
        subject=locked,
        actor=actor,
    )
    poll = meeting_services.poll_create(
        item=item,
        method=Poll.Method.SECRET,
        kind=Poll.Kind.SATISFACTION,
        title=item.title,
        options=[(p.title, p) for p in projects],
        actor=actor,
    )
    _event(locked, actor, "satisfaction_start", locked.status, item.title)
    return poll


@transaction.atomic
def satisfaction_record(*, poll: Poll, actor: User) -> list[Project]:
    """Copy a closed satisfaction poll's result (L7, pass mark from settings) onto each project."""
    poll = Poll.objects.get(pk=poll.pk)
    if poll.kind != Poll.Kind.SATISFACTION or poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise RuleViolation("满意度测评尚未结束", extra={"rule": "L7"})
    out = []
    for opt in PollOption.objects.filter(poll=poll):
        project = _lock_project(Project(pk=opt.object_id))
        _require_staff(actor, project.programme.congress_id)
        project.satisfaction_passed, project.satisfaction_text = opt.passed, opt.result_text
        project.save(update_fields=["satisfaction_passed", "satisfaction_text", "updated_at"])
        _project_event(project, actor, "satisfaction", note=opt.result_text)
        out.append(project)
    return out
