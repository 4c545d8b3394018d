"""Oversight rules added after the first build (RULES.md §9): M3 views before the hearing, M4 the late
flag, M7 resolutions' implementation reports, M8 what follows a handling report, M10 vs L7 (the poll
and the item agree), M12/M14/M24 the periods by province, M15 the organs' officials present, M23 the
yearly check. Each test has an allowed and a forbidden or boundary case."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.meetings import services as ms
from renda.meetings.models import AgendaItem
from renda.meetings.tests import factories as mf
from renda.organization.models import Congress, HandlingUnit
from renda.organization.tests import factories as f
from renda.oversight import conf, followup, inspections, selectors, services
from renda.oversight.models import Decision, OversightItem, PreHearingView
from renda.oversight.tests.helpers import heard, pdf, report_item, vote_satisfaction, world

pytestmark = pytest.mark.django_db
K = OversightItem.Kind
S = OversightItem.Status


def _henan(w) -> None:
    Congress.objects.filter(pk=w.staff.congress_id).update(region_code="410100")


def _handled(w) -> OversightItem:
    item = heard(w)
    services.opinions_send(item=item, text="审议意见", actor=w.staff, on=date(2026, 3, 25))
    services.handling_report_submit(item=item, file=pdf(), actor=w.officer, on=date(2026, 5, 20))
    return OversightItem.objects.get(pk=item.pk)


def test_m3_views_collected_before_the_hearing_and_sent_to_the_organ():
    w = world()
    item = report_item(w)
    with pytest.raises(RuleViolation):  # nothing collected yet
        followup.views_send(item=item, actor=w.staff)
    followup.view_add(
        item=item,
        source=PreHearingView.Source.INSPECTION,
        text="部分区县监测站点不足",
        collected_on=date(2026, 3, 1),
        participants=[w.members[0], f.DeputyFactory(term=w.sc.term)],
        actor=w.staff,
    )
    followup.views_send(item=item, actor=w.staff, on=date(2026, 3, 2))
    assert OversightItem.objects.get(pk=item.pk).views_sent_on == date(2026, 3, 2)
    with pytest.raises(RuleViolation) as exc:  # sent already: the organ answers what it got
        followup.view_add(item=item, source="deputies", text="再补充", collected_on=date(2026, 3, 3), actor=w.staff)
    assert exc.value.extra["rule"] == "M3"
    after = heard(w)  # once heard, views "before the hearing" are refused
    with pytest.raises(RuleViolation):
        followup.view_add(
            item=after, source="members", text="迟到的意见", collected_on=date(2026, 3, 22), actor=w.staff
        )
    research = services.item_add(plan=w.plan, kind=K.RESEARCH, title="调研", actor=w.staff)
    with pytest.raises(RuleViolation):
        followup.view_add(item=research, source="members", text="x", collected_on=date(2026, 3, 1), actor=w.staff)
    with pytest.raises(PermissionDeniedError):
        followup.views_send(item=item, actor=w.officer)


def test_m3_page_from_the_item():
    w = world()
    item = report_item(w)
    c = mf.client(w.staff)
    assert 'data-testid="action-prehearing_view"' in c.get(reverse("oversight:item", args=[item.pk])).content.decode()
    url = reverse("oversight:item-action", args=[item.pk, "prehearing_view"])
    r = c.post(url, {"source": "research", "collected_on": "2026-03-01", "text": "建议增加监测点"})
    assert r.status_code == 302 and item.prehearing_views.count() == 1
    bad = c.post(reverse("oversight:item-action", args=[item.pk, "views_send"]), {})
    assert bad.status_code == 302 and OversightItem.objects.get(pk=item.pk).views_sent_on


def test_m4_late_report_taken_and_flagged_boundary():
    w = world()
    on_time = report_item(w, hearing_on=date(2026, 4, 30))
    services.report_submit(item=on_time, file=pdf(), actor=w.officer, on=date(2026, 4, 10))  # exactly 20 days
    on_time.refresh_from_db()
    assert on_time.status == S.SUBMITTED and not on_time.report_late
    late = report_item(w, hearing_on=date(2026, 4, 30))
    services.report_submit(item=late, file=pdf(), actor=w.officer, on=date(2026, 4, 29))  # 1 day before
    late.refresh_from_db()
    assert late.status == S.SUBMITTED and late.report_late  # accepted, flagged
    page = mf.client(w.staff).get(reverse("oversight:item", args=[late.pk])).content.decode()
    assert 'data-testid="report-late"' in page


def _decision(w, **kw):
    base = dict(
        congress=w.staff.congress,
        kind=Decision.Kind.RESOLUTION,
        title="关于环境状况报告的决议",
        text="正文",
        meeting=w.meeting,
        adopted_on=date(2026, 3, 21),
        actor=w.staff,
    )
    return inspections.decision_adopt(**{**base, **kw})


def test_m7_resolution_implementation_report_due_late_and_overdue_board():
    w = world()
    with pytest.raises(RuleViolation) as exc:  # the resolution names an organ but sets no deadline
        _decision(w, organ=w.organ)
    assert exc.value.extra["rule"] == "M7"
    d = _decision(w, organ=w.organ, report_due_on=date(2026, 6, 30))
    cid = w.staff.congress_id
    assert list(selectors.overdue_decisions(cid, date(2026, 6, 30))) == []  # the due day: not overdue
    assert list(selectors.overdue_decisions(cid, date(2026, 7, 1))) == [d]
    other = f.UserFactory(
        role="unit_officer", congress=w.staff.congress, handling_unit=f.HandlingUnitFactory(congress=w.staff.congress)
    )
    with pytest.raises(PermissionDeniedError):
        followup.implementation_report_submit(decision=d, file=pdf(), actor=other)
    report = followup.implementation_report_submit(decision=d, file=pdf(), actor=w.officer, on=date(2026, 7, 1))
    assert report.late and report.due_on == date(2026, 6, 30)
    assert list(selectors.overdue_decisions(cid, date(2026, 7, 2))) == []
    with pytest.raises(RuleViolation):  # once
        followup.implementation_report_submit(decision=d, file=pdf(), actor=w.officer)
    no_organ = _decision(w, title="没有执行机关的决定")
    with pytest.raises(RuleViolation):
        followup.implementation_report_submit(decision=no_organ, file=pdf(), actor=w.staff)


def test_m7_organ_reports_from_its_page_and_the_board_shows_overdue():
    w = world()
    d = _decision(w, organ=w.organ, report_due_on=date(2026, 3, 31))
    c = mf.client(w.officer)
    url = reverse("oversight:implementation-report", args=[d.pk])
    assert url in c.get(reverse("oversight:mine")).content.decode()
    staff_board = mf.client(w.staff).get(reverse("oversight:overdue")).content.decode()
    assert d.title in staff_board  # due 2026-03-31: past today
    bad = c.post(url, {"file": pdf("x.txt")})
    assert bad.status_code == 200 and not d.implementation_reports.exists()
    assert c.post(url, {"file": pdf()}).status_code == 302 and d.implementation_reports.get().late
    assert mf.client(mf.f.UserFactory(role="citizen")).get(url).status_code == 403


def test_m8_handling_report_put_to_deliberation_only_once_it_exists():
    w = world()
    pending = heard(w)
    services.opinions_send(item=pending, text="审议意见", actor=w.staff, on=date(2026, 3, 25))
    with pytest.raises(RuleViolation) as exc:
        followup.handling_deliberate(item=pending, meeting=w.meeting, actor=w.staff)
    assert exc.value.extra["rule"] == "M8"
    item = _handled(w)
    agenda = followup.handling_deliberate(item=item, meeting=w.meeting, actor=w.staff)
    assert agenda.meeting == w.meeting and agenda.kind == AgendaItem.Kind.REPORT
    assert OversightItem.objects.get(pk=item.pk).handling_agenda_item == agenda
    with pytest.raises(RuleViolation):
        followup.handling_deliberate(item=item, meeting=w.meeting, actor=w.staff)
    with pytest.raises(RuleViolation):  # the Council's meeting is not a Standing Committee deliberation
        followup.handling_deliberate(item=_handled(w), meeting=w.council, actor=w.staff)


def test_m8_supplement_and_follow_up_oversight():
    w = world()
    item = _handled(w)
    with pytest.raises(RuleViolation):  # a due date in the past
        followup.supplement_request(item=item, due_on=date(2026, 5, 1), note="补充", actor=w.staff, on=date(2026, 6, 1))
    followup.supplement_request(
        item=item, due_on=date(2026, 7, 1), note="补充监测数据", actor=w.staff, on=date(2026, 6, 1)
    )
    item.refresh_from_db()
    assert item.status == S.OPINIONS_SENT and item.handling_due_on == date(2026, 7, 1)
    with pytest.raises(InvalidTransition):  # no handling report pending acceptance any more
        followup.supplement_request(
            item=item, due_on=date(2026, 8, 1), note="再补充", actor=w.staff, on=date(2026, 6, 2)
        )
    planned = report_item(w)
    with pytest.raises(RuleViolation):  # not heard yet
        followup.follow_up_add(item=planned, title="跟踪", actor=w.staff)
    new = followup.follow_up_add(item=item, title="环境状况跟踪监督", actor=w.staff)
    assert new.follows == item and new.organ == w.organ and new.kind == item.kind and new.status == S.PLANNED


def _inspection_heard(w, *, on: date = date(2026, 3, 21)) -> OversightItem:
    item = services.item_add(
        plan=w.plan,
        kind=K.INSPECTION,
        title="环境保护法执法检查",
        law_title="中华人民共和国环境保护法",
        inspection_starts_on=date(2026, 2, 1),
        actor=w.staff,
        organ=w.organ,
    )
    inspections.plan_send(item=item, actor=w.staff, on=date(2026, 1, 1))
    inspections.visit_add(item=item, visited_on=date(2026, 2, 2), place="某区", form="field", actor=w.staff)
    inspections.inspection_report(item=item, assessment="评价", law_suggestions="建议", actor=w.staff)
    services.item_review(item=item, note="同意", actor=w.staff)
    services.item_hear(item=item, meeting=w.meeting, reporter="", actor=w.staff, on=on)
    return OversightItem.objects.get(pk=item.pk)


def test_m14_inspection_opinions_within_ten_days_of_the_session_closing():
    w = world()
    item = _inspection_heard(w)
    late = _inspection_heard(w)
    ms.meeting_close(
        meeting=w.meeting, actor=w.staff, at=timezone.make_aware(datetime(2026, 3, 23, 17))
    )  # the session closes two days after the hearing
    assert services.session_closed_on(item) == date(2026, 3, 23)
    services.opinions_send(item=item, text="审议意见", actor=w.staff, on=date(2026, 4, 2))  # 10 days after
    item.refresh_from_db()
    assert "晚于" not in item.events.get(action="send_opinions").note
    assert item.handling_due_on == date(2026, 7, 2)  # M14: 3 months
    services.opinions_send(item=late, text="审议意见", actor=w.staff, on=date(2026, 4, 3))  # 11 days after
    assert "晚于10日" in late.events.get(action="send_opinions").note


def test_m15_responsible_officials_of_the_organs_present_answer():
    w = world()
    item = services.item_add(plan=w.plan, kind=K.SPECIAL_INQUIRY, title="医改工作专题询问", actor=w.staff)
    head = followup.attendance_add(item=item, organ=w.organ, name="王某", post="局长", is_head=True, actor=w.staff)
    enterprise = f.HandlingUnitFactory(congress=w.staff.congress, kind=HandlingUnit.Kind.ENTERPRISE)
    with pytest.raises(RuleViolation) as exc:
        followup.attendance_add(item=item, organ=enterprise, name="李某", post="经理", is_head=True, actor=w.staff)
    assert exc.value.extra["rule"] == "M15"
    with pytest.raises(RuleViolation):  # attendance recorded: the answer must come from someone present
        inspections.question_add(item=item, asker=w.members[0], question="进展？", official="某人", actor=w.staff)
    other = services.item_add(plan=w.plan, kind=K.SPECIAL_INQUIRY, title="另一询问", actor=w.staff)
    stranger = followup.attendance_add(
        item=other, organ=w.organ, name="赵某", post="副局长", is_head=False, actor=w.staff
    )
    with pytest.raises(RuleViolation):
        inspections.question_add(
            item=item, asker=w.members[0], question="进展？", official="", attendee=stranger, actor=w.staff
        )
    q = inspections.question_add(
        item=item, asker=w.members[0], question="进展？", official="", attendee=head, actor=w.staff
    )
    assert q.attendee == head and q.official == "市生态环境局局长 王某"


def test_m23_yearly_check_shows_the_missing_reports():
    w = world()
    services.item_add(plan=w.plan, kind=K.STATE_ASSETS, title="国有资产管理情况报告", organ=w.organ, actor=w.staff)
    cid = w.staff.congress_id
    missing = {r.kind for r in selectors.annual_missing(cid, 2026)}
    assert K.STATE_ASSETS not in missing and K.GOVERNMENT_DEBT in missing
    page = mf.client(w.staff).get(reverse("oversight:annual-check")).content.decode()
    assert 'data-testid="annual-missing"' in page and "政府债务管理情况报告" in page
    for kind, title, hearing in (
        (K.GOVERNMENT_DEBT, "政府债务管理情况报告", None),
        (K.FINAL_ACCOUNTS, "决算报告", date(2026, 6, 25)),
        (K.PLAN_BUDGET, "计划和预算执行情况", date(2026, 8, 25)),
    ):
        services.item_add(plan=w.plan, kind=kind, title=title, organ=w.organ, hearing_on=hearing, actor=w.staff)
    services.item_add(
        plan=w.plan,
        kind=K.AUDIT_RECTIFICATION,
        title="审计整改",
        organ=w.organ,
        audit_heard_on=date(2026, 6, 25),
        actor=w.staff,
    )
    assert [r.kind for r in selectors.annual_missing(cid, 2026)] == [K.FILING_REVIEW]  # M25's own test
    assert len(selectors.annual_missing(cid, 2027)) == 6  # a year without a plan lacks them all
    services.item_add(plan=w.plan, kind=K.FILING_REVIEW, title="备案审查工作情况报告", actor=w.staff)
    assert selectors.annual_missing(cid, 2026) == []
    page = mf.client(w.staff).get(reverse("oversight:annual-check") + "?year=2026").content.decode()
    assert 'data-testid="annual-complete"' in page


def test_m24_periods_default_and_henan():
    national = conf.periods("140200")
    henan = conf.periods("410100")
    assert (national.handling("plan_budget"), national.handover("plan_budget")) == (3, 7)
    assert (henan.handling("plan_budget"), henan.handover("plan_budget")) == (2, 10)
    assert henan.handling("special_report") == 3 and henan.notice_days == 10 and national.notice_days is None
    assert henan.handling("inspection") == 3 and henan.handover("inspection") == 10


def _plan_budget_heard(w) -> OversightItem:
    item = services.item_add(
        plan=w.plan,
        kind=K.PLAN_BUDGET,
        title="上半年计划和预算执行情况",
        organ=w.organ,
        hearing_on=date(2026, 6, 25),
        actor=w.staff,
    )
    services.report_submit(item=item, file=pdf(), actor=w.officer, on=date(2026, 6, 1))
    services.item_review(item=item, note="同意", actor=w.staff)
    services.item_hear(item=item, meeting=w.meeting, reporter="李局长", actor=w.staff, on=date(2026, 6, 25))
    return OversightItem.objects.get(pk=item.pk)


@pytest.mark.parametrize("province", ["national", "henan"])
def test_m24_budget_execution_clock_by_province(province):
    w = world()
    if province == "henan":
        _henan(w)
    item = _plan_budget_heard(w)
    services.opinions_send(item=item, text="审议意见", actor=w.staff, on=date(2026, 7, 4))  # 9 days after
    item.refresh_from_db()
    note = item.events.get(action="send_opinions").note
    if province == "henan":  # 10 days / 2 months (河南办法 第20条): 2026-09-04
        assert item.handling_due_on == date(2026, 9, 4) and "晚于" not in note
    else:  # 7 days / 3 months: 2026-10-04 falls in the National Day holiday → the next working day
        assert item.handling_due_on == date(2026, 10, 8) and "晚于7日" in note


@pytest.mark.parametrize("province", ["national", "henan"])
def test_m12_m24_inspection_notice_by_province(province):
    w = world()
    if province == "henan":
        _henan(w)
    item = services.item_add(
        plan=w.plan,
        kind=K.INSPECTION,
        title="执法检查",
        law_title="某法",
        inspection_starts_on=date(2026, 5, 1),
        actor=w.staff,
    )
    if province == "henan":
        with pytest.raises(RuleViolation):
            inspections.plan_send(item=item, actor=w.staff, on=date(2026, 4, 22))  # 9 days ahead
        inspections.plan_send(item=item, actor=w.staff, on=date(2026, 4, 21))  # 10 days: enough in Henan
    else:
        with pytest.raises(RuleViolation):
            inspections.plan_send(item=item, actor=w.staff, on=date(2026, 4, 21))  # 10 days: not a month
        inspections.plan_send(item=item, actor=w.staff, on=date(2026, 4, 1))
    assert OversightItem.objects.get(pk=item.pk).plan_sent_on


@pytest.mark.parametrize(
    ("grades", "verdict"),
    [
        (["satisfied"] * 5 + ["dissatisfied"] * 5, "测评通过"),  # L7 alone said 不满意 (50% not > 50%)
        (["dissatisfied"] * 6 + ["satisfied"] * 3 + ["abstain"], "测评不满意"),
    ],
)
def test_m10_poll_result_page_and_item_show_the_same_result(grades, verdict):
    w = world()
    item = heard(w)
    poll = vote_satisfaction(w, item, grades)
    option = poll.options.get()
    services.satisfaction_record(item=item, actor=w.staff)
    item.refresh_from_db()
    assert option.result_text == item.satisfaction_text == selectors.item_satisfaction(item).text
    assert verdict in option.result_text and option.passed == (not item.dissatisfied)
    c = mf.client(w.staff)
    poll_page = c.get(reverse("meetings:meeting-detail", args=[w.meeting.pk])).content.decode()
    item_page = c.get(reverse("oversight:item", args=[item.pk])).content.decode()
    assert option.result_text in poll_page and option.result_text in item_page


def test_api_m3_m7_m8_m15_follow_the_pages():
    w = world()
    staff = mf.api(w.staff)
    item = report_item(w)
    base = f"/api/oversight/items/{item.pk}"
    r = staff.post(
        f"{base}/prehearing-views/", {"source": "members", "collected_on": "2026-03-01", "text": "意见"}, format="json"
    )
    assert r.status_code == 201
    assert staff.post(f"{base}/views-send/").json()["views_sent_on"]
    assert staff.post(f"{base}/views-send/").status_code == 422  # sent already (M3)
    enterprise = f.HandlingUnitFactory(congress=w.staff.congress, kind=HandlingUnit.Kind.ENTERPRISE)
    r = staff.post(f"{base}/attendance/", {"organ": enterprise.pk, "name": "李某", "post": "经理"}, format="json")
    assert r.status_code == 422 and r.json()["code"]
    handled = _handled(w)
    url = f"/api/oversight/items/{handled.pk}"
    assert staff.post(f"{url}/handling-deliberate/", {"meeting": w.council.pk}, format="json").status_code == 422
    assert staff.post(f"{url}/handling-deliberate/", {"meeting": w.meeting.pk}, format="json").status_code == 200
    r = staff.post(f"{url}/follow-up/", {"title": "跟踪监督"}, format="json")
    assert r.status_code == 201 and r.json()["follows"] == handled.pk
    assert mf.api(w.officer).post(f"{url}/follow-up/", {"title": "x"}, format="json").status_code == 403
    d = _decision(w, organ=w.organ, report_due_on=date(2026, 6, 30))
    path = f"/api/oversight/decisions/{d.pk}/implementation-report/"
    assert mf.api(mf.f.UserFactory(role="citizen")).post(path, {"file": pdf()}, format="multipart").status_code == 404
    r = mf.api(w.officer).post(path, {"file": pdf()}, format="multipart")
    assert r.status_code == 201 and r.json()["due_on"] == "2026-06-30"


def test_m8_m15_steps_through_the_item_page():
    w = world()
    item = _handled(w)
    c = mf.client(w.staff)
    page = c.get(reverse("oversight:item", args=[item.pk])).content.decode()
    for action in ("handling_deliberate", "supplement", "follow_up", "attendance"):
        assert f'data-testid="action-{action}"' in page
    act = lambda a: reverse("oversight:item-action", args=[item.pk, a])  # noqa: E731
    bad = c.post(act("supplement"), {"due_on": "2020-01-01", "note": "补充"})
    assert bad.status_code == 200 and "补充报告期限须晚于今天" in bad.content.decode()
    assert OversightItem.objects.get(pk=item.pk).status == S.HANDLED  # a refusal changes nothing
    assert c.post(act("handling_deliberate"), {"meeting": w.meeting.pk}).status_code == 302
    assert c.post(act("follow_up"), {"title": "环境状况跟踪监督"}).status_code == 302
    r = c.post(act("attendance"), {"organ": w.organ.pk, "name": "张某", "post": "局长", "is_head": "on"})
    assert r.status_code == 302 and item.attendance.get().is_head
    follow = OversightItem.objects.get(follows=item)
    assert (
        reverse("oversight:item", args=[follow.pk]) in c.get(reverse("oversight:item", args=[item.pk])).content.decode()
    )
    assert mf.client(w.officer).get(act("follow_up")).status_code == 403
