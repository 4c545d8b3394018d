"""Demo data of local legislation (the year the seed's work report covers, term.start_year + 1, as the
oversight and appointments demos): the river-basin regulation drafted jointly with two
neighbouring cities, two readings at Standing Committee meetings, published for comment with 42 comments
(some from contact points and a hearing, one campaign of near-identical comments), the report with the
office's responses and the feedback page, the vote, provincial approval, 公告 and filing; the three other
regulations the seed's report says were adopted that year (the second river-basin regulation and the
Great Wall regulation made, the electric-bicycle regulation revised: "阐释…4部地方性法规"), each read twice
and voted at the year's Standing Committee meetings through the same services; the rest of the seed's
regulations as plan items; 6 grassroots legislative contact points with 20 experts.

Texts are written for the demo, not copied from any real law. Idempotent: nothing is loaded twice.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from renda.legislation import campaigns, comments, hearings, lifecycle, services
from renda.legislation.docstruct import parse_paragraphs
from renda.legislation.models import ContactPoint, Draft, LegislativePlan, PlanItem, Position
from renda.meetings import services as ms
from renda.meetings.demo import demo_context
from renda.meetings.models import Attendance, Meeting, Poll
from renda.organization.models import Body, Deputy, Membership

SHANGHAI = ZoneInfo("Asia/Shanghai")
TITLE = "十里河流域生态保护条例"
JOINT = "相邻两市（协同立法，召开联席会议3次）"

ARTICLES_V1 = [
    f"{TITLE}（草案）",
    "第一章　总则",
    "第一条　为了加强十里河流域生态保护，推进上下游协同治理，制定本条例。",
    "第二条　本市行政区域内十里河干流及其支流流域的生态保护、污染防治和协同治理，适用本条例。",
    "第三条　流域生态保护坚持保护优先、系统治理、上下游联动的原则。",
    "第四条　市人民政府统一领导流域生态保护工作，建立与相邻城市的协作机制。",
    "第二章　保护与治理",
    "第五条　禁止在河道管理范围内倾倒、堆放垃圾、渣土和其他废弃物。",
    "违反前款规定的，由水行政主管部门责令改正，可以处一千元以上一万元以下罚款。",
    "第六条　流域内县级人民政府应当建设生活污水收集处理设施，逐步实现全收集、全处理。",
    "第七条　鼓励在河道两侧建设生态缓冲带，种植本地植物。",
    "第八条　市人民政府应当会同相邻城市建立流域生态补偿机制。",
    "第三章　监督与附则",
    "第九条　市人民政府每年向市人民代表大会常务委员会报告流域生态保护情况。",
    "第十条　本条例自公布之日起施行。",
]

ARTICLES_V2 = [
    line.replace("一千元以上一万元以下", "二千元以上二万元以下")
    .replace("第九条", "第十条")
    .replace("第十条　本条例自", "第十一条　本条例自")
    for line in ARTICLES_V1
]
ARTICLES_V2.insert(
    ARTICLES_V2.index("第三章　监督与附则") + 1,
    "第九条　市人民政府应当公开流域水质监测信息，每季度至少公布一次。",
)

POINTS = [
    ("东街街道基层立法联系点", "东街街道办事处二楼", ["王教授", "赵律师", "钱研究员", "孙工程师"]),
    ("南关社区基层立法联系点", "南关社区服务中心", ["周律师", "吴教授", "郑研究员"]),
    ("西郊镇基层立法联系点", "西郊镇人民政府", ["冯工程师", "陈教授", "褚律师"]),
    ("北岸街道基层立法联系点", "北岸街道办事处", ["卫教授", "蒋律师", "沈研究员"]),
    ("市律师协会基层立法联系点", "市律师协会", ["韩律师", "杨律师", "朱律师"]),
    ("市环境科学学会基层立法联系点", "市环境科学学会", ["秦研究员", "尤工程师", "许教授", "何教授"]),
]

CAMPAIGN = "强烈建议第五条提高罚款数额，往河道倾倒垃圾渣土危害很大，罚款一万元以下起不到震慑作用，请采纳！"
PUBLIC = [
    (5, "第五条的“其他废弃物”范围不清楚，建议列举建筑垃圾、餐厨垃圾等。"),
    (6, "农村生活污水分散，建议第六条允许采用小型分散处理设施。"),
    (7, "生态缓冲带的宽度应当有最低标准，建议不少于三十米。"),
    (8, "生态补偿资金来源要明确，建议由上下游城市按比例分担。"),
    (8, "建议补偿标准与跨界断面水质挂钩，水质达标才给予补偿。"),
    (9, "除了向人大常委会报告，还应当向社会公开年度报告。"),
    (None, "条例整体很好，建议增加公众参与和举报奖励的规定。"),
    (None, "建议明确河长制在流域保护中的职责。"),
    (3, "建议在原则中增加“公众参与”。"),
    (6, "污水处理设施建成后的运行经费由谁负担，应当写清楚。"),
    (None, "希望条例出台后加强执法，不要只停留在纸面上。"),
    (4, "协作机制应当明确联席会议的召开频次。"),
]
CONTACT = [
    (0, 5, "居民反映河道边经常有人偷倒渣土，建议设置监控并公布举报电话。"),
    (0, 7, "缓冲带占用农户土地的，应当给予合理补偿。"),
    (1, 6, "社区老旧小区雨污合流，建议条例对雨污分流改造作出规定。"),
    (2, 6, "镇上污水管网覆盖不到的村庄，希望有过渡措施。"),
    (2, 8, "上游乡镇为保护水源放弃部分产业，补偿应当向基层倾斜。"),
    (3, 9, "建议人大常委会每两年开展一次执法检查。"),
    (4, 5, "罚款数额的设定应当与上位法衔接，避免超出上位法规定的幅度。"),
    (5, 7, "建议缓冲带优先选用耐旱的本地草本和灌木。"),
    (5, 6, "建议规定污水处理出水标准不低于一级A。"),
]
HEARING = [
    (8, "流域生态补偿立法论证会", "补偿机制涉及相邻城市，建议由三市共同签订协议后再细化。"),
    (5, "流域生态补偿立法论证会", "行政处罚的设定须符合上位法，建议请省人大法工委把关。"),
    (None, "政协委员协商座谈会", "建议条例名称体现“协同保护”。"),
    (10, "政协委员协商座谈会", "施行日期应当给有关部门留出准备时间。"),
]


#: The year's hearings (组织132位市县两级人大代表、政协委员召开立法论证会、协商会20多次; 邀请28名人大代表全程参与
#: 立法工作): 21 meetings, two city deputies at each drawn in turn from 28, and 4 or 5 county deputies and
#: CPPCC members besides: 42 + 90 = 132 人次.
HEARINGS, HEARING_DEPUTIES, HEARING_OTHERS = 21, 28, 90
TOPICS = [
    "长城保护条例",
    "电动自行车管理条例（修订）",
    "御水河流域协同保护条例",
    "城市绿化条例（修订）",
    "物业管理条例",
]


def _hearings(congress: Any, term: Any, year: int, draft: Draft, staff: Any) -> None:
    pool = list(Deputy.objects.filter(term=term).order_by("code")[:HEARING_DEPUTIES])
    named = sorted({hearing for _a, hearing, _t in HEARING})  # the two whose comments are on the draft
    for i in range(HEARINGS):
        if i < len(named):
            title, of, on = named[i], draft, date(year, 5, 8 + i)
            kind = "consultation" if "座谈" in title else "argument"
        else:
            topic = TOPICS[i % len(TOPICS)]
            kind = "consultation" if i % 3 == 0 else "argument"
            title = f"《{topic}》立法{'协商座谈会' if kind == 'consultation' else '论证会'}（{i // len(TOPICS) + 1}）"
            on, of = date(year, 1 + i * 11 // HEARINGS, 3 + i % 25), None
        hearings.hearing_record(
            congress=congress,
            kind=kind,
            title=title,
            held_on=on,
            deputies=[pool[(2 * i) % len(pool)], pool[(2 * i + 1) % len(pool)]],
            other_participants=HEARING_OTHERS // HEARINGS + (1 if i < HEARING_OTHERS % HEARINGS else 0),
            draft=of,
            actor=staff,
        )


#: The three other regulations adopted in the report year (the seed: 审议通过…流域生态修复与保护两部条例,
#: 制定…长城保护条例, 修订…电动车管理条例): (title, subject, 制定/修订, joint, submitted (month, day), first
#: and second reading (the appointments demo's meeting numbers), its articles). Submission dates are the
#: annual plan's; each reading keeps the G7 lead times, the second carries the G10 results report and the vote.
OTHERS = [
    (
        "御水河流域协同保护条例",
        Draft.Subject.ECOLOGY,
        Draft.Making.NEW,
        JOINT,
        (5, 20),
        (7, 8),
        [
            "第一条　为了加强御水河流域协同保护，推进流域生态修复，制定本条例。",
            "第二条　市人民政府与相邻城市建立御水河流域协同保护联席会议制度。",
            "第三条　禁止在御水河干流河道管理范围内新建排污口。",
            "第四条　本条例自公布之日起施行。",
        ],
    ),
    (
        "长城保护条例",
        Draft.Subject.HERITAGE,
        Draft.Making.NEW,
        "",
        (6, 1),
        (7, 9),
        [
            "第一条　为了加强本市行政区域内长城的保护，传承历史文化，制定本条例。",
            "第二条　市、县级人民政府文物主管部门负责本行政区域内长城保护工作。",
            "第三条　长城段落实行保护员巡查制度，保护员每月至少巡查一次。",
            "第四条　本条例自公布之日起施行。",
        ],
    ),
    (
        "电动自行车管理条例",
        Draft.Subject.URBAN,
        Draft.Making.REVISION,
        "",
        (7, 28),
        (9, 10),
        [
            "第一条　为了加强电动自行车管理，保障道路交通安全，根据有关法律法规，结合本市实际，制定本条例。",
            "第二条　电动自行车应当经公安机关交通管理部门登记，取得号牌后方可上道路行驶。",
            "第三条　禁止在居民住宅楼道、安全出口等公共区域停放电动自行车或者为其充电。",
            "第四条　本条例自公布之日起施行。",
        ],
    ),
]


#: (month, day) of the year's Standing Committee meetings 第7–10次 (the appointments demo's calendar).
SC_DAYS = {7: (7, 29), 8: (8, 27), 9: (9, 25), 10: (10, 28)}


def _meeting_day(year: int, number: int) -> date:
    return date(year, *SC_DAYS[number])


def _adopt_other(congress: Any, term: Any, body: Body, year: int, staff: Any, row: tuple[Any, ...]) -> Draft:
    """One of :data:`OTHERS` from drafting to the vote passed (through the legislation and meetings
    services, at the meetings the appointments demo already opened with its members present)."""
    title, subject, making, joint, (sm, sd), (first, second), lines = row
    submitted = date(year, sm, sd)
    draft = services.draft_create(
        congress=congress,
        title=title,
        subject=subject,
        making=making,
        joint_with=joint,
        actor=staff,
        at=_at(year, sm, sd) - timedelta(days=40),
    )
    label = "修订草案" if making == Draft.Making.REVISION else "草案"
    v1 = services.version_create(
        draft=draft,
        label=label,
        document=parse_paragraphs([f"{title}（{label}）", *lines]),
        actor=staff,
        at=_at(year, sm, sd) - timedelta(days=5),
    )
    services.draft_submit(
        draft=draft, proposer=Draft.Proposer.GOVERNMENT, actor=staff, submitted_on=submitted, at=_at(year, sm, sd)
    )
    versions = [v1]
    for number, day in ((first, _meeting_day(year, first)), (second, _meeting_day(year, second))):
        meeting = _sc_meeting(term, body, staff, number, day)
        last = number == second
        if last:
            versions.append(
                services.version_create(
                    draft=draft,
                    label=f"{label}修改稿",
                    document=parse_paragraphs([f"{title}（{label}修改稿）", *lines]),
                    actor=staff,
                    at=_at(year, day.month, day.day) - timedelta(days=12),
                )
            )
        services.reading_schedule(
            draft=draft,
            version=versions[-1],
            meeting=meeting,
            actor=staff,
            sent_to_members_on=day - timedelta(days=10),
            results_report=f"法制委员会关于《{title}（{label}）》审议结果的报告" if last else "",
            at=_at(year, day.month, day.day) - timedelta(days=10),
        )
    poll = services.vote_schedule(
        draft=draft, meeting=meeting, actor=staff, method=Poll.Method.SHOW_OF_HANDS, at=_at(year, day.month, day.day)
    )
    vote_at = datetime.combine(day, time(10, 30), tzinfo=SHANGHAI)
    if not meeting.attendances.filter(status=Attendance.Status.PRESENT).exists():  # loaded without appointments
        members = [m.deputy for m in Membership.objects.filter(body=body).select_related("deputy")]
        ms.attendance_check_in_many(meeting=meeting, deputies=members, actor=staff, at=vote_at)
    ms.poll_open(poll=poll, actor=staff, at=vote_at)
    present = Poll.objects.get(pk=poll.pk).present or 0
    ms.poll_enter_counts(poll=poll, counts={"yes": present - 1, "no": 0, "abstain": 1}, actor=staff, at=vote_at)
    ms.poll_close(poll=poll, actor=staff, at=vote_at + timedelta(minutes=15))
    return services.vote_record(draft=draft, actor=staff, at=vote_at + timedelta(minutes=15))


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, 0, tzinfo=SHANGHAI)


def _campaign_text(i: int) -> str:
    endings = ["", "谢谢！", "希望重视。", "支持从严。"]
    return CAMPAIGN.replace("请采纳！", "请采纳！" + endings[i % 4]).replace(
        "危害很大", "危害很大" if i % 3 else "危害极大"
    )


#: The two Standing Committee meetings of the report year that read the draft: (number, month, day), the
#: 4th and 6th of the year's 12 (the appointments demo's calendar; it and the oversight demo reuse the
#: meetings by number, so the year still counts the seed's 12 meetings).
FIRST_READING, SECOND_READING = (4, 4, 24), (6, 6, 26)


def _sc_meeting(term: Any, body: Body, staff: Any, number: int, day: date) -> Meeting:
    existing = Meeting.objects.filter(
        term=term, body=body, kind=Meeting.Kind.STANDING_COMMITTEE, session=None, number=number
    ).first()
    if existing is None:
        at = datetime.combine(day, time(9, 0), tzinfo=SHANGHAI)
        existing = ms.meeting_create(
            kind=Meeting.Kind.STANDING_COMMITTEE,
            term=term,
            body=body,
            number=number,
            title=f"市第十六届人大常委会第{number}次会议",
            starts_at=at,
            location="市人大常委会会议室",
            actor=staff,
            at=at,
        )
    if existing.status == "planned":
        existing = ms.meeting_start(meeting=existing, actor=staff, at=existing.starts_at)
    return existing


@transaction.atomic
def load(*, stdout: Any = None) -> Draft | None:
    """Load the demo legislation (idempotent); returns the river-basin draft."""
    congress, term, _session, staff = demo_context()
    existing = Draft.objects.filter(congress=congress, title=TITLE).first()
    if existing:
        return existing
    year = term.start_year + 1  # the year the work report covers: its 42 comments count there
    body = Body.objects.get(term=term, kind=Body.Kind.STANDING_COMMITTEE)
    points = [
        ContactPoint.objects.get_or_create(congress=congress, name=n, defaults={"address": a, "experts": "\n".join(e)})[
            0
        ]
        for n, a, e in POINTS
    ]
    draft = services.draft_create(
        congress=congress,
        title=TITLE,
        subject=Draft.Subject.ECOLOGY,
        joint_with=JOINT,
        actor=staff,
        at=_at(year, 1, 15),
    )
    v1 = services.version_create(
        draft=draft,
        label="草案",
        document=parse_paragraphs(ARTICLES_V1),
        actor=staff,
        source_name="草案.docx",
        at=_at(year, 2, 20),
    )
    services.draft_submit(
        draft=draft, proposer=Draft.Proposer.GOVERNMENT, actor=staff, submitted_on=date(year, 3, 2), at=_at(year, 3, 2)
    )
    m1 = _sc_meeting(term, body, staff, FIRST_READING[0], date(year, *FIRST_READING[1:]))
    services.reading_schedule(
        draft=draft, version=v1, meeting=m1, actor=staff, sent_to_members_on=date(year, 4, 14), at=_at(year, 4, 14)
    )
    opens = date(year, 4, 25)
    comments.period_open(version=v1, opens=opens, actor=staff, at=_at(year, 4, 25))
    day = date(year, 5, 6)
    for i in range(17):
        comments.comment_submit(
            version=v1, text=_campaign_text(i), source="public", article=5, phone=f"1390000{i:04d}", on=day
        )
    for i, (article, text) in enumerate(PUBLIC):
        comments.comment_submit(
            version=v1, text=text, source="public", article=article, phone=f"1370000{i:04d}", on=day
        )
    for p, article, text in CONTACT:
        comments.comment_submit(
            version=v1, text=text, source="contact_point", article=article, contact_point=points[p], user=staff
        )
    for article, hearing, text in HEARING:
        comments.comment_submit(version=v1, text=text, source="hearing", article=article, hearing=hearing, user=staff)
    for pos in campaigns.analyse(version=v1, actor=staff):
        if pos.kind == Position.Kind.CAMPAIGN:
            campaigns.position_respond(
                position=pos,
                response="partly",
                reason="罚款幅度已在上位法允许范围内提高至二千元以上二万元以下。",
                actor=staff,
            )
        else:
            campaigns.position_respond(
                position=pos,
                response="adopted" if pos.size > 1 else "not_adopted",
                reason="" if pos.size > 1 else "由配套实施办法规定。",
                actor=staff,
            )
    campaigns.feedback_publish(version=v1, actor=staff, at=_at(year, 6, 3))
    v2 = services.version_create(
        draft=draft,
        label="草案修改稿",
        document=parse_paragraphs(ARTICLES_V2),
        actor=staff,
        source_name="草案修改稿.docx",
        at=_at(year, 6, 5),
    )
    m2 = _sc_meeting(term, body, staff, SECOND_READING[0], date(year, *SECOND_READING[1:]))
    services.reading_schedule(
        draft=draft,
        version=v2,
        meeting=m2,
        actor=staff,
        sent_to_members_on=date(year, 6, 16),
        results_report=f"法制委员会关于《{TITLE}（草案）》审议结果的报告",
        at=_at(year, 6, 16),
    )
    members = [m.deputy for m in Membership.objects.filter(body=body).select_related("deputy")]
    ms.attendance_check_in_many(meeting=m2, deputies=members, actor=staff, at=_at(year, 6, 26))
    poll = services.vote_schedule(
        draft=draft, meeting=m2, actor=staff, method=Poll.Method.SHOW_OF_HANDS, at=_at(year, 6, 24)
    )
    ms.poll_open(poll=poll, actor=staff, at=_at(year, 6, 26))
    n = len(members)
    ms.poll_enter_counts(poll=poll, counts={"yes": n - 2, "no": 0, "abstain": 2}, actor=staff, at=_at(year, 6, 26))
    ms.poll_close(poll=poll, actor=staff, at=datetime.combine(date(year, 6, 26), time(11, 0), tzinfo=SHANGHAI))
    services.vote_record(draft=draft, actor=staff, at=_at(year, 6, 26))
    services.approval_request(draft=draft, received_on=date(year, 7, 3), actor=staff, at=_at(year, 7, 3))
    services.approval_record(
        draft=draft, approved_on=date(year, 9, 28), approval_body="省人大常委会", actor=staff, at=_at(year, 9, 28)
    )
    services.promulgate(
        draft=draft,
        actor=staff,
        enacting_body="市人民代表大会常务委员会",
        notice_number=f"〔{year}〕第5号",
        promulgated_on=date(year, 10, 10),
        effective_on=date(year + 1, 1, 1),
        at=_at(year, 10, 10),
    )
    services.file_record(draft=draft, filed_on=date(year, 10, 20), actor=staff, at=_at(year, 10, 20))
    for channel, day, ref, full in (  # G17: the 公报 carries the standard text with the explanation and the report
        ("gazette", date(year, 10, 25), f"{year}年第6号", True),
        ("local_web", date(year, 10, 10), "", False),
        ("newspaper", date(year, 10, 11), "市日报第2版", False),
    ):
        lifecycle.publication_record(
            draft=draft,
            channel=channel,
            published_on=day,
            reference=ref,
            with_explanation=full,
            with_results_report=full,
            actor=staff,
            at=_at(year, day.month, day.day),
        )
    others = {row[0]: _adopt_other(congress, term, body, year, staff, row) for row in OTHERS}
    _plans(congress, year, {TITLE: draft, **others})
    _hearings(congress, term, year, draft, staff)
    if stdout is not None:
        stdout.write(f"legislation demo: {TITLE} with {v1.comments.count()} comments, 6 contact points")
    return Draft.objects.get(pk=draft.pk)


def _plans(congress: Any, year: int, drafts: dict[str, Draft]) -> None:
    five = LegislativePlan.objects.create(
        congress=congress,
        kind="five_year",
        year_from=year - 1,
        year_to=year + 3,
        title=f"{year - 1}—{year + 3}年立法规划",
        adopted_on=date(year - 1, 3, 5),
    )
    annual = LegislativePlan.objects.create(
        congress=congress,
        kind="annual",
        year_from=year,
        year_to=year,
        title=f"{year}年度立法计划",
        adopted_on=date(year, 1, 20),
    )
    rows = [
        (annual, TITLE, "formal", "市人民政府", date(year, 3, 1), date(year, 3, 2), "", drafts.get(TITLE)),
        (
            annual,
            "御水河流域协同保护条例",
            "formal",
            "市人民政府",
            date(year, 5, 1),
            date(year, 5, 20),
            "相邻城市联席会议推迟，提请晚于计划，已向主任会议书面说明。",
            drafts.get("御水河流域协同保护条例"),
        ),
        (
            annual,
            "长城保护条例",
            "formal",
            "市文物局（市人民政府）",
            date(year, 6, 1),
            date(year, 6, 1),
            "",
            drafts.get("长城保护条例"),
        ),
        (
            annual,
            "电动自行车管理条例（修订）",
            "formal",
            "市人民政府",
            date(year, 8, 1),
            date(year, 7, 28),
            "",
            drafts.get("电动自行车管理条例"),
        ),
        (annual, "城市绿化条例（修订）", "preparatory", "市人民政府", None, None, "", None),
        (five, "物业管理条例", "research", "市人大常委会法工委", None, None, "", None),
        (five, "历史文化街区保护条例", "research", "市人民政府", None, None, "", None),
    ]
    PlanItem.objects.bulk_create(
        [
            PlanItem(
                plan=p,
                title=t,
                stage=s,
                proposer=who,
                submission_due=due,
                submitted_on=on,
                late_explanation=late,
                draft=d,
            )
            for p, t, s, who, due, on, late, d in rows
        ]
    )
