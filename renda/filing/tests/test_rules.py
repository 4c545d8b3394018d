"""Filing review by rule id (RULES.md F1–F5, G21; D2 working days): each an allowed and a forbidden or
boundary case."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.filing import clocks, permissions, selectors, services, suggestions
from renda.filing.events import Action
from renda.filing.models import FilingDocument
from renda.filing.tests.conftest import file_doc, in_review
from renda.filing.workflow import DocStatus, SuggestionStatus

pytestmark = pytest.mark.django_db


def _clock(doc, rule, label_part, today):
    return next(c for c in clocks.clocks(doc, today) if c.rule == rule and label_part in c.label)


# F1 --------------------------------------------------------------------------------------------
def test_f1_filing_on_day_30_is_on_time(officer, organ):
    doc = file_doc(officer, organ, published=date(2026, 3, 1), received=date(2026, 3, 31))
    assert not clocks.is_late(doc.published_on, doc.received_on)
    assert doc.events.get().action == Action.RECEIVED
    assert doc.status == DocStatus.RECEIVED


def test_f1_filing_on_day_31_is_flagged_late_and_still_accepted(officer, organ, staff):
    doc = file_doc(officer, organ, published=date(2026, 3, 1), received=date(2026, 4, 1))
    assert clocks.is_late(doc.published_on, doc.received_on)
    assert doc.events.get().action == Action.RECEIVED_LATE
    services.document_step(doc=doc, actor=staff, step="formal_pass", on=date(2026, 4, 2))
    assert doc.status == DocStatus.FILED
    assert [d.pk for d in selectors.figure_records("late", 2026)] == [doc.pk]


def test_f1_filing_before_publication_is_refused(officer, organ):
    with pytest.raises(RuleViolation):
        file_doc(officer, organ, published=date(2026, 3, 10), received=date(2026, 3, 9))
    assert not FilingDocument.objects.exists()


def test_f1_officer_files_only_for_own_organ(officer, dept):
    with pytest.raises(PermissionDeniedError):
        file_doc(officer, dept)


# F2 / G21 --------------------------------------------------------------------------------------
def test_f2_document_of_organ_out_of_scope_is_returned_not_filed(staff, dept):
    doc = file_doc(staff, dept)
    with pytest.raises(RuleViolation) as exc:
        services.document_step(doc=doc, actor=staff, step="formal_pass")
    assert exc.value.extra["rule"] == "F2"
    services.document_step(doc=doc, actor=staff, step="return", note="市政府工作部门文件报市政府备案")
    assert doc.status == DocStatus.RETURNED


def test_f2_document_in_scope_cannot_be_returned_at_intake(staff, organ):
    doc = file_doc(staff, organ)
    with pytest.raises(RuleViolation):
        services.document_step(doc=doc, actor=staff, step="return", note="x")
    doc.refresh_from_db()
    assert doc.status == DocStatus.RECEIVED


def test_g21_government_rules_are_filed_within_30_days(staff, organ):
    doc = services.document_file(
        actor=staff,
        organ=organ,
        title="规章",
        number="令第1号",
        kind=FilingDocument.Kind.RULES,
        published_on=date(2026, 5, 1),
        received_on=date(2026, 6, 1),
        text="第一条 内容。",
    )
    assert clocks.is_late(doc.published_on, doc.received_on)  # day 31
    assert not clocks.is_late(date(2026, 5, 2), date(2026, 6, 1))  # day 30


# F3 --------------------------------------------------------------------------------------------
def test_f3_formal_check_due_on_5th_working_day_across_national_day(staff, organ):
    # received 2026-09-30; 10-01..10-07 holiday, 10-10 (Sat) a make-up working day (D6):
    # 10-08, 10-09, 10-10, 10-12, 10-13 → due 2026-10-13 (calendar counting would say 10-05).
    doc = file_doc(staff, organ, published=date(2026, 9, 20), received=date(2026, 9, 30))
    c = _clock(doc, "F3", "形式审查", date(2026, 10, 13))
    assert c.due == date(2026, 10, 13)
    assert c.running and not c.overdue
    assert _clock(doc, "F3", "形式审查", date(2026, 10, 14)).overdue
    assert [x[0].pk for x in selectors.overdue_board(viewer=staff, today=date(2026, 10, 14))] == [doc.pk]
    assert selectors.overdue_board(viewer=staff, today=date(2026, 10, 13)) == []


def test_f3_materials_supplied_on_10th_working_day_accepted(staff, officer, organ):
    doc = file_doc(officer, organ, published=date(2026, 9, 20), received=date(2026, 9, 28))
    services.document_step(doc=doc, actor=staff, step="request_materials", note="缺少起草说明", on=date(2026, 9, 30))
    assert clocks.materials_due(doc) == date(2026, 10, 20)
    services.document_step(doc=doc, actor=officer, step="supply", note="已补起草说明", on=date(2026, 10, 20))
    assert doc.status == DocStatus.RECEIVED
    # the formal check runs again from the day the materials came in
    assert _clock(doc, "F3", "形式审查", date(2026, 10, 20)).due == date(2026, 10, 27)


def test_f3_materials_after_10_working_days_refused_then_returned(staff, officer, organ):
    doc = file_doc(officer, organ, published=date(2026, 9, 20), received=date(2026, 9, 28))
    services.document_step(doc=doc, actor=staff, step="request_materials", note="缺少起草说明", on=date(2026, 9, 30))
    with pytest.raises(RuleViolation) as exc:
        services.document_step(doc=doc, actor=officer, step="supply", note="补", on=date(2026, 10, 21))
    assert exc.value.extra["rule"] == "F3"
    doc.refresh_from_db()
    assert doc.status == DocStatus.MATERIALS
    with pytest.raises(RuleViolation):  # not before the period ends
        services.document_step(doc=doc, actor=staff, step="return", note="未补正", on=date(2026, 10, 20))
    services.document_step(doc=doc, actor=staff, step="return", note="逾期未补正", on=date(2026, 10, 21))
    assert doc.status == DocStatus.RETURNED


# F4 --------------------------------------------------------------------------------------------
def test_f4_citizen_suggestion_starts_review_on_request(staff, organ, congress):
    doc = file_doc(staff, organ)
    services.document_step(doc=doc, actor=staff, step="formal_pass")
    s = suggestions.suggestion_submit(
        congress=congress, name="王某", phone="13912345678", document_title=doc.title, reasons="罚款无依据"
    )
    assert len(s.tracking_code) == 10
    suggestions.suggestion_accept(suggestion=s, actor=staff, document=doc)
    doc.refresh_from_db()
    assert (s.status, doc.status, doc.review_kind) == (SuggestionStatus.ACCEPTED, DocStatus.REVIEWING, "suggestion")
    assert suggestions.suggestion_by_code(s.tracking_code.lower()).pk == s.pk


def test_f4_suggestion_cannot_link_a_document_not_yet_filed(staff, organ, congress):
    doc = file_doc(staff, organ)
    s = suggestions.suggestion_submit(congress=congress, name="王某", phone="", document_title="x", reasons="y")
    with pytest.raises(RuleViolation):
        suggestions.suggestion_accept(suggestion=s, actor=staff, document=doc)
    s.refresh_from_db()
    assert s.status == SuggestionStatus.RECEIVED


def test_f4_committee_opinion_within_30_days(staff, organ, congress):
    from renda.organization.models import Body
    from renda.organization.tests import factories as org

    committee = org.BodyFactory(kind=Body.Kind.SPECIAL_COMMITTEE)
    doc = in_review(staff, organ)
    services.document_ask_committee(doc=doc, actor=staff, committee=committee, on=date(2026, 4, 1))
    assert _clock(doc, "F4", "", date(2026, 5, 1)).due == date(2026, 5, 1)
    assert not _clock(doc, "F4", "", date(2026, 5, 1)).overdue
    assert _clock(doc, "F4", "", date(2026, 5, 2)).overdue
    services.document_committee_opinion(doc=doc, actor=staff, text="建议与制定机关沟通", on=date(2026, 4, 20))
    assert not _clock(doc, "F4", "", date(2026, 5, 2)).running


# F5 --------------------------------------------------------------------------------------------
def test_f5_consult_suspend_correct_and_feedback(staff, organ, congress, officer):
    doc = file_doc(officer, organ)
    services.document_step(doc=doc, actor=staff, step="formal_pass")
    s = suggestions.suggestion_submit(congress=congress, name="王某", phone="", document_title=doc.title, reasons="x")
    suggestions.suggestion_accept(suggestion=s, actor=staff, document=doc)
    with pytest.raises(RuleViolation):  # feedback only once the review is finished
        suggestions.suggestion_answer(suggestion=s, actor=staff, feedback="结果")
    services.document_step(doc=doc, actor=staff, step="consult", note="第五条罚款无依据")
    services.document_issuer_reply(doc=doc, actor=officer, text="同意修改")
    services.document_step(doc=doc, actor=staff, step="suspend", note="书面承诺修改")
    services.document_step(doc=doc, actor=staff, step="corrected", note="已删除第五条")
    suggestions.suggestion_answer(suggestion=s, actor=staff, feedback="制定机关已纠正")
    assert (doc.status, s.status) == (DocStatus.ENDED, SuggestionStatus.ANSWERED)
    assert list(doc.events.values_list("action", flat=True)) == [
        "received",
        "formal_pass",
        "start_review",
        "consult",
        "issuer_reply",
        "suspend",
        "corrected",
    ]


def test_f5_cannot_skip_from_consultation_to_no_problem(staff, organ):
    doc = in_review(staff, organ)
    services.document_step(doc=doc, actor=staff, step="consult", note="x")
    with pytest.raises(InvalidTransition):
        services.document_step(doc=doc, actor=staff, step="no_problem", note="x")


def test_f5_written_opinion_decided_by_council_not_by_the_organ(staff, organ, officer, supervisor):
    doc = in_review(staff, organ)
    services.document_step(doc=doc, actor=staff, step="consult", note="x")
    services.document_step(doc=doc, actor=staff, step="propose_opinion", note="未纠正")
    with pytest.raises(PermissionDeniedError):
        services.document_step(doc=doc, actor=officer, step="council_approve", note="x")
    services.document_step(doc=doc, actor=supervisor, step="council_approve", note="主任会议同意", on=date(2026, 6, 1))
    assert doc.status == DocStatus.OPINION_ISSUED and doc.opinion_issued_on == date(2026, 6, 1)


def test_f5_response_period_is_a_setting(staff, organ, settings):
    settings.RENDA = {**settings.RENDA, "FILING": {"response_months": 1}}  # Beijing: 30 days
    doc = in_review(staff, organ)
    for step in ("consult", "propose_opinion"):
        services.document_step(doc=doc, actor=staff, step=step, note="x")
    services.document_step(doc=doc, actor=staff, step="council_approve", note="x", on=date(2026, 6, 1))
    assert _clock(doc, "F5", "", date(2026, 7, 1)).due == date(2026, 7, 1)


def test_f5_refused_step_writes_nothing(staff, organ):
    doc = in_review(staff, organ)
    before = doc.events.count()
    with pytest.raises(RuleViolation):
        services.document_step(doc=doc, actor=staff, step="consult", note="")
    doc.refresh_from_db()
    assert doc.events.count() == before and doc.status == DocStatus.REVIEWING


def test_f5_annual_figures_count_the_ladder(staff, organ):
    doc = in_review(staff, organ, received=date(2026, 3, 20))
    services.document_step(doc=doc, actor=staff, step="consult", note="x", on=date(2026, 4, 1))
    services.document_step(doc=doc, actor=staff, step="corrected", note="x", on=date(2026, 5, 1))
    figs = {k: v for k, _l, v in selectors.annual_figures(2026)}
    assert figs["filed"] == 1 and figs["problems"] == 1 and figs["corrected"] == 1 and figs["opinions"] == 0
    assert {k: v for k, _l, v in selectors.annual_figures(2025)}["filed"] == 0


def test_dates_in_future_refused(staff, organ):
    doc = in_review(staff, organ)
    with pytest.raises(RuleViolation):
        services.document_step(doc=doc, actor=staff, step="no_problem", on=date.today() + timedelta(days=2))


def test_f3_organ_officers_are_told_of_missing_materials(staff, officer, organ, django_capture_on_commit_callbacks):
    from renda.core.models import Notification

    doc = file_doc(officer, organ)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_step(doc=doc, actor=staff, step="request_materials", note="缺少起草说明")
    n = Notification.objects.get(recipient=officer)
    assert "补正" in n.text and n.link == f"/filing/{doc.pk}/"


def test_f5_council_sends_back_only_a_proposed_opinion(staff, organ, supervisor):
    # found on the reviewer's page: 主任会议退回继续沟通 was offered on a document merely under review
    doc = in_review(staff, organ)
    assert "council_return" not in permissions.allowed_actions(supervisor, doc)
    with pytest.raises(InvalidTransition):
        services.document_step(doc=doc, actor=supervisor, step="council_return", note="x")
    doc.refresh_from_db()
    assert doc.status == DocStatus.REVIEWING and doc.council_decided_on is None
    services.document_step(doc=doc, actor=staff, step="consult", note="x")
    services.document_step(doc=doc, actor=staff, step="propose_opinion", note="未纠正")
    assert "council_return" in permissions.allowed_actions(supervisor, doc)
    services.document_step(doc=doc, actor=supervisor, step="council_return", note="继续沟通")
    assert doc.status == DocStatus.CONSULTING
