"""Browser: the oversight steps added after the first build, each a click from the role's home — staff
see the year's missing statutory reports (M23) from the home panel, record a view collected before the
hearing and send the views to the organ (M3), record the organ's responsible official present (M15);
the organ reports on carrying out a resolution from its own page (M7). Screenshots at 1366 px and
390 px go to ``artifacts/screens/``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from renda.core.documents import blank_pdf
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, User
from renda.organization.tests import factories as f
from renda.oversight import inspections, services
from renda.oversight.models import Decision, OversightItem
from tests.e2e.conftest import login
from tests.e2e.test_oversight import _menu, _shots, _step

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_annual_check_views_before_hearing_attendance_and_implementation_report(browser, live_server, tmp_path):
    # given staff with this year's plan holding only the state-assets report, an organ and its officer
    staff = mf.staff(username="ov2_staff")
    term = staff.congress.terms.get()
    sc = mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=10, term=term)
    meeting = mf.meeting_of(sc, actor=staff)
    organ = f.HandlingUnitFactory(congress=staff.congress, name="市财政局")
    officer = f.UserFactory(
        role=User.Role.UNIT_OFFICER, congress=staff.congress, handling_unit=organ, username="ov2_unit"
    )
    year = timezone.localdate().year
    plan = services.plan_create(congress=staff.congress, year=year, title=f"{year}年度监督工作计划", actor=staff)
    item = services.item_add(
        plan=plan, kind=OversightItem.Kind.STATE_ASSETS, title="国有资产管理情况的综合报告", organ=organ, actor=staff
    )
    today = timezone.localdate()
    decision = inspections.decision_adopt(
        congress=staff.congress,
        kind=Decision.Kind.RESOLUTION,
        title="关于国有资产管理情况报告的决议",
        text="正文",
        meeting=meeting,
        adopted_on=today - timedelta(days=30),
        organ=organ,
        report_due_on=today + timedelta(days=30),
        actor=staff,
    )
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(20000)

    # when staff open the yearly check from the home panel (M23)
    login(pg, staff.username, f.TEST_PASSWORD)
    pg.goto("/")
    pg.click("article.panel:has-text('年度法定报告缺项') footer a")
    missing = pg.locator("[data-testid=annual-missing]").inner_text()
    # then the government-debt report is missing and the state-assets one is not
    assert "政府债务管理情况报告" in missing and "国有资产管理情况报告" not in missing
    _shots(pg, "annual-check")

    # when staff record a view collected at a research visit before the hearing and send it (M3)
    _menu(pg, "监督工作")
    pg.click(f"a[href='/oversight/items/{item.pk}/']")
    _step(pg, "prehearing_view")
    pg.select_option("[name=source]", "research")
    pg.fill("[name=collected_on]", str(date(year, 1, 15)))
    pg.fill("[name=text]", "建议报告说明企业国有资产保值增值情况")
    pg.click("[data-testid=form-submit]")
    _step(pg, "views_send")
    pg.click("[data-testid=form-submit]")
    # and record the organ's responsible official present (M15)
    _step(pg, "attendance")
    pg.select_option("[name=organ]", str(organ.pk))
    pg.fill("[name=name]", "周某")
    pg.fill("[name=post]", "局长")
    pg.check("[name=is_head]")
    pg.click("[data-testid=form-submit]")
    # then the item shows both
    assert "企业国有资产保值增值" in pg.locator("[data-testid=prehearing-views]").inner_text()
    assert "周某" in pg.locator("[data-testid=attendance]").inner_text()
    assert pg.locator("[data-testid=action-views_send]").count() == 0
    _shots(pg, "views-attendance")

    # when the organ, from its own menu, reports on carrying out the resolution (M7)
    up = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="zh-CN"
    ).new_page()
    login(up, officer.username, f.TEST_PASSWORD)
    _menu(up, "我的监督事项")
    up.click(f"[data-testid=implementation-report-{decision.pk}]")
    _shots(up, "implementation-report")
    good = tmp_path / "执行情况报告.pdf"
    good.write_bytes(blank_pdf("执行情况报告"))
    up.set_input_files("[name=file]", str(good))
    up.click("[data-testid=form-submit]")
    # then it is received on time and the resolution leaves the organ's list
    report = decision.implementation_reports.get()
    assert not report.late
    assert up.locator(f"[data-testid=implementation-report-{decision.pk}]").count() == 0
