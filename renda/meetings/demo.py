"""Demo data of the meetings domain, from the seed: the 3rd session's Presidium holds its 3rd meeting
on 21 March, "出席会议的主席团成员共46人，符合法定人数", 张忠义 presiding, and votes its resolutions and
drafts (show of hands), all published. Also gives every demo deputy a login (``d`` + deputy code,
demo password) so that deputies can vote from their phones.

Idempotent: a meeting already present (by term, kind, session, body, number) is left as it is.
The services stamp "now"; :func:`backdate_meeting` then moves the meeting's check-ins, polls (opened /
closed / published), votes and events onto the meeting day, so that the public results and the
records read as on the session's dates, not on the day the demo was loaded.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction

from renda.meetings import services
from renda.meetings.models import AgendaItem, Attendance, Meeting, MeetingEvent, Poll, PollEvent, VoteCast
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


def backdate_meeting(meeting: Meeting, *, poll_minutes: int = 5) -> datetime:
    """Move ``meeting``'s timestamps from the load day onto its own day (``starts_at``, Asia/Shanghai).

    Agenda set the day before at 16:00; members check in 15 minutes before the start; each poll is
    opened in agenda order, closed ``poll_minutes`` minutes later (votes and entered counts in
    between) and published a minute after closing; the meeting closes 5 minutes after the last poll.
    Returns the closing time. Demo use only (writes with ``update``, no events of its own).
    """
    start = meeting.starts_at
    agenda_day = datetime.combine((start - timedelta(days=1)).astimezone(SHANGHAI).date(), time(16, 0), tzinfo=SHANGHAI)
    check_in = start - timedelta(minutes=15)
    Attendance.objects.filter(meeting=meeting, checked_in_at__isnull=False).update(checked_in_at=check_in)
    t = start + timedelta(minutes=5)
    for poll in Poll.objects.filter(item__meeting=meeting).order_by("item__order", "id"):
        opened, closed = t, t + timedelta(minutes=poll_minutes)
        published = closed + timedelta(minutes=1)
        Poll.objects.filter(pk=poll.pk).update(
            created_at=start,
            updated_at=published if poll.published_at else closed,
            opened_at=opened if poll.opened_at else None,
            closed_at=closed if poll.closed_at else None,
            published_at=published if poll.published_at else None,
        )
        VoteCast.objects.filter(poll=poll).update(at=opened + timedelta(minutes=1))
        when = {
            "create": start,
            "open": opened,
            "enter_counts": opened + timedelta(minutes=2),
            "close": closed,
            "publish": published,
        }
        for action, at in when.items():
            PollEvent.objects.filter(poll=poll, action=action).update(at=at)
        t = published + timedelta(minutes=1)
    end = t + timedelta(minutes=4)
    meeting_when = {
        "create": agenda_day,
        "agenda_add": agenda_day,
        "check_in": check_in,
        "leave": check_in,
        "absent": start,
        "start": start,
        "close": end,
    }
    for action, at in meeting_when.items():
        MeetingEvent.objects.filter(meeting=meeting, action=action).update(at=at)
    Meeting.objects.filter(pk=meeting.pk).update(created_at=agenda_day, updated_at=end)
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
    meeting = services.meeting_create(
        kind=Meeting.Kind.PRESIDIUM,
        term=term,
        body=presidium,
        session=session,
        number=PRESIDIUM_MEETING_NUMBER,
        title=f"{session}主席团第三次会议",
        starts_at=datetime.combine(session.opening_date.replace(day=21), time(14, 30), tzinfo=SHANGHAI),
        location="市人民会堂第一会议室",
        presiding=chairs[3].deputy.name if len(chairs) > 3 else "",
        actor=staff,
    )
    meeting = services.meeting_start(meeting=meeting, actor=staff)
    services.attendance_check_in_many(
        meeting=meeting, deputies=[a.deputy for a in meeting.attendances.select_related("deputy")], actor=staff
    )
    for title, kind, counts in seed_items(year):
        item = services.agenda_item_add(meeting=meeting, title=title, kind=kind, actor=staff)
        if counts is None:
            continue
        poll = services.poll_create(item=item, method=Poll.Method.SHOW_OF_HANDS, actor=staff)
        services.poll_open(poll=poll, actor=staff)
        services.poll_enter_counts(
            poll=poll, counts=dict(zip(("yes", "no", "abstain"), counts, strict=True)), actor=staff
        )
        services.poll_close(poll=poll, actor=staff)
        services.poll_publish(poll=poll, actor=staff)
    services.meeting_close(meeting=meeting, actor=staff)
    backdate_meeting(meeting)
    if stdout is not None:
        with_login = User.objects.filter(deputy__term=term).values("deputy_id").distinct().count()
        stdout.write(
            f"meetings demo: {meeting.title} — 出席 {meeting.roster_size} 人，{meeting.items.count()} 项议程；"
            f"{with_login} deputies have logins (d<code>), {made} new"
        )
    return meeting
