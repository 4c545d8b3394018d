"""Who may do what in the livelihood domain: the single source for services, selectors, views, the API
and templates (DESIGN.md house style 6).

- Staff of the programme's congress (常委会工作人员) run the programme: solicitation, screening, the
  vote's agenda, tally and publication (L1–L4), a project's plan, "三个1" supervision, milestones and
  completion (L5–L6), and the satisfaction evaluation (L7).
- The government's units (承办单位) of the congress see a programme while candidates are collected and
  submit candidate projects in their own name (L1); an officer of a project's responsible unit reports
  its progress.
- Deputies of the congress vote (L2, on the meetings app's poll page).
- Staff, deputies and supervisors of the congress see every programme; everybody sees published
  results (L4), also without logging in.

Each ``can_<verb>(user, obj) -> bool`` answers for one actor and one record; :func:`programme_actions`
and :func:`project_actions` combine them with the workflow moves into the set of actions a page shows.
A login bound to no congress counts for every congress (the platform's own administrators).
"""

from __future__ import annotations

from typing import Any

from renda.livelihood.models import Candidate, Programme, Project
from renda.livelihood.workflow import PROGRAMME_WORKFLOW, PROJECT_WORKFLOW
from renda.meetings.models import Poll
from renda.meetings.workflow import PollStatus
from renda.organization.models import User

#: Roles that see a programme of their own congress before it is published.
INSIDER_ROLES = frozenset({User.Role.STAFF, User.Role.DEPUTY, User.Role.SUPERVISOR})


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


def _of_congress(user: Any, congress_id: int) -> bool:
    return not user.congress_id or user.congress_id == congress_id


def is_congress_staff(user: Any, congress_id: int) -> bool:
    """Staff (常委会工作人员) of the congress ``congress_id`` (or a staff login bound to no congress)."""
    return _authenticated(user) and user.role == User.Role.STAFF and _of_congress(user, congress_id)


def can_create_programme(user: Any, congress: Any) -> bool:
    """Staff of ``congress`` may start a year's programme."""
    return is_congress_staff(user, congress.pk)


def can_view_programme(user: Any, programme: Programme) -> bool:
    """Insiders (staff, deputies, supervisors) of the programme's congress see it at every stage; the
    officers of its government units while candidates are collected (公开征集, 筛选论证: they propose
    them, L1) and once published; anyone else (operators, citizens, visitors without a login) only once
    its result is published (L4); a login bound to another congress does not see it. :func:`renda.livelihood.selectors.programme_list`
    is the query form of this rule."""
    congress_id = getattr(user, "congress_id", None) if _authenticated(user) else None
    if congress_id and congress_id != programme.congress_id:
        return False
    if programme.status == Programme.Status.PUBLISHED:  # the public result (L4), no login needed
        return True
    if bool(congress_id) and user.role == User.Role.UNIT_OFFICER and programme.status in Programme.COLLECTING:
        return True  # the government's units propose candidates while they are collected (L1)
    return bool(congress_id) and user.role in INSIDER_ROLES


def can_manage_programme(user: Any, programme: Programme) -> bool:
    """Staff of the programme's congress run it (solicitation, screening, vote, tally, publication,
    satisfaction evaluation; L1–L4, L7)."""
    return is_congress_staff(user, programme.congress_id)


def can_submit_candidate(user: Any, programme: Programme) -> bool:
    """Staff of the congress, or an officer of one of its government units, may submit candidate
    projects (the service also requires the programme to be collecting them: 公开征集 or 筛选论证, L1)."""
    if is_congress_staff(user, programme.congress_id):
        return True
    if not _authenticated(user) or user.role != User.Role.UNIT_OFFICER or not user.handling_unit_id:
        return False
    return bool(user.handling_unit.congress_id == programme.congress_id)


def can_submit_candidate_for(user: Any, programme: Programme, unit: Any) -> bool:
    """:func:`can_submit_candidate`, proposing it in the name of handling unit ``unit``: staff for any
    unit of the programme's congress, a unit officer for their own unit only (L1)."""
    if not can_submit_candidate(user, programme) or unit.congress_id != programme.congress_id:
        return False
    return user.role != User.Role.UNIT_OFFICER or unit.pk == user.handling_unit_id


def can_edit_candidate(user: Any, candidate: Candidate) -> bool:
    """Staff of the congress may correct a candidate (title, content, budget, unit, targets) while the
    programme is still collecting candidates (公开征集 or 筛选论证, L1); once it is submitted to the
    congress the list the deputies vote on is fixed."""
    return can_manage_programme(user, candidate.programme) and candidate.programme.status in Programme.COLLECTING


def can_view_project(user: Any, project: Project) -> bool:
    """Who sees a project: whoever sees its programme (:func:`can_view_programme`), and the officers of
    its responsible unit, who report its progress even before the programme's result is published."""
    if can_view_programme(user, project.programme):
        return True
    return bool(
        _authenticated(user)
        and user.role == User.Role.UNIT_OFFICER
        and user.handling_unit_id
        and user.handling_unit_id == project.responsible_unit_id
    )


def can_vote(user: Any, programme: Programme) -> bool:
    """A deputy's login of the programme's congress may vote while the programme is 票决中 (L2; the
    ballot itself is the meetings app's, which checks attendance)."""
    return (
        _authenticated(user)
        and user.role == User.Role.DEPUTY
        and bool(user.deputy_id)
        and user.congress_id == programme.congress_id
        and programme.status == Programme.Status.VOTING
    )


def can_change_programme(user: Any, programme: Programme) -> bool:
    """Staff may edit a programme's own fields (title, seats, ballot form) only until the deputies'
    vote has decided it: an adopted plan is read-only (admin and API)."""
    return can_manage_programme(user, programme) and not programme.is_adopted


def can_manage_project(user: Any, project: Project) -> bool:
    """Staff of the project's congress manage its delivery (plan, "三个1", milestones, start, completion)."""
    return is_congress_staff(user, project.programme.congress_id)


def can_set_plan(user: Any, project: Project) -> bool:
    """Staff may publish or revise the implementation plan (L5) only while it is being drawn up: once
    the project is implemented the plan is read-only."""
    return can_manage_project(user, project) and not project.plan_locked


def can_report_progress(user: Any, project: Project) -> bool:
    """Staff of the congress, or an officer of the project's responsible unit, report progress."""
    if can_manage_project(user, project):
        return True
    return bool(
        _authenticated(user)
        and user.role == User.Role.UNIT_OFFICER
        and user.handling_unit_id
        and user.handling_unit_id == project.responsible_unit_id
    )


def programme_actions(
    user: Any, programme: Programme, *, poll: Poll | None = None, satisfaction_poll: Poll | None = None
) -> set[str]:
    """The actions ``user`` may take on ``programme`` now (the buttons a page shows).

    Args:
        user: the viewer (may be anonymous).
        programme: the programme.
        poll: its current poll (:func:`renda.livelihood.selectors.current_poll`), for ``tally``/``vote``.
        satisfaction_poll: its closed satisfaction poll whose result is not yet on the projects
            (:func:`renda.livelihood.selectors.satisfaction_to_record`), for ``satisfaction_record`` (L7).
    Returns:
        A subset of ``open_solicitation``, ``submit_candidate``, ``close_solicitation``, ``screen``,
        ``submit``, ``vote_start``, ``tally``, ``publish``, ``satisfaction_start``, ``satisfaction_record``,
        ``vote``, ``change``.
    """
    s = Programme.Status
    out: set[str] = set()
    moves = {
        "open_solicitation": s.SOLICITING,
        "close_solicitation": s.SCREENING,
        "submit": s.SUBMITTED,
        "vote_start": s.VOTING,
        "publish": s.PUBLISHED,
    }
    if can_manage_programme(user, programme):
        out |= {
            name
            for name, to in moves.items()
            if to != programme.status and PROGRAMME_WORKFLOW.allows(programme.status, to)
        }
        if programme.status == s.SCREENING:
            out.add("screen")
        if (
            programme.status == s.VOTING
            and poll is not None
            and poll.status in (PollStatus.CLOSED, PollStatus.PUBLISHED)
        ):
            out.add("tally")
        if programme.is_adopted:
            out.add("satisfaction_start")
            if satisfaction_poll is not None and satisfaction_poll.status in (PollStatus.CLOSED, PollStatus.PUBLISHED):
                out.add("satisfaction_record")
    if can_change_programme(user, programme):
        out.add("change")
    if programme.status in Programme.COLLECTING and can_submit_candidate(user, programme):
        out.add("submit_candidate")
    if poll is not None and can_vote(user, programme):
        out.add("vote")
    return out


def project_actions(user: Any, project: Project) -> set[str]:
    """The actions ``user`` may take on ``project`` now: a subset of ``plan``, ``supervision``,
    ``start`` (once plan and "三个1" are in place, L5/L6), ``milestone``, ``report_progress``, ``complete``."""
    s = Project.Status
    out: set[str] = set()
    if can_manage_project(user, project):
        out.add("milestone")
        if project.status != s.COMPLETED:
            out.add("supervision")
        if PROJECT_WORKFLOW.allows(project.status, s.IMPLEMENTING) and project.has_plan and project.has_three_ones:
            out.add("start")
        if PROJECT_WORKFLOW.allows(project.status, s.COMPLETED):
            out.add("complete")
    if can_set_plan(user, project):
        out.add("plan")
    if project.status == s.IMPLEMENTING and can_report_progress(user, project):
        out.add("report_progress")
    return out


def candidate_actions(user: Any, candidate: Candidate) -> set[str]:
    """The actions ``user`` may take on one candidate now: ``edit`` (:func:`can_edit_candidate`) and
    ``screen`` (staff, while the programme is 筛选论证, L1)."""
    out: set[str] = set()
    if can_edit_candidate(user, candidate):
        out.add("edit")
    if candidate.programme.status == Programme.Status.SCREENING and can_manage_programme(user, candidate.programme):
        out.add("screen")
    return out


def allowed_actions(
    user: Any,
    obj: Programme | Project | Candidate,
    *,
    poll: Poll | None = None,
    satisfaction_poll: Poll | None = None,
) -> set[str]:
    """The actions ``user`` may take on a programme, a candidate or a project (:func:`programme_actions`,
    :func:`candidate_actions`, :func:`project_actions`)."""
    if isinstance(obj, Programme):
        return programme_actions(user, obj, poll=poll, satisfaction_poll=satisfaction_poll)
    if isinstance(obj, Candidate):
        return candidate_actions(user, obj)
    return project_actions(user, obj)
