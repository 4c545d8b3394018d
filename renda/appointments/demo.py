"""Demo data of appointments and removals: the seed's year (the year before the 3rd session) —
"依法任免国家机关工作人员99人次" and "组织开展7次宪法宣誓仪式" (RULES.md §7).

Twelve Standing Committee meetings (第1–12次 of the year, get-or-created by number so another loader
may share them); at 11 of them 9 cases are voted in one secret list poll of the meetings app (28 of
the 40 members present, all 赞成), 99 adopted cases in all: appointments across the post types, one
approval of a district 检察长, one removal (免职) and one resignation accepted (辞职). Every required
pre-appointment step is recorded. 7 collective oath ceremonies swear every appointee except the two
appointed at the last meeting (flagged, and overdue by now). Names are synthetic.

Idempotent: a congress that already has adopted cases in that year is left as it is. Every act is dated
on its day through the services' ``at``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from renda.appointments import after as after_vote
from renda.appointments import services
from renda.appointments.models import Appointment, OathCeremony, OrganUnit
from renda.appointments.posts import POST_TYPES, Organ, Step, steps_for
from renda.meetings import ballots
from renda.meetings import services as meeting_services
from renda.meetings.models import Meeting, Poll
from renda.meetings.workflow import MeetingStatus
from renda.organization import services as org_services
from renda.organization.demo import DEMO_PASSWORD, GIVEN, SHANGHAI, SURNAMES, ensure_deputy_logins
from renda.organization.models import Body, Congress, HandlingUnit, Membership, Session, Term, User

PRESENT = 28
CASES_PER_MEETING = 9
VOTING_MEETINGS = 11
CEREMONIES = 7
#: (month, day) of the year's 12 Standing Committee meetings.
MEETING_DAYS = [
    (1, 21),
    (2, 25),
    (3, 27),
    (4, 24),
    (5, 29),
    (6, 26),
    (7, 29),
    (8, 27),
    (9, 25),
    (10, 28),
    (11, 26),
    (12, 23),
]
#: The meeting (1-based) after which each ceremony is held (the day after): every appointee of the
#: meetings since the previous ceremony is sworn, except the last :data:`UNSWORN` at the last one.
CEREMONY_AFTER = [1, 3, 4, 6, 7, 9, 11]
#: Appointees of the last voting meeting left unsworn (flagged; overdue by now).
UNSWORN = 2
BUREAUS = [
    "市发展和改革委员会主任", "市教育局局长", "市科学技术局局长", "市工业和信息化局局长", "市民政局局长", "市司法局局长",
    "市财政局局长", "市人力资源和社会保障局局长", "市规划和自然资源局局长", "市生态环境局局长", "市住房和城乡建设局局长",
    "市交通运输局局长", "市水务局局长", "市农业农村局局长", "市商务局局长", "市文化和旅游局局长", "市卫生健康委员会主任",
    "市退役军人事务局局长", "市应急管理局局长", "市审计局局长", "市市场监督管理局局长", "市体育局局长",
]  # fmt: skip
#: (post type, nominator) of the nine cases of each voting meeting, before the exceptions of :func:`_plans`.
MIX = [
    ("bureau_head", "mayor"), ("judge", "court_president"), ("procurator", "chief_procurator"),
    ("supervision_member", "supervision_director"), ("court_division_deputy", "court_president"),
    ("judge", "court_president"), ("procurator", "chief_procurator"), ("committee_member", "council"),
    ("court_committee_member", "court_president"),
]  # fmt: skip
PERSON_TITLES = {
    "judge": "市中级人民法院审判员",
    "procurator": "市人民检察院检察员",
    "supervision_member": "市监察委员会委员",
    "court_division_deputy": "市中级人民法院副庭长",
    "committee_member": "市人大常委会专门委员会委员",
    "court_committee_member": "市中级人民法院审判委员会委员",
}


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def _names(count: int) -> list[str]:
    rng = random.Random(1999)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def _organs(congress: Congress) -> None:
    """The units acting for the organs, and a login for the government's office (``gov``)."""
    units = {u.name: u for u in HandlingUnit.objects.filter(congress=congress)}
    supervision = HandlingUnit.objects.get_or_create(
        congress=congress, name="市监察委员会", defaults={"kind": HandlingUnit.Kind.OTHER, "short_name": "市监委"}
    )[0]
    mapping = {
        Organ.GOVERNMENT: units.get("市政府办公室"),
        Organ.COURT: units.get("市中级人民法院"),
        Organ.PROCURATORATE: units.get("市人民检察院"),
        Organ.SUPERVISION: supervision,
    }
    for organ, unit in mapping.items():
        if unit is not None:
            OrganUnit.objects.get_or_create(congress=congress, organ=organ, defaults={"unit": unit})
    if mapping[Organ.GOVERNMENT] is not None:
        org_services.user_upsert(
            username="gov", password=DEMO_PASSWORD, role=User.Role.UNIT_OFFICER, display_name="市政府办公室 任免经办人",
            congress=congress, handling_unit=mapping[Organ.GOVERNMENT],
        )  # fmt: skip


def _meeting(term: Term, body: Body, number: int, day: date, staff: User) -> Meeting:
    existing = Meeting.objects.filter(term=term, kind=Meeting.Kind.STANDING_COMMITTEE, body=body, number=number).first()
    if existing is not None:
        return existing
    return meeting_services.meeting_create(
        kind=Meeting.Kind.STANDING_COMMITTEE, term=term, body=body, number=number,
        title=f"第{term.ordinal}届人大常委会第{number}次会议（{day.year}年）", starts_at=_at(day), actor=staff,
        at=_at(day - timedelta(days=20)),
    )  # fmt: skip


def _vote(meeting: Meeting, poll: Poll, staff: User, day: date) -> None:
    if meeting.status == MeetingStatus.PLANNED:
        meeting_services.meeting_start(meeting=meeting, actor=staff, at=_at(day))
    members = [a.deputy for a in meeting.attendances.select_related("deputy").order_by("deputy__code")][:PRESENT]
    meeting_services.attendance_check_in_many(meeting=meeting, deputies=members, actor=staff, at=_at(day, 8, 45))
    meeting_services.poll_open(poll=poll, actor=staff, at=_at(day, 10))
    logins = {u.deputy_id: u for u in User.objects.filter(deputy__in=members)}
    options = list(poll.options.values_list("pk", flat=True))
    for d in members:
        ballots.ballot_cast(poll=poll, voter=d, choices={o: "yes" for o in options}, actor=logins[d.pk])
    meeting_services.poll_close(poll=poll, actor=staff, at=_at(day, 10, 10))


def _case(congress: Congress, staff: User, plan: dict[str, Any], meeting: Meeting, day: date) -> Appointment:
    filed = day - timedelta(days=14)
    pt = POST_TYPES[plan["post_type"]]
    case = services.appointment_nominate(
        congress=congress, actor=staff, kind=plan["kind"], person_name=plan["name"], post_title=plan["post"],
        post_type=pt.code, nominator=plan["nominator"], birth_year=plan.get("birth_year"),
        signed_by={"mayor": "市长", "court_president": "院长", "chief_procurator": "检察长",
                   "supervision_director": "监委主任", "council": "主任会议", "self": plan["name"]}[plan["nominator"]],
        reasons="工作需要" if plan["kind"] != Appointment.Kind.RESIGN else "因工作变动，本人申请辞去职务",
        has_form=True, has_assessment=True, has_publicity=True, meeting=meeting, at=_at(filed - timedelta(days=3)),
    )  # fmt: skip
    case = services.appointment_file(appointment=case, actor=staff, filed_on=filed, at=_at(filed, 15))
    if plan["kind"] == Appointment.Kind.APPOINT:
        for i, step in enumerate(steps_for(pt.code)):
            result = "passed" if step == Step.LAW_EXAM else "done"
            on = filed + timedelta(days=2 + i)
            services.step_record(
                appointment=case, step=step, on=on, result=result, actor=staff, at=_at(on, 16),
                score=80 + (len(plan["name"]) * 7) % 20 if step == Step.LAW_EXAM else None,
            )  # fmt: skip
    return case


def _plans(year: int) -> list[list[dict[str, Any]]]:
    """The cases of each voting meeting (99 in all, one removal and one resignation)."""
    names = iter(_names(120))
    bureaus = iter(BUREAUS)
    plans: list[list[dict[str, Any]]] = []
    first_bureau: dict[str, Any] = {}
    vice_mayor: dict[str, Any] = {}
    for m in range(VOTING_MEETINGS):
        rows = []
        for i, (post_type, nominator) in enumerate(MIX):
            kind = Appointment.Kind.APPOINT
            if m == 1 and i == 0:  # a vice-mayor at the 2nd meeting
                post_type, nominator = "vice_mayor", "mayor"
            if m == 4 and i == 2:  # the approval of a district chief procurator
                post_type = "lower_chief_procurator"
                kind = Appointment.Kind.APPROVE
            if m == 8 and i == 0:  # removal of the first bureau head appointed
                rows.append({**first_bureau, "kind": Appointment.Kind.REMOVE})
                continue
            if m == 9 and i == 0:  # the vice-mayor resigns
                rows.append({**vice_mayor, "kind": Appointment.Kind.RESIGN, "nominator": "self"})
                continue
            if post_type == "bureau_head":
                post = next(bureaus)
            elif post_type == "vice_mayor":
                post = "副市长"
            elif post_type == "lower_chief_procurator":
                post = "城区人民检察院检察长"
            else:
                post = PERSON_TITLES[post_type]  # a post of several holders: one post, many tenures
            row = {"name": next(names), "post_type": post_type, "post": post, "nominator": nominator, "kind": kind}
            if post_type == "bureau_head" and not first_bureau:
                first_bureau = dict(row)
            if post_type == "vice_mayor":
                vice_mayor = dict(row)
            rows.append(row)
        plans.append(rows)
    return plans


@transaction.atomic
def load(*, stdout: Any = None) -> int:
    """Load the year's 99 appointments and removals with their votes, 7 oath ceremonies (idempotent).

    Returns the number of adopted cases of the year.
    """
    congress = Congress.objects.get(region_code="140200")
    term = Term.objects.get(congress=congress, ordinal=16)
    session = Session.objects.get(term=term, ordinal=3)
    staff = User.objects.get(username="staff")
    year = session.opening_date.year - 1
    done = Appointment.objects.filter(congress=congress, status="adopted", adopted_on__year=year).count()
    if done:
        if stdout is not None:
            stdout.write(f"appointments demo: {done} cases of {year} already loaded")
        return done
    ensure_deputy_logins(term)
    _organs(congress)
    sc = Body.objects.get(term=term, kind=Body.Kind.STANDING_COMMITTEE)
    chair = Membership.objects.filter(body=sc, role=Membership.Role.CHAIR).select_related("deputy").first()
    days = [date(year, mo, d) for mo, d in MEETING_DAYS]
    adopted: list[list[Appointment]] = []
    plans = _plans(year)
    for n, day in enumerate(days, start=1):
        meeting = _meeting(term, sc, n, day, staff)
        if n > VOTING_MEETINGS:
            if meeting.status == MeetingStatus.PLANNED:
                meeting_services.meeting_start(meeting=meeting, actor=staff, at=_at(day))
            continue
        cases = [_case(congress, staff, plan, meeting, day) for plan in plans[n - 1]]
        cases = services.appointments_list(
            appointments=cases, actor=staff, together=True, at=_at(day - timedelta(days=5), 15)
        )
        assert cases[0].poll is not None
        _vote(meeting, cases[0].poll, staff, day)
        adopted.append(services.poll_record_votes(poll=cases[0].poll, actor=staff, at=_at(day, 10, 15)))
    # the meetings stay open for the other apps' items (oversight); the meetings demo's ``close_past``
    # closes them once every loader has run (RENDA_DEMO_LOADERS ends with it)
    start = 0
    for after in CEREMONY_AFTER:
        day = days[after - 1] + timedelta(days=1)
        sworn = [c for batch in adopted[start:after] for c in batch if c.takes_office]
        if after == VOTING_MEETINGS:
            sworn = sworn[:-UNSWORN]
        services.oath_record(
            congress=congress, actor=staff, held_on=day, supervisor=chair.deputy.name if chair else "主任",
            appointments=sworn, form=OathCeremony.Form.COLLECTIVE, place="市人大常委会会议厅", at=_at(day, 9),
        )  # fmt: skip
        start = after
    # A15: the formal notices went to the organs two days after each meeting; the last one is still due
    pending = adopted[-1][-1:] if adopted and adopted[-1] else []
    for batch in adopted:
        for case in batch:
            if case not in pending and case.adopted_on is not None:
                day = case.adopted_on + timedelta(days=2)
                after_vote.notice_record(appointment=case, actor=staff, on=day, at=_at(day, 16))
    total = sum(len(b) for b in adopted)
    if stdout is not None:
        stdout.write(f"appointments demo: {total} cases adopted in {year}, {len(CEREMONY_AFTER)} oath ceremonies")
    return total
