"""Demo history: the 2nd session's 2 bills and 193 suggestions (the year before the demo's 3rd session).

The seed's work report says of that year "收到的2件代表议案、193件建议全部交办、逐件反馈" (RULES.md §7,
issue 16): here every suggestion went the whole way through the services, dated over the year with
the statutory clocks kept — put forward during the session before the cutoff (B6), registered by
staff, assigned within a month of the close (S13), received, the deputy consulted (S4; face to face
for the 8 key suggestions, S15), answered within the 3 months (S3) with a class A, B or C reply (S7;
B and C with a commitment, S19, delivered and reported before the year ends), rated within 15
working days (S16: satisfied or basically satisfied with a reason) and so closed. The two bills are
referred by the Presidium to special committees (B3, B5). Texts are the same real citizens'
messages as the 3rd session's (:mod:`renda.proposals.demo`), masked the same way.

Needs the 2nd session (``renda.meetings.demo_history``). Idempotent: a 2nd session already holding
proposals is left as it is.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from renda.meetings.demo_history import second_session
from renda.organization.models import Body, Deputy, HandlingUnit, Membership, User
from renda.proposals import services
from renda.proposals.demo import TOPIC_COMMITTEE, TOPIC_UNITS, _load_messages, _officer, _pdf, _text, at
from renda.proposals.models import Kind, Proposal

N_SUGGESTIONS = 193
N_KEY = 8
#: Reply classes in turn (S7): mostly A (solved), some B (planned) and C (to be studied).
CLASSES = "AAAAABABAC"
BILLS = [
    (
        "关于制定《大同市文明行为促进条例》的议案",
        "为培育和践行社会主义核心价值观，引导和促进文明行为，建议市人大常委会将制定文明行为促进条例列入立法计划，"
        "明确倡导的文明行为和重点治理的不文明行为，建立激励和约束机制。",
        "教育文体",
        "教育科学文化卫生委员会",
    ),
    (
        "关于修订《大同市电动车管理条例》的议案",
        "电动自行车保有量快速增长，现行条例对登记上牌、停放充电和消防安全规定不足。建议修订条例，"
        "完善登记、通行、停放充电和安全管理制度。",
        "交通运输",
        "城乡建设环境保护委员会",
    ),
]


@transaction.atomic
def load(*, stdout: Any = None) -> int:
    """Load the 2nd session's bills and suggestions once; returns how many proposals were made (0 when
    already there). ``stdout``: optional writable for one summary line.

    Raises:
        ApplicationError: a service refused a step (a defect of this loader: every step is lawful).
    """
    session = second_session()
    if Proposal.objects.filter(session=session).exists():
        if stdout:
            stdout.write("proposals history: already loaded, nothing added")
        return 0
    term = session.term
    year = session.opening_date.year
    staff = User.objects.get(username="staff")
    demo_deputy = User.objects.filter(username="deputy").values_list("deputy_id", flat=True).first()
    users = {u.deputy_id: u for u in User.objects.filter(deputy__term=term, role=User.Role.DEPUTY).order_by("id")}
    leads = [d for d in Deputy.objects.filter(term=term).order_by("code") if d.pk in users and d.pk != demo_deputy]
    units = {u.name: u for u in HandlingUnit.objects.filter(congress=term.congress)}
    officers = {name: _officer(u, term.congress) for name, u in units.items()}
    committees = {b.name: b for b in Body.objects.filter(term=term, kind=Body.Kind.SPECIAL_COMMITTEE)}
    vice_chairs = list(
        Deputy.objects.filter(
            memberships__role=Membership.Role.VICE_CHAIR,
            memberships__body__kind=Body.Kind.STANDING_COMMITTEE,
            term=term,
        )
        .order_by("code")
        .distinct()
    )
    opening, closing = session.opening_date, session.closing_date

    # ---- the two bills: 1 lead + 11 co-signers each, before the cutoff, referred to a committee (B2–B5)
    for n, (title, body, topic, committee) in enumerate(BILLS):
        lead, co = leads[100 + n * 12], leads[101 + n * 12 : 112 + n * 12]
        bill = services.proposal_create(
            actor=users[lead.pk], kind=Kind.BILL, title=title, body=body, topic=topic, cosigners=co, at=at(opening, 9)
        )
        for d in co:
            services.cosigner_respond(proposal=bill, actor=users[d.pk], accept=True, at=at(opening, 15))
        bill = services.proposal_submit(proposal=bill, actor=users[lead.pk], at=at(opening + timedelta(days=1)))
        bill = services.proposal_register(proposal=bill, actor=staff, at=at(opening + timedelta(days=1), 15))
        bill = services.bill_recommend(
            proposal=bill,
            actor=staff,
            decision="refer",
            opinion=f"议案审查委员会建议交{committee}审议，提出是否列入立法计划的意见。",
            at=at(opening + timedelta(days=2), 15),
        )
        services.bill_decide(
            proposal=bill,
            actor=staff,
            decision="refer",
            committee=committees[committee],
            at=at(closing - timedelta(days=1)),
        )

    # ---- 193 suggestions during the session, before the cutoff; registered the day the session closes
    messages, _real = _load_messages(random.Random(year))
    made: list[Proposal] = []
    for i in range(N_SUGGESTIONS):
        topic, subject, detail = messages[i]
        title, body = _text(topic, subject, detail)
        lead = leads[(i * 7 + 5) % len(leads)]
        day = opening + timedelta(days=i % 4)
        p = services.proposal_create(actor=users[lead.pk], title=title, body=body, topic=topic, at=at(day, 9))
        p = services.proposal_submit(proposal=p, actor=users[lead.pk], at=at(day, 10))
        made.append(services.proposal_register(proposal=p, actor=staff, at=at(closing, 9 + i % 8)))

    # key suggestions designated by the Council of Chairpersons (S6), spread over the topics
    key = {i for i in range(0, N_SUGGESTIONS, N_SUGGESTIONS // N_KEY)[:N_KEY]}
    for n, i in enumerate(sorted(key)):
        services.suggestion_designate_key(
            proposal=made[i],
            actor=staff,
            vice_chair=vice_chairs[n % len(vice_chairs)],
            committee=committees[TOPIC_COMMITTEE[made[i].topic]],
            designated_on=closing + timedelta(days=7),
            at=at(closing + timedelta(days=7), 16),
        )

    # ---- assigned in three batches within a month of the close (S13), then handled through the year
    replies = commitments = 0
    for i, p in enumerate(made):
        assigned_on = closing + timedelta(days=(10, 17, 24)[i % 3])
        lead_name = TOPIC_UNITS[p.topic][0]
        officer = officers[lead_name]
        (a,) = services.suggestion_assign(proposal=p, actor=staff, leads=[units[lead_name]], at=at(assigned_on))
        a = services.assignment_receive(assignment=a, actor=officer, at=at(assigned_on + timedelta(days=3)))
        held_on = assigned_on + timedelta(days=20 + i % 15)
        services.consultation_record(
            assignment=a,
            actor=officer,
            method="face_to_face" if i in key or i % 2 else "phone",
            held_on=held_on,
            deputy_views="代表希望尽快解决，并及时反馈办理进展。",
            at=at(held_on, 15),
        )
        # S3: replied 2 to 10 weeks after assignment, always before the three-month deadline
        replied_on = min(held_on + timedelta(days=7 + i % 40), a.due_date - timedelta(days=3))
        cls = CLASSES[i % len(CLASSES)]
        promise = [services.CommitmentInput("年内完成整改并书面告知代表", date(year, 11, 30))] if cls in "BC" else []
        assert p.lead_deputy is not None
        reply = services.reply_submit(
            assignment=a,
            actor=officer,
            reply_class=cls,
            signer_name="负责人",
            signer_title="局长",
            text=f"{p.lead_deputy.name}代表：您提出的《{p.title}》收悉。经研究，我局已会同有关单位实地调查，"
            f"{'问题已基本解决' if cls == 'A' else '已列入年度计划逐步解决' if cls == 'B' else '将结合条件逐步研究解决'}。"
            "感谢您对我市工作的关心和支持。",
            document=_pdf(i),
            commitments=promise,
            at=at(replied_on, 16),
        )
        replies += 1
        basically = cls != "A" and i % 2 == 0
        services.evaluation_submit(
            reply=reply,
            actor=users[p.lead_deputy.pk],
            attitude="satisfied",
            result="basically" if basically else "satisfied",
            comment="进度比预期慢，希望加快落实" if basically else "",
            at=at(replied_on + timedelta(days=6), 11),
        )
        for c in reply.commitments.all():  # S19: delivered and reported before the year ends
            when = date(year, 11, 10) + timedelta(days=i % 15)
            services.commitment_deliver(commitment=c, actor=officer, delivered_on=when, at=at(when, 17))
            services.commitment_report(commitment=c, actor=officer, reported_on=when, at=at(when, 17))
            commitments += 1
    if stdout:
        stdout.write(
            f"proposals history: {session} — {len(BILLS)} bills and {N_SUGGESTIONS} suggestions ({N_KEY} key), "
            f"all assigned, {replies} replies rated, {commitments} commitments delivered"
        )
    return len(BILLS) + N_SUGGESTIONS
