"""Builders for appointments tests: a Standing Committee of N members meeting on 2026-03-21, staff,
an organ officer, and a case carried through nomination, filing, steps, listing and the vote."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from renda.appointments import services
from renda.appointments.models import Appointment, OrganUnit
from renda.appointments.posts import Organ, Step
from renda.meetings import ballots
from renda.meetings import services as meeting_services
from renda.meetings.models import Meeting, Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, HandlingUnit, User
from renda.organization.tests import factories as f

MEETING_DAY = date(2026, 3, 21)
VOTED = mf.STARTS + timedelta(hours=1)
FILED = date(2026, 3, 10)  # 11 days before the meeting (A8: ≥ 10)


def world(size: int = 10) -> dict[str, Any]:
    """Staff, a started Standing Committee meeting of ``size`` members, and the government's officer."""
    term: Any = f.TermFactory()
    staff: Any = f.UserFactory(role=User.Role.STAFF, username="a_staff", congress=term.congress, is_staff=True)
    body = mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=size, term=term)
    meeting = mf.meeting_of(body, actor=staff)
    gov: Any = f.HandlingUnitFactory(
        congress=term.congress, name="市人民政府办公室", kind=HandlingUnit.Kind.GOVERNMENT_DEPARTMENT
    )
    court: Any = f.HandlingUnitFactory(congress=term.congress, name="市中级人民法院", kind=HandlingUnit.Kind.COURT)
    OrganUnit.objects.create(congress=term.congress, organ=Organ.GOVERNMENT, unit=gov)
    OrganUnit.objects.create(congress=term.congress, organ=Organ.COURT, unit=court)
    officer = f.UserFactory(role=User.Role.UNIT_OFFICER, username="a_gov", congress=term.congress, handling_unit=gov)
    return {
        "term": term,
        "congress": term.congress,
        "staff": staff,
        "meeting": meeting,
        "body": body,
        "officer": officer,
    }


def nominate(
    w: dict[str, Any],
    *,
    name: str = "王建国",
    post: str = "市交通运输局局长",
    post_type: str = "bureau_head",
    nominator: str = "mayor",
    kind: str = Appointment.Kind.APPOINT,
    actor: Any = None,
    **kw: Any,
) -> Appointment:
    """A complete draft (signed, reasons, form, assessment, publicity) for the world's meeting."""
    defaults: dict[str, Any] = dict(
        signed_by="李市长",
        reasons="工作需要",
        has_form=True,
        has_assessment=True,
        has_publicity=True,
        meeting=w["meeting"],
    )
    defaults.update(kw)
    return services.appointment_nominate(
        congress=w["congress"], actor=actor or w["staff"], kind=kind, person_name=name, post_title=post,
        post_type=post_type, nominator=nominator, **defaults,
    )  # fmt: skip


def ready(w: dict[str, Any], case: Appointment) -> Appointment:
    """File the case and record every step its post requires (exam passed, statement, notice)."""
    case = services.appointment_file(appointment=case, actor=w["staff"], filed_on=FILED)
    for step in services.steps_for(case.post.post_type):
        result = "passed" if step == Step.LAW_EXAM else "done"
        services.step_record(appointment=case, step=step, on=FILED, result=result, actor=w["staff"], score=90)
    return case


def vote(w: dict[str, Any], poll: Poll, *, yes: int, present: int | None = None) -> Poll:
    """Check in ``present`` members (default all), open ``poll``, ``yes`` members vote 赞成 and the rest
    present vote 反对 on every option, close it."""
    meeting: Meeting = w["meeting"]
    people = mf.members(meeting)
    present = len(people) if present is None else present
    already = {a.deputy_id for a in meeting.attendances.filter(status="present")}
    todo = [d for d in people[:present] if d.pk not in already]
    if todo:
        meeting_services.attendance_check_in_many(meeting=meeting, deputies=todo, actor=w["staff"])
    meeting_services.poll_open(poll=poll, actor=w["staff"], at=VOTED)
    options = list(poll.options.values_list("pk", flat=True))
    for i, d in enumerate(people[:present]):
        choice = "yes" if i < yes else "no"
        ballots.ballot_cast(poll=poll, voter=d, choices={o: choice for o in options}, actor=mf.deputy_login(d))
    return meeting_services.poll_close(poll=poll, actor=w["staff"], at=VOTED + timedelta(minutes=5))


def appoint(w: dict[str, Any], **kw: Any) -> Appointment:
    """A case carried through to adoption (all members vote yes)."""
    case = ready(w, nominate(w, **kw))
    [case] = services.appointments_list(appointments=[case], actor=w["staff"])
    assert case.poll is not None
    vote(w, case.poll, yes=len(mf.members(w["meeting"])))
    return services.appointment_record_vote(appointment=case, actor=w["staff"])
