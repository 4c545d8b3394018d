"""Browser: staff plan a law-enforcement inspection → the group with 2 invited deputies visits and reports
→ the report is read at a Standing Committee meeting and put to a satisfaction vote → 不满意 → the
organ's rectification report is late, the organ is urged, the report arrives (marked late) → accepted.
Every staff and organ step is a click from the role's menu; the members' secret ballots are cast
through the meetings service (the voting page is the meetings app's, covered by its own browser test).
Time passing (the rectification period running out) is the one database edit. Screenshots at 1366 px
and 390 px go to ``artifacts/screens/``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from renda.core.documents import blank_pdf
from renda.meetings import ballots
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, User
from renda.organization.tests import factories as f
from renda.oversight import services
from renda.oversight.models import HandlingReport, InspectionMember, OversightItem
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _shots(pg, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        pg.set_viewport_size({"width": width, "height": 900})
        pg.screenshot(path=str(SCREENS / f"oversight-{name}-{width}.png"), full_page=True)
    pg.set_viewport_size({"width": 1366, "height": 900})


def _menu(pg, label: str) -> None:
    group = pg.locator("nav.mainnav summary:text-is('监督与任免')")
    if group.count():
        group.first.click()
    pg.click(f"nav.mainnav a:text-is('{label}')")


def _step(pg, action: str) -> None:
    pg.click(f"[data-testid=action-{action}]")


def test_inspection_to_satisfaction_vote_rectification_late_urged_and_accepted(browser, live_server, tmp_path):
    # given staff with a 2026 plan, a Standing Committee of 10 in session, the organ and its officer, 2 deputies
    staff = mf.staff(username="ov_staff")
    term = staff.congress.terms.get()
    sc = mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=10, term=term)
    meeting = mf.meeting_of(sc, actor=staff)
    members = mf.members(meeting)
    organ = f.HandlingUnitFactory(congress=staff.congress, name="市城市管理局")
    officer = f.UserFactory(
        role=User.Role.UNIT_OFFICER, congress=staff.congress, handling_unit=organ, username="ov_unit"
    )
    invited = [f.DeputyFactory(term=term, name=n) for n in ("王代表", "李代表")]
    services.plan_create(congress=staff.congress, year=2026, title="2026年度监督工作计划", actor=staff)
    today = timezone.localdate()
    starts = today + timedelta(days=40)
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(20000)

    # when staff plan the inspection from the menu
    login(pg, staff.username, f.TEST_PASSWORD)
    _menu(pg, "监督工作")
    pg.click("[data-testid=item-new]")
    pg.select_option("[name=kind]", "inspection")
    pg.fill("[name=title]", "《文明行为促进条例》执法检查")
    pg.select_option("[name=organ]", str(organ.pk))
    pg.fill("[name=inspection_starts_on]", str(starts))
    pg.click("[data-testid=form-submit]")
    assert "执法检查须写明检查的法律法规" in pg.locator("[data-testid=form-error]").inner_text()
    pg.fill("[name=law_title]", "文明行为促进条例")
    pg.fill("[name=articles]", "第五条、第十八条")
    pg.click("[data-testid=form-submit]")
    item = OversightItem.objects.get(kind="inspection")
    # and set the group: a leader, two members, two invited deputies
    _step(pg, "group")
    pg.select_option("[name=leader]", str(members[0].pk))
    pg.select_option("[name=members]", [str(members[1].pk), str(members[2].pk)])
    pg.select_option("[name=invited]", [str(d.pk) for d in invited])
    pg.click("[data-testid=form-submit]")
    assert item.group.filter(role=InspectionMember.Role.INVITED_DEPUTY).count() == 2
    # and send the plan to the organ a month ahead (M12), then record two visits and the report (M13)
    _step(pg, "plan_sent")
    pg.click("[data-testid=form-submit]")
    for k, (place, form) in enumerate((("平城区街道办事处", "forum"), ("云冈区主要街道", "field"))):
        _step(pg, "visit")
        pg.fill("[name=visited_on]", str(starts + timedelta(days=k)))
        pg.fill("[name=place]", place)
        pg.select_option("[name=form]", form)
        pg.click("[data-testid=form-submit]")
    _step(pg, "inspection_report")
    pg.fill("[name=assessment]", "条例实施总体良好；存在执法力量不足等问题；建议加强联合执法。")
    pg.fill("[name=law_suggestions]", "建议修订第十八条，明确处罚标准。")
    pg.click("[data-testid=form-submit]")
    _shots(pg, "inspection")
    # and the committee reviews it and it is read at the meeting, then put to a satisfaction vote
    _step(pg, "review")
    pg.fill("[name=note]", "同意提请常委会会议审议")
    pg.click("[data-testid=form-submit]")
    _step(pg, "hear")
    pg.select_option("[name=meeting]", str(meeting.pk))
    pg.fill("[name=reporter]", "检查组组长")
    pg.click("[data-testid=form-submit]")
    assert pg.locator("[data-testid=item-status]").inner_text() == "已听取审议"
    _step(pg, "satisfaction_start")
    pg.select_option("[name=meeting]", str(meeting.pk))
    pg.click("[data-testid=form-submit]")
    item.refresh_from_db()
    poll = item.satisfaction_poll
    mf.check_in(meeting, 10, actor=staff)
    pg.click("[data-testid=satisfaction-meeting]")
    pg.click(f"[data-testid=poll-{poll.pk}] [data-testid=poll-open]")
    pg.wait_for_selector(f"[data-testid=poll-{poll.pk}] [data-testid=poll-close]")
    option = poll.options.get()
    for i, deputy in enumerate(members):
        grade = "dissatisfied" if i < 6 else "basically_satisfied"
        ballots.ballot_cast(poll=poll, voter=deputy, choices={option.pk: grade}, actor=mf.deputy_login(deputy))
    pg.click(f"[data-testid=poll-{poll.pk}] [data-testid=poll-close]")
    pg.wait_for_selector(f"[data-testid=poll-{poll.pk}] [data-testid=poll-result]")
    poll_result = pg.locator(f"[data-testid=poll-{poll.pk}] [data-testid=poll-result]").first.inner_text()
    pg.goto(f"/oversight/items/{item.pk}/")
    _step(pg, "satisfaction_record")
    pg.click("[data-testid=form-submit]")
    # then the vote is 不满意 and the organ must rectify by a date (M10)
    assert pg.locator("[data-testid=item-status]").inner_text() == "测评不满意，整改中"
    assert "测评不满意" in pg.locator("[data-testid=item-satisfaction]").inner_text()
    # and the poll's own result on the meeting page says the same (M10 vs L7: one selector)
    assert pg.locator("[data-testid=item-satisfaction]").inner_text() in poll_result
    _shots(pg, "dissatisfied")

    # when the rectification period runs out (time passes) staff see it on the overdue board and urge
    OversightItem.objects.filter(pk=item.pk).update(rectification_due_on=today - timedelta(days=1))
    pg.goto("/oversight/")
    pg.click("[data-testid=overdue-link]")
    assert "《文明行为促进条例》执法检查" in pg.locator("[data-testid=overdue]").inner_text()
    pg.click("[data-testid=overdue] a")
    _step(pg, "urge")
    pg.fill("[name=note]", "请尽快报送整改情况报告")
    pg.click("[data-testid=form-submit]")
    assert item.events.filter(action="urge").count() == 1
    # and the organ, from its own menu, submits the late rectification report (a wrong file first)
    up = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="zh-CN"
    ).new_page()
    login(up, officer.username, f.TEST_PASSWORD)
    _menu(up, "我的监督事项")
    up.click("[data-testid=organ-pending] a")
    _step(up, "handling_report")
    bad = tmp_path / "整改.txt"
    bad.write_text("text")
    up.set_input_files("[name=file]", str(bad))
    up.click("[data-testid=form-submit]")
    assert "PDF 或 Word" in up.locator("[data-testid=form-error]").inner_text()
    good = tmp_path / "整改情况报告.pdf"
    good.write_bytes(blank_pdf("整改情况报告"))
    up.set_input_files("[name=file]", str(good))
    up.click("[data-testid=form-submit]")
    assert up.locator("[data-testid=handling-late]").count() == 1
    _shots(up, "organ-late-report")
    report = HandlingReport.objects.get(item=item)
    assert report.kind == HandlingReport.Kind.RECTIFICATION and report.late
    # then staff accept it and the item is closed
    pg.goto(f"/oversight/items/{item.pk}/")
    _step(pg, "accept")
    pg.click("[data-testid=form-submit]")
    assert pg.locator("[data-testid=item-status]").inner_text() == "已办结"
    _shots(pg, "closed")
