"""Demo data of the livelihood domain, from the seed: the year's 10 livelihood projects chosen by the
deputies' vote ("修好断头路、创造就业岗位、实施学生放心午餐工程" …), each under "三个1" supervision
(1 vice-chair, 1 special committee, 1 supervision group) with its plan, milestones and progress.

The whole round runs through the services: solicitation (L1), screening, a plenary of all 345
deputies with 330 present voting by secret ballot (L2), selection by L4, publication.
Idempotent: a programme already present for the year is left as it is.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from renda.livelihood import services
from renda.livelihood.models import Programme, Project
from renda.meetings import services as ms
from renda.meetings.demo import backdate_meeting, demo_context, ensure_deputy_logins, schedule
from renda.meetings.models import Meeting
from renda.organization.demo import SHANGHAI
from renda.organization.models import Body, Deputy, HandlingUnit, Membership, User

SEATS = 10
PRESENT = 330
# (title, lead unit, budget 万元, targets, 赞成 votes in the plenary)
CANDIDATES: list[tuple[str, str, int, str, int]] = [
    ("修好断头路", "市交通运输局", 42000, "打通城区断头路 12 条，新建改造道路 18 公里", 322),
    ("创造就业岗位", "市人力资源和社会保障局", 8000, "城镇新增就业 3.5 万人，开发公益性岗位 2000 个", 318),
    ("实施学生放心午餐工程", "市教育局", 6500, "为 5 万名中小学生提供营养午餐，新建改造学校食堂 60 所", 315),
    ("老旧小区改造", "市住房和城乡建设局", 30000, "改造老旧小区 120 个、惠及 3.6 万户", 309),
    ("城乡居民免费健康体检", "市卫生健康委员会", 5200, "为 65 岁以上老人免费体检 20 万人次", 301),
    ("新建改扩建公办幼儿园", "市教育局", 12000, "新增公办学位 4500 个", 296),
    ("农村饮水安全提升", "市水务局", 9000, "巩固提升 300 个村饮水安全", 288),
    ("社区养老服务设施建设", "市民政局", 7600, "新建社区日间照料中心 40 个", 279),
    ("冬季清洁取暖改造", "市能源局", 16000, "完成清洁取暖改造 2.5 万户", 268),
    ("新增公共停车泊位", "市城市管理局", 5400, "新增公共停车泊位 8000 个", 255),
    ("城市公厕提标改造", "市城市管理局", 2600, "改造城市公厕 150 座", 169),
    ("便民菜市场建设", "市商务局", 3100, "新建改造标准化菜市场 20 个", 158),
    ("背街小巷整治", "市住房和城乡建设局", 4500, "整治背街小巷 200 条", 141),
]
SCREENED_OUT = [
    ("城市马拉松赛事", "市体育局", 1500, "举办城市马拉松", "属于一般性工作，不列入民生实事候选项目"),
    ("政务大厅装修", "市行政审批服务管理局", 900, "大厅装修", "不属于直接惠及群众的民生项目"),
]
MILESTONES = [("实施方案公布", 1, 4, 30), ("项目开工", 2, 6, 30), ("主体完成", 4, 10, 31), ("竣工验收", 3, 12, 20)]


def _progress_for(rank: int) -> list[int]:
    """Progress (%) per milestone on the demo date: most on track, two lagging (so they show overdue)."""
    if rank in (6, 9):
        return [100, 100, 60, 0]
    if rank % 3 == 0:
        return [100, 100, 100, 40]
    return [100, 100, 90, 0]


@transaction.atomic
def load(*, stdout: Any = None) -> Programme:
    """Load the year's livelihood programme and its 10 projects (idempotent); returns the programme.

    Every action is dated on the calendar of the year through the services' ``at`` argument:
    solicitation in December, screening in January, submission at the session's opening, the vote and
    publication on the plenary day, plans and "三个1" supervision in April, progress reports on their
    own dates (capped at today).
    """
    congress, term, session, staff = demo_context()
    year = session.opening_date.year
    existing = Programme.objects.filter(congress=congress, year=year).first()
    if existing:
        if stdout is not None:
            stdout.write(f"livelihood demo: {existing.title} already loaded")
        return existing
    ensure_deputy_logins(term)
    units = {u.name: u for u in HandlingUnit.objects.filter(congress=congress)}
    created = _at(date(year - 1, 11, 25))
    programme = services.programme_create(
        congress=congress,
        session=session,
        year=year,
        title=f"{year}年市政府民生实事项目",
        seats=SEATS,
        actor=staff,
        at=created,
    )
    services.programme_open_solicitation(
        programme=programme,
        starts_on=date(year - 1, 12, 1),
        ends_on=date(year - 1, 12, 31) + timedelta(days=10),
        actor=staff,
        at=_at(date(year - 1, 12, 1)),
    )
    for title, unit, budget, targets in [c[:4] for c in CANDIDATES] + [c[:4] for c in SCREENED_OUT]:
        services.candidate_submit(
            programme=programme,
            title=title,
            budget=Decimal(budget),
            lead_unit=units[unit],
            targets=targets,
            actor=staff,
            at=_at(date(year - 1, 12, 20), 10),
        )
    services.programme_close_solicitation(programme=programme, actor=staff, at=_at(date(year, 1, 15)))
    out_notes = {t: n for t, _u, _b, _g, n in SCREENED_OUT}
    for c in programme.candidates.order_by("number"):
        services.candidate_screen(
            candidate=c,
            include=c.title not in out_notes,
            note=out_notes.get(c.title, ""),
            actor=staff,
            at=_at(date(year, 1, 20)),
        )
    services.programme_submit(programme=programme, actor=staff, at=_at(session.opening_date, 8))

    plenary_end = plenary_vote(
        programme, session, staff, datetime(year, 3, 23, 9, 0, tzinfo=SHANGHAI), {c[0]: c[4] for c in CANDIDATES}
    )

    _deliver(programme, term, staff, year)
    Programme.objects.filter(pk=programme.pk).update(created_at=created, updated_at=plenary_end)
    Project.objects.filter(programme=programme).update(created_at=plenary_end)
    if stdout is not None:
        stdout.write(
            f"livelihood demo: {programme.title} — {programme.projects.count()} projects under 三个1 supervision"
        )
    return programme


def plenary_vote(
    programme: Programme, session: Any, staff: User, starts: datetime, targets: dict[str, int]
) -> datetime:
    """The plenary of ``session`` beginning at ``starts`` votes ``programme``'s candidates by secret ballot
    (RULES.md L2, L3): agenda, check-in of :data:`PRESENT` deputies (10 more on leave), the poll opened,
    each present deputy's ballot cast through the meetings services (``targets``: candidate title → yes
    votes it gets; the other present deputies abstain or vote no), closed, tallied into projects and published; the meeting closed and backdated.

    Returns the plenary's end (aware datetime). Raises ``ApplicationError`` if a service refuses a step
    (a defect of the demo: every step is lawful).
    """
    plan = schedule(starts, polls=1)
    opened, _counts, closed, published = plan["polls"][0]
    plenary = ms.meeting_create(
        kind=Meeting.Kind.PLENARY,
        term=session.term,
        session=session,
        number=2,
        title=f"{session}第二次全体会议",
        starts_at=starts,
        location="市人民会堂",
        actor=staff,
        at=plan["agenda"],
    )
    plenary = ms.meeting_start(meeting=plenary, actor=staff, at=plan["start"])
    roster = [a.deputy for a in plenary.attendances.select_related("deputy").order_by("deputy__code")]
    ms.attendance_check_in_many(meeting=plenary, deputies=roster[:PRESENT], actor=staff, at=plan["check_in"])
    for d in roster[PRESENT : PRESENT + 10]:
        ms.attendance_mark_leave(meeting=plenary, deputy=d, reason="因公请假", actor=staff, at=plan["check_in"])
    poll = services.programme_vote_start(programme=programme, meeting=plenary, actor=staff, at=plan["start"])
    poll = ms.poll_open(poll=poll, actor=staff, at=opened)
    options = list(poll.options.order_by("order"))
    logins = {u.deputy_id: u for u in User.objects.filter(deputy__in=roster[:PRESENT])}
    for i, deputy in enumerate(roster[:PRESENT]):
        choices = {o.pk: ("yes" if i < targets[o.label] else ("abstain" if i % 2 else "no")) for o in options}
        ms.ballot_cast(poll=poll, voter=deputy, choices=choices, actor=logins[deputy.pk])
    ms.poll_close(poll=poll, actor=staff, at=closed)
    services.programme_tally(programme=programme, actor=staff, at=closed + timedelta(seconds=30))
    services.programme_publish(programme=programme, actor=staff, at=published)
    ms.meeting_close(meeting=plenary, actor=staff, at=plan["end"])
    return backdate_meeting(plenary)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI).replace(hour=hour)


def _deliver(programme: Programme, term: Any, staff: User, year: int) -> None:
    vice_chairs = [
        m.deputy
        for m in Membership.objects.filter(
            body__term=term, body__kind=Body.Kind.STANDING_COMMITTEE, role=Membership.Role.VICE_CHAIR
        )
        .select_related("deputy")
        .order_by("deputy__code")
    ]
    committees = list(Body.objects.filter(term=term, kind=Body.Kind.SPECIAL_COMMITTEE).order_by("name"))
    pool = list(Deputy.objects.filter(term=term).order_by("code")[150:])
    today = timezone.localdate()
    plan_day = _at(min(date(year, 4, 15), today))
    supervision_day = _at(min(date(year, 4, 20), today))
    start_day = _at(min(date(year, 4, 30), today))
    for rank, project in enumerate(programme.projects.order_by("-candidate__yes_votes"), start=1):
        services.project_set_plan(
            project=project,
            targets=project.targets,
            deadline=date(year, 12, 31),
            funding=project.funding or Decimal(0),
            responsible_unit=project.responsible_unit or project.candidate.lead_unit,
            actor=staff,
            at=plan_day,
        )
        services.project_assign_supervision(
            project=project,
            vice_chair=vice_chairs[(rank - 1) % len(vice_chairs)],
            special_committee=committees[(rank - 1) % len(committees)],
            group_name=f"“{project.title}”监督小组",
            group_members=pool[(rank - 1) * 3 : rank * 3],
            actor=staff,
            at=supervision_day,
        )
        services.project_start(project=project, actor=staff, at=start_day)
        milestones = [
            services.milestone_add(
                project=project,
                title=t,
                weight=w,
                due_on=date(year, m, d),
                actor=staff,
                at=start_day + timedelta(hours=1),
            )
            for t, w, m, d in MILESTONES
        ]
        values = _progress_for(rank)
        services.progress_report_submit(
            project=project,
            text="实施方案已公布，项目按计划推进。",
            progress={
                m.pk: min(v, 100 if i < 2 else 50) for i, (m, v) in enumerate(zip(milestones, values, strict=True))
            },
            actor=staff,
            reported_on=min(date(year, 6, 30), today),
            at=_at(min(date(year, 6, 30), today), 17),
        )
        services.progress_report_submit(
            project=project,
            text="主体工程推进中。" if values[2] < 100 else "主体工程已完成，准备竣工验收。",
            progress={m.pk: v for m, v in zip(milestones, values, strict=True)},
            actor=staff,
            reported_on=min(date(year, 11, 15), today),
            at=_at(min(date(year, 11, 15), today), 17),
        )
