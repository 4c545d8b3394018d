"""Demo history: the livelihood projects of the year before the demo's 3rd session — the seed's work
report's "力促…等10件民生实事项目办实办好" (issue 16).

The same round as :mod:`renda.livelihood.demo`, one year earlier and through the same services:
solicitation in December (L1), screening in January, submission to the 2nd session, the deputies'
secret ballot at the session's plenary (L2, L3; 345 deputies, 330 present), selection by L4,
publication, then for each of the 10 projects its plan, its "三个1" supervisors (L5), its
milestones, a mid-year and a final progress report and completion in December. Needs the 2nd session
(``renda.meetings.demo_history``). Idempotent: a programme already present for the year is left as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from renda.livelihood import services
from renda.livelihood.demo import MILESTONES, SEATS, _at, plenary_vote
from renda.livelihood.models import Programme, Project
from renda.meetings.demo import demo_context
from renda.meetings.demo_history import second_session
from renda.organization.demo import SHANGHAI
from renda.organization.models import Body, Deputy, HandlingUnit, Membership, User

# (title, lead unit, budget 万元, targets, 赞成 votes in the plenary): 10 pass L4, 3 do not
CANDIDATES: list[tuple[str, str, int, str, int]] = [
    ("城区集中供热管网改造", "市住房和城乡建设局", 28000, "改造老旧供热管网 150 公里", 324),
    ("农村公路提质改造", "市交通运输局", 36000, "改造农村公路 400 公里", 317),
    ("高校毕业生就业见习", "市人力资源和社会保障局", 4200, "提供就业见习岗位 3000 个", 312),
    ("义务教育学校标准化建设", "市教育局", 15000, "改造薄弱学校 45 所", 306),
    ("城乡居民两癌筛查", "市卫生健康委员会", 3600, "为 8 万名适龄妇女免费筛查", 299),
    ("城市污水管网雨污分流", "市生态环境局", 21000, "改造雨污合流管网 60 公里", 291),
    ("农村养老互助幸福院", "市民政局", 5800, "新建农村互助幸福院 80 个", 284),
    ("城市绿道和口袋公园建设", "市城市管理局", 9600, "新建绿道 50 公里、口袋公园 30 个", 276),
    ("农贸市场标准化改造", "市商务局", 3800, "改造农贸市场 25 个", 265),
    ("残疾儿童康复救助", "市民政局", 2400, "救助残疾儿童 1500 名", 249),
    ("公共自行车系统扩容", "市交通运输局", 2100, "新增公共自行车 5000 辆", 166),
    ("社区图书馆建设", "市文化和旅游局", 1800, "新建社区图书馆 40 个", 152),
    ("城市夜景亮化", "市城市管理局", 6200, "亮化主干道 30 条", 133),
]


@transaction.atomic
def load(*, stdout: Any = None) -> Programme:
    """Load the year's programme with its 10 projects, delivered and completed (idempotent).

    Returns:
        The programme of the 2nd session's year.
    Raises:
        ApplicationError: a service refused a step (a defect of this loader: every step is lawful).
    """
    congress, term, _third, staff = demo_context()
    session = second_session()
    year = session.opening_date.year
    existing = Programme.objects.filter(congress=congress, year=year).first()
    if existing:
        if stdout is not None:
            stdout.write(f"livelihood history: {existing.title} already loaded")
        return existing
    units = {u.name: u for u in HandlingUnit.objects.filter(congress=congress)}
    created = _at(date(year - 1, 11, 20))
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
        ends_on=date(year - 1, 12, 31),
        actor=staff,
        at=_at(date(year - 1, 12, 1)),
    )
    for title, unit, budget, targets, _yes in CANDIDATES:
        services.candidate_submit(
            programme=programme,
            title=title,
            budget=Decimal(budget),
            lead_unit=units[unit],
            targets=targets,
            actor=staff,
            at=_at(date(year - 1, 12, 18), 10),
        )
    services.programme_close_solicitation(programme=programme, actor=staff, at=_at(date(year, 1, 10)))
    for c in programme.candidates.order_by("number"):
        services.candidate_screen(candidate=c, include=True, note="", actor=staff, at=_at(date(year, 1, 16)))
    services.programme_submit(programme=programme, actor=staff, at=_at(session.opening_date, 8))

    # the plenary on the session's fourth day votes by secret ballot (L2, L3)
    starts = datetime.combine(session.closing_date - timedelta(days=1), time(9, 0), tzinfo=SHANGHAI)
    plenary_end = plenary_vote(programme, session, staff, starts, {c[0]: c[4] for c in CANDIDATES})

    _deliver(programme, term, staff, year)
    if stdout is not None:
        stdout.write(
            f"livelihood history: {programme.title} — {programme.projects.count()} projects voted at {session}, "
            "supervised under 三个1 and completed"
        )
    Programme.objects.filter(pk=programme.pk).update(created_at=created, updated_at=plenary_end)
    Project.objects.filter(programme=programme).update(created_at=plenary_end)
    return programme


def _deliver(programme: Programme, term: Any, staff: User, year: int) -> None:
    """Plan, "三个1" supervision (L5), milestones, progress in June and December, completion."""
    vice_chairs = [
        m.deputy
        for m in Membership.objects.filter(
            body__term=term, body__kind=Body.Kind.STANDING_COMMITTEE, role=Membership.Role.VICE_CHAIR
        )
        .select_related("deputy")
        .order_by("deputy__code")
    ]
    committees = list(Body.objects.filter(term=term, kind=Body.Kind.SPECIAL_COMMITTEE).order_by("name"))
    pool = list(Deputy.objects.filter(term=term).order_by("code")[200:])
    for rank, project in enumerate(programme.projects.order_by("-candidate__yes_votes"), start=1):
        services.project_set_plan(
            project=project,
            targets=project.targets,
            deadline=date(year, 12, 31),
            funding=project.funding or Decimal(0),
            responsible_unit=project.responsible_unit or project.candidate.lead_unit,
            actor=staff,
            at=_at(date(year, 4, 10)),
        )
        services.project_assign_supervision(
            project=project,
            vice_chair=vice_chairs[(rank + 1) % len(vice_chairs)],
            special_committee=committees[(rank + 2) % len(committees)],
            group_name=f"“{project.title}”监督小组",
            group_members=pool[(rank - 1) * 3 : rank * 3],
            actor=staff,
            at=_at(date(year, 4, 15)),
        )
        services.project_start(project=project, actor=staff, at=_at(date(year, 4, 25)))
        milestones = [
            services.milestone_add(
                project=project, title=t, weight=w, due_on=date(year, m, d), actor=staff, at=_at(date(year, 4, 25), 10)
            )
            for t, w, m, d in MILESTONES
        ]
        for reported_on, values, text in (
            (date(year, 6, 30), (100, 100, 40, 0), "实施方案已公布，项目全面开工。"),
            (date(year, 12, 15), (100, 100, 100, 100), "项目全部完成并通过竣工验收。"),
        ):
            services.progress_report_submit(
                project=project,
                text=text,
                progress={m.pk: v for m, v in zip(milestones, values, strict=True)},
                actor=staff,
                reported_on=reported_on,
                at=_at(reported_on, 17),
            )
        services.project_complete(project=project, actor=staff, at=_at(date(year, 12, 20)))
