"""Demo data of the meetings domain, from the seed: the 3rd session's Presidium holds its 3rd meeting
on 21 March, "出席会议的主席团成员共46人，符合法定人数", 张忠义 presiding, and votes its resolutions and
drafts (show of hands), all published. Also gives every demo deputy a login (``d`` + deputy code,
demo password) so that deputies can vote from their phones.

Idempotent: a meeting already present (by term, kind, session, body, number) is left as it is.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db import transaction

from renda.meetings import services
from renda.meetings.models import AgendaItem, Meeting, Poll
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
    if stdout is not None:
        stdout.write(
            f"meetings demo: {meeting.title} — 出席 {meeting.roster_size} 人，{meeting.items.count()} 项议程；"
            f"{made} deputy logins (d<code>)"
        )
    return meeting
