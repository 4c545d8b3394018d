"""Builders for livelihood tests: factory_boy factories for a programme/candidate/project in a given
state, and helpers that run the real services (solicitation → vote → a decided project with its plan
and "三个1" supervisors)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from renda.livelihood import services
from renda.livelihood.models import Candidate, Programme, Project
from renda.meetings import services as ms
from renda.meetings.models import Meeting, Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, Membership, User
from renda.organization.tests import factories as f

staff = mf.staff


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme of a fresh congress (any ``status`` may be given: tests only)."""

    class Meta:
        model = Programme

    session = factory.SubFactory(f.SessionFactory)
    congress = factory.LazyAttribute(lambda o: o.session.term.congress)
    year = factory.Sequence(lambda n: 2000 + n)
    title = factory.LazyAttribute(lambda o: f"{o.year}年民生实事项目")
    seats = 2


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"候选项目{n + 1}")
    budget = Decimal("1000")
    lead_unit = factory.LazyAttribute(lambda o: f.HandlingUnitFactory(congress=o.programme.congress))


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project in planning, with a plan's unit and funding from its candidate."""

    class Meta:
        model = Project

    candidate = factory.SubFactory(CandidateFactory, status=Candidate.Status.SELECTED)
    programme = factory.LazyAttribute(lambda o: o.candidate.programme)
    title = factory.LazyAttribute(lambda o: o.candidate.title)
    responsible_unit = factory.LazyAttribute(lambda o: o.candidate.lead_unit)
    funding = Decimal("1000")


def user(role: str, congress: Any, **kw: Any) -> Any:
    """A login (``User``) of ``role`` in ``congress``."""
    return f.UserFactory(role=role, congress=congress, **kw)


def unit_officer(unit: Any) -> Any:
    """An officer (``User``) of handling unit ``unit``."""
    return f.UserFactory(role=User.Role.UNIT_OFFICER, congress=unit.congress, handling_unit=unit)


def soliciting(actor: User, *, year: int = 2027) -> Programme:
    """A programme of ``actor``'s congress in 公开征集 (solicitation open 1 Sept–8 Oct of the year before), no candidates."""
    p = services.programme_create(
        congress=actor.congress,  # type: ignore[arg-type]
        session=f.SessionFactory(term=actor.congress.terms.get()),  # type: ignore[union-attr,arg-type]
        year=year,
        title=f"{year}年民生实事项目",
        seats=2,
        actor=actor,
    )
    return services.programme_open_solicitation(
        programme=p, starts_on=date(year - 1, 9, 1), ends_on=date(year - 1, 10, 8), actor=actor
    )


def programme(
    actor: User, *, seats: int = 2, candidates: int = 4, ballot_form: str = Poll.BallotForm.PER_OPTION, year: int = 2026
) -> Programme:
    """A programme run through the services up to 已提请大会 with ``candidates`` screened in."""
    term = actor.congress.terms.get()  # type: ignore[union-attr]
    p = services.programme_create(
        congress=actor.congress,  # type: ignore[arg-type]
        session=f.SessionFactory(term=term),  # type: ignore[arg-type]
        year=year,
        title=f"{year}年民生实事项目",
        seats=seats,
        ballot_form=ballot_form,
        actor=actor,
    )
    services.programme_open_solicitation(
        programme=p, starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 31), actor=actor
    )
    unit: Any = f.HandlingUnitFactory(congress=actor.congress)
    for i in range(candidates):
        services.candidate_submit(
            programme=p, title=f"项目{i + 1}", budget=Decimal("1000"), lead_unit=unit, actor=actor
        )
    services.programme_close_solicitation(programme=p, actor=actor, today=date(2026, 2, 1))
    for c in p.candidates.all():
        services.candidate_screen(candidate=c, include=True, actor=actor)
    return services.programme_submit(programme=p, actor=actor)


def vote_round(poll: Poll, meeting: Meeting, yes_per_option: list[int]) -> None:
    """Cast one secret ballot per present deputy so that option k gets ``yes_per_option[k]`` 赞成 (others 反对)."""
    options = list(poll.options.order_by("order"))
    voters = mf.members(meeting)
    for i, deputy in enumerate(voters[: max(yes_per_option)]):
        choices = {o.pk: ("yes" if i < yes_per_option[k] else "no") for k, o in enumerate(options)}
        ms.ballot_cast(poll=poll, voter=deputy, choices=choices, actor=mf.deputy_login(deputy))


def plenary_vote(actor: User, p: Programme, deputies: int = 9) -> tuple[Meeting, Poll]:
    """A plenary of ``deputies`` all present, the programme's vote started and its poll open."""
    meeting = mf.plenary(term=actor.congress.terms.get(), actor=actor, deputies=deputies)  # type: ignore[union-attr]
    mf.check_in(meeting, meeting.roster_size, actor=actor)
    poll = services.programme_vote_start(programme=p, meeting=meeting, actor=actor)
    return meeting, ms.poll_open(poll=poll, actor=actor)


def decided_project(actor: User) -> tuple[Programme, Project, Meeting]:
    """A programme decided by the vote (1 seat of 2 candidates) and its one project (制定实施方案)."""
    p = programme(actor, seats=1, candidates=2)
    meeting, poll = plenary_vote(actor, p)
    vote_round(poll, meeting, [9, 1])
    ms.poll_close(poll=poll, actor=actor)
    services.programme_tally(programme=p, actor=actor)
    p.refresh_from_db()
    return p, p.projects.get(), meeting


def three_ones(actor: User) -> tuple[Any, Any, list[Any]]:
    """A Standing Committee vice-chair, a special committee and three group members of the term."""
    term = actor.congress.terms.get()  # type: ignore[union-attr]
    sc = f.BodyFactory(term=term, kind=Body.Kind.STANDING_COMMITTEE)
    vc = f.MembershipFactory(body=sc, role=Membership.Role.VICE_CHAIR).deputy
    committee = f.BodyFactory(term=term, kind=Body.Kind.SPECIAL_COMMITTEE, name="社会建设委员会")
    members = [f.DeputyFactory(term=term) for _ in range(3)]
    return vc, committee, members


def plan(project: Project, actor: User) -> Project:
    """Publish a plan for ``project`` through the service."""
    return services.project_set_plan(
        project=project,
        targets="新建道路 5 公里",
        deadline=date(2026, 12, 31),
        funding=Decimal("3000"),
        responsible_unit=project.responsible_unit,  # type: ignore[arg-type]
        actor=actor,
    )


def supervise(project: Project, actor: User) -> Project:
    """Assign "三个1" supervisors to ``project`` through the service."""
    vc, committee, members = three_ones(actor)
    return services.project_assign_supervision(
        project=project,
        vice_chair=vc,
        special_committee=committee,
        group_name="第一监督小组",
        group_members=members,
        actor=actor,
    )


def ready_project(actor: User) -> Project:
    """A decided project with its plan and "三个1" supervisors, ready to start."""
    _p, project, _m = decided_project(actor)
    plan(project, actor)
    return supervise(project, actor)
