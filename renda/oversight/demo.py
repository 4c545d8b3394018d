"""The seed's oversight year (issue 15 item 10), loaded through the services: 12 Standing Committee and
18 Council of Chairpersons meetings, the year's plan, the reports heard with deliberation opinions and
handling reports (the procuratorate's overdue), the environment report's satisfaction vote, the four
inspections, a special inquiry, research topics, the decision on procuratorial recommendations and the
work records the report counts (23 requests to the Party committee, 21 Party group meetings, 10
research reports, 15 work suggestions, 186 information items, 63 rules revised). Names are synthetic.
Idempotent: a second run finds the plan and stops.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from renda.core.documents import blank_pdf
from renda.core.workdays import add_months
from renda.meetings import ballots
from renda.meetings import services as ms
from renda.meetings.demo import demo_context
from renda.meetings.models import Meeting
from renda.organization.demo import SHANGHAI
from renda.organization.models import Body, Deputy, HandlingUnit, Membership, User
from renda.oversight import inspections, services
from renda.oversight.models import Decision, OversightItem, OversightPlan, WorkRecord

K = OversightItem.Kind
#: The 12 Standing Committee meetings of the year (month, day) and the 18 Council meetings.
SC_DATES = [
    (2, 23),
    (3, 30),
    (4, 27),
    (5, 30),
    (6, 28),
    (7, 27),
    (8, 29),
    (9, 27),
    (10, 30),
    (11, 28),
    (12, 20),
    (12, 29),
]
COUNCIL_DATES = [
    (1, 18),
    (2, 16),
    (3, 23),
    (4, 20),
    (5, 23),
    (6, 10),
    (6, 21),
    (7, 20),
    (8, 22),
    (9, 6),
    (9, 20),
    (10, 23),
    (11, 7),
    (11, 21),
    (12, 6),
    (12, 13),
    (12, 24),
    (12, 27),
]
#: Work records: kind → how many the report counts.
RECORDS = {
    WorkRecord.Kind.PARTY_REQUEST: 23,
    WorkRecord.Kind.PARTY_GROUP_MEETING: 21,
    WorkRecord.Kind.RESEARCH_REPORT: 10,
    WorkRecord.Kind.WORK_SUGGESTION: 15,
    WorkRecord.Kind.INFORMATION: 186,
    WorkRecord.Kind.RULE_REVISED: 63,
    WorkRecord.Kind.PRESS_CONFERENCE: 5,  # 召开5次立法工作新闻发布会
    WorkRecord.Kind.STUDY_SESSION: 21,  # 组织理论中心组集体学习21次
}
#: The reports heard: (kind, title, organ, SC meeting index 0–11, opinions sent?, handling report? ).
REPORTS = [
    (K.STATE_ASSETS, "关于2024年度国有资产管理情况的综合报告", "市财政局", 2),
    (K.SPECIAL_REPORT, "关于2024年度环境状况和环境保护目标完成情况的报告", "市生态环境局", 3),
    (K.SPECIAL_REPORT, "关于再造工业优势、发挥工业强支撑作用情况的报告", "市工业和信息化局", 4),
    (K.SPECIAL_REPORT, "关于市监察委员会依法正确行使职权、推进监察工作规范化法治化正规化情况的报告", "市监察委员会", 6),
    (K.STATE_ASSETS, "关于2024年度行政事业性国有资产管理情况的专项报告", "市财政局", 7),
    (K.SPECIAL_REPORT, "关于市中级人民法院创优法治化营商环境工作情况的报告", "市中级人民法院", 8),
    (K.SPECIAL_REPORT, "关于市人民检察院法律监督工作情况的报告", "市人民检察院", 9),
    (K.AUDIT_RECTIFICATION, "关于2024年度市级预算执行和其他财政收支审计查出问题整改情况的报告", "市审计局", 10),
]
#: The organ whose handling report is overdue (no report by its date).
OVERDUE = "市人民检察院"
INSPECTIONS = [
    ("《中华人民共和国工会法》执法检查", "中华人民共和国工会法", "第六条、第二十一条", "市总工会", 4),
    (
        "《中华人民共和国环境保护法》执法检查",
        "中华人民共和国环境保护法",
        "第六条、第二十八条、第四十二条",
        "市生态环境局",
        5,
    ),
    ("《农业生产托管服务条例》执法检查", "农业生产托管服务条例", "第三条至第十二条", "市农业农村局", 7),
    ("《文明行为促进条例》执法检查", "文明行为促进条例", "第五条、第十八条", "市城市管理局", 9),
]
RESEARCH = [
    "保护和利用红色文化资源专题调研",
    "全市供热工作专题调研",
    "公立医院建设和全民健身情况调研",
    "民族工作和宗教场所管理情况专题调研",
    "义务教育“双减”工作专题调研",
    "创建全国文明城市专题调研",
    "农村“颐养工程”实施情况专题调研",
    "农产品和黄花加工产业发展调研",
    "全市“六新”突破情况调研",
]
VISIT_TITLE = "全市农业八大特色产业发展情况集中视察"
OPINIONS = [
    "建议进一步压实责任，细化整改措施和时限。",
    "建议加大资金投入，补齐基层短板。",
    "建议建立长效机制，定期向常委会报告进展。",
]


def _day(year: int, md: tuple[int, int]) -> date:
    return date(year, *md)


def _shift(d: date | None, days: int) -> date:
    """``d`` moved by ``days`` calendar days (``d`` is set by the step before)."""
    assert d is not None
    return date.fromordinal(d.toordinal() + days)


def _at(d: date, hour: int = 9) -> datetime:
    return datetime.combine(d, time(hour), tzinfo=SHANGHAI)


def _pdf(title: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{title[:40]}.pdf", blank_pdf(title), content_type="application/pdf")


def _meetings(term: Any, kind: str, body: Body, dates: list[date], staff: User, label: str) -> list[Meeting]:
    out = []
    for n, d in enumerate(dates, start=1):
        m = Meeting.objects.filter(term=term, kind=kind, body=body, session=None, number=n).first()
        if m is None:
            m = ms.meeting_create(
                kind=kind,
                term=term,
                body=body,
                number=n,
                title=f"市第十六届人大常委会{label}第{n}次会议"[:120],
                starts_at=_at(d),
                location="市人大常委会会议室",
                actor=staff,
                at=_at(d, 8),
            )
        out.append(m)
    return out


def _open(meeting: Meeting, staff: User, present: list[Deputy]) -> None:
    meeting.refresh_from_db()  # other steps of the loader may have started it meanwhile
    if meeting.status == "planned":
        ms.meeting_start(meeting=meeting, actor=staff, at=meeting.starts_at)
    # another loader (appointments) may have opened it with fewer members present; those already present
    # are skipped
    ms.attendance_check_in_many(meeting=meeting, deputies=present, actor=staff, at=meeting.starts_at)


def _close(meeting: Meeting, staff: User) -> None:
    meeting.refresh_from_db()
    if meeting.status == "in_progress":
        ms.meeting_close(meeting=meeting, actor=staff, at=_at(timezone_date(meeting), 17))


def timezone_date(meeting: Meeting) -> date:
    """The local day of a meeting."""
    return meeting.starts_at.astimezone(SHANGHAI).date()


@transaction.atomic
def load(*, stdout: Any = None) -> OversightPlan:
    """Load the seed's oversight year (idempotent); returns the plan."""
    congress, term, _session, staff = demo_context()
    year = term.start_year + 1
    existing = OversightPlan.objects.filter(congress=congress, year=year).first()
    if existing:
        return existing
    sc = Body.objects.get(term=term, kind=Body.Kind.STANDING_COMMITTEE)
    council = Body.objects.get(term=term, kind=Body.Kind.COUNCIL_OF_CHAIRPERSONS)
    sc_members = [
        m.deputy for m in Membership.objects.filter(body=sc).select_related("deputy").order_by("deputy__code")
    ]
    council_members = [
        m.deputy for m in Membership.objects.filter(body=council).select_related("deputy").order_by("deputy__code")
    ]
    others = list(Deputy.objects.filter(term=term).exclude(pk__in=[d.pk for d in sc_members]).order_by("code")[:20])
    sc_meetings = _meetings(term, Meeting.Kind.STANDING_COMMITTEE, sc, [_day(year, d) for d in SC_DATES], staff, "")
    council_meetings = _meetings(
        term, Meeting.Kind.COUNCIL_OF_CHAIRPERSONS, council, [_day(year, d) for d in COUNCIL_DATES], staff, "主任会议"
    )
    units = {u.name: u for u in HandlingUnit.objects.filter(congress=congress)}
    if "市监察委员会" not in units:
        units["市监察委员会"] = HandlingUnit.objects.create(
            congress=congress, name="市监察委员会", short_name="市监委", kind=HandlingUnit.Kind.OTHER
        )
    committees = {b.name: b for b in Body.objects.filter(term=term, kind=Body.Kind.SPECIAL_COMMITTEE)}
    finance, env = committees.get("财政经济委员会"), committees.get("城乡建设环境保护委员会")
    plan = services.plan_create(congress=congress, year=year, title=f"{year}年度监督工作计划", actor=staff)
    heard: list[tuple[OversightItem, int]] = []
    for kind, title, organ, idx in REPORTS:
        extra: dict[str, Any] = {"audit_heard_on": date(year, 6, 28)} if kind == K.AUDIT_RECTIFICATION else {}
        item = services.item_add(
            plan=plan,
            kind=kind,
            title=title,
            organ=units[organ],
            committee=finance if kind != K.SPECIAL_REPORT else env,
            meeting=sc_meetings[idx],
            source=OversightItem.Source.STATUTORY,
            actor=staff,
            on=date(year, 1, 10),
            **extra,
        )
        heard.append((item, idx))
    checks: list[tuple[OversightItem, int, str]] = []
    for title, law, articles, organ, idx in INSPECTIONS:
        starts = date(year, SC_DATES[idx][0] - 2, 10)
        item = services.item_add(
            plan=plan,
            kind=K.INSPECTION,
            title=title,
            law_title=law,
            articles=articles,
            committee=env,
            organ=units[organ],
            meeting=sc_meetings[idx],
            inspection_starts_on=starts,
            source=OversightItem.Source.SUGGESTIONS,
            actor=staff,
            on=date(year, 1, 10),
        )
        checks.append((item, idx, organ))
    research = [
        services.item_add(plan=plan, kind=K.RESEARCH, title=title, committee=env, actor=staff, on=date(year, 1, 10))
        for title in RESEARCH
    ]
    # the seed: "围绕全市农业八大特色产业，组织代表进工厂车间、入田间地头实地视察"
    visit = services.item_add(
        plan=plan, kind=K.VISIT, title=VISIT_TITLE, committee=env, actor=staff, on=date(year, 1, 10)
    )
    inquiry = services.item_add(
        plan=plan,
        kind=K.SPECIAL_INQUIRY,
        title="关于全市供热保障工作的专题询问",
        organ=units.get("市住房和城乡建设局"),
        committee=env,
        meeting=sc_meetings[8],
        actor=staff,
        on=date(year, 1, 10),
    )
    # M25: the 备案审查工作情况报告 heard every year (the seed: "认真做好规范性文件备案审查"), by the 法工委
    services.item_add(
        plan=plan,
        kind=K.FILING_REVIEW,
        title=f"关于{year - 1}年度规范性文件备案审查工作情况的报告",
        committee=Body.objects.filter(term=term, kind=Body.Kind.WORKING_COMMITTEE, name="法制工作委员会").first(),
        meeting=sc_meetings[11],
        actor=staff,
        on=date(year, 1, 10),
    )
    services.plan_adopt(plan=plan, meeting=council_meetings[0], actor=staff, on=date(year, 1, 18))
    # research and the 集中视察 with their groups: with the inspections' 28 places, the seed's "组织代表
    # 150余人次参加立法调研、执法检查、集中视察等活动" (9 × 11 + 28 + 28 = 155)
    invitees = list(Deputy.objects.filter(term=term).exclude(pk__in=[d.pk for d in sc_members]).order_by("code")[20:92])
    for n, item in enumerate(research):
        inspections.group_set(
            item=item,
            leader=council_members[1 + n % 6],
            members=sc_members[8 + 2 * n : 10 + 2 * n],
            invited=invitees[8 * n : 8 * n + 8],
            actor=staff,
            on=date(year, 2 + n, 1),
        )
    inspections.group_set(
        item=visit,
        leader=council_members[1],
        members=sc_members[30:33],
        invited=[*invitees[:12], *others[8:20]],
        actor=staff,
        on=date(year, 9, 1),
    )
    # inspections: group, plan sent a month ahead, visits, report
    for n, (item, _idx, organ) in enumerate(checks):
        starts = _shift(item.inspection_starts_on, 0)
        inspections.group_set(
            item=item,
            leader=council_members[1 + n % 6],
            members=sc_members[8 + 3 * n : 11 + 3 * n],
            invited=others[4 * n : 4 * n + 3],
            actor=staff,
            on=date(starts.year, starts.month - 1, 1),
        )
        inspections.plan_send(item=item, actor=staff, on=date(starts.year, starts.month - 1, 5))
        for k, form in enumerate(("forum", "field", "questionnaire")):
            inspections.visit_add(
                item=item,
                visited_on=date(starts.year, starts.month, 10 + 5 * k),
                place=f"{['平城区', '云冈区', '云州区'][k]}{organ}相关单位",
                form=form,
                actor=staff,
            )
        inspections.inspection_report(
            item=item,
            assessment=f"{item.law_title}实施总体良好；存在宣传不够、配套制度不全等问题；建议加强执法监督。",
            law_suggestions="建议适时修订配套规定，明确部门职责。",
            actor=staff,
            on=date(starts.year, starts.month + 1, 20),
        )
    # the year's meetings in order: reports and inspections heard, the satisfaction vote
    for i, meeting in enumerate(sc_meetings):
        day = timezone_date(meeting)
        present = sc_members[: len(sc_members) - 3]
        todo = [it for it, idx in heard if idx == i] + [it for it, idx, _o in checks if idx == i]
        if i == 8:
            todo.append(inquiry)
        if not todo and meeting.status != "planned":
            continue
        _open(meeting, staff, present)
        for item in todo:
            if item.kind in services.ORGAN_REPORTS:
                services.report_submit(
                    item=item, file=_pdf(item.title), actor=staff, on=date.fromordinal(day.toordinal() - 25)
                )
            services.item_review(
                item=item, note="同意提请常委会会议审议", actor=staff, on=date.fromordinal(day.toordinal() - 12)
            )
            services.item_hear(
                item=item,
                meeting=meeting,
                reporter="有关负责人" if item.kind != K.INSPECTION else "检查组组长",
                actor=staff,
                on=day,
            )
            for j, text in enumerate(OPINIONS[: 2 + item.pk % 2]):
                services.opinion_add(item=item, text=text, actor=staff, deputy=sc_members[10 + j + i], on=day)
        if i == 3:
            _satisfaction(todo[0], meeting, staff, present)
        if i == 8:
            for j, (q, who) in enumerate(
                [
                    ("今冬供热管网改造进度如何？", "市住房和城乡建设局局长"),
                    ("老旧小区供热不达标如何解决？", "市住房和城乡建设局局长"),
                    ("供热价格监管有何举措？", "市发展和改革委员会副主任"),
                ]
            ):
                inspections.question_add(
                    item=inquiry,
                    asker=sc_members[20 + j],
                    question=q,
                    official=who,
                    answer="正在推进，年底前完成。",
                    commitment="年底前完成管网改造并报告。",
                    actor=staff,
                    on=day,
                )
        if i == 9:
            decision = inspections.decision_adopt(
                congress=congress,
                kind=Decision.Kind.DECISION,
                title="关于加强和规范检察建议工作的决定",
                text="为加强和规范检察建议工作，……作出如下决定：……",
                meeting=meeting,
                adopted_on=day,
                actor=staff,
                organ=units["市人民检察院"],
                report_due_on=add_months(day, 6),  # M7: the procuratorate reports on carrying it out
            )
            inspections.decision_publish(decision=decision, actor=staff, on=day)
    # the year's meetings stay open for the other apps' items (任免 votes); the meetings demo's
    # ``close_past`` closes them once every loader has run (RENDA_DEMO_LOADERS ends with it)
    for m in sc_meetings + council_meetings:
        _open(m, staff, [])
    # opinions handed over a week later; handling reports within three months (one overdue)
    for item in [it for it, _i in heard] + [it for it, _i, _o in checks]:
        item.refresh_from_db()
        sent = _shift(item.hearing_on, 6)
        item = services.opinions_send(item=item, text="", actor=staff, on=sent)
        services.item_publish(item=item, actor=staff, on=sent)
        if item.organ and item.organ.name == OVERDUE and item.kind != K.INSPECTION:
            services.item_urge(item=item, actor=staff, on=_shift(item.handling_due_on, 3))
            continue
        services.handling_report_submit(
            item=item,
            file=_pdf(f"{item.title}研究处理情况"),
            actor=staff,
            on=_shift(item.handling_due_on, -10),
        )
        if _shift(item.hearing_on, 0).month < 10:
            services.item_accept(item=item, actor=staff, on=item.handling_due_on)
    for record_kind, count in RECORDS.items():
        for n in range(count):
            inspections.work_record_add(
                congress=congress,
                kind=record_kind,
                on=date(year, 1 + n * 12 // count, 1 + n % 27),
                title=f"{WorkRecord.Kind(record_kind).label}（{n + 1}）",
                actor=staff,
            )
    if stdout is not None:
        stdout.write(f"oversight demo: {plan.title} — {plan.items.count()} items")
    return plan


def _satisfaction(item: OversightItem, meeting: Meeting, staff: User, present: list[Deputy]) -> None:
    """The environment report's secret satisfaction vote (M10): 37 present, 20/12/3 and 2 abstentions."""
    poll = services.satisfaction_start(item=item, meeting=meeting, actor=staff, on=timezone_date(meeting))
    ms.poll_open(poll=poll, actor=staff, at=_at(timezone_date(meeting), 11))
    option = poll.options.get()
    grades = ["satisfied"] * 20 + ["basically_satisfied"] * 12 + ["dissatisfied"] * 3 + ["abstain"] * 2
    logins = {u.deputy_id: u for u in User.objects.filter(deputy__in=present)}
    for deputy, grade in zip(present, grades, strict=False):
        ballots.ballot_cast(poll=poll, voter=deputy, choices={option.pk: grade}, actor=logins[deputy.pk])
    ms.poll_close(poll=poll, actor=staff, at=_at(timezone_date(meeting), 11))
    ms.poll_publish(poll=poll, actor=staff, at=_at(timezone_date(meeting), 12))
    services.satisfaction_record(item=item, actor=staff, on=timezone_date(meeting))
