"""Writes around a hearing that are not the report's own pipeline: the views collected before it (M3),
the organs' responsible officials present (M15), what follows the handling report (M8: deliberation,
a supplement, follow-up oversight) and the organs' reports on carrying out a resolution (M7).
Same conventions as :mod:`renda.oversight.services`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from renda.core.constraints import check_date, check_text
from renda.core.exceptions import RuleViolation
from renda.core.workflow import lock, record_event, save_versioned, transition
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Meeting
from renda.organization.models import Deputy, HandlingUnit, User
from renda.oversight import permissions as perms
from renda.oversight.events import Action
from renda.oversight.models import (
    Decision,
    ImplementationReport,
    OrganAttendance,
    OversightItem,
    OversightPlan,
    PreHearingView,
)
from renda.oversight.services import ORGAN_REPORTS, REPORTING_ORGANS, _require, _today, at_of, check_report_file
from renda.oversight.workflow import ITEM_WORKFLOW

S = OversightItem.Status
#: Statuses before the hearing (M3: views are collected and sent before it).
BEFORE_HEARING = (S.PLANNED, S.SUBMITTED, S.REVIEWED)
#: Statuses once the item has been heard and deliberated.
AFTER_HEARING = (S.HEARD, S.OPINIONS_SENT, S.RECTIFYING, S.HANDLED, S.CLOSED)


@transaction.atomic
def view_add(
    *,
    item: OversightItem,
    source: str,
    text: str,
    collected_on: date,
    actor: User,
    participants: Sequence[Deputy] = (),
) -> PreHearingView:
    """Record a view collected before the hearing (M3, 监督法 第13条): from an inspection or research the
    Council of Chairpersons organised with members and deputies, or from members or deputies.

    Raises: PermissionDeniedError (not staff); RuleViolation (M3: the item is not an organ's report or
    already heard, the views already sent; empty text; bad source; a participant of another congress).
    """
    locked = lock(item)
    _require(perms.can_manage(actor, locked))
    if locked.kind not in ORGAN_REPORTS:
        raise RuleViolation("只有专项工作报告等机关报告在听取前征集意见", extra={"rule": "M3"})
    if locked.status not in BEFORE_HEARING:
        raise RuleViolation("报告已经听取审议，不能再征集听取前的意见", extra={"rule": "M3"})
    if locked.views_sent_on:
        raise RuleViolation("意见建议已经转送报告机关", extra={"rule": "M3"})
    if source not in PreHearingView.Source.values:
        raise RuleViolation("来源无效", code="invalid_choice")
    check_date(collected_on, label="收集日期")
    if not text.strip():
        raise RuleViolation("请填写意见建议")
    congress_id = locked.plan.congress_id
    if any(d.term.congress_id != congress_id for d in participants):
        raise RuleViolation("参加人员须为本级人大代表", extra={"rule": "M3"})
    view = PreHearingView.objects.create(item=locked, source=source, text=text.strip(), collected_on=collected_on)
    view.participants.set(participants)
    record_event(
        ITEM_WORKFLOW,
        locked,
        action=Action.PREHEARING_VIEW,
        actor=actor,
        note=f"{collected_on} {view.get_source_display()}；参加 {len(participants)} 人",
    )
    return view


@transaction.atomic
def views_send(*, item: OversightItem, actor: User, on: date | None = None) -> OversightItem:
    """The Standing Committee's office sends the collected views to the organ to answer in its report
    (M3, 监督法 第14条), before the hearing.

    Raises: PermissionDeniedError; RuleViolation (M3: no view collected, already sent, already heard).
    """
    locked = lock(item)
    _require(perms.can_manage(actor, locked))
    if locked.status not in BEFORE_HEARING:
        raise RuleViolation("报告已经听取审议，意见建议应在听取前转送", extra={"rule": "M3"})
    if locked.views_sent_on:
        raise RuleViolation("意见建议已经转送报告机关", extra={"rule": "M3"})
    count = locked.prehearing_views.count()
    if not count:
        raise RuleViolation("尚未收集意见建议", extra={"rule": "M3"})
    locked.views_sent_on = _today(on)
    save_versioned(locked, ["views_sent_on"])
    record_event(ITEM_WORKFLOW, locked, action=Action.VIEWS_SENT, actor=actor, at=at_of(on), note=f"{count} 条")
    return locked


@transaction.atomic
def attendance_add(
    *, item: OversightItem, organ: HandlingUnit, name: str, post: str, is_head: bool, actor: User
) -> OrganAttendance:
    """Record a responsible official an organ sent to hear views and answer questions while the
    Standing Committee deliberates the item (M15, 监督法 第46条; at a special inquiry the heads, M16).

    Raises: PermissionDeniedError; RuleViolation (M15: not the government, its departments, 监委, the
    court or the procuratorate of the congress; empty name or post; the item closed).
    """
    locked = lock(item)
    _require(perms.can_manage(actor, locked))
    if organ.kind not in REPORTING_ORGANS or organ.congress_id != locked.plan.congress_id:
        raise RuleViolation(
            "到会听取意见、回答询问的须为本级人民政府及其部门、监察委员会、人民法院或人民检察院的负责人",
            extra={"rule": "M15"},
        )
    if locked.status == S.CLOSED or locked.kind not in perms.ATTENDED_KINDS:
        raise RuleViolation("该事项已办结或不是听取审议、专题询问的事项", extra={"rule": "M15"})
    check_text(name, label="姓名", max_length=60)
    check_text(post, label="职务", max_length=60)
    if not name.strip() or not post.strip():
        raise RuleViolation("请填写负责人的姓名和职务", extra={"rule": "M15"})
    row = OrganAttendance.objects.create(
        item=locked, organ=organ, name=name.strip(), post=post.strip(), is_head=bool(is_head)
    )
    record_event(ITEM_WORKFLOW, locked, action=Action.ATTENDANCE, actor=actor, note=str(row))
    return row


@transaction.atomic
def handling_deliberate(*, item: OversightItem, meeting: Meeting, actor: User, on: date | None = None) -> AgendaItem:
    """The Council of Chairpersons puts the organ's handling (or rectification) report to a Standing
    Committee deliberation (M8, 监督法 第17条第2款): an agenda item of the meeting.

    Raises: PermissionDeniedError; RuleViolation (M8: no handling report yet; put already; not a
    Standing Committee meeting of the congress).
    """
    locked = lock(item)
    _require(perms.can_manage(actor, locked))
    if locked.status not in (S.HANDLED, S.CLOSED) or not locked.handling.exists():
        raise RuleViolation("报告机关尚未报送处理情况报告", extra={"rule": "M8"})
    if locked.handling_agenda_item_id:
        raise RuleViolation("处理情况报告已经提请审议", extra={"rule": "M8"})
    if meeting.kind != Meeting.Kind.STANDING_COMMITTEE or meeting.congress_id != locked.plan.congress_id:
        raise RuleViolation("处理情况报告提请常委会会议审议", extra={"rule": "M8"})
    agenda = meeting_services.agenda_item_add(
        meeting=meeting,
        title=f"审议{locked.title}的研究处理情况报告"[:200],
        kind=AgendaItem.Kind.REPORT,
        subject=locked,
        actor=actor,
        at=at_of(on),
    )
    locked.handling_agenda_item = agenda
    save_versioned(locked, ["handling_agenda_item"])
    record_event(
        ITEM_WORKFLOW, locked, action=Action.HANDLING_DELIBERATE, actor=actor, at=at_of(on), note=meeting.title
    )
    return agenda


@transaction.atomic
def supplement_request(*, item: OversightItem, due_on: date, note: str, actor: User, on: date | None = None) -> None:
    """Members ask the organ for a supplement to its handling report (M8, 浙江监督条例 第45条): the item
    goes back to 审议意见已交办 with the new due date ``due_on``.

    Raises: PermissionDeniedError; RuleViolation (a due date not after today; empty reason);
    InvalidTransition (no handling report pending acceptance).
    """
    locked = lock(item)
    allowed = perms.can_manage(actor, locked)
    _require(allowed)
    check_date(due_on, label="补充报告期限")
    if due_on <= _today(on):
        raise RuleViolation("补充报告期限须晚于今天", extra={"rule": "M8"})
    if not note.strip():
        raise RuleViolation("请写明需要补充的内容", extra={"rule": "M8"})
    locked.handling_due_on = due_on
    transition(
        locked,
        workflow=ITEM_WORKFLOW,
        to=S.OPINIONS_SENT,
        action=Action.SUPPLEMENT,
        actor=actor,
        allowed=allowed,
        at=at_of(on),
        note=f"{note.strip()[:200]}；补充报告期限 {due_on}",
        fields=["handling_due_on"],
    )


@transaction.atomic
def follow_up_add(
    *, item: OversightItem, title: str, actor: User, plan: OversightPlan | None = None, on: date | None = None
) -> OversightItem:
    """Follow-up oversight (跟踪监督, M8; for an inspection a follow-up inspection, M14): a new item of
    the same kind, organ and committee in ``plan`` (default the item's), linked to the item.

    Raises: PermissionDeniedError; RuleViolation (M8: the item not heard yet; a plan of another
    congress; an empty title).
    """
    locked = lock(item)
    _require(perms.can_manage(actor, locked))
    if locked.status not in AFTER_HEARING:
        raise RuleViolation("尚未听取审议，不能开展跟踪监督", extra={"rule": "M8"})
    target = lock(plan or locked.plan)
    if target.congress_id != locked.plan.congress_id:
        raise RuleViolation("请选择本级的监督计划", code="invalid_choice")
    check_text(title, label="题目", max_length=150)
    if not title.strip():
        raise RuleViolation("请填写跟踪监督的题目")
    new = OversightItem.objects.create(
        plan=target,
        kind=locked.kind,
        title=title.strip(),
        source=locked.source,
        organ=locked.organ,
        committee=locked.committee,
        law_title=locked.law_title,
        articles=locked.articles,
        follows=locked,
    )
    record_event(
        ITEM_WORKFLOW,
        new,
        action=Action.CREATE,
        actor=actor,
        at=at_of(on),
        from_status="",
        note=f"跟踪监督：{locked.title}"[:300],
        lock_subject=False,
    )
    record_event(ITEM_WORKFLOW, locked, action=Action.FOLLOW_UP, actor=actor, at=at_of(on), note=new.title)
    return new


@transaction.atomic
def implementation_report_submit(
    *, decision: Decision, file: Any, actor: User, on: date | None = None
) -> ImplementationReport:
    """The organ's report on carrying out a resolution (M7, 监督法 第17条第1款), due by the date the
    resolution set; one after it is received and marked late (逾期).

    Raises: PermissionDeniedError (not the organ or staff); RuleViolation (M7: the decision names no
    organ; reported already; the file).
    """
    locked = lock(decision)
    _require(perms.can_submit_implementation(actor, locked), "只有执行机关可以报送执行情况报告")
    if not locked.organ_id or not locked.report_due_on:
        raise RuleViolation("该决议决定未规定执行机关和报告期限", extra={"rule": "M7"})
    if locked.implementation_reports.exists():
        raise RuleViolation("执行情况报告已经报送", extra={"rule": "M7"})
    check_report_file(file, rule="M7")
    day = _today(on)
    report = ImplementationReport(
        decision=locked, submitted_on=day, due_on=locked.report_due_on, late=day > locked.report_due_on
    )
    report.file.save(file.name, file, save=False)
    report.save()
    return report
