"""Oversight rules by id (RULES.md §9): each test has an allowed and a forbidden or boundary case."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.organization.models import HandlingUnit
from renda.organization.tests import factories as f
from renda.oversight import inspections, rules, selectors, services
from renda.oversight import permissions as perms
from renda.oversight.models import Decision, HandlingReport, Inquiry, InspectionMember, OversightEvent, OversightItem
from renda.oversight.tests.helpers import heard, pdf, report_item, vote_satisfaction, world

pytestmark = pytest.mark.django_db
K = OversightItem.Kind
S = OversightItem.Status


def test_m1_plan_adopted_by_council_of_chairpersons_and_adjusted_later():
    w = world()
    item = report_item(w)
    with pytest.raises(RuleViolation):  # a Standing Committee meeting does not adopt the plan
        services.plan_adopt(plan=w.plan, meeting=w.meeting, actor=w.staff)
    services.plan_adopt(plan=w.plan, meeting=w.council, actor=w.staff, on=date(2026, 2, 10))
    assert item.events.filter(action="adopt_plan").count() == 1
    later = services.item_add(plan=w.plan, kind=K.RESEARCH, title="供热工作专题调研", actor=w.staff)
    assert "调整" in later.events.get().note
    with pytest.raises(RuleViolation):
        services.plan_adopt(plan=w.plan, meeting=w.council, actor=w.staff)


def test_m2_special_report_only_from_the_reporting_organs():
    w = world()
    assert report_item(w).organ == w.organ
    enterprise = f.HandlingUnitFactory(congress=w.staff.congress, kind=HandlingUnit.Kind.ENTERPRISE)
    with pytest.raises(RuleViolation) as exc:
        services.item_add(plan=w.plan, kind=K.SPECIAL_REPORT, title="某企业报告", organ=enterprise, actor=w.staff)
    assert exc.value.extra["rule"] == "M2"
    with pytest.raises(RuleViolation):
        services.item_add(plan=w.plan, kind=K.SPECIAL_REPORT, title="无机关", actor=w.staff)


def test_m4_report_lead_time_twenty_days_boundary():
    w = world()
    item = report_item(w, hearing_on=date(2026, 4, 30))
    times = services.lead_times(item)
    assert (times.committee, times.standing_committee, times.members) == (
        date(2026, 4, 10),
        date(2026, 4, 20),
        date(2026, 4, 23),
    )
    services.report_submit(item=item, file=pdf(), actor=w.officer, on=date(2026, 4, 10))  # exactly 20 days: on time
    assert item.events.get(action="submit_report").note == ""
    late = report_item(w, hearing_on=date(2026, 4, 30))
    services.report_submit(item=late, file=pdf(), actor=w.officer, on=date(2026, 4, 11))  # 19 days
    assert "晚于" in late.events.get(action="submit_report").note


def test_m4_report_upload_checked_type_and_owner():
    w = world()
    item = report_item(w)
    bad = SimpleUploadedFile("报告.exe", b"MZ\x00\x00", content_type="application/octet-stream")
    with pytest.raises(RuleViolation):
        services.report_submit(item=item, file=bad, actor=w.officer)
    fake = SimpleUploadedFile("报告.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(RuleViolation):
        services.report_submit(item=item, file=fake, actor=w.officer)
    other = f.UserFactory(
        role="unit_officer", congress=w.staff.congress, handling_unit=f.HandlingUnitFactory(congress=w.staff.congress)
    )
    with pytest.raises(PermissionDeniedError):
        services.report_submit(item=item, file=pdf(), actor=other)
    assert OversightItem.objects.get(pk=item.pk).status == S.PLANNED


def test_m5_report_delivered_by_the_organs_head():
    w = world()
    item = report_item(w, hearing_on=date(2026, 3, 21))
    services.report_submit(item=item, file=pdf(), actor=w.officer)
    services.item_review(item=item, note="同意", actor=w.staff)
    with pytest.raises(RuleViolation) as exc:
        services.item_hear(item=item, meeting=w.meeting, reporter=" ", actor=w.staff)
    assert exc.value.extra["rule"] == "M5"
    agenda = services.item_hear(item=item, meeting=w.meeting, reporter="张局长", actor=w.staff)
    assert agenda.meeting == w.meeting and agenda.object_id == item.pk


def test_m6_opinions_by_members_and_handling_report_due_in_three_months():
    w = world()
    item = heard(w)
    outsider = f.UserFactory(role="deputy", congress=w.staff.congress, deputy=f.DeputyFactory(term=w.sc.term))
    with pytest.raises(PermissionDeniedError):
        services.opinion_add(item=item, text="意见", actor=outsider)
    from renda.meetings.tests import factories as mf

    services.opinion_add(item=item, text="加强大气污染治理", actor=mf.deputy_login(w.members[0]))
    services.opinion_add(item=item, text="完善监测网络", actor=w.staff, deputy=w.members[1])
    services.opinions_send(item=item, text="", actor=w.staff, on=date(2026, 3, 25))
    item.refresh_from_db()
    assert item.opinions_text.startswith("1. 加强")
    assert item.handling_due_on == date(2026, 6, 25)


def test_m6_handling_report_after_its_period_is_late_and_on_the_overdue_board():
    w = world()
    item = heard(w)
    services.opinions_send(item=item, text="审议意见", actor=w.staff, on=date(2026, 3, 25))
    assert list(selectors.overdue_items(w.staff.congress_id, date(2026, 6, 25))) == []  # due day: not overdue
    assert list(selectors.overdue_items(w.staff.congress_id, date(2026, 6, 26))) == [item]
    services.item_urge(item=item, actor=w.staff, on=date(2026, 6, 26))
    report = services.handling_report_submit(item=item, file=pdf(), actor=w.officer, on=date(2026, 6, 26))
    assert report.late and report.kind == HandlingReport.Kind.HANDLING
    on_time = heard(w)
    services.opinions_send(item=on_time, text="审议意见", actor=w.staff, on=date(2026, 3, 25))
    assert not services.handling_report_submit(item=on_time, file=pdf(), actor=w.officer, on=date(2026, 6, 25)).late


def test_m6_per_item_period_override():
    w = world()
    item = heard(w)
    OversightItem.objects.filter(pk=item.pk).update(handling_months=2)
    item.refresh_from_db()
    services.opinions_send(item=item, text="意见", actor=w.staff, on=date(2026, 3, 25))
    item.refresh_from_db()
    assert item.handling_due_on == date(2026, 5, 25)
    with pytest.raises(RuleViolation):
        services.item_add(plan=w.plan, kind=K.RESEARCH, title="x", handling_months=30, actor=w.staff)


def test_m7_decisions_numbered_per_year_at_standing_committee_meetings():
    w = world()
    d1 = inspections.decision_adopt(
        congress=w.staff.congress,
        kind=Decision.Kind.DECISION,
        title="关于加强和规范检察建议工作的决定",
        text="正文",
        meeting=w.meeting,
        adopted_on=date(2026, 3, 21),
        actor=w.staff,
    )
    d2 = inspections.decision_adopt(
        congress=w.staff.congress,
        kind=Decision.Kind.RESOLUTION,
        title="决议",
        text="正文",
        meeting=w.meeting,
        adopted_on=date(2026, 3, 21),
        actor=w.staff,
    )
    assert (d1.number, d2.number) == (1, 2)
    with pytest.raises(RuleViolation):
        inspections.decision_adopt(
            congress=w.staff.congress,
            kind="decision",
            title="x",
            text="y",
            meeting=w.council,
            adopted_on=date(2026, 3, 21),
            actor=w.staff,
        )
    assert not selectors.public_decisions().exists()
    inspections.decision_publish(decision=d1, actor=w.staff)
    assert list(selectors.public_decisions()) == [d1]


def test_m9_published_after_hearing_only():
    w = world()
    item = report_item(w)
    with pytest.raises(RuleViolation):
        services.item_publish(item=item, actor=w.staff)
    item = heard(w)
    assert item not in selectors.items_for(None)
    services.item_publish(item=item, actor=w.staff)
    assert item in selectors.items_for(None)


def test_m10_dissatisfied_share_boundary():
    half = Fraction(1, 2)
    assert not rules.dissatisfied(satisfied=3, basically=2, dissatisfied=5, share=half)  # exactly half
    assert rules.dissatisfied(satisfied=3, basically=1, dissatisfied=5, share=half)
    assert not rules.dissatisfied(satisfied=0, basically=0, dissatisfied=0, share=half)


def test_m10_not_satisfied_orders_rectification_tracked_to_the_end():
    w = world()
    item = heard(w)
    vote_satisfaction(w, item, ["dissatisfied"] * 6 + ["satisfied"] * 3 + ["abstain"])
    services.satisfaction_record(item=item, actor=w.staff, on=date(2026, 3, 21))
    item.refresh_from_db()
    assert item.status == S.RECTIFYING and item.dissatisfied
    assert item.rectification_due_on == date(2026, 6, 22)  # 21 June 2026 is a Sunday: rolled to Monday
    report = services.handling_report_submit(item=item, file=pdf(), actor=w.officer, on=date(2026, 6, 23))
    assert report.kind == HandlingReport.Kind.RECTIFICATION and report.late
    services.item_accept(item=item, actor=w.staff)
    assert OversightItem.objects.get(pk=item.pk).status == S.CLOSED


def test_m10_satisfied_result_needs_no_rectification():
    w = world()
    item = heard(w)
    vote_satisfaction(w, item, ["satisfied"] * 5 + ["dissatisfied"] * 5)
    services.satisfaction_record(item=item, actor=w.staff)
    item.refresh_from_db()
    assert item.status == S.HEARD and not item.dissatisfied and "测评通过" in item.satisfaction_text
    assert "应到 10 人" in item.satisfaction_text


def _inspection(w):
    return services.item_add(
        plan=w.plan,
        kind=K.INSPECTION,
        title="环境保护法执法检查",
        law_title="中华人民共和国环境保护法",
        articles="第六条、第二十八条",
        inspection_starts_on=date(2026, 5, 1),
        actor=w.staff,
    )


def test_m11_inspection_names_the_law_and_records_invited_deputies():
    w = world()
    with pytest.raises(RuleViolation):
        services.item_add(plan=w.plan, kind=K.INSPECTION, title="无法律", actor=w.staff)
    item = _inspection(w)
    invited = [f.DeputyFactory(term=w.sc.term) for _ in range(2)]
    inspections.group_set(item=item, leader=w.members[0], members=w.members[1:3], invited=invited, actor=w.staff)
    assert selectors.invited_deputy_count(w.staff.congress_id, 2026) == 2
    assert item.group.filter(role=InspectionMember.Role.INVITED_DEPUTY).count() == 2
    with pytest.raises(RuleViolation):
        inspections.group_set(item=item, leader=w.members[0], members=[w.members[0]], invited=[], actor=w.staff)


def test_m12_plan_sent_a_month_ahead_before_any_visit():
    w = world()
    item = _inspection(w)
    with pytest.raises(RuleViolation):
        inspections.visit_add(item=item, visited_on=date(2026, 5, 2), place="某区", form="field", actor=w.staff)
    with pytest.raises(RuleViolation) as exc:
        inspections.plan_send(item=item, actor=w.staff, on=date(2026, 4, 2))  # less than a month ahead
    assert exc.value.extra["rule"] == "M12"
    inspections.plan_send(item=item, actor=w.staff, on=date(2026, 4, 1))  # exactly one month
    inspections.visit_add(item=item, visited_on=date(2026, 5, 2), place="某区污水处理厂", form="field", actor=w.staff)
    assert item.visits.count() == 1


def test_m13_inspection_report_has_both_parts():
    w = world()
    item = _inspection(w)
    inspections.plan_send(item=item, actor=w.staff, on=date(2026, 3, 1))
    inspections.visit_add(item=item, visited_on=date(2026, 5, 2), place="某区", form="forum", actor=w.staff)
    with pytest.raises(RuleViolation):
        inspections.inspection_report(item=item, assessment="总体良好", law_suggestions=" ", actor=w.staff)
    with pytest.raises(RuleViolation):
        services.item_review(item=item, note="同意", actor=w.staff)
    inspections.inspection_report(
        item=item, assessment="总体良好，问题……", law_suggestions="建议修改第X条", actor=w.staff
    )
    services.item_review(item=item, note="同意", actor=w.staff)
    assert OversightItem.objects.get(pk=item.pk).status == S.REVIEWED


def test_m16_special_inquiry_questions_and_commitments():
    w = world()
    item = services.item_add(plan=w.plan, kind=K.SPECIAL_INQUIRY, title="医改工作专题询问", actor=w.staff)
    q = inspections.question_add(
        item=item,
        asker=w.members[0],
        question="分级诊疗进展如何？",
        official="市卫健委主任",
        answer="……",
        commitment="年底前完成",
        actor=w.staff,
    )
    assert q.commitment == "年底前完成"
    with pytest.raises(RuleViolation):
        inspections.question_add(item=item, asker=w.members[0], question="", official="x", actor=w.staff)
    research = services.item_add(plan=w.plan, kind=K.RESEARCH, title="调研", actor=w.staff)
    with pytest.raises(RuleViolation):
        inspections.question_add(item=research, asker=w.members[0], question="q", official="x", actor=w.staff)


def _file(w, signers):
    return inspections.inquiry_file(
        plan=w.plan,
        meeting=w.meeting,
        target=w.organ,
        questions="为何……",
        content="具体内容",
        signers=signers,
        actor=w.staff,
    )


def test_m17_inquiry_needs_five_members_jointly():
    w = world()
    with pytest.raises(RuleViolation) as exc:
        _file(w, w.members[:4])  # one too few
    assert exc.value.extra["rule"] == "M17"
    assert not Inquiry.objects.exists() and not OversightItem.objects.filter(kind=K.INTERPELLATION).exists()
    inquiry = _file(w, w.members[:5])
    assert inquiry.signers.count() == 5 and inquiry.item.kind == K.INTERPELLATION


def test_m17_signers_members_target_and_session():
    w = world()
    outsider = f.DeputyFactory(term=w.sc.term)
    with pytest.raises(RuleViolation):
        _file(w, [*w.members[:4], outsider])
    enterprise = f.HandlingUnitFactory(congress=w.staff.congress, kind=HandlingUnit.Kind.ENTERPRISE)
    with pytest.raises(RuleViolation):
        inspections.inquiry_file(
            plan=w.plan,
            meeting=w.meeting,
            target=enterprise,
            questions="q",
            content="c",
            signers=w.members[:5],
            actor=w.staff,
        )
    with pytest.raises(RuleViolation):  # the council meeting is not a Standing Committee session
        inspections.inquiry_file(
            plan=w.plan,
            meeting=w.council,
            target=w.organ,
            questions="q",
            content="c",
            signers=w.members[:5],
            actor=w.staff,
        )


def test_m18_answer_by_the_head_and_second_answer_when_most_unsatisfied():
    w = world()
    inquiry = _file(w, w.members[:5])
    inspections.inquiry_schedule(
        inquiry=inquiry, form=Inquiry.AnswerForm.ORAL_PLENARY, due_on=date(2030, 4, 1), actor=w.staff
    )
    with pytest.raises(RuleViolation):
        inspections.inquiry_answer(inquiry=inquiry, answerer="副处长", by_head=False, answer="答复", actor=w.staff)
    inspections.inquiry_answer(inquiry=inquiry, answerer="局长", by_head=True, answer="答复", actor=w.staff)
    inspections.inquiry_conclude(inquiry=inquiry, unsatisfied=3, due_on=date(2030, 5, 1), actor=w.staff)  # 3 of 5
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.SCHEDULED
    inspections.inquiry_answer(inquiry=inquiry, answerer="局长", by_head=True, answer="再次答复", actor=w.staff)
    inspections.inquiry_conclude(inquiry=inquiry, unsatisfied=2, actor=w.staff)  # 2 of 5: not more than half
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED and inquiry.rounds == 2
    assert OversightEvent.objects.filter(inquiry=inquiry).count() == 6


def test_m20_final_accounts_heard_june_to_september():
    w = world()
    services.item_add(
        plan=w.plan,
        kind=K.FINAL_ACCOUNTS,
        title="2025年决算",
        organ=w.organ,
        hearing_on=date(2026, 6, 25),
        actor=w.staff,
    )
    with pytest.raises(RuleViolation) as exc:
        services.item_add(
            plan=w.plan,
            kind=K.FINAL_ACCOUNTS,
            title="决算",
            organ=w.organ,
            hearing_on=date(2026, 10, 20),
            actor=w.staff,
        )
    assert exc.value.extra["rule"] == "M20"


def test_m22_audit_rectification_within_six_months_of_the_audit_report():
    w = world()
    kw = dict(plan=w.plan, kind=K.AUDIT_RECTIFICATION, title="审计查出问题整改情况", organ=w.organ, actor=w.staff)
    services.item_add(**kw, audit_heard_on=date(2026, 6, 25), hearing_on=date(2026, 12, 25))  # the last day
    with pytest.raises(RuleViolation) as exc:
        services.item_add(**kw, audit_heard_on=date(2026, 6, 25), hearing_on=date(2026, 12, 26))
    assert exc.value.extra["rule"] == "M22"


def test_refused_transition_changes_nothing():
    w = world()
    item = report_item(w)
    with pytest.raises(InvalidTransition):
        services.item_accept(item=item, actor=w.staff)
    assert OversightItem.objects.get(pk=item.pk).status == S.PLANNED


def test_m19_investigation_committee_by_council_or_one_fifth_of_members():
    w = world()  # 10 members: one fifth is 2
    with pytest.raises(RuleViolation) as exc:
        inspections.investigation_propose(
            plan=w.plan, title="某问题调查", by_council=False, proposers=w.members[:1], actor=w.staff
        )
    assert exc.value.extra["rule"] == "M19"
    item = inspections.investigation_propose(
        plan=w.plan, title="某问题调查", by_council=False, proposers=w.members[:2], actor=w.staff
    )
    assert item.kind == K.INVESTIGATION
    assert inspections.investigation_propose(
        plan=w.plan, title="另一问题", by_council=True, proposers=[], actor=w.staff
    )
    with pytest.raises(RuleViolation):
        services.item_add(plan=w.plan, kind=K.INVESTIGATION, title="绕过提议", actor=w.staff)


def test_m21_mid_year_execution_report_june_to_september():
    w = world()
    kw = dict(plan=w.plan, kind=K.PLAN_BUDGET, title="上半年计划和预算执行情况", organ=w.organ, actor=w.staff)
    services.item_add(**kw, hearing_on=date(2026, 9, 30))
    with pytest.raises(RuleViolation) as exc:
        services.item_add(**kw, hearing_on=date(2026, 5, 31))
    assert exc.value.extra["rule"] == "M21"


def test_research_and_visit_groups_count_in_the_deputies_activities_a_report_has_no_group():
    """The seed's "组织代表150余人次参加立法调研、执法检查、集中视察等活动": a 专题调研 and a 集中视察 carry a
    group like an inspection (allowed, counted once per deputy and activity); an organ's report has none
    (refused, nothing written)."""
    w = world()
    research = services.item_add(plan=w.plan, kind=K.RESEARCH, title="供热工作专题调研", actor=w.staff)
    visit = services.item_add(plan=w.plan, kind=K.VISIT, title="特色产业集中视察", actor=w.staff)
    invited = [f.DeputyFactory(term=w.sc.term) for _ in range(3)]
    inspections.group_set(item=research, leader=w.members[0], members=w.members[1:2], invited=invited, actor=w.staff)
    inspections.group_set(item=visit, leader=w.members[0], members=[], invited=invited[:2], actor=w.staff)
    rows = selectors.activity_participations(
        congress_id=w.staff.congress_id, start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    assert rows.count() == 5 + 3
    assert sorted(
        selectors.deputy_activities(invited[0], date(2026, 1, 1), date(2026, 12, 31)).values_list(
            "item__kind", flat=True
        )
    ) == ["research", "visit"]
    report = services.item_add(plan=w.plan, kind=K.SPECIAL_REPORT, title="专项工作报告", organ=w.organ, actor=w.staff)
    with pytest.raises(RuleViolation) as exc:
        inspections.group_set(item=report, leader=w.members[0], members=[], invited=invited, actor=w.staff)
    assert exc.value.code == "invalid_choice"
    assert not report.group.exists()
    assert "group" not in perms.item_actions(w.staff, report)
    assert "group" in perms.item_actions(w.staff, visit)


def test_the_group_act_is_named_for_the_kind_of_group_on_the_timeline(django_assert_num_queries):
    """A 专题调研's timeline says 确定调研组成员 and a 集中视察's 确定视察组成员, not 执法检查组 (was: every group act
    read 确定执法检查组成员); an inspection keeps its own name. Listed through ``item.events`` the item is not
    fetched again per event."""
    w = world()
    names = {}
    for kind, title in ((K.RESEARCH, "供热工作专题调研"), (K.VISIT, "特色产业集中视察"), (K.INSPECTION, "执法检查")):
        law = "大气污染防治法" if kind == K.INSPECTION else ""
        item = services.item_add(plan=w.plan, kind=kind, title=title, law_title=law, actor=w.staff)
        inspections.group_set(item=item, leader=w.members[0], members=w.members[1:2], invited=[], actor=w.staff)
        item = OversightItem.objects.get(pk=item.pk)
        events = list(item.events.filter(action="group"))
        with django_assert_num_queries(0):
            names[kind] = [e.action_label for e in events]
    assert names == {
        K.RESEARCH: ["确定调研组成员"],
        K.VISIT: ["确定视察组成员"],
        K.INSPECTION: ["确定执法检查组成员"],
    }
