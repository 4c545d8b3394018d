"""Demo of filing review (备案审查) for the seed's year (the Standing Committee's report year, the
year before the demo session): 83 normative documents filed by the organs in scope (F2), most on
time and a few late (F1); most reviewed without problem, a few corrected after consultation, one
written correction opinion through the Council of Chairpersons (F5); two citizens' review
suggestions (F4); a small law register. Texts are written for the demo. Idempotent; a few seconds.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from renda.filing import assistant, catalogues, services, suggestions
from renda.filing.models import FilingDocument, LawEntry, Organ, ReviewSuggestion
from renda.organization import demo as org_demo
from renda.organization.models import Body, Congress, HandlingUnit, User
from renda.organization.services import user_upsert

YEAR = org_demo.DEMO_YEAR - 1
ORGANS = [
    ("市人民政府", Organ.Kind.GOVERNMENT, "市政府办公室"),
    ("市监察委员会", Organ.Kind.SUPERVISORY, ""),
    ("市中级人民法院", Organ.Kind.COURT, "市中级人民法院"),
    ("市人民检察院", Organ.Kind.PROCURATORATE, "市人民检察院"),
    ("城区人大常委会", Organ.Kind.DISTRICT_SC, ""),
    ("矿区人大常委会", Organ.Kind.DISTRICT_SC, ""),
    ("南郊区人民代表大会", Organ.Kind.DISTRICT_CONGRESS, ""),
    ("新荣区人大常委会", Organ.Kind.DISTRICT_SC, ""),
]
LAWS = [
    ("中华人民共和国行政处罚法", LawEntry.Status.CURRENT, ""),
    ("中华人民共和国行政许可法", LawEntry.Status.CURRENT, ""),
    ("中华人民共和国城市房地产管理法", LawEntry.Status.AMENDED, "2019年修正"),
    ("城市生活垃圾管理办法", LawEntry.Status.AMENDED, "2015年修改"),
    ("城市房屋拆迁管理条例", LawEntry.Status.REPEALED, "2011年废止"),
    ("收容教育办法", LawEntry.Status.REPEALED, "2019年废止"),
]
PREFIXES: dict[str, str] = {"government": "政发", "court": "中法发", "procuratorate": "检发"}
SUBJECTS = [
    "城市道路停车管理",
    "老旧小区改造",
    "城市绿化养护",
    "农村人居环境整治",
    "中小学课后服务",
    "养老服务补贴发放",
    "历史文化街区保护",
    "城市供热服务",
    "生活垃圾分类",
    "农贸市场管理",
    "扬尘污染防治",
    "公共租赁住房管理",
    "就业见习补贴",
    "残疾人康复服务",
    "社区卫生服务",
    "文物安全巡查",
    "河道管理",
    "燃气安全管理",
    "校外培训监管",
    "人民陪审员选任",
    "公益诉讼线索移送",
    "电动自行车停放充电",
    "夜间经济发展",
    "冬季清雪除冰",
]
FORMS = ["关于加强{}工作的意见", "{}实施办法", "关于进一步规范{}的通知", "{}工作规定", "关于推进{}的决定"]
CLEAN = [
    "第一条 为了做好{}工作，结合本市实际，制定本办法。",
    "第二条 本办法适用于本市行政区域内的{}工作。",
    "第三条 市人民政府有关部门按照职责分工做好相关工作，加强协调配合。",
    "第四条 鼓励社会组织和志愿者参与，对成绩显著的单位和个人给予表扬。",
    "第五条 有关部门应当公开办事流程和办理时限，方便群众办事，不得收取费用。",
    "第六条 违反本办法规定的，依照《中华人民共和国行政处罚法》和有关法律、法规的规定处理。",
    "第七条 本办法自公布之日起施行。",
]
PROBLEM = "第五条 未按规定办理登记的，由主管部门处五千元以上一万元以下罚款。"
FEE = "第五条 申请人应当缴纳服务保证金二千元，办结后退还。"
CITED_REPEALED = "第二条 依据《城市房屋拆迁管理条例》，做好征收补偿安置工作。"


def _text(subject: str, i: int, problem: str = "") -> str:
    lines = [line.format(subject) for line in CLEAN]
    if problem:
        lines[4] = problem
    return "\n".join(lines)


def load(*, stdout: Any) -> None:
    """Load the filing-review demo (skipped when the congress already has filed documents)."""
    started = time.perf_counter()
    congress = Congress.objects.order_by("pk").first()
    staff = User.objects.filter(username="staff").first()
    if congress is None or staff is None:
        stdout.write("filing: no demo congress, skipped")
        return
    if FilingDocument.objects.filter(congress=congress).exists():
        stdout.write("filing: demo already loaded")
        return
    with transaction.atomic():
        n = _load(congress, staff)
    stdout.write(f"filing: {n} normative documents ({time.perf_counter() - started:.1f}s)")


def _load(congress: Congress, staff: User) -> int:
    for title, status, note in LAWS:
        LawEntry.objects.get_or_create(title=title, defaults={"status": status, "note": note})
    organs = []
    for name, kind, unit_name in ORGANS:
        unit = HandlingUnit.objects.filter(congress=congress, name=unit_name).first() if unit_name else None
        organs.append(
            Organ.objects.get_or_create(congress=congress, name=name, defaults={"kind": kind, "handling_unit": unit})[0]
        )
    gov_unit = organs[0].handling_unit
    if gov_unit is not None:
        user_upsert(
            username="organ",
            password=org_demo.DEMO_PASSWORD,
            role=User.Role.UNIT_OFFICER,
            display_name="市政府办公室 法制科",
            congress=congress,
            handling_unit=gov_unit,
        )
    Organ.objects.get_or_create(
        congress=congress, name="市住房和城乡建设局", defaults={"kind": Organ.Kind.GOVERNMENT_DEPT}
    )
    committee = Body.objects.filter(kind=Body.Kind.SPECIAL_COMMITTEE).order_by("pk").first()
    late_at = {7, 29, 52, 70}
    consult_at = {11, 33, 47, 61}
    docs: list[FilingDocument] = []
    for i in range(83):
        organ = organs[i % len(organs)]
        subject = SUBJECTS[i % len(SUBJECTS)]
        published = date(YEAR, 1, 3) + timedelta(days=i * 4)
        delay = 33 + i % 5 if i in late_at else 5 + (i * 7) % 24
        received = published + timedelta(days=delay)
        problem = PROBLEM if i in consult_at or i in (40, 79) else FEE if i == 20 else CITED_REPEALED if i == 75 else ""
        prefix = PREFIXES.get(str(organ.kind), "常发")
        doc = services.document_file(
            actor=staff,
            organ=organ,
            title=FORMS[i % len(FORMS)].format(subject),
            number=f"〔{YEAR}〕{prefix}{i + 1}号",
            kind=FilingDocument.Kind.RESOLUTION
            if organ.kind in (Organ.Kind.DISTRICT_SC, Organ.Kind.DISTRICT_CONGRESS)
            else FilingDocument.Kind.NORMATIVE,
            published_on=published,
            received_on=received,
            text=_text(subject, i, problem),
            explanation=f"为规范{subject}工作，经调研论证、征求意见，起草本文件。",
            basis="有关法律、法规和上级文件",
        )
        docs.append(doc)
        request = _citizen_request(congress, doc) if i == 33 else None
        _review(doc, i, staff, committee, consult_at, request)
    _citizens(congress, staff, docs)
    _catalogues(organs, staff, docs)
    # the assistant on the documents still open
    for doc in (docs[75], docs[79], docs[80]):
        assistant.document_assist(doc=doc, actor=staff)
    return len(docs)


def _catalogues(organs: list[Organ], staff: User, docs: list[FilingDocument]) -> None:
    """F1: the organs' catalogues of the year, sent in January of the next; one late (3 February), the
    supervisory commission's missing, one listing a document its district never filed (漏报)."""
    officer = User.objects.filter(username="organ").first()
    for n, organ in enumerate(organs):
        if organ.kind == Organ.Kind.SUPERVISORY:
            continue
        rows = [
            catalogues.EntryRow(d.title, d.number, d.published_on)
            for d in docs
            if d.organ_id == organ.pk and d.published_on.year == YEAR
        ]
        if n == 4:
            rows.append(catalogues.EntryRow("关于加强社区养老服务的决定", f"〔{YEAR}〕常发99号", date(YEAR, 12, 8)))
        on = date(YEAR + 1, 2, 3) if n == 5 else date(YEAR + 1, 1, 10 + n * 2)
        actor = officer if officer is not None and organ.handling_unit_id == officer.handling_unit_id else staff
        catalogues.catalogue_submit(actor=actor, organ=organ, year=YEAR, entries=rows, on=on)


def _citizen_request(congress: Congress, doc: FilingDocument) -> ReviewSuggestion:
    return suggestions.suggestion_submit(
        congress=congress,
        name="王建国",
        phone="13912345678",
        document_title=doc.title,
        reasons="该文件第五条规定对未办理登记的处以罚款，我认为没有法律依据，建议审查。",
        on=doc.received_on + timedelta(days=4),
    )


def _review(
    doc: FilingDocument,
    i: int,
    staff: User,
    committee: Body | None,
    consult_at: set[int],
    request: ReviewSuggestion | None = None,
) -> None:
    step = services.document_step
    d0 = doc.received_on
    if i == 82:  # the last one still waits for the formal check
        return
    if i == 81:
        step(doc=doc, actor=staff, step="request_materials", note="缺少起草说明和制定依据", on=d0 + timedelta(days=2))
        return
    step(doc=doc, actor=staff, step="formal_pass", on=d0 + timedelta(days=3))
    if i == 80:
        return
    if request is not None:  # 依申请审查: accepting the citizen's suggestion starts the review
        suggestions.suggestion_accept(suggestion=request, actor=staff, document=doc, on=d0 + timedelta(days=5))
    else:
        step(doc=doc, actor=staff, step="start_review", on=d0 + timedelta(days=5))
    if i == 75:  # cites a repealed regulation: under review, the assistant flags it
        return
    if i == 79:
        if committee is not None:
            services.document_ask_committee(doc=doc, actor=staff, committee=committee, on=d0 + timedelta(days=6))
        return
    if i in consult_at:
        step(
            doc=doc,
            actor=staff,
            step="consult",
            note="第五条设定罚款，缺少上位法依据，与制定机关沟通",
            on=d0 + timedelta(days=20),
        )
        if i % 2:
            step(doc=doc, actor=staff, step="suspend", note="制定机关书面承诺三个月内修改", on=d0 + timedelta(days=35))
        step(
            doc=doc,
            actor=staff,
            step="corrected",
            note="制定机关已删除第五条罚款规定，重新公布",
            on=d0 + timedelta(days=60),
        )
        if request is not None:
            suggestions.suggestion_answer(
                suggestion=request,
                actor=staff,
                feedback="经审查，该文件第五条设定罚款缺少上位法依据。经沟通，制定机关已删除该条规定。感谢您的监督。",
                on=d0 + timedelta(days=62),
            )
        return
    if i == 40:  # the written correction opinion
        step(doc=doc, actor=staff, step="consult", note="第五条设定罚款，缺少上位法依据", on=d0 + timedelta(days=15))
        step(
            doc=doc,
            actor=staff,
            step="propose_opinion",
            note="沟通后制定机关未纠正，建议发出书面审查意见",
            on=d0 + timedelta(days=45),
        )
        step(
            doc=doc,
            actor=staff,
            step="council_approve",
            note="第十六届常委会第十二次主任会议同意发出书面审查意见",
            on=d0 + timedelta(days=52),
        )
        step(
            doc=doc,
            actor=staff,
            step="corrected",
            note="制定机关在答复期限内废止该文件第五条",
            on=d0 + timedelta(days=95),
        )
        return
    step(
        doc=doc,
        actor=staff,
        step="no_problem",
        note="未发现同宪法、法律、法规相抵触或者不适当的问题",
        on=d0 + timedelta(days=25),
    )


def _citizens(congress: Congress, staff: User, docs: list[FilingDocument]) -> None:
    suggestions.suggestion_submit(
        congress=congress,
        name="李梅",
        phone="",
        document_title="关于中小学课后服务收费的通知",
        reasons="课后服务按学期收取费用，建议审查收费是否有依据。",
        on=date(YEAR, 11, 20),
    )
