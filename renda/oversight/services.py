"""Writes of the oversight domain: the plan, reports heard, opinions, handling reports, the satisfaction
vote (RULES.md M1–M10, M20–M24). Inspections, inquiries, decisions and work records are in
:mod:`renda.oversight.inspections`.

Every function is keyword-only, runs in a transaction, changes statuses only through
:func:`renda.core.workflow.transition` and raises an :class:`~renda.core.exceptions.ApplicationError`
(Chinese message, code) on a refusal, so a refused action writes nothing. ``on`` is the day an act
happened (default today; the demo and paper records back-date it).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from renda.core.constraints import check_date, check_text
from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.core.uploads import check_upload
from renda.core.workdays import month_deadline
from renda.core.workflow import lock, record_event, save_versioned, transition
from renda.meetings import services as meeting_services
from renda.meetings.events import Action as MeetingAction
from renda.meetings.models import AgendaItem, Meeting, MeetingEvent, Poll
from renda.meetings.workflow import PollStatus
from renda.organization.models import Body, Congress, Deputy, HandlingUnit, User
from renda.oversight import conf, notices, rules
from renda.oversight import permissions as perms
from renda.oversight.events import Action
from renda.oversight.models import DeliberationOpinion, HandlingReport, OversightItem, OversightPlan
from renda.oversight.workflow import ITEM_WORKFLOW

STAFF_ONLY = "只有常委会工作人员可以办理"
S = OversightItem.Status
K = OversightItem.Kind
#: M2: the organs whose special work reports the Standing Committee hears (government and its
#: departments, 监委 — kept as OTHER —, court, procuratorate).
REPORTING_ORGANS = (
    HandlingUnit.Kind.GOVERNMENT_DEPARTMENT,
    HandlingUnit.Kind.COURT,
    HandlingUnit.Kind.PROCURATORATE,
    HandlingUnit.Kind.OTHER,
)
#: Kinds whose report the organ submits (the others are the committee's own work).
ORGAN_REPORTS = (
    K.SPECIAL_REPORT,
    K.PLAN_BUDGET,
    K.FINAL_ACCOUNTS,
    K.AUDIT_RECTIFICATION,
    K.STATE_ASSETS,
    K.GOVERNMENT_DEBT,
)


def check_report_file(file: Any, *, rule: str) -> None:
    """An organ's report as uploaded: PDF or Word, at most ``REPORT_MAX_BYTES`` (settings; 20 MB by
    default), the content matching the type. Raises RuleViolation with ``rule`` (M4 report, M6 handling
    report, M7 implementation report) and a Chinese message; nothing is stored then."""
    mb = conf.get("REPORT_MAX_BYTES") // (1024 * 1024)
    check_upload(
        file,
        allowed=conf.get("REPORT_TYPES"),
        max_bytes=conf.get("REPORT_MAX_BYTES"),
        type_error="报告须为 PDF 或 Word 文件。",
        size_error=f"报告文件不能超过 {mb}MB。",
        rule=rule,
    )


def _require(allowed: bool, message: str = STAFF_ONLY) -> None:
    if not allowed:
        raise PermissionDeniedError(message)


def at_of(on: date | None) -> datetime:
    """The aware datetime (09:00 local) of the day ``on`` (default now)."""
    if on is None:
        return timezone.now()
    return timezone.make_aware(datetime.combine(on, time(9)))


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def periods_of(item: OversightItem) -> conf.Periods:
    """The periods that apply to ``item``: its congress's, by province (M24, :func:`conf.periods`)."""
    return conf.periods(item.plan.congress.region_code)


def session_closed_on(item: OversightItem) -> date | None:
    """The day the Standing Committee session that heard ``item`` closed (its meeting's 结束 event);
    None while it is still sitting or the item was not heard at a meeting."""
    if not item.meeting_id:
        return None
    ev = MeetingEvent.objects.filter(meeting_id=item.meeting_id, action=MeetingAction.CLOSE).order_by("-at").first()
    return timezone.localtime(ev.at).date() if ev else None


def handover_start(item: OversightItem) -> date | None:
    """The day the handover period of the 审议意见 runs from: for an inspection the close of the session
    (M14: "常委会会议闭会后十日内"), for a report the hearing day (M6)."""
    if item.kind == K.INSPECTION:
        return session_closed_on(item) or item.hearing_on
    return item.hearing_on


@transaction.atomic
def plan_create(*, congress: Congress, year: int, title: str, actor: User) -> OversightPlan:
    """Start a year's oversight plan (M1). Raises PermissionDeniedError (not staff), RuleViolation
    (``plan_exists``: the year has one; ``too_long``; a year outside 2000–2100)."""
    _require(perms.is_congress_staff(actor, congress.pk))
    check_text(title, label="名称", max_length=120)
    if not 2000 <= int(year) <= 2100:
        raise RuleViolation("年度须在 2000–2100 之间", code="invalid_date")
    if OversightPlan.objects.filter(congress=congress, year=year).exists():
        raise RuleViolation(f"{year}年度监督工作计划已经存在", code="plan_exists")
    return OversightPlan.objects.create(congress=congress, year=year, title=title)


def _check_item(kind: str, organ: HandlingUnit | None, hearing_on: date | None, audit_heard_on: date | None) -> None:
    if kind == K.FILING_REVIEW and organ is not None:
        raise RuleViolation(
            "备案审查工作情况报告由常委会法制工作委员会（备案审查机构）报告，不指定报告机关，请选择牵头委员会",
            code="filing_review_organ",
            extra={"rule": "M25"},
        )
    if kind in ORGAN_REPORTS and organ is None:
        raise RuleViolation("报告类监督事项须指定报告机关", extra={"rule": "M2"})
    if kind in ORGAN_REPORTS and organ is not None and organ.kind not in REPORTING_ORGANS:
        raise RuleViolation(
            "专项工作报告只能由人民政府及其部门、监察委员会、人民法院、人民检察院报告", extra={"rule": "M2"}
        )
    if kind in (K.FINAL_ACCOUNTS,) and hearing_on and not rules.in_june_to_september(hearing_on):
        raise RuleViolation("决算和审计工作报告须在每年六月至九月期间审议", extra={"rule": "M20"})
    if kind in (K.PLAN_BUDGET,) and hearing_on and not rules.in_june_to_september(hearing_on):
        raise RuleViolation("计划和预算执行情况报告须在每年六月至九月期间听取", extra={"rule": "M21"})
    if kind == K.AUDIT_RECTIFICATION:
        if audit_heard_on is None:
            raise RuleViolation("请填写审计工作报告的审议日期", extra={"rule": "M22"})
        due = rules.audit_rectification_due(audit_heard_on, months=conf.get("AUDIT_RECTIFICATION_MONTHS"))
        if hearing_on and not audit_heard_on < hearing_on <= due:
            raise RuleViolation(
                f"审计查出问题整改情况报告须在审议审计工作报告后六个月内（{due} 前）听取", extra={"rule": "M22"}
            )


@transaction.atomic
def item_add(
    *,
    plan: OversightPlan,
    kind: str,
    title: str,
    actor: User,
    organ: HandlingUnit | None = None,
    committee: Body | None = None,
    meeting: Meeting | None = None,
    hearing_on: date | None = None,
    source: str = OversightItem.Source.STATUTORY,
    audit_heard_on: date | None = None,
    handling_months: int | None = None,
    law_title: str = "",
    articles: str = "",
    inspection_starts_on: date | None = None,
    on: date | None = None,
) -> OversightItem:
    """Add an item to the plan (M1–M2, M11, M20–M22); after adoption it is an adjustment of the plan.

    ``hearing_on`` defaults to the meeting's day. ``handling_months`` overrides M6's period for this item.
    Raises:
        PermissionDeniedError: not staff. RuleViolation: an organ that may not report (M2), final
        accounts outside June–September (M20), an audit rectification report later than 6 months after
        the audit report (M22), an inspection without the law inspected (M11), 质询 added here (M17: use
        the 质询案 form), bad choices or lengths.
    """
    locked = lock(plan)
    _require(perms.is_congress_staff(actor, locked.congress_id))
    if kind not in K.values or source not in OversightItem.Source.values:
        raise RuleViolation("类别无效", code="invalid_choice")
    if kind == K.INTERPELLATION:
        raise RuleViolation("质询案由常委会组成人员联名提出，请在质询案中登记", extra={"rule": "M17"})
    if kind == K.INVESTIGATION:
        raise RuleViolation("特定问题调查委员会由主任会议或五分之一以上组成人员书面提议", extra={"rule": "M19"})
    check_text(title, label="题目", max_length=150)
    check_text(law_title, label="法律法规", max_length=120)
    check_text(articles, label="条款", max_length=200)
    for d, label in (
        (hearing_on, "审议日期"),
        (audit_heard_on, "审计工作报告审议日期"),
        (inspection_starts_on, "检查开始日期"),
    ):
        check_date(d, label=label)
    if meeting is not None and (
        meeting.kind != Meeting.Kind.STANDING_COMMITTEE or meeting.congress_id != locked.congress_id
    ):
        raise RuleViolation("请选择本级常委会会议", code="invalid_choice")
    if hearing_on is None and meeting is not None:
        hearing_on = timezone.localtime(meeting.starts_at).date()
    if kind == K.INSPECTION and not law_title.strip():
        raise RuleViolation("执法检查须写明检查的法律法规", extra={"rule": "M11"})
    if handling_months is not None and not 1 <= handling_months <= 24:
        raise RuleViolation("办理期限须为 1–24 个月", extra={"rule": "M6"})
    _check_item(kind, organ, hearing_on, audit_heard_on)
    item = OversightItem.objects.create(
        plan=locked,
        kind=kind,
        title=title.strip(),
        source=source,
        organ=organ,
        committee=committee,
        meeting=meeting,
        hearing_on=hearing_on,
        audit_heard_on=audit_heard_on,
        handling_months=handling_months,
        law_title=law_title.strip(),
        articles=articles.strip(),
        inspection_starts_on=inspection_starts_on,
    )
    note = "调整监督计划，增加事项" if locked.adopted_on else ""
    record_event(
        ITEM_WORKFLOW,
        item,
        action=Action.CREATE,
        actor=actor,
        at=at_of(on),
        from_status="",
        note=note,
        lock_subject=False,
    )
    return item


@transaction.atomic
def plan_adopt(*, plan: OversightPlan, meeting: Meeting, actor: User, on: date | None = None) -> OversightPlan:
    """The Council of Chairpersons adopts and publishes the plan at ``meeting`` (M1).

    Raises: PermissionDeniedError (not staff); RuleViolation: not a 主任会议 of the congress, an empty
    plan, already adopted.
    """
    locked = lock(plan)
    _require(perms.is_congress_staff(actor, locked.congress_id))
    if meeting.kind != Meeting.Kind.COUNCIL_OF_CHAIRPERSONS or meeting.congress_id != locked.congress_id:
        raise RuleViolation("年度监督工作计划由主任会议通过", extra={"rule": "M1"})
    if locked.adopted_on:
        raise RuleViolation("监督工作计划已经通过", code="already_adopted")
    items = list(locked.items.all())
    if not items:
        raise RuleViolation("监督工作计划没有事项", extra={"rule": "M1"})
    locked.adopted_on = _today(on)
    locked.adopted_at_meeting = meeting
    locked.save(update_fields=["adopted_on", "adopted_at_meeting", "updated_at"])
    for item in items:
        record_event(ITEM_WORKFLOW, item, action=Action.ADOPT_PLAN, actor=actor, at=at_of(on), note=str(meeting))
    return locked


def lead_times(item: OversightItem) -> rules.LeadTimes | None:
    """M4's three latest dates for ``item`` (None without a hearing date)."""
    if not item.hearing_on:
        return None
    return rules.lead_times(
        item.hearing_on,
        committee_days=conf.get("LEAD_COMMITTEE_DAYS"),
        sc_days=conf.get("LEAD_SC_DAYS"),
        member_days=conf.get("LEAD_MEMBERS_DAYS"),
    )


@transaction.atomic
def report_submit(*, item: OversightItem, file: Any, actor: User, on: date | None = None) -> OversightItem:
    """The organ submits its report (M4): a .pdf/.docx/.doc file within the size limit. A report after
    the M4 committee date (the meeting day minus 20 days) is taken, flagged ``report_late`` and its
    lateness written on the timeline; on that date itself it is on time.

    Raises: PermissionDeniedError (not the organ or staff); RuleViolation (the file's type, size or
    content; a kind the organ does not report on); InvalidTransition (already submitted).
    """
    locked = lock(item)
    allowed = perms.can_submit_report(actor, locked)
    _require(allowed, "只有报告机关可以报送报告")
    if locked.kind not in ORGAN_REPORTS:
        raise RuleViolation("该监督事项不由机关报送报告", code="invalid_choice")
    ITEM_WORKFLOW.check(locked.status, S.SUBMITTED)
    check_report_file(file, rule="M4")
    day = _today(on)
    times = lead_times(locked)
    note = ""
    locked.report_late = bool(times and day > times.committee)
    if locked.report_late and times:
        note = f"逾期报送：晚于法定报送日期 {times.committee}（会议前二十日）"
    locked.report_file.save(file.name, file, save=False)
    locked.report_submitted_on = day
    transition(
        locked,
        workflow=ITEM_WORKFLOW,
        to=S.SUBMITTED,
        action=Action.SUBMIT_REPORT,
        actor=actor,
        allowed=allowed,
        note=note,
        at=at_of(on),
        fields=["report_file", "report_submitted_on", "report_late"],
    )
    return locked


@transaction.atomic
def item_review(*, item: OversightItem, note: str, actor: User, on: date | None = None) -> OversightItem:
    """The lead committee's preliminary review (初审, M4/M13). An inspection needs its report's two
    parts first (M13); an organ's report must have been submitted.

    Raises: PermissionDeniedError; RuleViolation (M13: the inspection report incomplete; empty note);
    InvalidTransition.
    """
    locked = lock(item)
    allowed = perms.can_manage(actor, locked)
    _require(allowed)
    if not note.strip():
        raise RuleViolation("请填写初审意见")
    if locked.kind in ORGAN_REPORTS and locked.status == S.PLANNED:
        raise RuleViolation("报告机关尚未报送报告", extra={"rule": "M4"})
    if locked.kind == K.INSPECTION and not (locked.assessment.strip() and locked.law_suggestions.strip()):
        raise RuleViolation("执法检查报告须包括实施情况评价和修改法律法规的建议两部分", extra={"rule": "M13"})
    locked.review_note = note.strip()
    transition(
        locked,
        workflow=ITEM_WORKFLOW,
        to=S.REVIEWED,
        action=Action.REVIEW,
        actor=actor,
        allowed=allowed,
        at=at_of(on),
        fields=["review_note"],
    )
    return locked


@transaction.atomic
def item_hear(
    *, item: OversightItem, meeting: Meeting, reporter: str, actor: User, on: date | None = None
) -> AgendaItem:
    """Put the item on a Standing Committee meeting's agenda (an ``AgendaItem`` of the meetings app) and
    record it heard (M5: the organ's head, or a department head for the government, delivers it).

    Raises: PermissionDeniedError; RuleViolation (not a Standing Committee meeting; M5: no reporter
    for an organ's report); InvalidTransition.
    """
    locked = lock(item)
    allowed = perms.can_manage(actor, locked)
    _require(allowed)
    if meeting.kind != Meeting.Kind.STANDING_COMMITTEE or meeting.congress_id != locked.plan.congress_id:
        raise RuleViolation("监督事项在常委会会议上听取审议", code="invalid_choice")
    check_text(reporter, label="报告人", max_length=60)
    if locked.kind in ORGAN_REPORTS and not reporter.strip():
        raise RuleViolation("请填写作报告的机关负责人", extra={"rule": "M5"})
    ITEM_WORKFLOW.check(locked.status, S.HEARD)
    agenda = meeting_services.agenda_item_add(
        meeting=meeting,
        title=f"听取和审议{locked.title}"[:200],
        kind=AgendaItem.Kind.REPORT,
        subject=locked,
        actor=actor,
        at=at_of(on),
    )
    locked.meeting, locked.agenda_item, locked.reporter = meeting, agenda, reporter.strip()
    locked.hearing_on = _today(on)
    transition(
        locked,
        workflow=ITEM_WORKFLOW,
        to=S.HEARD,
        action=Action.HEAR,
        actor=actor,
        allowed=allowed,
        at=at_of(on),
        note=f"{meeting.title}；报告人 {locked.reporter or '—'}",
        fields=["meeting", "agenda_item", "reporter", "hearing_on"],
    )
    return agenda


@transaction.atomic
def opinion_add(
    *, item: OversightItem, text: str, actor: User, deputy: Deputy | None = None, on: date | None = None
) -> DeliberationOpinion:
    """A member's deliberation opinion on an item heard (M6): a member enters his own; staff may enter
    one for a member (``deputy``) from the session record.

    Raises: PermissionDeniedError (not a Standing Committee member or staff); RuleViolation (not being
    deliberated; empty text).
    """
    locked = lock(item)
    day = _today(on)
    if perms.can_manage(actor, locked) and deputy is not None:
        author = deputy
        if not perms.is_sc_member(deputy.pk, locked.plan.congress_id, day):
            raise RuleViolation("审议意见由常委会组成人员提出", extra={"rule": "M6"})
    else:
        _require(perms.can_give_opinion(actor, locked, day), "只有常委会组成人员可以提出审议意见")
        author = actor.deputy  # type: ignore[assignment]
    if locked.status != S.HEARD:
        raise RuleViolation("该事项不在审议阶段", extra={"rule": "M6"})
    if not text.strip():
        raise RuleViolation("请填写审议意见")
    opinion = DeliberationOpinion.objects.create(item=locked, deputy=author, text=text.strip())
    record_event(ITEM_WORKFLOW, locked, action=Action.OPINION, actor=actor, at=at_of(on), note=author.name)
    return opinion


def compiled_opinions(item: OversightItem) -> str:
    """The members' opinions numbered one per line (the draft staff edit before sending, M6)."""
    rows = item.opinions.select_related("deputy").order_by("id")
    return "\n".join(f"{i}. {o.text}" for i, o in enumerate(rows, start=1))


def handling_period(item: OversightItem) -> int:
    """M6/M14/M24: months the organ has for its handling report: the item's override, else its
    congress's period for the item's kind (province regulations over the defaults)."""
    return item.handling_months or periods_of(item).handling(item.kind)


@transaction.atomic
def opinions_send(*, item: OversightItem, text: str, actor: User, on: date | None = None) -> OversightItem:
    """Staff send the compiled 审议意见 to the organ (M6, M14); the handling report is due
    ``handling_period`` months later (rolled to a working day). A handover later than the congress's
    handover days (M6: 7 after the hearing; M14: 10 after the session closes) is written on the timeline.

    Raises: PermissionDeniedError; RuleViolation (empty text); InvalidTransition.
    """
    locked = lock(item)
    allowed = perms.can_manage(actor, locked)
    _require(allowed)
    text = text.strip() or compiled_opinions(locked)
    if not text:
        raise RuleViolation("审议意见为空", extra={"rule": "M6"})
    day = _today(on)
    locked.opinions_text, locked.opinions_sent_on = text, day
    locked.handling_due_on = month_deadline(day, handling_period(locked), rule="M6").date
    start = handover_start(locked)
    handover = periods_of(locked).handover(locked.kind)
    late = start is not None and (day - start).days > handover
    transition(
        locked,
        workflow=ITEM_WORKFLOW,
        to=S.OPINIONS_SENT,
        action=Action.SEND_OPINIONS,
        actor=actor,
        allowed=allowed,
        at=at_of(on),
        note=f"处理情况报告期限 {locked.handling_due_on}" + (f"；晚于{handover}日交办期限" if late else ""),
        fields=["opinions_text", "opinions_sent_on", "handling_due_on"],
        notice=notices.opinions_sent(locked),
    )
    return locked


def report_due(item: OversightItem) -> date | None:
    """The date the organ's pending report is due: the rectification report when 整改中, else the
    handling report (M6, M10)."""
    return item.rectification_due_on if item.status == S.RECTIFYING else item.handling_due_on


@transaction.atomic
def handling_report_submit(*, item: OversightItem, file: Any, actor: User, on: date | None = None) -> HandlingReport:
    """The organ's written handling report (M6) or, after a 不满意 vote, its rectification report (M10).
    A report after its period is received but marked late (逾期), and the timeline says so.

    Raises: PermissionDeniedError; RuleViolation (the file); InvalidTransition (nothing pending).
    """
    locked = lock(item)
    allowed = perms.can_submit_handling(actor, locked)
    _require(allowed, "只有报告机关可以报送处理情况报告")
    ITEM_WORKFLOW.check(locked.status, S.HANDLED)
    check_report_file(file, rule="M6")
    day = _today(on)
    due = report_due(locked)
    kind = HandlingReport.Kind.RECTIFICATION if locked.status == S.RECTIFYING else HandlingReport.Kind.HANDLING
    late = bool(due and day > due)
    report = HandlingReport(item=locked, kind=kind, submitted_on=day, due_on=due, late=late)
    report.file.save(file.name, file, save=False)
    report.save()
    transition(
        locked,
        workflow=ITEM_WORKFLOW,
        to=S.HANDLED,
        action=Action.HANDLING_REPORT,
        actor=actor,
        allowed=allowed,
        at=at_of(on),
        note=f"{kind.label}" + (f"；逾期（期限 {due}）" if late else ""),
    )
    return report


@transaction.atomic
def item_urge(*, item: OversightItem, actor: User, note: str = "", on: date | None = None) -> None:
    """Staff urge the organ for its pending handling or rectification report (催办; no status change).

    Raises: PermissionDeniedError; RuleViolation (no report pending).
    """
    locked = lock(item)
    _require(perms.can_manage(actor, locked))
    if locked.status not in (S.OPINIONS_SENT, S.RECTIFYING):
        raise RuleViolation("该事项没有待报送的报告")
    due = report_due(locked)
    record_event(ITEM_WORKFLOW, locked, action=Action.URGE, actor=actor, at=at_of(on), note=note or f"期限 {due}")
    from renda.core.notifications import notify_on_commit

    notify_on_commit(notices.urged(locked, due))


@transaction.atomic
def item_accept(*, item: OversightItem, actor: User, on: date | None = None) -> OversightItem:
    """The committee/Council accepts the handling or rectification report: the item is closed (M6, M8)."""
    locked = lock(item)
    allowed = perms.can_manage(actor, locked)
    transition(
        locked,
        workflow=ITEM_WORKFLOW,
        to=S.CLOSED,
        action=Action.ACCEPT,
        actor=actor,
        allowed=allowed,
        denied=STAFF_ONLY,
        at=at_of(on),
    )
    return locked


@transaction.atomic
def item_publish(*, item: OversightItem, actor: User, on: date | None = None) -> OversightItem:
    """M9: the report, the 审议意见 and the handling report are notified to deputies and published.

    Raises: PermissionDeniedError; RuleViolation (not heard yet; already published).
    """
    locked = lock(item)
    _require(perms.can_manage(actor, locked))
    if locked.status not in (S.HEARD, S.OPINIONS_SENT, S.RECTIFYING, S.HANDLED, S.CLOSED):
        raise RuleViolation("尚未听取审议，不能公布", extra={"rule": "M9"})
    if locked.published_on:
        raise RuleViolation("已经公布", code="already_published")
    locked.published_on = _today(on)
    save_versioned(locked, ["published_on"])
    record_event(ITEM_WORKFLOW, locked, action=Action.PUBLISH, actor=actor, at=at_of(on))
    return locked


@transaction.atomic
def satisfaction_start(*, item: OversightItem, meeting: Meeting, actor: User, on: date | None = None) -> Poll:
    """Put a 满意度测评 of the item on a Standing Committee meeting (M10): a secret poll of the meetings
    app counted against all members (the statutory denominator of the meeting's roster).

    Raises: PermissionDeniedError; RuleViolation (not heard; not a Standing Committee meeting; already put).
    """
    locked = lock(item)
    _require(perms.can_manage(actor, locked))
    if locked.status != S.HEARD or locked.satisfaction_poll_id:
        raise RuleViolation("只能对已听取审议、尚未测评的报告进行满意度测评", extra={"rule": "M10"})
    if meeting.kind != Meeting.Kind.STANDING_COMMITTEE or meeting.congress_id != locked.plan.congress_id:
        raise RuleViolation("满意度测评在常委会会议上进行", extra={"rule": "M10"})
    title = f"对{locked.title}的满意度测评"[:200]
    agenda = meeting_services.agenda_item_add(
        meeting=meeting, title=title, kind=AgendaItem.Kind.SATISFACTION, subject=locked, actor=actor, at=at_of(on)
    )
    poll = meeting_services.poll_create(
        item=agenda,
        method=Poll.Method.SECRET,
        kind=Poll.Kind.SATISFACTION,
        title=title,
        options=[(locked.title[:200], locked)],
        actor=actor,
        at=at_of(on),
    )
    locked.satisfaction_poll = poll
    save_versioned(locked, ["satisfaction_poll"])
    record_event(ITEM_WORKFLOW, locked, action=Action.SATISFACTION_START, actor=actor, at=at_of(on), note=title)
    return poll


@transaction.atomic
def satisfaction_record(*, item: OversightItem, actor: User, on: date | None = None) -> OversightItem:
    """Copy the closed poll's result onto the item (M10). 不满意 (more than the setting's share of valid
    votes) sends the item to 整改中 with a rectification report due in RECTIFY_MONTHS months.

    Raises: PermissionDeniedError; RuleViolation (no closed poll; recorded already).
    """
    locked = lock(item)
    allowed = perms.can_manage(actor, locked)
    _require(allowed)
    poll = Poll.objects.filter(pk=locked.satisfaction_poll_id or 0).first()
    if poll is None or poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED) or locked.satisfaction_text:
        raise RuleViolation("满意度测评尚未结束或已记录", extra={"rule": "M10"})
    from renda.oversight.selectors import satisfaction_outcome

    outcome = satisfaction_outcome(poll.options.get())
    bad = outcome.dissatisfied
    locked.satisfaction_text = outcome.text
    locked.dissatisfied = bad
    if not bad:
        save_versioned(locked, ["satisfaction_text", "dissatisfied"])
        record_event(
            ITEM_WORKFLOW, locked, action=Action.SATISFACTION, actor=actor, at=at_of(on), note=locked.satisfaction_text
        )
        return locked
    day = _today(on)
    locked.rectification_due_on = month_deadline(day, periods_of(locked).rectify_months, rule="M10").date
    transition(
        locked,
        workflow=ITEM_WORKFLOW,
        to=S.RECTIFYING,
        action=Action.RECTIFY,
        actor=actor,
        allowed=allowed,
        at=at_of(on),
        note=f"{locked.satisfaction_text}；整改情况报告期限 {locked.rectification_due_on}",
        fields=["satisfaction_text", "dissatisfied", "rectification_due_on"],
        notice=notices.rectification_ordered(locked),
    )
    return locked
