"""Browser: staff, who no longer reach the Django admin, keep the Standing Committee's membership from
Renda's own pages (issue 13: "Staff manage users and reference data from Renda's own pages"). From the
home page by clicking: 代表 › 基础数据 › 机构与组成人员 › 常务委员会, seat a deputy picked by typing part of
the name, end another member's seat with a date and a reason; the roster count follows. Screenshots at
1366 and 390 px."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from renda.organization.models import Body, Membership, User
from renda.organization.tests import factories as f
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _both_widths(page, name: str) -> None:
    """Full-page screenshots at 390 px (phone) and 1366 px (desk) under artifacts/screens/; no page is wider
    than the phone's viewport."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    page.screenshot(path=str(SCREENS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size(WIDE)
    page.screenshot(path=str(SCREENS / f"{name}-1366.png"), full_page=True)


def test_staff_seat_a_member_and_end_another_seat_of_the_standing_committee_by_clicking(page, live_server):
    # given a Standing Committee of 5, a deputy of the term not on it, and a staff login with no admin access
    term = f.TermFactory(congress=f.CongressFactory(), start_year=2024, end_year=2028)
    body = f.BodyFactory(term=term, kind=Body.Kind.STANDING_COMMITTEE, name="常务委员会")
    seats = [f.MembershipFactory(body=body) for _ in range(5)]
    leaving = seats[2]
    newcomer = f.DeputyFactory(term=term, name="欧阳新委", code="T99999")
    staff = f.UserFactory(role=User.Role.STAFF, username="e2e_ref_staff", congress=term.congress)
    assert not staff.is_staff
    page.set_viewport_size(WIDE)
    login(page, staff.username, f.TEST_PASSWORD)

    # when staff open 代表 › 基础数据 from the menu, then 机构与组成人员 and the Standing Committee
    nav = page.locator("nav.mainnav")
    nav.locator("summary", has_text="代表").click()
    nav.get_by_role("link", name="基础数据", exact=True).click()
    page.locator("[data-testid=reference-hub]").wait_for()
    _both_widths(page, "orgref-hub")
    page.click("[data-testid=ref-bodies]")
    page.get_by_role("link", name="常务委员会", exact=True).click()
    assert page.locator("[data-testid=member-count]").inner_text() == "5"

    # when they open 任职, type part of the newcomer's name in the picker and confirm with today's date
    page.click("[data-testid=member-add-open]")
    page.locator(".ts-wrapper:has(#id_deputy-ts-control) .ts-control").click()
    page.locator("#id_deputy-ts-dropdown").wait_for()
    page.keyboard.type("欧阳")
    page.locator("#id_deputy-ts-dropdown .option.active", has_text="欧阳新委").wait_for()
    page.keyboard.press("Enter")
    page.locator("h1").first.click()
    page.select_option("#id_role", "member")
    _both_widths(page, "orgref-member-add")
    page.click("[data-testid=member-add-submit]")
    # then the page says so, the roster counts 6 and the newcomer is listed
    page.get_by_text("欧阳新委已任常务委员会委员").wait_for()
    assert page.locator("[data-testid=member-count]").inner_text() == "6"
    assert Membership.objects.filter(body=body, deputy=newcomer, ended_on=None).count() == 1

    # when they end another member's seat as of yesterday, giving the reason
    row = page.locator("[data-testid=member-row]", has_text=leaving.deputy.name)
    row.locator("[data-testid=member-end]").click()
    yesterday = timezone.localdate() - timedelta(days=1)
    page.fill("#id_ended_on", yesterday.isoformat())
    page.fill("#id_reason", "辞去常委会委员职务")
    _both_widths(page, "orgref-member-end")
    page.click("[data-testid=member-end-submit]")
    # then the roster counts 5 again, the seat is ended with its reason in the history, and it is gone
    # from the current list
    page.get_by_text(f"已终止{leaving.deputy.name}在常务委员会的任职").wait_for()
    assert page.locator("[data-testid=member-count]").inner_text() == "5"
    assert page.locator("[data-testid=member-row]", has_text=leaving.deputy.name).count() == 0
    leaving.refresh_from_db()
    assert leaving.ended_on == yesterday
    assert leaving.history.order_by("-history_date").first().history_change_reason == "终止任职：辞去常委会委员职务"
    _both_widths(page, "orgref-members-after")
