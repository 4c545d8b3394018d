"""Builders for oversight tests: a congress with a 10-member Standing Committee in session, a Council of
Chairpersons meeting, an organ with its officer, and a plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.documents import blank_pdf
from renda.meetings import ballots
from renda.meetings import services as ms
from renda.meetings.models import Meeting, Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, Deputy, User
from renda.organization.tests import factories as f
from renda.oversight import services
from renda.oversight.models import OversightItem, OversightPlan


@dataclass
class World:
    staff: Any
    sc: Body
    meeting: Meeting
    council: Meeting
    members: list[Deputy]
    organ: Any
    officer: Any
    plan: OversightPlan


def world() -> World:
    """A Standing Committee of 10 in session (2026-03-21), a Council meeting, an organ, a 2026 plan."""
    staff = mf.staff()
    sc = mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=10, term=staff.congress.terms.get())
    meeting = mf.meeting_of(sc, actor=staff)
    council_body = mf.body_with_members(kind=Body.Kind.COUNCIL_OF_CHAIRPERSONS, size=3, term=sc.term)
    council = mf.meeting_of(council_body, actor=staff, start=False, number=1)
    organ = f.HandlingUnitFactory(congress=staff.congress, name="市生态环境局")
    officer = f.UserFactory(role=User.Role.UNIT_OFFICER, congress=staff.congress, handling_unit=organ)
    plan = services.plan_create(congress=staff.congress, year=2026, title="2026年度监督工作计划", actor=staff)
    return World(staff, sc, meeting, council, mf.members(meeting), organ, officer, plan)


def pdf(name: str = "报告.pdf") -> SimpleUploadedFile:
    """A valid small PDF upload."""
    return SimpleUploadedFile(name, blank_pdf("报告"), content_type="application/pdf")


def report_item(w: World, *, hearing_on: date = date(2026, 4, 20), **kw: Any) -> OversightItem:
    """A special work report of the organ in the plan."""
    return services.item_add(
        plan=w.plan,
        kind=OversightItem.Kind.SPECIAL_REPORT,
        title="关于环境状况和环境保护目标完成情况的报告",
        organ=w.organ,
        hearing_on=hearing_on,
        actor=w.staff,
        **kw,
    )


def heard(w: World, *, on: date = date(2026, 3, 21)) -> OversightItem:
    """A report submitted, reviewed and heard at the meeting on ``on``."""
    item = report_item(w, hearing_on=on)
    services.report_submit(item=item, file=pdf(), actor=w.officer, on=date(2026, 3, 1))
    services.item_review(item=item, note="同意提请审议", actor=w.staff, on=date(2026, 3, 5))
    services.item_hear(item=item, meeting=w.meeting, reporter="张局长", actor=w.staff, on=on)
    return OversightItem.objects.get(pk=item.pk)


def vote_satisfaction(w: World, item: OversightItem, grades: list[str]) -> Poll:
    """Start, open, cast ``grades`` (one per member from the first) and close the satisfaction poll."""
    poll = services.satisfaction_start(item=item, meeting=w.meeting, actor=w.staff)
    mf.check_in(w.meeting, len(w.members), actor=w.staff)
    ms.poll_open(poll=poll, actor=w.staff)
    option = poll.options.get()
    for deputy, grade in zip(w.members, grades, strict=False):
        ballots.ballot_cast(poll=poll, voter=deputy, choices={option.pk: grade}, actor=mf.deputy_login(deputy))
    return ms.poll_close(poll=poll, actor=w.staff)
