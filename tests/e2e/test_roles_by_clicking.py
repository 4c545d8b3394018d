"""Browser: the supervisor's and the public's whole job, by clicking from their start page, never typing a
URL (issue 13 "Done when": a browser test per role; the other roles' journeys are in test_meetings_convene,
test_livelihood, test_proposals_drafts, test_liaison and test_imports).

- The supervisor (督办领导, a vice-chair) opens his key suggestions from his home panel, urges the unit that
  is overdue (催办), and the unit sees the urge; then follows a livelihood project he leads ("三个1").
- The public (no login) reads a published reply from the landing page's 信息公开 menu, leaves a message on
  the web form, and follows it with the 查询码 through 留言查询.

Screenshots at 1366 px and 390 px go to artifacts/screens/.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.utils import timezone

from renda.liaison.models import Opinion
from renda.liaison.workflow import Status as OpinionStatus
from renda.livelihood import demo as livelihood_demo
from renda.organization import demo as org_demo
from renda.organization.models import User
from renda.proposals import demo as proposals_demo
from renda.proposals.models import Assignment, UrgeNotice
from renda.proposals.selectors import visible_proposals
from renda.proposals.workflow import ASSIGNMENT_OPEN
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _both_widths(page, name: str) -> None:
    """Full-page screenshots at 390 px (phone) and 1366 px (desk) under artifacts/screens/."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    for size, suffix in ((PHONE, "390"), (WIDE, "1366")):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENS / f"{name}-{suffix}.png"), full_page=True)


def _menu(page, group: str, link: str) -> None:
    """Click the main menu's entry ``link``, opening its dropdown ``group`` first where the menu has one
    (visitors see the public pages as plain links; a logged-in user sees them under 信息公开)."""
    nav = page.locator("nav.mainnav")
    dropdown = nav.locator("summary", has_text=group)
    if dropdown.count():
        dropdown.click()
    nav.get_by_role("link", name=link, exact=True).click()


def test_supervisor_urges_an_overdue_unit_from_his_home_and_follows_his_livelihood_project(page):
    # given the demo congress with its suggestions and livelihood projects
    org_demo.load(stdout=io.StringIO())
    proposals_demo.load(stdout=io.StringIO())
    livelihood_demo.load(stdout=io.StringIO())
    supervisor = User.objects.get(username="supervisor")
    target = (
        Assignment.objects.filter(
            proposal__in=visible_proposals(supervisor), status__in=ASSIGNMENT_OPEN, due_date__lt=timezone.localdate()
        )
        .select_related("proposal")
        .first()
    )
    assert target is not None, "the demo gives the supervisor an overdue unit"
    urges_before = UrgeNotice.objects.filter(assignment=target).count()

    # when the supervisor opens his key suggestions from the home panel and the overdue one
    login(page, "supervisor", org_demo.DEMO_PASSWORD)
    _both_widths(page, "supervisor-1-home")
    panel = page.locator("article.panel", has_text="我督办的重点建议")
    panel.get_by_role("link", name=re.compile("查看全部")).click()
    page.wait_for_url("**/proposals/board/key/")
    page.get_by_role("link", name=target.proposal.title).click()
    _both_widths(page, "supervisor-2-key-suggestion")
    # and urges the overdue unit with a note
    row = page.locator(f"form[action$='/assignment/{target.pk}/act/urge/']")
    row.locator("input[name=note]").fill("请于本周内答复代表")
    row.get_by_role("button", name="催办").click()

    # then the urge is recorded for that unit, with his note, and the page says so
    assert page.locator(".message", has_text="已催办").is_visible()
    assert UrgeNotice.objects.filter(assignment=target).count() == urges_before + 1
    urge = UrgeNotice.objects.filter(assignment=target).latest("sent_at")
    assert urge.sent_by == supervisor and urge.note == "请于本周内答复代表"
    assert urge.kind == UrgeNotice.Kind.MANUAL
    _both_widths(page, "supervisor-3-urged")

    # when he goes home and opens a livelihood project he leads
    page.get_by_role("link", name="人大代表工作平台").click()
    page.wait_for_url("**/home/")
    projects = page.locator("article.panel", has_text="我牵头督办的民生实事")
    first = projects.locator("li a").first
    title = first.inner_text().strip()
    first.click()
    # then its page shows the project and its "三个1" supervision
    assert title in page.locator("h1").inner_text()
    assert page.get_by_text("三个1").first.is_visible()
    _both_widths(page, "supervisor-4-livelihood-project")


def test_public_reads_a_published_reply_leaves_a_message_and_follows_it_by_code(page):
    # given the demo congress with published replies and its liaison stations
    org_demo.load(stdout=io.StringIO())
    proposals_demo.load(stdout=io.StringIO())

    # when a visitor opens the site and the published replies from the 信息公开 menu
    page.goto("/")
    _both_widths(page, "public-1-landing")
    _menu(page, "信息公开", "答复公开")
    replies = page.locator("[data-testid=public-reply]")
    # then published replies are listed, without any phone number in the clear
    assert replies.count() >= 1
    assert not re.search(r"1[3-9]\d{9}", page.locator("main").inner_text())
    _both_widths(page, "public-2-replies")

    # when the visitor leaves a message on the web form (it refuses forms filled in under 3 seconds)
    _menu(page, "信息公开", "网上留言")
    form = page.locator("[data-testid=public-form]")
    form.locator("input[name=citizen_name]").fill("李先生")
    form.locator("input[name=citizen_phone]").fill("13900001111")
    form.locator("input[name=title]").fill("小区门口路灯不亮")
    form.locator("textarea[name=text]").fill("幸福小区北门外的路灯已经坏了一个多月，晚上出行很不安全，希望尽快修复。")
    station = form.locator("select[name=station]")
    if station.count():
        station.select_option(index=1)
    _both_widths(page, "public-3-web-form")
    page.wait_for_timeout(3100)
    form.locator("[data-testid=public-submit]").click()
    code = page.locator("[data-testid=tracking-code]").inner_text().strip()
    # then the message is stored as received, with the code the visitor was shown
    opinion = Opinion.objects.get(tracking_code=code)
    assert opinion.status == OpinionStatus.RECEIVED and opinion.title == "小区门口路灯不亮"

    # when the visitor follows it through 留言查询 with the code
    _menu(page, "信息公开", "留言查询")
    page.locator("[data-testid=track-code]").fill(code)
    page.get_by_role("button", name="查询").click()
    # then its status is shown, and the phone number is not
    assert page.locator("[data-testid=track-status]").inner_text() == "已接收"
    assert "13900001111" not in page.content()
    _both_widths(page, "public-4-tracked")
