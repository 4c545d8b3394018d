"""Builders for meetings tests: a body with N members and a meeting of it, with a staff actor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.test import Client
from rest_framework.test import APIClient

from renda.meetings import services
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.organization.models import Body, Deputy, Membership, Term, User
from renda.organization.tests import factories as f

__all__ = ["f"]

STARTS = datetime(2026, 3, 21, 9, 0, tzinfo=f.SHANGHAI)


def staff(username: str = "m_staff") -> Any:
    term = f.TermFactory()
    return f.UserFactory(role=User.Role.STAFF, username=username, congress=term.congress, is_staff=True)


def body_with_members(*, kind: str = Body.Kind.PRESIDIUM, size: int = 50, term: Any = None) -> Any:
    term = term or f.TermFactory()
    body = f.BodyFactory(
        term=term, kind=kind, session=f.SessionFactory(term=term) if kind == Body.Kind.PRESIDIUM else None
    )
    delegation = f.DelegationFactory(term=term)
    for _ in range(size):
        f.MembershipFactory(body=body, deputy=f.DeputyFactory(term=term, delegation=delegation))
    return body


def meeting_of(body: Body, *, actor: User, kind: str | None = None, number: int = 3, start: bool = True) -> Meeting:
    kind = (
        kind
        or {
            Body.Kind.PRESIDIUM: Meeting.Kind.PRESIDIUM,
            Body.Kind.STANDING_COMMITTEE: Meeting.Kind.STANDING_COMMITTEE,
            Body.Kind.COUNCIL_OF_CHAIRPERSONS: Meeting.Kind.COUNCIL_OF_CHAIRPERSONS,
        }[Body.Kind(body.kind)]
    )
    meeting = services.meeting_create(
        kind=kind,
        term=body.term,
        body=body,
        session=body.session,
        number=number,
        title=f"{body.name}第{number}次会议",
        starts_at=STARTS,
        actor=actor,
    )
    if start:
        meeting = services.meeting_start(meeting=meeting, actor=actor)
    return meeting


def members(meeting: Meeting) -> list[Deputy]:
    return [a.deputy for a in meeting.attendances.select_related("deputy").order_by("deputy__code")]


def check_in(meeting: Meeting, n: int, *, actor: User) -> list[Deputy]:
    people = members(meeting)[:n]
    services.attendance_check_in_many(meeting=meeting, deputies=people, actor=actor)
    return people


def deputy_login(deputy: Deputy) -> Any:
    existing = User.objects.filter(deputy=deputy).first()
    if existing:
        return existing
    return f.UserFactory(
        role=User.Role.DEPUTY, username=f"dep_{deputy.code}", deputy=deputy, congress=deputy.term.congress
    )


def plenary(*, term: Term, actor: User, deputies: int = 0, number: int = 1) -> Meeting:
    """A congress plenary of ``term`` (roster = all serving deputies); ``deputies`` creates that many first."""
    delegation = f.DelegationFactory(term=term)
    for _ in range(deputies):
        f.DeputyFactory(term=term, delegation=delegation)
    meeting = services.meeting_create(
        kind=Meeting.Kind.PLENARY,
        term=term,
        session=f.SessionFactory(term=term),  # type: ignore[arg-type]
        number=number,
        title=f"全体会议（第{number}次）",
        starts_at=STARTS,
        actor=actor,
    )
    return services.meeting_start(meeting=meeting, actor=actor)


def membership_count(body: Body) -> int:
    return Membership.objects.filter(body=body).count()


def api(user: Any) -> APIClient:
    """An API client authenticated as ``user``."""
    c = APIClient()
    c.force_authenticate(user)
    return c


def client(user: Any) -> Client:
    """A page client logged in as ``user``."""
    c = Client()
    c.force_login(user)
    return c


def poll_setup(
    method: str = Poll.Method.ELECTRONIC, present: int = 46, size: int = 50
) -> tuple[Any, Meeting, list[Deputy], Poll]:
    """A Presidium meeting of ``size`` in session with ``present`` checked in and one motion poll (未开始)
    on 关于计划的决议（草案）; returns (staff, meeting, members present, poll)."""
    actor = staff()
    meeting = meeting_of(body_with_members(size=size), actor=actor, number=3)
    people = check_in(meeting, present, actor=actor)
    item = services.agenda_item_add(
        meeting=meeting, title="关于计划的决议（草案）", kind=AgendaItem.Kind.RESOLUTION, actor=actor
    )
    poll = services.poll_create(item=item, method=method, actor=actor)
    return actor, meeting, people, poll


def open_with_votes(method: str = Poll.Method.ELECTRONIC) -> tuple[Any, Meeting, list[Deputy], Poll]:
    """:func:`poll_setup`, opened: 3 members vote 反对 electronically, or staff enter 37/5/4 hands."""
    actor, meeting, people, poll = poll_setup(method=method)
    services.poll_open(poll=poll, actor=actor)
    option = poll.options.get().pk
    if method == Poll.Method.SHOW_OF_HANDS:
        services.poll_enter_counts(poll=poll, counts={"yes": 37, "no": 5, "abstain": 4}, actor=actor)
    else:
        for d in people[:3]:
            services.ballot_cast(poll=poll, voter=d, choices={option: "no"}, actor=deputy_login(d))
    return actor, meeting, people, poll


def sc_meeting() -> tuple[Any, Meeting]:
    """A Standing Committee meeting of 10 members in session; returns (staff, meeting)."""
    actor = staff()
    return actor, meeting_of(body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=10), actor=actor)


def plenary_of_three() -> tuple[Any, Meeting]:
    """A congress plenary (planned) of a term with 3 deputies; returns (staff, meeting)."""
    actor = staff()
    term: Any = f.TermFactory()
    for _ in range(3):
        f.DeputyFactory(term=term)
    meeting = services.meeting_create(
        kind=Meeting.Kind.PLENARY,
        term=term,
        body=None,
        session=f.SessionFactory(term=term),  # type: ignore[arg-type]
        number=1,
        title="第三次会议第一次全体会议",
        starts_at=STARTS,
        actor=actor,
    )
    return actor, meeting
