"""Browser: M25 — staff see from the home panel that this year's plan lacks the 备案审查工作情况报告, add it
to the plan from the plan page (led by the 法制工作委员会, no organ), see the filing app's figures on the
item, and the yearly check no longer lists it. Screenshots at 1366 px and 390 px go to ``artifacts/screens/``."""

from __future__ import annotations

import pytest
from django.utils import timezone

from renda.meetings.tests import factories as mf
from renda.organization.models import Body
from renda.organization.tests import factories as f
from renda.oversight import services
from tests.e2e.conftest import login
from tests.e2e.test_oversight import _menu, _shots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_m25_staff_add_the_filing_review_report_and_the_yearly_check_clears(browser, live_server):
    # given staff of a congress with this year's plan (empty) and its 法制工作委员会
    staff = mf.staff(username="m25_staff")
    term = staff.congress.terms.get()
    legal = Body.objects.create(term=term, kind=Body.Kind.WORKING_COMMITTEE, name="法制工作委员会")
    year = timezone.localdate().year
    services.plan_create(congress=staff.congress, year=year, title=f"{year}年度监督工作计划", actor=staff)
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(20000)

    # when staff open the yearly check from the home panel
    login(pg, staff.username, f.TEST_PASSWORD)
    pg.goto("/")
    pg.click("article.panel:has-text('年度法定报告缺项') footer a")
    # then the filing review report is listed as missing (M25)
    assert "备案审查工作情况报告" in pg.locator("[data-testid=annual-missing]").inner_text()

    # when staff add it to the plan from the plan page
    _menu(pg, "监督工作")
    pg.click("[data-testid=item-new]")
    pg.select_option("[name=kind]", "filing_review")
    pg.fill("[name=title]", f"关于{year - 1}年度规范性文件备案审查工作情况的报告")
    pg.select_option("[name=committee]", str(legal.pk))
    pg.click("[data-testid=form-submit]")
    # then its page names the 法工委 and shows the filing figures of the year
    pg.wait_for_selector("[data-testid=filing-figures]")
    assert "法制工作委员会" in pg.locator("[data-testid=item-facts]").inner_text()
    assert "报送备案的规范性文件" in pg.locator("[data-testid=filing-figures]").inner_text()
    _shots(pg, "m25-item")

    # and the yearly check no longer lists it
    pg.goto("/oversight/annual-check/")
    row = pg.locator("[data-testid=annual-check] tr:has-text('备案审查工作情况报告')").inner_text()
    assert "未列入计划" not in row and "M25" in row
    _shots(pg, "m25-annual-check")
    ctx.close()
