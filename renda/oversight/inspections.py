"""Writes of the oversight domain beyond reports: law-enforcement inspections (M11–M14), special
inquiries (M15–M16), 质询案 (M17–M18), decisions and resolutions (M7) and the work-record register.
Same conventions as :mod:`renda.oversight.services`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max

from renda.core.constraints import check_date, check_text
from renda.core.exceptions import RuleViolation
from renda.core.uploads import check_upload
from renda.core.workdays import add_months
from renda.core.workflow import lock, record_event, save_versioned, transition
from renda.meetings.models import Meeting
from renda.meetings.workflow import MeetingStatus
from renda.organization.models import Congress, Deputy, HandlingUnit, User
from renda.oversight import conf, rules
from renda.oversight import permissions as perms
from renda.oversight.events import Action
from renda.oversight.models import (
    Decision,
    Inquiry,
    InquiryQuestion,
    InspectionMember,
    InspectionVisit,
    OrganAttendance,
    OversightItem,
    OversightPlan,
    WorkRecord,
)
from renda.oversight.services import REPORTING_ORGANS, _require, _today, at_of, periods_of
from renda.oversight.workflow import INQUIRY_WORKFLOW, ITEM_WORKFLOW

K = OversightItem.Kind


def _grouped(item: OversightItem, actor: User) -> OversightItem:
    """The item locked for setting its group: a kind done by a group of members and deputies
    (``selectors.GROUP_KINDS``) still planned."""
    locked = lock(item)
    _require(perms.can_manage(actor, locked))
    if locked.kind not in perms.GROUP_KINDS:
        raise RuleViolation("该事项不组织检查组、调研组或视察组", code="invalid_choice")
    if locked.status != OversightItem.Status.PLANNED:
        raise RuleViolation("该事项已提交审议，不能再修改组成人员", extra={"rule": "M11"})
    return locked


def _inspection(item: OversightItem, actor: User) -> OversightItem:
    locked = lock(item)
    _require(perms.can_manage(actor, locked))
    if locked.kind != K.INSPECTION:
        raise RuleViolation("该事项不是执法检查", code="invalid_choice")
    if locked.status != OversightItem.Status.PLANNED:
        raise RuleViolation("执法检查报告已提交审议，不能再修改检查", extra={"rule": "M11"})
    return locked


@transaction.atomic
def group_set(
    *,
    item: OversightItem,
    leader: Deputy,
    members: Sequence[Deputy],
    invited: Sequence[Deputy],
    actor: User,
    on: date | None = None,
) -> list[InspectionMember]:
    """Set the group of an inspection (M11: a leader — a Council of Chairpersons member in Zhejiang —,
    members of the Standing Committee, and the deputies invited), or likewise of a 专题调研, 集中视察 or
    特定问题调查 (recorded so the deputies' activity records and the work report count them, 人次).

    Raises: PermissionDeniedError; RuleViolation (a kind without a group; already reported; one person
    twice).
    """
    locked = _grouped(item, actor)
    people = [leader.pk, *(d.pk for d in members), *(d.pk for d in invited)]
    if len(set(people)) != len(people):
        raise RuleViolation("同一人不能在检查组中重复出现", extra={"rule": "M11"})
    InspectionMember.objects.filter(item=locked).delete()
    rows = [InspectionMember(item=locked, deputy=leader, role=InspectionMember.Role.LEADER)]
    rows += [InspectionMember(item=locked, deputy=d, role=InspectionMember.Role.MEMBER) for d in members]
    rows += [InspectionMember(item=locked, deputy=d, role=InspectionMember.Role.INVITED_DEPUTY) for d in invited]
    InspectionMember.objects.bulk_create(rows)
    note = f"组长 {leader.name}；组成人员 {len(members)} 人；受邀代表 {len(invited)} 人"
    record_event(ITEM_WORKFLOW, locked, action=Action.GROUP, actor=actor, at=at_of(on), note=note)
    return rows


@transaction.atomic
def plan_send(*, item: OversightItem, actor: User, on: date | None = None) -> OversightItem:
    """Send the inspection plan to the inspected organs (M12): at least the congress's notice period
    before the inspection starts (default 1 month; Henan 10 days, M24 :func:`conf.periods`).

    Raises: PermissionDeniedError; RuleViolation (no start date; later than the notice period).
    """
    locked = _inspection(item, actor)
    day = _today(on)
    if not locked.inspection_starts_on:
        raise RuleViolation("请先确定检查开始日期", extra={"rule": "M12"})
    p = periods_of(locked)
    if p.notice_days is not None:
        latest, ahead = day + timedelta(days=p.notice_days), f"{p.notice_days}日"
    else:
        latest, ahead = add_months(day, p.notice_months), f"{p.notice_months}个月"
    if latest > locked.inspection_starts_on:
        raise RuleViolation(
            f"检查方案须在检查开始（{locked.inspection_starts_on}）{ahead}前送达被检查机关", extra={"rule": "M12"}
        )
    locked.plan_sent_on = day
    save_versioned(locked, ["plan_sent_on"])
    record_event(ITEM_WORKFLOW, locked, action=Action.PLAN_SENT, actor=actor, at=at_of(on))
    return locked


@transaction.atomic
def visit_add(*, item: OversightItem, visited_on: date, place: str, form: str, actor: User) -> InspectionVisit:
    """Record one inspection activity (M11: 座谈会, 实地检查, 第三方评估, 问卷调查, 抽查).

    Raises: PermissionDeniedError; RuleViolation (M12: the plan not sent yet; before the start date;
    bad form; empty place).
    """
    locked = _inspection(item, actor)
    check_date(visited_on, label="日期")
    check_text(place, label="地点", max_length=120)
    if form not in InspectionVisit.Form.values:
        raise RuleViolation("检查形式无效", code="invalid_choice")
    if not place.strip():
        raise RuleViolation("请填写地点")
    if not locked.plan_sent_on:
        raise RuleViolation("检查方案尚未送达被检查机关，不能开始检查", extra={"rule": "M12"})
    if locked.inspection_starts_on and visited_on < locked.inspection_starts_on:
        raise RuleViolation("检查活动不能早于检查开始日期", extra={"rule": "M12"})
    visit = InspectionVisit.objects.create(item=locked, visited_on=visited_on, place=place.strip(), form=form)
    record_event(
        ITEM_WORKFLOW,
        locked,
        action=Action.VISIT,
        actor=actor,
        at=at_of(min(visited_on, _today(None))),
        note=f"{visited_on} {visit.place} {visit.get_form_display()}",
    )
    return visit


@transaction.atomic
def inspection_report(
    *, item: OversightItem, assessment: str, law_suggestions: str, actor: User, on: date | None = None
) -> OversightItem:
    """Write the inspection report's two required parts (M13): the assessment of implementation with
    problems and improvements, and suggestions to amend laws/regulations.

    Raises: PermissionDeniedError; RuleViolation (a part empty; no activity recorded).
    """
    locked = _inspection(item, actor)
    if not (assessment.strip() and law_suggestions.strip()):
        raise RuleViolation("执法检查报告须包括实施情况评价和修改法律法规的建议两部分", extra={"rule": "M13"})
    if not locked.visits.exists():
        raise RuleViolation("尚未开展检查活动", extra={"rule": "M11"})
    locked.assessment, locked.law_suggestions = assessment.strip(), law_suggestions.strip()
    save_versioned(locked, ["assessment", "law_suggestions"])
    record_event(ITEM_WORKFLOW, locked, action=Action.INSPECTION_REPORT, actor=actor, at=at_of(on))
    return locked


@transaction.atomic
def question_add(
    *,
    item: OversightItem,
    asker: Deputy,
    question: str,
    official: str,
    actor: User,
    answer: str = "",
    commitment: str = "",
    attendee: OrganAttendance | None = None,
    on: date | None = None,
) -> InquiryQuestion:
    """A question at a special inquiry (M15–M16): asked by a member or a deputy, answered by the
    official the organ sends, with any follow-up commitment. A deputy enters his own; staff enter any.
    ``attendee``: the organ's responsible person recorded as present (M15); once the item has such a
    record the answer must come from one of them, and ``official`` defaults to his post and name.

    Raises: PermissionDeniedError; RuleViolation (not a special inquiry; empty question or official;
    M15: an answering official not recorded as present for this item).
    """
    locked = lock(item)
    if not perms.can_manage(actor, locked):
        _require(getattr(actor, "deputy_id", None) == asker.pk and perms.can_view(actor, locked), "只能以本人名义询问")
    if locked.kind != K.SPECIAL_INQUIRY:
        raise RuleViolation("该事项不是专题询问", code="invalid_choice")
    if asker.term.congress_id != locked.plan.congress_id:
        raise RuleViolation("询问人须为本级人大代表或常委会组成人员", extra={"rule": "M16"})
    if attendee is not None and attendee.item_id != locked.pk:
        raise RuleViolation("应询人须为本次到会的有关机关负责人", extra={"rule": "M15"})
    if attendee is None and locked.attendance.exists():
        raise RuleViolation("请从到会的有关机关负责人中选择应询人", extra={"rule": "M15"})
    if attendee is not None:
        official = official.strip() or f"{attendee.organ.name}{attendee.post} {attendee.name}"[:60]
    check_text(official, label="应询人", max_length=60)
    if not question.strip() or not official.strip():
        raise RuleViolation("请填写问题和应询人", extra={"rule": "M15"})
    q = InquiryQuestion.objects.create(
        item=locked,
        asker=asker,
        question=question.strip(),
        official=official.strip(),
        attendee=attendee,
        answer=answer.strip(),
        commitment=commitment.strip(),
    )
    record_event(
        ITEM_WORKFLOW, locked, action=Action.QUESTION, actor=actor, at=at_of(on), note=f"{asker.name} → {q.official}"
    )
    return q


@transaction.atomic
def inquiry_file(
    *,
    plan: OversightPlan,
    meeting: Meeting,
    target: HandlingUnit,
    questions: str,
    content: str,
    signers: Sequence[Deputy],
    actor: User,
    on: date | None = None,
) -> Inquiry:
    """File a 质询案 (M17): at least INQUIRY_MIN_SIGNERS (5) Standing Committee members jointly, in
    writing, while a Standing Committee meeting is in session, against the government or its
    departments, 监委, the court or the procuratorate, stating the target, the questions and the content.
    Creates its plan item (kind 质询).

    Raises: PermissionDeniedError; RuleViolation (M17: too few members, a signer not a member, no
    meeting in session, a target that may not be questioned, a required field empty).
    """
    locked = lock(plan)
    _require(perms.is_congress_staff(actor, locked.congress_id))
    if (
        meeting.kind != Meeting.Kind.STANDING_COMMITTEE
        or meeting.status != MeetingStatus.IN_PROGRESS
        or meeting.congress_id != locked.congress_id
    ):
        raise RuleViolation("质询案须在常委会会议期间提出", extra={"rule": "M17"})
    if target.kind not in REPORTING_ORGANS or target.congress_id != locked.congress_id:
        raise RuleViolation("质询对象须为本级人民政府及其部门、监察委员会、人民法院或人民检察院", extra={"rule": "M17"})
    if not questions.strip() or not content.strip():
        raise RuleViolation("质询案须写明质询对象、质询的问题和内容", extra={"rule": "M17"})
    day = _today(on)
    people = {d.pk: d for d in signers}
    need = conf.get("INQUIRY_MIN_SIGNERS")
    if len(people) < need:
        raise RuleViolation(
            f"质询案须由常委会组成人员{need}人以上联名提出（现 {len(people)} 人）", extra={"rule": "M17"}
        )
    outsiders = [d.name for d in people.values() if not perms.is_sc_member(d.pk, locked.congress_id, day)]
    if outsiders:
        raise RuleViolation(f"{'、'.join(outsiders)}不是常委会组成人员", extra={"rule": "M17"})
    title = f"关于{target.name}的质询案"[:150]
    item = OversightItem.objects.create(
        plan=locked, kind=K.INTERPELLATION, title=title, organ=target, meeting=meeting, hearing_on=day
    )
    record_event(
        ITEM_WORKFLOW, item, action=Action.CREATE, actor=actor, at=at_of(on), from_status="", lock_subject=False
    )
    inquiry = Inquiry.objects.create(
        item=item, meeting=meeting, target=target, questions=questions.strip(), content=content.strip()
    )
    inquiry.signers.set(people.values())
    record_event(
        INQUIRY_WORKFLOW,
        inquiry,
        action=Action.INQUIRY_FILE,
        actor=actor,
        at=at_of(on),
        from_status="",
        note=f"{len(people)} 人联名",
    )
    return inquiry


@transaction.atomic
def investigation_propose(
    *,
    plan: OversightPlan,
    title: str,
    by_council: bool,
    proposers: Sequence[Deputy],
    actor: User,
    on: date | None = None,
) -> OversightItem:
    """Propose a special investigation committee (特定问题调查委员会, M19): by the Council of
    Chairpersons, or in writing by at least one fifth of the Standing Committee's members.

    Raises: PermissionDeniedError; RuleViolation (M19: too few members, a proposer not a member, empty title).
    """
    locked = lock(plan)
    _require(perms.is_congress_staff(actor, locked.congress_id))
    check_text(title, label="题目", max_length=150)
    if not title.strip():
        raise RuleViolation("请填写调查的特定问题")
    day = _today(on)
    if not by_council:
        people = {d.pk: d for d in proposers}
        outsiders = [d.name for d in people.values() if not perms.is_sc_member(d.pk, locked.congress_id, day)]
        if outsiders:
            raise RuleViolation(f"{'、'.join(outsiders)}不是常委会组成人员", extra={"rule": "M19"})
        size = perms.sc_size(locked.congress_id, day)
        if len(people) * 5 < size:
            raise RuleViolation(
                f"须由常委会组成人员五分之一以上（{size} 人中至少 {-(-size // 5)} 人）书面提议", extra={"rule": "M19"}
            )
    item = OversightItem.objects.create(plan=locked, kind=K.INVESTIGATION, title=title.strip(), hearing_on=day)
    note = "主任会议提议" if by_council else f"{len(proposers)} 名组成人员书面提议"
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
def inquiry_schedule(*, inquiry: Inquiry, form: str, due_on: date, actor: User, on: date | None = None) -> Inquiry:
    """The Council of Chairpersons decides the form of the answer and its date (M18; the law sets no
    period, so the date is the Council's). Raises: PermissionDeniedError; RuleViolation; InvalidTransition."""
    locked = lock(inquiry)
    allowed = perms.can_manage_inquiry(actor, locked)
    _require(allowed)
    if form not in Inquiry.AnswerForm.values:
        raise RuleViolation("答复形式无效", code="invalid_choice")
    check_date(due_on, label="答复期限")
    if due_on < _today(on):
        raise RuleViolation("答复期限不能早于今天", extra={"rule": "M18"})
    locked.answer_form, locked.answer_due_on = form, due_on
    transition(
        locked,
        workflow=INQUIRY_WORKFLOW,
        to=Inquiry.Status.SCHEDULED,
        action=Action.INQUIRY_SCHEDULE,
        actor=actor,
        allowed=allowed,
        at=at_of(on),
        note=f"{locked.get_answer_form_display()}，{due_on} 前",
        fields=["answer_form", "answer_due_on"],
    )
    return locked


@transaction.atomic
def inquiry_answer(
    *, inquiry: Inquiry, answerer: str, by_head: bool, answer: str, actor: User, on: date | None = None
) -> Inquiry:
    """Record the answer (M18): given in person (oral) or signed (written) by the organ's head.

    Raises: PermissionDeniedError; RuleViolation (M18: not the head; empty answer); InvalidTransition.
    """
    locked = lock(inquiry)
    allowed = perms.can_manage_inquiry(actor, locked)
    _require(allowed)
    check_text(answerer, label="答复人", max_length=60)
    if not by_head:
        raise RuleViolation(
            "质询须由受质询机关的负责人答复（口头答复本人到会，书面答复由负责人签署）", extra={"rule": "M18"}
        )
    if not answerer.strip() or not answer.strip():
        raise RuleViolation("请填写答复人和答复内容", extra={"rule": "M18"})
    locked.answerer, locked.answer, locked.answered_on = answerer.strip(), answer.strip(), _today(on)
    locked.rounds += 1
    transition(
        locked,
        workflow=INQUIRY_WORKFLOW,
        to=Inquiry.Status.ANSWERED,
        action=Action.INQUIRY_ANSWER,
        actor=actor,
        allowed=allowed,
        at=at_of(on),
        note=locked.answerer,
        fields=["answerer", "answer", "answered_on", "rounds"],
    )
    return locked


@transaction.atomic
def inquiry_conclude(
    *, inquiry: Inquiry, unsatisfied: int, actor: User, due_on: date | None = None, on: date | None = None
) -> Inquiry:
    """The proposers' view of the answer (M18): more than half not satisfied → a second answer by
    ``due_on``; otherwise the 质询案 is closed.

    Raises: PermissionDeniedError; RuleViolation (a count outside 0…proposers; no date for a second answer).
    """
    locked = lock(inquiry)
    allowed = perms.can_manage_inquiry(actor, locked)
    _require(allowed)
    proposers = locked.signers.count()
    if isinstance(unsatisfied, bool) or not 0 <= unsatisfied <= proposers:
        raise RuleViolation(f"不满意人数须在 0–{proposers} 之间", code="invalid_value")
    if rules.second_answer_needed(unsatisfied=unsatisfied, proposers=proposers):
        if due_on is None:
            raise RuleViolation("请确定再次答复的期限", extra={"rule": "M18"})
        check_date(due_on, label="答复期限")
        locked.answer_due_on = due_on
        transition(
            locked,
            workflow=INQUIRY_WORKFLOW,
            to=Inquiry.Status.SCHEDULED,
            action=Action.INQUIRY_REANSWER,
            actor=actor,
            allowed=allowed,
            at=at_of(on),
            note=f"{unsatisfied}/{proposers} 人不满意",
            fields=["answer_due_on"],
        )
    else:
        transition(
            locked,
            workflow=INQUIRY_WORKFLOW,
            to=Inquiry.Status.CLOSED,
            action=Action.INQUIRY_CLOSE,
            actor=actor,
            allowed=allowed,
            at=at_of(on),
            note=f"{unsatisfied}/{proposers} 人不满意",
        )
    return locked


@transaction.atomic
def decision_adopt(
    *,
    congress: Congress,
    kind: str,
    title: str,
    text: str,
    meeting: Meeting,
    adopted_on: date,
    actor: User,
    item: OversightItem | None = None,
    report_due_on: date | None = None,
    organ: HandlingUnit | None = None,
) -> Decision:
    """Record a resolution or decision adopted at a Standing Committee meeting (M7), numbered in the
    year's series (〔年〕N号). ``organ`` (default: the item's organ) reports on carrying it out by
    ``report_due_on``, the deadline the resolution sets (M7); the overdue board tracks it.

    Raises: PermissionDeniedError; RuleViolation (not a Standing Committee meeting; empty title/text; bad
    kind; M7: an organ without a deadline, a deadline before adoption, an organ of another congress).
    """
    lock(congress)
    _require(perms.is_congress_staff(actor, congress.pk))
    if kind not in Decision.Kind.values:
        raise RuleViolation("类别无效", code="invalid_choice")
    if meeting.kind != Meeting.Kind.STANDING_COMMITTEE or meeting.congress_id != congress.pk:
        raise RuleViolation("决议决定由常委会会议通过", extra={"rule": "M7"})
    check_text(title, label="标题", max_length=150)
    check_date(adopted_on, label="通过日期")
    check_date(report_due_on, label="执行情况报告期限")
    if not title.strip() or not text.strip():
        raise RuleViolation("请填写标题和正文")
    organ = organ or (item.organ if item is not None else None)
    if organ is not None and organ.congress_id != congress.pk:
        raise RuleViolation("执行机关须为本级机关", code="invalid_choice")
    if organ is not None and report_due_on is None:
        raise RuleViolation("请填写决议规定的执行情况报告期限", extra={"rule": "M7"})
    if report_due_on is not None and report_due_on <= adopted_on:
        raise RuleViolation("执行情况报告期限须晚于通过日期", extra={"rule": "M7"})
    year = adopted_on.year
    last = Decision.objects.filter(congress=congress, year=year).aggregate(n=Max("number"))["n"] or 0
    return Decision.objects.create(
        congress=congress,
        year=year,
        number=last + 1,
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        meeting=meeting,
        item=item,
        adopted_on=adopted_on,
        organ=organ,
        report_due_on=report_due_on,
    )


@transaction.atomic
def decision_publish(*, decision: Decision, actor: User, on: date | None = None) -> Decision:
    """Publish a decision (M7/M9). Raises PermissionDeniedError; RuleViolation (already published)."""
    locked = lock(decision)
    _require(perms.is_congress_staff(actor, locked.congress_id))
    if locked.published_on:
        raise RuleViolation("已经公布", code="already_published")
    locked.published_on = _today(on)
    locked.save(update_fields=["published_on", "updated_at"])
    return locked


@transaction.atomic
def work_record_add(
    *, congress: Congress, kind: str, on: date, title: str, actor: User, attachment: Any = None
) -> WorkRecord:
    """Register a work record (issue 15 item 8) with an optional checked attachment (.pdf/.docx/.doc).

    Raises: PermissionDeniedError; RuleViolation (bad kind, empty title, the file).
    """
    _require(perms.is_congress_staff(actor, congress.pk))
    if kind not in WorkRecord.Kind.values:
        raise RuleViolation("类别无效", code="invalid_choice")
    check_date(on, label="日期")
    check_text(title, label="标题", max_length=150)
    if not title.strip():
        raise RuleViolation("请填写标题")
    record = WorkRecord(congress=congress, kind=kind, date=on, title=title.strip())
    if attachment:
        check_upload(
            attachment,
            allowed=conf.get("REPORT_TYPES"),
            max_bytes=conf.get("REPORT_MAX_BYTES"),
            type_error="附件须为 PDF 或 Word 文件。",
            size_error="附件过大。",
            rule="M1",
        )
        record.attachment.save(attachment.name, attachment, save=False)
    record.save()
    return record
