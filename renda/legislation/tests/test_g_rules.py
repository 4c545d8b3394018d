"""The draft regulation's course, one test per RULES.md §8 rule: an allowed and a forbidden or boundary case."""

from __future__ import annotations

from datetime import date

import pytest

from renda.core.exceptions import RuleViolation
from renda.legislation import services
from renda.legislation.models import Draft, DraftEvent, Reading
from renda.legislation.tests import factories as lf
from renda.legislation.workflow import Status
from renda.meetings import services as ms
from renda.meetings.models import AgendaItem, Poll
from renda.meetings.tests import factories as mf
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def test_g1_subject_must_be_one_of_the_city_matters():
    # allowed: 生态文明建设
    w = lf.world()
    assert w.draft.subject == Draft.Subject.ECOLOGY
    # forbidden: a subject outside G1, and 法律另有规定 without its citation
    with pytest.raises(RuleViolation) as err:
        services.draft_create(congress=w.draft.congress, title="某市税收条例", subject="tax", actor=w.staff)
    assert err.value.code == "invalid_subject"
    with pytest.raises(RuleViolation) as err:
        services.draft_create(congress=w.draft.congress, title="某条例", subject=Draft.Subject.OTHER_LAW, actor=w.staff)
    assert err.value.code == "basis_required"
    ok = services.draft_create(
        congress=w.draft.congress,
        title="某条例",
        subject=Draft.Subject.OTHER_LAW,
        subject_basis="《某法》第十条",
        actor=w.staff,
    )
    assert ok.subject_basis == "《某法》第十条"


@pytest.mark.parametrize("proposer", [Draft.Proposer.COURT, Draft.Proposer.PROCURATORATE, Draft.Proposer.SUPERVISORY])
def test_g6_court_procuratorate_and_supervisory_commission_may_not_submit(proposer):
    w = lf.world()
    with pytest.raises(RuleViolation) as err:
        services.draft_submit(draft=w.draft, proposer=proposer, actor=w.staff, submitted_on=date(2026, 1, 10))
    assert err.value.code == "proposer_not_allowed"
    w.draft.refresh_from_db()
    assert w.draft.status == Status.DRAFTING


def test_g6_five_members_jointly_may_submit_four_may_not():
    w = lf.world()
    with pytest.raises(RuleViolation):
        services.draft_submit(
            draft=w.draft, proposer=Draft.Proposer.MEMBERS, co_signers=4, actor=w.staff, submitted_on=date(2026, 1, 10)
        )
    d = services.draft_submit(
        draft=w.draft, proposer=Draft.Proposer.MEMBERS, co_signers=5, actor=w.staff, submitted_on=date(2026, 1, 10)
    )
    assert d.status == Status.SUBMITTED
    assert DraftEvent.objects.filter(draft=d, to_status=Status.SUBMITTED).count() == 1


def test_g7_government_draft_thirty_days_before_the_meeting():
    # the meetings are on 2026-03-21: submitted 2026-02-20 is 29 days before — refused
    w = lf.world()
    lf.submitted(w, proposer=Draft.Proposer.GOVERNMENT, on=date(2026, 2, 20))
    with pytest.raises(RuleViolation) as err:
        services.reading_schedule(draft=w.draft, version=w.version, meeting=w.meeting(1), actor=w.staff)
    assert err.value.code == "lead_time"
    assert not Reading.objects.filter(draft=w.draft).exists()
    assert not AgendaItem.objects.filter(title__contains="河流").exists()
    # boundary: submitted 2026-02-19, exactly 30 days — allowed
    w2 = lf.world()
    lf.submitted(w2, proposer=Draft.Proposer.GOVERNMENT, on=date(2026, 2, 19))
    r = services.reading_schedule(draft=w2.draft, version=w2.version, meeting=w2.meeting(1), actor=w2.staff)
    assert r.number == 1 and r.agenda_item.kind == AgendaItem.Kind.BILL


def test_g7_draft_sent_to_members_seven_days_before():
    w = lf.world()
    lf.submitted(w)
    with pytest.raises(RuleViolation) as err:
        services.reading_schedule(
            draft=w.draft, version=w.version, meeting=w.meeting(1), actor=w.staff, sent_to_members_on=date(2026, 3, 15)
        )
    assert err.value.code == "member_lead_time"
    services.reading_schedule(
        draft=w.draft, version=w.version, meeting=w.meeting(2), actor=w.staff, sent_to_members_on=date(2026, 3, 14)
    )
    w.draft.refresh_from_db()
    assert w.draft.status == Status.IN_READING


def test_g4_no_reading_while_the_congress_is_in_session():
    w = lf.world()
    lf.submitted(w)
    f.SessionFactory(term=w.body.term, opening_date=date(2026, 3, 20), closing_date=date(2026, 3, 23))
    with pytest.raises(RuleViolation) as err:
        services.reading_schedule(draft=w.draft, version=w.version, meeting=w.meeting(1), actor=w.staff)
    assert err.value.code == "congress_in_session"


def _vote(w: lf.World, *, yes: int, present: int = 8) -> Poll:
    meeting = w.meeting(9)
    mf.check_in(meeting, present, actor=w.staff)
    poll = services.vote_schedule(draft=w.draft, meeting=meeting, actor=w.staff, method=Poll.Method.SHOW_OF_HANDS)
    ms.poll_open(poll=poll, actor=w.staff)
    ms.poll_enter_counts(poll=poll, counts={"yes": yes, "no": present - yes, "abstain": 0}, actor=w.staff)
    ms.poll_close(poll=poll, actor=w.staff, at=mf.STARTS)
    return poll


def test_g8_no_vote_before_the_required_readings():
    # default: two readings; after one the vote is refused and nothing is written
    w = lf.world()
    lf.submitted(w)
    lf.read(w, 1)
    assert w.draft.required_readings == 2
    with pytest.raises(RuleViolation) as err:
        services.vote_schedule(draft=w.draft, meeting=w.meeting(5), actor=w.staff)
    assert err.value.code == "readings_required"
    assert not Poll.objects.filter(item__title__contains="表决《").exists()
    # after the second reading (with the unified review report, G10) it is allowed
    services.reading_schedule(
        draft=w.draft, version=w.version, meeting=w.meeting(2), actor=w.staff, results_report="审议结果报告"
    )
    poll = services.vote_schedule(draft=w.draft, meeting=w.meeting(6), actor=w.staff)
    assert poll.pk and Draft.objects.get(pk=w.draft.pk).poll_id == poll.pk


def test_g9_one_reading_needs_the_council_decision_ground():
    w = lf.world()
    with pytest.raises(RuleViolation) as err:
        services.readings_set(draft=w.draft, required=1, ground="", actor=w.staff)
    assert err.value.code == "ground_required"
    with pytest.raises(RuleViolation):
        services.readings_set(draft=w.draft, required=4, ground="x", actor=w.staff)
    d = services.readings_set(
        draft=w.draft, required=1, ground="主任会议决定：只作部分修改，各方面意见比较一致", actor=w.staff
    )
    assert d.required_readings == 1
    lf.submitted(w)
    lf.read(w, 1)
    assert services.vote_schedule(draft=w.draft, meeting=w.meeting(5), actor=w.staff).pk


def test_g13_passes_with_more_than_half_of_all_members():
    # 10 members, 8 present: 6 yes passes
    w = lf.world()
    lf.submitted(w)
    lf.read(w, 2)
    _vote(w, yes=6)
    d = services.vote_record(draft=w.draft, actor=w.staff)
    assert d.status == Status.ADOPTED and d.adopted_on


def test_g13_half_of_all_members_is_not_enough_even_if_most_of_those_present():
    # 5 yes of 8 present is a majority of those present but not more than half of all 10 members
    w = lf.world()
    lf.submitted(w)
    lf.read(w, 2)
    _vote(w, yes=5)
    d = services.vote_record(draft=w.draft, actor=w.staff)
    assert d.status == Status.NOT_PASSED


def test_g3_special_major_matter_cannot_be_adopted_by_the_standing_committee():
    w = lf.world(major_matter=True)
    lf.submitted(w)
    lf.read(w, 2)
    with pytest.raises(RuleViolation) as err:
        services.vote_schedule(draft=w.draft, meeting=w.meeting(5), actor=w.staff)
    assert err.value.code == "congress_only"
    w2 = lf.world(major_matter=False)
    lf.submitted(w2)
    lf.read(w2, 2)
    assert services.vote_schedule(draft=w2.draft, meeting=w2.meeting(5), actor=w2.staff).pk


def test_g14_withdrawal_needs_reason_and_council_consent_and_not_after_the_vote():
    w = lf.world()
    lf.submitted(w)
    with pytest.raises(RuleViolation) as err:
        services.draft_withdraw(draft=w.draft, reason="情况发生变化", council_decision="", actor=w.staff)
    assert err.value.code == "consent_required"
    d = services.draft_withdraw(
        draft=w.draft, reason="情况发生变化", council_decision="第12次主任会议同意", actor=w.staff
    )
    assert d.status == Status.WITHDRAWN
    w2 = lf.world()
    lf.submitted(w2)
    lf.read(w2, 2)
    services.vote_schedule(draft=w2.draft, meeting=w2.meeting(5), actor=w2.staff)
    with pytest.raises(RuleViolation) as err:
        services.draft_withdraw(draft=w2.draft, reason="r", council_decision="c", actor=w2.staff)
    assert err.value.code == "vote_exists"


def _adopted(w: lf.World) -> Draft:
    lf.submitted(w)
    lf.read(w, 2)
    _vote(w, yes=7)
    return services.vote_record(draft=w.draft, actor=w.staff)


def test_g15_approval_clock_is_four_months_from_receipt():
    w = lf.world()
    d = _adopted(w)
    d = services.approval_request(draft=d, received_on=date(2026, 5, 31), actor=w.staff)
    # D1: 2026-05-31 + 4 months = 2026-09-30 (no 31 September)
    assert services.approval_due(d) == date(2026, 9, 30)
    d = services.approval_record(draft=d, approved_on=date(2026, 10, 1), approval_body="省人大常委会", actor=w.staff)
    assert d.status == Status.APPROVED
    assert "超过四个月期限" in DraftEvent.objects.filter(draft=d, to_status=Status.APPROVED).get().note


def test_g15_approval_before_the_request_is_refused():
    w = lf.world()
    d = services.approval_request(draft=_adopted(w), received_on=date(2026, 5, 1), actor=w.staff)
    with pytest.raises(RuleViolation):
        services.approval_record(draft=d, approved_on=date(2026, 4, 30), approval_body="省人大常委会", actor=w.staff)


def _approved(w: lf.World) -> Draft:
    d = services.approval_request(draft=_adopted(w), received_on=date(2026, 4, 1), actor=w.staff)
    return services.approval_record(
        draft=d, approved_on=date(2026, 5, 28), approval_body="某省人大常委会", actor=w.staff
    )


def test_g16_notice_without_its_required_fields_is_refused():
    w = lf.world()
    d = _approved(w)
    with pytest.raises(RuleViolation) as err:
        services.promulgate(draft=d, actor=w.staff, notice_number="第5号", promulgated_on=date(2026, 6, 5))
    assert err.value.code == "notice_incomplete"
    assert "制定机关" in err.value.message and "施行日期" in err.value.message
    d.refresh_from_db()
    assert d.status == Status.APPROVED
    d = services.promulgate(
        draft=d,
        actor=w.staff,
        enacting_body="某市人大常委会",
        notice_number="第5号",
        promulgated_on=date(2026, 6, 5),
        effective_on=date(2026, 9, 1),
    )
    assert d.status == Status.PROMULGATED and d.approval_body == "某省人大常委会"


def test_g18_filing_fifteen_days_after_publication_late_is_noted():
    w = lf.world()
    d = services.promulgate(
        draft=_approved(w),
        actor=w.staff,
        enacting_body="某市人大常委会",
        notice_number="第5号",
        promulgated_on=date(2026, 6, 5),
        effective_on=date(2026, 9, 1),
    )
    assert services.filing_due(d) == date(2026, 6, 20)
    assert services.npc_filing_due(d) == date(2026, 7, 5)
    d = services.file_record(draft=d, filed_on=date(2026, 6, 21), actor=w.staff)
    assert d.status == Status.FILED
    assert "逾期 1 日" in DraftEvent.objects.get(draft=d, to_status=Status.FILED).note
    w2 = lf.world()
    d2 = services.promulgate(
        draft=_approved(w2),
        actor=w2.staff,
        enacting_body="某市人大常委会",
        notice_number="第6号",
        promulgated_on=date(2026, 6, 5),
        effective_on=date(2026, 9, 1),
    )
    services.file_record(draft=d2, filed_on=date(2026, 6, 20), actor=w2.staff)
    assert "逾期" not in DraftEvent.objects.get(draft=d2, to_status=Status.FILED).note


def test_g20_annual_plan_item_submitted_late_needs_a_written_explanation():
    from renda.legislation.models import LegislativePlan, PlanItem

    w = lf.world()
    plan = LegislativePlan.objects.create(
        congress=w.draft.congress, kind="annual", year_from=2026, year_to=2026, title="2026年度立法计划"
    )
    item = PlanItem.objects.create(
        plan=plan, title="某条例", stage="formal", proposer="市人民政府", submission_due=date(2026, 5, 1)
    )
    # on the planned date: no explanation needed
    assert services.plan_item_submitted(item=item, submitted_on=date(2026, 5, 1), actor=w.staff).late_explanation == ""
    # one day late: refused without the written explanation, kept with it
    with pytest.raises(RuleViolation) as err:
        services.plan_item_submitted(item=item, submitted_on=date(2026, 5, 2), actor=w.staff)
    assert err.value.code == "explanation_required"
    done = services.plan_item_submitted(
        item=item, submitted_on=date(2026, 5, 2), actor=w.staff, explanation="联席会议推迟，已书面说明"
    )
    assert done.late_explanation == "联席会议推迟，已书面说明"
    five = LegislativePlan.objects.create(
        congress=w.draft.congress, kind="five_year", year_from=2026, year_to=2030, title="规划"
    )
    research = PlanItem.objects.create(plan=five, title="调研", stage="research", proposer="法工委")
    with pytest.raises(RuleViolation):
        services.plan_item_submitted(item=research, submitted_on=date(2026, 5, 2), actor=w.staff)


def test_g10_last_reading_needs_the_unified_review_report_before_the_vote():
    w = lf.world()
    lf.submitted(w)
    services.reading_schedule(draft=w.draft, version=w.version, meeting=w.meeting(1), actor=w.staff)
    services.reading_schedule(draft=w.draft, version=w.version, meeting=w.meeting(2), actor=w.staff)
    with pytest.raises(RuleViolation) as err:
        services.vote_schedule(draft=w.draft, meeting=w.meeting(5), actor=w.staff)
    assert err.value.code == "results_report_required"
    # a third reading with the 法制委员会's report: the vote may be put
    services.reading_schedule(
        draft=w.draft, version=w.version, meeting=w.meeting(3), actor=w.staff, results_report="审议结果报告"
    )
    assert services.vote_schedule(draft=w.draft, meeting=w.meeting(6), actor=w.staff).pk
