"""Demo data of the meetings domain, from the seed: the 3rd session's Presidium holds its 3rd meeting
on 21 March, "出席会议的主席团成员共46人，符合法定人数", 张忠义 presiding, and votes its resolutions and
drafts (show of hands), all published. Also gives every demo deputy a login (``d`` + deputy code,
demo password) so that deputies can vote from their phones.

Idempotent: a meeting already present (by term, kind, session, body, number) is left as it is.
Every service is given the time of its act (``at=``) on the meeting day, so the events (append-only,
never updated) and the polls' opened / closed / published stamps read as on the session's dates;
:func:`backdate_meeting` then moves the remaining row stamps (created/updated, check-in and vote
times) with the same schedule (:func:`schedule`).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction

from renda.meetings import services
from renda.meetings.models import AgendaItem, Attendance, Meeting, Poll, VoteCast
from renda.organization.demo import SHANGHAI, ensure_deputy_logins
from renda.organization.models import Body, Congress, Membership, Session, Term, User

PRESIDIUM_MEETING_NUMBER = 3


def seed_items(year: int) -> list[tuple[str, str, tuple[int, int, int] | None]]:
    """The seed's agenda for the Presidium's 3rd meeting: (title, kind, show-of-hands counts or None)."""
    return [
        ("关于市政府工作报告的决议（草案）", AgendaItem.Kind.RESOLUTION, (46, 0, 0)),
        (
            f"关于{year - 1}年国民经济和社会发展计划执行情况与{year}年国民经济和社会发展计划草案的审查报告",
            AgendaItem.Kind.REPORT,
            (46, 0, 0),
        ),
        ("关于计划的决议（草案）", AgendaItem.Kind.RESOLUTION, (45, 0, 1)),
        ("关于市人大常委会工作报告的决议（草案）", AgendaItem.Kind.RESOLUTION, (46, 0, 0)),
        ("关于市中级人民法院工作报告的决议（草案）", AgendaItem.Kind.RESOLUTION, (45, 0, 1)),
        ("关于市人民检察院工作报告的决议（草案）", AgendaItem.Kind.RESOLUTION, (46, 0, 0)),
        ("代表联名提名的候选人名单（草案）", AgendaItem.Kind.CANDIDATE_LIST, (46, 0, 0)),
        (f"关于市政府{year}年民生实事候选项目审议情况的汇报", AgendaItem.Kind.REPORT, None),
        (f"市政府{year}年民生实事候选项目（提请全体会议表决）", AgendaItem.Kind.LIVELIHOOD_CANDIDATES, (46, 0, 0)),
    ]


def schedule(start: datetime, *, polls: int, poll_minutes: int = 5) -> dict[str, Any]:
    """The demo's timetable of a meeting starting at ``start`` with ``polls`` polls (aware datetimes).

    Agenda set the day before at 16:00; members check in 15 minutes before the start; each poll is
    opened in agenda order, counts entered 2 minutes later, closed ``poll_minutes`` minutes after
    opening and published a minute after closing; the meeting closes 5 minutes after the last poll.
    Returns ``{"agenda", "check_in", "start", "polls": [(opened, counts, closed, published)], "end"}``.
    """
    agenda_day = datetime.combine((start - timedelta(days=1)).astimezone(SHANGHAI).date(), time(16, 0), tzinfo=SHANGHAI)
    t = start + timedelta(minutes=5)
    rows = []
    for _ in range(polls):
        opened, closed = t, t + timedelta(minutes=poll_minutes)
        published = closed + timedelta(minutes=1)
        rows.append((opened, opened + timedelta(minutes=2), closed, published))
        t = published + timedelta(minutes=1)
    return {
        "agenda": agenda_day,
        "check_in": start - timedelta(minutes=15),
        "start": start,
        "polls": rows,
        "end": t + timedelta(minutes=4),
    }


def backdate_meeting(meeting: Meeting, *, poll_minutes: int = 5) -> datetime:
    """Move ``meeting``'s row stamps from the load day onto its own day (``starts_at``, Asia/Shanghai),
    by :func:`schedule`: check-in times, the polls' created/opened/closed/published stamps, vote times
    and the meeting's created/updated stamps. Returns the closing time.

    Event rows are append-only and are not touched: the services write them at the right time when
    given ``at=`` (as :func:`load` does). Demo use only (writes with ``update``; the public results
    page gets a new version, ``services.public_results_changed``).
    """
    polls = list(Poll.objects.filter(item__meeting=meeting).order_by("item__order", "id"))
    plan = schedule(meeting.starts_at, polls=len(polls), poll_minutes=poll_minutes)
    start = meeting.starts_at
    Attendance.objects.filter(meeting=meeting, checked_in_at__isnull=False).update(checked_in_at=plan["check_in"])
    for poll, (opened, _counts, closed, published) in zip(polls, plan["polls"], strict=True):
        Poll.objects.filter(pk=poll.pk).update(
            created_at=start,
            updated_at=published if poll.published_at else closed,
            opened_at=opened if poll.opened_at else None,
            closed_at=closed if poll.closed_at else None,
            published_at=published if poll.published_at else None,
        )
        VoteCast.objects.filter(poll=poll).update(at=opened + timedelta(minutes=1))
    end: datetime = plan["end"]
    Meeting.objects.filter(pk=meeting.pk).update(created_at=plan["agenda"], updated_at=end)
    services.public_results_changed()  # published_at moved: the public results page's order and dates
    return end


def demo_context() -> tuple[Congress, Term, Session, User]:
    """The demo congress, its 16th term, the 3rd session and the staff login (from the organisation demo)."""
    congress = Congress.objects.get(region_code="140200")
    term = Term.objects.get(congress=congress, ordinal=16)
    session = Session.objects.get(term=term, ordinal=3)
    staff = User.objects.get(username="staff")
    return congress, term, session, staff


@transaction.atomic
def load(*, stdout: Any = None) -> Meeting:
    """Load the seed's Presidium meeting with its votes (idempotent); returns the meeting."""
    _congress, term, session, staff = demo_context()
    made = ensure_deputy_logins(term)
    presidium = Body.objects.get(term=term, session=session, kind=Body.Kind.PRESIDIUM)
    existing = Meeting.objects.filter(
        term=term, kind=Meeting.Kind.PRESIDIUM, session=session, body=presidium, number=PRESIDIUM_MEETING_NUMBER
    ).first()
    if existing:
        if stdout is not None:
            stdout.write(f"meetings demo: {existing.title} already loaded")
        return existing
    year = session.opening_date.year
    chairs = list(
        Membership.objects.filter(body=presidium, role=Membership.Role.EXECUTIVE_CHAIR)
        .select_related("deputy")
        .order_by("deputy__code")
    )
    items = seed_items(year)
    starts_at = datetime.combine(session.opening_date.replace(day=21), time(14, 30), tzinfo=SHANGHAI)
    plan = schedule(starts_at, polls=sum(1 for _t, _k, counts in items if counts is not None))
    meeting = services.meeting_create(
        kind=Meeting.Kind.PRESIDIUM,
        term=term,
        body=presidium,
        session=session,
        number=PRESIDIUM_MEETING_NUMBER,
        title=f"{session}主席团第三次会议",
        starts_at=starts_at,
        location="市人民会堂第一会议室",
        presiding=chairs[3].deputy.name if len(chairs) > 3 else "",
        actor=staff,
        at=plan["agenda"],
    )
    meeting = services.meeting_start(meeting=meeting, actor=staff, at=plan["start"])
    services.attendance_check_in_many(
        meeting=meeting,
        deputies=[a.deputy for a in meeting.attendances.select_related("deputy")],
        actor=staff,
        at=plan["check_in"],
    )
    times = iter(plan["polls"])
    for title, kind, counts in items:
        item = services.agenda_item_add(meeting=meeting, title=title, kind=kind, actor=staff, at=plan["agenda"])
        if counts is None:
            continue
        opened, entered, closed, published = next(times)
        poll = services.poll_create(item=item, method=Poll.Method.SHOW_OF_HANDS, actor=staff, at=plan["start"])
        services.poll_open(poll=poll, actor=staff, at=opened)
        services.poll_enter_counts(
            poll=poll, counts=dict(zip(("yes", "no", "abstain"), counts, strict=True)), actor=staff, at=entered
        )
        services.poll_close(poll=poll, actor=staff, at=closed)
        services.poll_publish(poll=poll, actor=staff, at=published)
    services.meeting_close(meeting=meeting, actor=staff, at=plan["end"])
    backdate_meeting(meeting)
    if stdout is not None:
        with_login = User.objects.filter(deputy__term=term).values("deputy_id").distinct().count()
        stdout.write(
            f"meetings demo: {meeting.title} — 出席 {meeting.roster_size} 人，{meeting.items.count()} 项议程；"
            f"{with_login} deputies have logins (d<code>), {made} new"
        )
    return meeting


@transaction.atomic
def close_past(*, stdout: Any = None) -> int:
    """Close the demo congress's meetings still in progress whose day has passed, at 17:00 of that day
    (Beijing time); returns how many were closed.

    The last of ``settings.RENDA_DEMO_LOADERS``: the year's Standing Committee and Council of Chairpersons
    meetings take agenda items and votes from several apps' loaders (oversight's reports, appointments'
    votes), so no single loader may close them before the others have run.
    """
    congress, _term, _session, staff = demo_context()
    today = datetime.now(SHANGHAI).date()
    closed = 0
    meetings = Meeting.objects.filter(term__congress=congress, status="in_progress").order_by("starts_at", "pk")
    for meeting in meetings:
        day = meeting.starts_at.astimezone(SHANGHAI).date()
        if day < today:
            services.meeting_close(meeting=meeting, actor=staff, at=datetime.combine(day, time(17, 0), tzinfo=SHANGHAI))
            closed += 1
    if stdout is not None and closed:
        stdout.write(f"meetings: {closed} past meetings closed")
    return closed
