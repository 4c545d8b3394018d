"""Demo data: the 3rd session's 1 bill and 210 suggestions, 10 of them key (RULES.md §7).

Texts come from real citizens' messages (``settings.DATA_DIR / messages_labeled.csv``, the 2020
TipDM Cup data), rephrased as deputies' suggestions (关于…的建议) with phone and ID numbers masked;
if the file is absent a small synthetic list is used and the loader says so. Every record is made
through the services with back-dated ``at`` values, so numbers, deadlines, events and history are
real. The suggestions sit at every stage of the lifecycle on 2026-11-29, some overdue.

Idempotent: if the demo session already holds proposals, nothing is added.
"""

from __future__ import annotations

import csv
import random
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from renda.core.documents import blank_pdf
from renda.core.privacy import redact_text
from renda.organization.models import Body, Deputy, HandlingUnit, Membership, Session, User
from renda.proposals import services
from renda.proposals.models import Assignment, Kind, Proposal, Reply

SH = ZoneInfo("Asia/Shanghai")
N_SUGGESTIONS = 210
N_KEY = 10

TOPIC_UNITS = {
    "城乡建设": ("市住房和城乡建设局", "市规划和自然资源局"),
    "劳动和社会保障": ("市人力资源和社会保障局", "市医疗保障局"),
    "教育文体": ("市教育局", "市体育局"),
    "商贸旅游": ("市商务局", "市文化和旅游局"),
    "环境保护": ("市生态环境局", "市城市管理局"),
    "卫生计生": ("市卫生健康委员会", "市医疗保障局"),
    "交通运输": ("市交通运输局", "市公安局"),
}
TOPIC_COMMITTEE = {
    "城乡建设": "城乡建设环境保护委员会",
    "环境保护": "城乡建设环境保护委员会",
    "交通运输": "城乡建设环境保护委员会",
    "劳动和社会保障": "社会建设委员会",
    "卫生计生": "教育科学文化卫生委员会",
    "教育文体": "教育科学文化卫生委员会",
    "商贸旅游": "财政经济委员会",
}
SYNTHETIC = [
    (
        "城乡建设",
        "老旧小区二次供水水箱长期不清洗",
        "小区高层二次供水，楼顶水箱多年未清洗，自来水有异味，居民多次反映未解决。",
    ),
    ("交通运输", "学校周边上下学时段交通拥堵", "多所学校集中在同一路段，上下学时段车辆乱停，学生过马路存在安全隐患。"),
    ("环境保护", "工业园区夜间排放异味", "园区周边居民反映夜间常闻到刺鼻气味，影响休息和健康。"),
    ("教育文体", "城区学位紧张", "新建小区入住人口多，周边小学学位不足，孩子只能跨区就读。"),
    ("卫生计生", "社区卫生服务中心服务时间短", "社区卫生服务中心周末不开诊，老人看病需到大医院排队。"),
    ("劳动和社会保障", "灵活就业人员参保不便", "外卖骑手等灵活就业人员缴纳社保手续繁琐，希望简化流程。"),
    ("商贸旅游", "景区旺季停车难", "节假日景区周边停车位严重不足，游客车辆占道停放。"),
]
SUGGEST = {
    "城乡建设": "建议市住房和城乡建设局会同相关部门开展专项排查，明确整改责任和时限，并建立长效管理机制。",
    "劳动和社会保障": "建议市人力资源和社会保障局完善相关政策，简化办理流程，加强监督检查，切实维护群众权益。",
    "教育文体": "建议市教育局统筹规划教育资源，加强规范管理，回应家长和学生的合理关切。",
    "商贸旅游": "建议市商务局、市文化和旅游局加强市场监管和服务保障，优化营商和消费环境。",
    "环境保护": "建议市生态环境局加强执法监测，督促企业落实整改，及时公开处理结果。",
    "卫生计生": "建议市卫生健康委员会优化医疗服务资源配置，加强监管，方便群众就医。",
    "交通运输": "建议市交通运输局会同公安交管部门优化交通组织，完善设施，保障群众出行安全。",
}


def at(d: date, hour: int = 10) -> datetime:
    """A Shanghai-time datetime on day ``d`` at ``hour`` (back-dated demo events)."""
    return datetime.combine(d, time(hour, 0), tzinfo=SH)


def _clean_subject(s: str) -> str:
    s = re.sub(r"[！!？?。，,\s]+$", "", s.strip())
    s = re.sub(r"^(强烈建议|强烈要求|投诉|咨询|举报|反映|请求|关于|建议|希望|要求)+", "", s)
    s = re.sub(r"(的建议|建议|的问题|一事|的咨询|的投诉)+$", "", s)
    s = s.replace("西地省", "本省")
    s = re.sub(r"[A-Z]市", "本市", s)
    return s[:60]


EXTRA_CONCERNS = [
    ("城乡建设", "背街小巷路灯损坏", "多条背街小巷路灯长期损坏无人维修，夜间出行不便，存在治安和安全隐患。"),
    ("交通运输", "公交线路覆盖不足", "新建居住区距离最近公交站超过一公里，早晚高峰居民出行困难。"),
    ("环境保护", "河道垃圾清理不及时", "河道两岸垃圾堆积，夏季蚊蝇滋生、散发异味，周边居民意见较大。"),
    ("教育文体", "公共体育场地开放不足", "学校和单位体育场地节假日不对外开放，群众健身缺少场地。"),
    ("卫生计生", "基层医疗机构药品不全", "社区卫生服务站常用慢性病药品经常缺货，患者只能到大医院开药。"),
    ("劳动和社会保障", "农民工工资拖欠", "部分建筑工地年底拖欠农民工工资，讨薪渠道不畅，影响社会稳定。"),
    ("商贸旅游", "农贸市场环境脏乱", "农贸市场内摊位占道经营，地面污水横流，食品安全存在隐患。"),
]
PLACES = [
    "平城区",
    "云冈区",
    "新荣区",
    "云州区",
    "阳高县",
    "天镇县",
    "广灵县",
    "灵丘县",
    "浑源县",
    "左云县",
    "经济技术开发区",
    "御河东区域",
    "古城区域",
    "南部新区",
    "北部工业园区",
    "东部城郊",
]


def _synthetic_messages() -> list[tuple[str, str, str]]:
    """The fallback when the data file is absent: ``N_SUGGESTIONS + 5`` distinct (topic, subject, detail) triples.

    Deterministic: each place × each concern (14 concerns over the 7 topics), places in the outer loop so
    consecutive suggestions vary by topic. Subjects are unique because every (place, concern) pair is.
    """
    concerns = [*SYNTHETIC, *EXTRA_CONCERNS]
    out = [
        (topic, f"{place}{subject}", f"{place}群众反映：{detail}")
        for place in PLACES
        for topic, subject, detail in concerns
    ]
    assert len(out) >= N_SUGGESTIONS + 5, "add places or concerns to the synthetic list"
    return out[: N_SUGGESTIONS + 5]


def _load_messages(rng: random.Random) -> tuple[list[tuple[str, str, str]], bool]:
    path = Path(str(settings.DATA_DIR)) / "messages_labeled.csv"
    try:
        with open(path, encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if r.get("留言主题") and len(r.get("留言详情", "")) > 60]
    except OSError:
        return _synthetic_messages(), False
    by_topic: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_topic.setdefault(r["一级分类"], []).append(r)
    out: list[tuple[str, str, str]] = []
    topics = sorted(by_topic)
    i = 0
    while len(out) < N_SUGGESTIONS + 5:
        t = topics[i % len(topics)]
        r = by_topic[t].pop(rng.randrange(len(by_topic[t])))
        out.append((t, _clean_subject(r["留言主题"]), r["留言详情"].strip()))
        i += 1
    return out, True


def _text(topic: str, subject: str, detail: str) -> tuple[str, str]:
    title = f"关于{subject}的建议"
    detail = re.sub(r"[A-Z]市", "本市", redact_text(detail).replace("西地省", "本省"))[:600]
    body = f"一、问题和现状\n群众向代表反映：{detail}\n\n二、建议\n{SUGGEST.get(topic, SUGGEST['城乡建设'])}"
    return title[:200], body


def _pdf(n: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"reply-{n}.pdf", blank_pdf("盖章答复"), content_type="application/pdf")


def _officer(unit: HandlingUnit, congress: Any) -> User:
    existing = User.objects.filter(handling_unit=unit, role=User.Role.UNIT_OFFICER).order_by("id").first()
    if existing:
        return existing
    u = User(
        username=f"unit-officer-{unit.pk}",
        role=User.Role.UNIT_OFFICER,
        handling_unit=unit,
        congress=congress,
        display_name=f"{unit.name} 经办人",
    )
    u.set_unusable_password()
    u.save()
    return u


@transaction.atomic
def load(*, stdout: Any = None) -> None:
    """Load the demo proposals once (idempotent). ``stdout``: optional writable for one summary line."""
    session = (
        Session.objects.select_related("term__congress").filter(ordinal=3, term__ordinal=16).order_by("-id").first()
    )
    if session is None:
        if stdout:
            stdout.write("proposals demo: no demo session (load the organisation demo first)")
        return
    if Proposal.objects.filter(session=session).exists():
        if stdout:
            stdout.write("proposals demo: already loaded, nothing added")
        return
    congress = session.term.congress
    rng = random.Random(2026)
    staff = User.objects.get(username="staff")
    demo_deputy = Deputy.objects.get(user__username="deputy")
    deputies = list(Deputy.objects.filter(term=session.term).order_by("code"))
    dep_users = {u.deputy_id: u for u in User.objects.filter(deputy__isnull=False)}
    not_deputy_role = {d for d, u in dep_users.items() if u.role != User.Role.DEPUTY}

    def deputy_user(d: Deputy | None) -> User:
        assert d is not None
        if d.pk not in dep_users:
            u = User(
                username=f"deputy-{d.code}", role=User.Role.DEPUTY, deputy=d, congress=congress, display_name=d.name
            )
            u.set_unusable_password()
            u.save()
            dep_users[d.pk] = u
        return dep_users[d.pk]

    units = {u.name: u for u in HandlingUnit.objects.filter(congress=congress)}
    officers = {name: _officer(u, congress) for name, u in units.items()}
    vice_chairs = list(
        Deputy.objects.filter(
            memberships__role=Membership.Role.VICE_CHAIR,
            memberships__body__kind=Body.Kind.STANDING_COMMITTEE,
            term=session.term,
        )
        .order_by("code")
        .distinct()
    )
    committees = {b.name: b for b in Body.objects.filter(term=session.term, kind=Body.Kind.SPECIAL_COMMITTEE)}
    messages, real = _load_messages(rng)

    # ---- the bill: 12 deputies jointly, before the cutoff; the Presidium refers it to a committee (B2, B3, B5)
    lead = deputies[20]
    bill = services.proposal_create(
        actor=deputy_user(lead),
        kind=Kind.BILL,
        title="关于制定《大同市城市绿化条例》的议案",
        body="本市城市绿化管理仍依据2004年的政府规章，已不适应生态文明建设要求。建议市人大常委会将制定城市绿化条例列入立法计划，明确绿地规划、建设、养护和保护责任。",
        topic="城乡建设",
        cosigners=deputies[21:32],
        at=at(date(2026, 3, 19)),
    )
    for d in deputies[21:32]:
        services.cosigner_respond(proposal=bill, actor=deputy_user(d), accept=True, at=at(date(2026, 3, 19)))
    bill = services.proposal_submit(proposal=bill, actor=deputy_user(lead), at=at(date(2026, 3, 20)))
    bill = services.proposal_register(proposal=bill, actor=staff, at=at(date(2026, 3, 20), 15))
    bill = services.bill_recommend(
        proposal=bill,
        actor=staff,
        decision="refer",
        opinion="议案审查委员会建议交城乡建设环境保护委员会审议，提出是否列入立法计划的意见。",
        at=at(date(2026, 3, 21), 15),
    )
    services.bill_decide(
        proposal=bill,
        actor=staff,
        decision="refer",
        committee=committees["城乡建设环境保护委员会"],
        at=at(date(2026, 3, 22), 11),
    )

    # ---- 210 suggestions during the session, before the cutoff
    plan: list[str] = (
        ["returned"] * 2
        + ["withdrawn"] * 1
        + ["merged"] * 2
        + ["registered"] * 2
        + ["not_received"] * 5
        + ["handling"] * 12
        + ["complex_overdue"] * 5
        + ["reassign"] * 1
        + ["extension"] * 2
        + ["awaiting_rating"] * 14
        + ["rehandling"] * 6
        + ["rehandling_overdue"] * 3
        + ["closed_after_rehandling"] * 5
    )
    plan += ["closed"] * (N_SUGGESTIONS - len(plan))
    rng.shuffle(plan)
    # the demo deputy's own: one awaiting their rating, one closed, one still handled
    demo_slots = [plan.index("awaiting_rating"), plan.index("closed"), plan.index("handling")]
    key_stages = [
        "closed",
        "closed",
        "closed_after_rehandling",
        "awaiting_rating",
        "awaiting_rating",
        "handling",
        "complex_overdue",
        "rehandling_overdue",
        "not_received",
        "extension",
    ]
    key_idx = set()
    for stage in key_stages:  # key suggestions spread over the lifecycle
        key_idx.add(next(i for i, s in enumerate(plan) if s == stage and i not in key_idx and i not in demo_slots))
    created: list[Proposal] = []
    for i in range(N_SUGGESTIONS):
        topic, subject, detail = messages[i]
        title, body = _text(topic, subject, detail)
        lead = demo_deputy if i in demo_slots else deputies[(i * 7 + 3) % len(deputies)]
        if (lead.pk == demo_deputy.pk and i not in demo_slots) or lead.pk in not_deputy_role:
            lead = deputies[(i * 7 + 4) % len(deputies)]
        co = [deputies[(i * 11 + k * 37) % len(deputies)] for k in range(rng.choice((0, 0, 1, 2, 3)))]
        if i % 25 == 0 and demo_deputy not in co and lead != demo_deputy:
            co.append(demo_deputy)
        co = [d for d in dict.fromkeys(co) if d.pk != lead.pk]
        day = date(2026, 3, 18) + timedelta(days=i % 4)
        p = services.proposal_create(
            actor=deputy_user(lead), title=title, body=body, topic=topic, cosigners=co, at=at(day, 9)
        )
        for d in co:
            services.cosigner_respond(proposal=p, actor=deputy_user(d), accept=True, at=at(day, 9))
        p = services.proposal_submit(proposal=p, actor=deputy_user(lead), at=at(day, 11 if day.day < 21 else 10))
        created.append(p)
    for p, stage in zip(created, plan, strict=True):  # staff screen (S22) and register after the cutoff
        if stage == "returned":
            services.proposal_return(
                proposal=p,
                actor=staff,
                category="personal",
                reason="反映的是个人物业纠纷，建议通过信访渠道反映",
                at=at(date(2026, 3, 22), 9),
            )
        else:
            services.proposal_register(proposal=p, actor=staff, at=at(date(2026, 3, 22), 9))
    created = [Proposal.objects.get(pk=p.pk) for p in created]

    # screening, withdrawal, merge
    merge_primary: Proposal | None = None
    for p, stage in zip(created, plan, strict=True):
        if stage == "withdrawn":
            when = at(date(2026, 3, 25))
            for c in p.cosigners.all():
                services.cosigner_agree_withdraw(proposal=p, actor=deputy_user(c.deputy), at=when)
            services.proposal_withdraw(proposal=p, actor=deputy_user(p.lead_deputy), reason="代表申请撤回", at=when)
        elif stage == "merged" and merge_primary is None:
            merge_primary = next(x for x, s in zip(created, plan, strict=True) if s == "closed" and x.topic == p.topic)
    merged = [p for p, s in zip(created, plan, strict=True) if s == "merged"]
    if merge_primary:
        services.proposals_merge(
            primary=merge_primary, others=merged, actor=staff, note="内容相同，并案办理", at=at(date(2026, 3, 26))
        )

    # key suggestions designated by the Council of Chairpersons on 2026-04-03 (S6)
    for n, i in enumerate(sorted(key_idx)):
        p = Proposal.objects.get(pk=created[i].pk)
        services.suggestion_designate_key(
            proposal=p,
            actor=staff,
            vice_chair=vice_chairs[n % len(vice_chairs)],
            committee=committees[TOPIC_COMMITTEE[p.topic]],
            designated_on=date(2026, 4, 3),
            at=at(date(2026, 4, 3), 16),
        )

    # assignment on 2026-04-10 (S13: within a month of the 03-23 close)
    assign_day = at(date(2026, 4, 10))
    reply_n = 0
    for i, stage in enumerate(plan):
        p = Proposal.objects.get(pk=created[i].pk)
        if stage in ("returned", "withdrawn", "merged", "registered"):
            continue
        lead_name, co_name = TOPIC_UNITS[p.topic]
        cos = [units[co_name]] if i % 3 == 0 else []
        complex_ = stage in ("complex_overdue",) or (stage == "handling" and i % 2 == 0)
        made = services.suggestion_assign(
            proposal=p, actor=staff, leads=[units[lead_name]], cohandlers=cos, is_complex=complex_, at=assign_day
        )
        lead_a = made[0]
        officer = officers[lead_name]
        if stage == "not_received":
            continue
        lead_a = services.assignment_receive(assignment=lead_a, actor=officer, at=at(date(2026, 4, 13)))
        for co_a in made[1:]:
            co_a = services.assignment_receive(assignment=co_a, actor=officers[co_name], at=at(date(2026, 4, 13)))
            services.assignment_send_opinion(
                assignment=co_a,
                actor=officers[co_name],
                text=f"{co_name}同意主办单位意见，将配合做好相关工作。",
                at=at(date(2026, 5, 6)),
            )
        if stage == "reassign":
            services.assignment_request_reassign(
                assignment=lead_a,
                actor=officer,
                reason="该事项属区级政府职责，建议改交相关区政府办理",
                at=at(date(2026, 4, 16)),
            )
            continue
        services.consultation_record(
            assignment=lead_a,
            actor=officer,
            method="face_to_face" if p.is_key or i % 2 else "phone",
            held_on=date(2026, 5, 12),
            deputy_views="代表希望尽快解决，并及时反馈进展。",
            at=at(date(2026, 5, 12), 15),
        )
        if stage in ("handling", "complex_overdue"):
            continue
        if stage == "extension":
            services.extension_request(
                assignment=lead_a,
                actor=officer,
                months=2,
                reason="涉及多个部门协调，需要延长办理时间",
                at=at(date(2026, 6, 30)),
            )
            continue
        reply_n += 1
        if stage == "awaiting_rating":
            day = date(2026, 11, 16) + timedelta(days=reply_n % 10)
            cls = "B" if reply_n % 2 else "A"
        else:
            day = date(2026, 6, 15) + timedelta(days=reply_n % 20)
            cls = (
                "B" if stage.startswith("rehandling") or stage == "closed_after_rehandling" else rng.choice("AAAABBCD")
            )
        commitments = (
            [services.CommitmentInput("年内完成整改并书面告知代表", date(2026, 12, 31))] if cls in "BC" else []
        )
        r = services.reply_submit(
            assignment=lead_a,
            actor=officer,
            reply_class=cls,
            signer_name="负责人",
            signer_title="局长",
            text=f"{p.lead_deputy.name if p.lead_deputy else ''}代表：您提出的《{p.title}》收悉。经研究，我局已会同有关单位实地调查，"
            f"{'问题已基本解决' if cls == 'A' else '已列入年度计划逐步解决' if cls == 'B' else '将结合条件逐步研究解决'}。感谢您对我市工作的关心和支持。",
            document=_pdf(reply_n),
            commitments=commitments,
            at=at(day),
        )
        if stage == "awaiting_rating":
            continue
        recipients = list(r.recipients.select_related("deputy"))
        rate_day = at(day + timedelta(days=5))
        if stage.startswith("rehandling") or stage == "closed_after_rehandling":
            services.evaluation_submit(
                reply=r,
                actor=deputy_user(recipients[0].deputy),
                attitude="basically",
                result="dissatisfied",
                comment="问题仍未解决",
                at=rate_day,
            )
            if stage == "rehandling_overdue":
                continue
            lead_a.refresh_from_db()
            if stage == "rehandling":
                # re-handling still within its month when it started recently: re-date the clock
                continue
            r2 = services.reply_submit(
                assignment=lead_a,
                actor=officer,
                reply_class="A",
                signer_name="负责人",
                signer_title="局长",
                text="经重新办理，相关问题已解决，现场已整改完毕。",
                document=_pdf(1000 + reply_n),
                at=at(day + timedelta(days=25)),
            )
            for rc in r2.recipients.select_related("deputy"):
                services.evaluation_submit(
                    reply=r2,
                    actor=deputy_user(rc.deputy),
                    attitude="satisfied",
                    result="satisfied",
                    at=at(day + timedelta(days=30)),
                )
            continue
        for rc in recipients:
            result = rng.choice(["satisfied", "satisfied", "basically"])
            services.evaluation_submit(
                reply=r,
                actor=deputy_user(rc.deputy),
                attitude="satisfied",
                result=result,
                comment="进度比预期慢，希望加快落实" if result == "basically" else "",
                at=rate_day,
            )
    # a few suggestions in re-handling were rated recently, so their new month is still running
    recent = Assignment.objects.filter(proposal__session=session, status="rehandling").order_by("id")[:3]
    for a in recent:
        a.due_date = date(2026, 12, 10)
        a.save(update_fields=["due_date"])
    # two commitments already delivered and reported (S19 ledger)
    for done in Reply.objects.filter(reply_class="B", assignment__proposal__status="closed").order_by("id")[:2]:
        for cm in done.commitments.all():
            officer = officers[cm.unit.name]
            when = at(date(2026, 10, 22))
            services.commitment_deliver(commitment=cm, actor=officer, delivered_on=date(2026, 10, 20), at=when)
            services.commitment_report(commitment=cm, actor=officer, reported_on=date(2026, 10, 22), at=when)
    # a draft by the demo deputy with a pending co-signing invitation, and an invitation to the demo deputy
    services.proposal_create(
        actor=deputy_user(demo_deputy),
        title="关于在老旧小区加装电梯的建议",
        body="本市老旧小区多为六层以下无电梯住宅，老年居民上下楼困难。建议完善加装电梯补贴政策，简化审批流程。",
        topic="城乡建设",
        cosigners=[deputies[5]],
    )
    services.proposal_create(
        actor=deputy_user(deputies[6]),
        title="关于增设城区公共充电设施的建议",
        body="新能源汽车保有量快速增长，公共充电桩不足且分布不均。建议在老旧小区和公共停车场增设充电设施。",
        topic="交通运输",
        cosigners=[demo_deputy],
    )
    counts = services.urge_due()
    source = (
        "real citizens’ messages (messages_labeled.csv)"
        if real
        else f"SYNTHETIC texts (data file absent in {settings.DATA_DIR})"
    )
    if stdout:
        stdout.write(
            f"proposals demo: 1 bill and {N_SUGGESTIONS} suggestions ({N_KEY} key) from "
            f"{source}; "
            f"urge notices: {counts}"
        )
