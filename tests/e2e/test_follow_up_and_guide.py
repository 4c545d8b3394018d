"""Browser: the “where to start” guide on a home page, and staff handling a low-rated opinion (issue 13).

Screenshots at 1366 px and 390 px under artifacts/screens/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.liaison import services
from renda.liaison.models import Opinion
from renda.liaison.tests.factories import OpinionFactory, TopicFactory
from renda.liaison.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as f
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def _no_horizontal_overflow(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_guide_is_shown_then_dismissed_with_the_keyboard(page):
    # given a station operator's first visit, on a phone
    station = f.LiaisonStationFactory()
    f.UserFactory(
        username="e2e_op", role=User.Role.STATION_OPERATOR, liaison_station=station, congress=station.congress
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "e2e_op", f.TEST_PASSWORD)
    # then the guide shows, fits the screen
    assert page.locator("[data-testid=guide] [data-testid=guide-step]").count() == 3
    assert _no_horizontal_overflow(page)
    _shot(page, "guide-home-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    _shot(page, "guide-home-1366")
    # when the dismiss button is focused and pressed with Enter (a plain form POST)
    page.focus("[data-testid=guide-dismiss]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # then the guide is gone
    assert page.locator("[data-testid=guide]").count() == 0


def test_staff_reroute_a_low_rated_opinion(page):
    # given an opinion the citizen rated 2 of 5
    staff = f.UserFactory(username="e2e_staff2", role=User.Role.STAFF, display_name="刘干事")
    unit = f.HandlingUnitFactory(congress=staff.congress, name="市住房和城乡建设局")
    officer = f.UserFactory(
        username="e2e_unit2", role=User.Role.UNIT_OFFICER, handling_unit=unit, congress=staff.congress
    )
    op = OpinionFactory(congress=staff.congress, title="小区电梯长期故障")
    services.opinion_triage(opinion=op, actor=staff, topic=TopicFactory())
    services.opinion_route(opinion=op, actor=staff, unit=unit)
    services.opinion_answer(opinion=op, actor=officer, answer="已通知物业维修")
    services.opinion_rate(opinion=op, tracking_code=op.tracking_code, rating=2, comment="还是坏的")
    # when staff open the follow-up list from the home panel, on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "e2e_staff2", f.TEST_PASSWORD)
    page.click("text=待回访复核的群众意见 >> xpath=ancestor::article//a[contains(@href, 'follow-up')]")
    page.wait_for_url("**/liaison/follow-up/")
    page.click("text=小区电梯长期故障")
    page.wait_for_selector("[data-testid=follow-up]")
    assert _no_horizontal_overflow(page)
    _shot(page, "follow-up-detail-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    _shot(page, "follow-up-detail-1366")
    # and re-route it with a reason
    page.fill("[data-testid=reroute-form] input[name=reason]", "请到现场核实电梯是否修好")
    page.click("[data-testid=reroute-submit]")
    page.wait_for_selector("[data-testid=opinion-status]")
    # then it is back with the unit
    op = Opinion.objects.get(pk=op.pk)
    assert op.status == Status.ROUTED and op.unit == unit
