"""Builders for meetings tests: a body with N members and a meeting of it, with a staff actor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from renda.meetings import services
from renda.meetings.models import Meeting
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
