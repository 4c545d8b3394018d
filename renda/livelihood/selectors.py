"""Reads of the livelihood domain: programmes, candidates, projects with progress and overdue flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renda.core.exceptions import NotFoundOrForbidden
from renda.livelihood import permissions
from renda.livelihood.models import (
    Candidate,
    Milestone,
    Programme,
    ProgrammeEvent,
    ProgressReport,
    Project,
    ProjectEvent,
)
from renda.livelihood.permissions import INSIDER_ROLES
from renda.livelihood.progress import is_overdue, weighted_percent
from renda.meetings.models import Meeting, Poll
from renda.meetings.workflow import MeetingStatus, PollStatus
from renda.organization.models import Body, Deputy, HandlingUnit, Membership, User


def programme_list(*, viewer: User | None = None) -> QuerySet[Programme]:
    """Programmes ``viewer`` may see, newest year first.

    Staff, deputies and supervisors see every programme of their own congress (they run, vote on
    and supervise it); its units' officers those collecting candidates (L1) and the published ones;
    every other viewer — station operators, citizens, visitors, and any
    login bound to no congress — sees published programmes only (L4: results are public once
    published, not before). The query form of :func:`renda.livelihood.permissions.can_view_programme`.
    """
    qs = Programme.objects.select_related("session__term")
    congress_id = getattr(viewer, "congress_id", None) if viewer is not None else None
    if congress_id:
        qs = qs.filter(congress_id=int(congress_id))
    role = getattr(viewer, "role", None)
    if bool(congress_id) and role == User.Role.UNIT_OFFICER:
        qs = qs.filter(status__in=(Programme.Status.PUBLISHED, *Programme.COLLECTING))
    elif not (bool(congress_id) and role in INSIDER_ROLES):
        qs = qs.filter(status=Programme.Status.PUBLISHED)
    return qs.order_by("-year", "-id")


def programmes_collecting(*, viewer: User) -> QuerySet[Programme]:
    """The programmes of ``viewer``'s congress collecting candidate projects now (公开征集, 筛选论证; L1),
    newest year first: what a unit officer may propose candidates to. Empty for a login bound to no
    congress."""
    if not getattr(viewer, "congress_id", None):
        return Programme.objects.none()
    return programme_list(viewer=viewer).filter(status__in=Programme.COLLECTING)


def unit_candidates(*, viewer: User) -> QuerySet[Candidate]:
    """The candidate projects ``viewer``'s handling unit proposed, newest programme first, with their
    screening status (入围/未入围) and outcome; empty for a login bound to no unit."""
    if not getattr(viewer, "handling_unit_id", None):
        return Candidate.objects.none()
    return (
        Candidate.objects.filter(lead_unit_id=viewer.handling_unit_id)
        .select_related("programme")
        .order_by("-programme__year", "-programme_id", "number")
    )


def access_programme(*, viewer: User | None, pk: int) -> Programme:
    """Fetch a programme ``viewer`` may see (:func:`permissions.can_view_programme`).

    Raises:
        NotFoundOrForbidden: missing and forbidden alike (404).
    """
    programme = Programme.objects.select_related("session__term").filter(pk=pk).first()
    if programme is None or not permissions.can_view_programme(viewer, programme):
        raise NotFoundOrForbidden(gettext("票决不存在或无权查看"))
    return programme


def access_candidate(*, viewer: User | None, pk: int) -> Candidate:
    """Fetch a candidate project of a programme ``viewer`` may see (404 alike for missing and forbidden)."""
    candidate = Candidate.objects.select_related("programme").filter(pk=pk).first()
    if candidate is None or not permissions.can_view_programme(viewer, candidate.programme):
        raise NotFoundOrForbidden(gettext("候选项目不存在或无权查看"))
    return candidate


def current_poll(programme: Programme) -> Poll | None:
    """The latest poll of the programme's vote (the re-vote, if there is one), or ``None``."""
    if not programme.agenda_item_id:
        return None
    return Poll.objects.filter(item_id=programme.agenda_item_id).order_by("-id").first()


def revoting_candidates(*, programme: Programme, poll: Poll | None) -> set[int]:
    """Ids of the candidates tied at the cut line and being voted on again (L4), or an empty set."""
    if poll is None or not poll.revote_of_id or programme.status != Programme.Status.VOTING:
        return set()
    return {int(i) for i in poll.options.values_list("object_id", flat=True) if i is not None}


def public_programmes() -> QuerySet[Programme]:
    """Programmes whose result is published (the public page)."""
    return programme_list().filter(status=Programme.Status.PUBLISHED)


@dataclass(frozen=True)
class ProjectRow:
    """A project with its weighted progress and whether it or one of its milestones is overdue."""

    project: Project
    percent: Decimal
    overdue: bool
    overdue_milestones: int


def project_rows(*, programme: Programme, today: date | None = None) -> list[ProjectRow]:
    """Every project of ``programme`` with progress and overdue flags (3 queries, any number of projects)."""
    today = today or timezone.localdate()
    projects = (
        Project.objects.filter(programme=programme)
        .select_related("lead_vice_chair", "special_committee", "responsible_unit", "candidate")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("order")))
        .order_by("-candidate__yes_votes", "candidate__number")
    )
    rows = []
    for p in projects:
        ms = list(p.milestones.all())
        late = sum(is_overdue(due_on=m.due_on, done=m.progress == 100, today=today) for m in ms)
        done = p.status == Project.Status.COMPLETED
        rows.append(
            ProjectRow(
                project=p,
                percent=weighted_percent((m.weight, m.progress) for m in ms),
                overdue=late > 0 or is_overdue(due_on=p.deadline, done=done, today=today),
                overdue_milestones=late,
            )
        )
    return rows


def milestone_flags(*, project: Project, today: date | None = None) -> list[tuple[Milestone, bool]]:
    """Milestones of ``project`` in order, each with its overdue flag (due date passed, not at 100 %)."""
    today = today or timezone.localdate()
    return [
        (m, is_overdue(due_on=m.due_on, done=m.progress == 100, today=today))
        for m in project.milestones.order_by("order")
    ]


def access_project(*, viewer: User | None, pk: int) -> Project:
    """Fetch a project ``viewer`` may see (:func:`permissions.can_view_project`: its programme is visible
    to them, or they are an officer of its responsible unit).

    Raises:
        NotFoundOrForbidden: missing and forbidden alike (404).
    """
    project = (
        Project.objects.select_related("programme", "lead_vice_chair", "special_committee", "responsible_unit")
        .filter(pk=pk)
        .first()
    )
    if project is None or not permissions.can_view_project(viewer, project):
        raise NotFoundOrForbidden(gettext("项目不存在或无权查看"))
    return project


def project_reports(*, project: Project) -> QuerySet[ProgressReport]:
    """The project's progress reports, newest first, with their authors joined."""
    return ProgressReport.objects.filter(project=project).select_related("author").order_by("-reported_on", "-id")


def programme_events(*, programme: Programme) -> QuerySet[ProgrammeEvent]:
    """The programme's trail (its moves, its candidates' screening and outcome), oldest first; pages
    show each event's ``action_label``."""
    return ProgrammeEvent.objects.filter(programme=programme).select_related("actor").order_by("at", "id")


def project_events(*, project: Project) -> QuerySet[ProjectEvent]:
    """The project's trail (plan, "三个1", start, milestones, progress, completion), oldest first."""
    return ProjectEvent.objects.filter(project=project).select_related("actor").order_by("at", "id")


def unit_projects(*, viewer: User) -> QuerySet[Project]:
    """The projects whose responsible unit is ``viewer``'s handling unit (the unit's 民生实事 page),
    newest year first; empty for a login bound to no unit."""
    if not getattr(viewer, "handling_unit_id", None):
        return Project.objects.none()
    return (
        Project.objects.filter(responsible_unit_id=viewer.handling_unit_id)
        .select_related("programme", "lead_vice_chair", "special_committee")
        .order_by("-programme__year", "candidate__number")
    )


def satisfaction_poll(programme: Programme) -> Poll | None:
    """The latest year-end satisfaction poll (L7) put on an agenda for ``programme``, or ``None``."""
    ct = ContentType.objects.get_for_model(Programme)
    return (
        Poll.objects.filter(kind=Poll.Kind.SATISFACTION, item__content_type=ct, item__object_id=programme.pk)
        .select_related("item")
        .order_by("-id")
        .first()
    )


def satisfaction_to_record(programme: Programme) -> Poll | None:
    """The latest satisfaction poll of ``programme`` if it is closed and its result is not yet on every
    project (:func:`renda.livelihood.services.satisfaction_record` has not copied it), else ``None``."""
    poll = satisfaction_poll(programme)
    if poll is None or poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        return None
    results = {int(o.object_id or 0): o.result_text for o in poll.options.all()}
    recorded = dict(Project.objects.filter(pk__in=results).values_list("pk", "satisfaction_text"))
    return poll if any(recorded.get(pk) != text for pk, text in results.items()) else None


@dataclass(frozen=True)
class Stage:
    """One step of a programme's round as the programme page shows it: ``state`` is ``done``,
    ``current`` or ``todo``."""

    label: str
    state: str


#: The steps of a round (L1–L7) and the programme statuses each step covers.
_STAGES: tuple[tuple[object, tuple[str, ...]], ...] = (
    (_("准备"), (Programme.Status.DRAFTING,)),
    (_("公开征集"), (Programme.Status.SOLICITING,)),
    (_("筛选论证"), (Programme.Status.SCREENING,)),
    (_("提请大会"), (Programme.Status.SUBMITTED,)),
    (_("代表票决"), (Programme.Status.VOTING,)),
    (_("确定项目"), (Programme.Status.DECIDED,)),
    (_("公布与实施"), (Programme.Status.PUBLISHED,)),
)


def programme_stages(*, programme: Programme) -> list[Stage]:
    """The round's steps with the programme's position (the stage bar of the programme page)."""
    order = [statuses for _label, statuses in _STAGES]
    now = next(i for i, statuses in enumerate(order) if programme.status in statuses)
    return [
        Stage(label=str(label), state="done" if i < now else "current" if i == now else "todo")
        for i, (label, _statuses) in enumerate(_STAGES)
    ]


def plenary_meetings(*, congress_id: int) -> QuerySet[Meeting]:
    """Congress plenaries of ``congress_id`` not yet closed: where the deputies vote (L2) and evaluate (L7)."""
    return (
        Meeting.objects.filter(term__congress_id=congress_id, kind=Meeting.Kind.PLENARY)
        .exclude(status=MeetingStatus.CLOSED)
        .order_by("-starts_at", "-id")
    )


def congress_units(*, congress_id: int) -> QuerySet[HandlingUnit]:
    """Active handling units of ``congress_id`` (a candidate's lead unit, a plan's responsible unit)."""
    return HandlingUnit.objects.filter(congress_id=congress_id, is_active=True).order_by("name")


def candidate_units(*, viewer: User, congress_id: int) -> QuerySet[HandlingUnit]:
    """The units ``viewer`` may name as a candidate's proposing unit (牵头单位, L1): every unit of the
    congress for staff, only their own for a unit officer (:func:`permissions.can_submit_candidate_for`)."""
    units = congress_units(congress_id=congress_id)
    if viewer.role == User.Role.UNIT_OFFICER:
        return units.filter(pk=viewer.handling_unit_id or 0)
    return units


def vice_chairs(*, congress_id: int) -> QuerySet[Deputy]:
    """Deputies holding a current vice-chair seat on a Standing Committee of ``congress_id`` (L6)."""
    seats = Membership.objects.filter(
        body__term__congress_id=congress_id,
        body__kind=Body.Kind.STANDING_COMMITTEE,
        role=Membership.Role.VICE_CHAIR,
        ended_on__isnull=True,
    )
    return Deputy.objects.filter(pk__in=seats.values("deputy_id")).order_by("code")


def special_committees(*, congress_id: int) -> QuerySet[Body]:
    """Special committees of ``congress_id`` (the "三个1" committee contact, L6)."""
    return Body.objects.filter(term__congress_id=congress_id, kind=Body.Kind.SPECIAL_COMMITTEE).order_by("name")


def serving_deputies(*, congress_id: int) -> QuerySet[Deputy]:
    """Serving deputies of ``congress_id`` (members of a supervision group, L6)."""
    return Deputy.objects.filter(term__congress_id=congress_id, status=Deputy.Status.SERVING).order_by("code")


def projects_in(
    *, congress_id: int, start: date, end: date, session_id: int | None = None, status: str = ""
) -> QuerySet[Project]:
    """Livelihood projects (民生实事项目) of the programmes voted in a period (RULES.md §4, L1–L5).

    Args:
        congress_id: the congress.
        start, end: the period (inclusive); programmes whose year falls in it count.
        session_id: when given, the programme voted at that session instead.
        status: one ``Project.Status`` value to keep (empty for all).
    Returns:
        Projects with programme and responsible unit joined, by year and title.
    """
    qs = Project.objects.filter(programme__congress_id=congress_id)
    if session_id:
        qs = qs.filter(programme__session_id=session_id)
    else:
        qs = qs.filter(programme__year__range=(start.year, end.year))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("programme", "responsible_unit").order_by("programme__year", "title", "id")


def projects_led_by(*, deputy_id: int) -> QuerySet[Project]:
    """The projects a Standing Committee vice-chair leads ("三个1", L5), newest year first, programme joined."""
    return (
        Project.objects.filter(lead_vice_chair_id=deputy_id)
        .select_related("programme")
        .order_by("-programme__year", "title", "id")
    )


def projects_overdue(*, congress_id: int | None, today: date | None = None) -> QuerySet[Project]:
    """Projects being implemented with a milestone past its due date and not done (progress < 100 %),
    of the congress (all congresses for ``None``), by title."""
    today = today or timezone.localdate()
    late = Milestone.objects.filter(due_on__lt=today, progress__lt=100, project__status=Project.Status.IMPLEMENTING)
    if congress_id:
        late = late.filter(project__programme__congress_id=congress_id)
    return Project.objects.filter(pk__in=late.values("project_id")).order_by("title", "id")
