"""Browser: a citizen's opinion from the station to closure.

A station operator records an opinion; it appears in the triage inbox with a predicted topic; staff
confirm the topic and route it; the unit answers; the citizen's rating (with the 查询码) closes it.
"""

from __future__ import annotations

import re

import pytest

from renda.liaison.models import Opinion
from renda.liaison.tests.modeltools import train_small_model
from renda.liaison.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as f
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_model(settings, tmp_path):
    path = train_small_model(tmp_path / "topic.joblib")
    if path is None:
        pytest.skip(f"real data not found in {settings.DATA_DIR}")
    settings.LIAISON_TOPIC_MODEL = path
    settings.LIAISON_TRIAGE_CONFIDENCE = 1.01  # every opinion waits for staff in this scenario
    return path


def _logout(page) -> None:
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/")


def test_opinion_from_station_to_closure(page, screenshot, small_model):
    # given: a station with an operator, staff and a handling unit with an officer
    station = f.LiaisonStationFactory(name="平城区第1人大代表联络站")
    congress = station.congress
    f.UserFactory(username="e2e_station", role=User.Role.STATION_OPERATOR, liaison_station=station, congress=congress)
    f.UserFactory(username="e2e_staff", role=User.Role.STAFF, congress=congress, display_name="刘干事")
    unit = f.HandlingUnitFactory(congress=congress, name="市教育局")
    f.UserFactory(username="e2e_unit", role=User.Role.UNIT_OFFICER, handling_unit=unit, congress=congress)

    # when: the operator records an opinion heard at the station
    login(page, "e2e_station", f.TEST_PASSWORD)
    page.goto("/liaison/record/")
    page.fill("input[name=citizen_name]", "王女士")
    page.fill("input[name=citizen_phone]", "13812345678")
    page.fill("input[name=title]", "孩子上小学学位不足")
    page.fill(
        "textarea[name=text]",
        "我家孩子今年小学入学，学区内学校学位不足，被要求到很远的学校就读，希望教育部门增加学位、合理划分学区。",
    )
    screenshot(page, "liaison-1-operator-records")
    page.click("[data-testid=record-submit]")
    page.wait_for_url(re.compile(r".*/liaison/opinions/\d+/$"))
    code = page.locator("[data-testid=tracking-code]").inner_text().strip()
    # then: it is received with a predicted topic
    assert page.locator("[data-testid=opinion-status]").inner_text() == "已接收"
    assert "教育文体" in page.locator("[data-testid=predicted-topic]").inner_text()
    screenshot(page, "liaison-2-recorded")
    _logout(page)

    # when: staff open the triage inbox
    login(page, "e2e_staff", f.TEST_PASSWORD)
    page.goto("/liaison/triage/")
    row = page.locator("[data-testid=opinion-row]", has_text="孩子上小学学位不足")
    # then: the opinion is there with its predicted topic
    assert "教育文体" in row.inner_text()
    screenshot(page, "liaison-3-triage-inbox")
    # when: staff accept the predicted topic and route it to the unit
    row.locator("a").first.click()
    page.click("[data-testid=triage-submit]")
    page.select_option("[data-testid=route-form] select[name=unit]", label="市教育局")
    page.click("[data-testid=route-submit]")
    # then
    assert page.locator("[data-testid=opinion-status]").inner_text() == "已转办"
    assert page.locator("[data-testid=opinion-unit]").inner_text() == "市教育局"
    screenshot(page, "liaison-4-routed")
    _logout(page)

    # when: the unit officer answers from their home page
    login(page, "e2e_unit", f.TEST_PASSWORD)
    screenshot(page, "liaison-5-unit-home")
    page.click("text=孩子上小学学位不足")
    page.fill("textarea[name=answer]", "已将该片区纳入今年新建学校计划，秋季学期增加学位 300 个。")
    page.click("[data-testid=answer-submit]")
    # then
    assert page.locator("[data-testid=opinion-status]").inner_text() == "已答复"
    screenshot(page, "liaison-6-answered")
    _logout(page)

    # when: the citizen follows the opinion with the 查询码 and rates the answer
    page.goto(f"/liaison/track/?code={code}")
    assert "增加学位 300 个" in page.locator("[data-testid=track-answer]").inner_text()
    page.select_option("select[name=rating]", "5")
    page.click("[data-testid=rate-submit]")
    # then: the opinion is closed with the rating
    assert page.locator("[data-testid=track-status]").inner_text() == "已办结"
    screenshot(page, "liaison-7-closed")
    op = Opinion.objects.get()
    assert op.status == Status.CLOSED and op.rating == 5
    assert list(op.events.values_list("to_status", flat=True)) == [
        "received",
        "triaged",
        "routed",
        "answered",
        "closed",
    ]


def test_hot_topics_chart_and_search(page, screenshot):
    # given: a repeated problem raised five times this month, and staff
    from datetime import timedelta

    from django.utils import timezone

    from renda.liaison import services
    from renda.liaison.tests.factories import OpinionFactory

    station = f.LiaisonStationFactory()
    congress = station.congress
    f.UserFactory(username="e2e_staff2", role=User.Role.STAFF, congress=congress)
    now = timezone.now()
    body = "滨河苑小区开发商捆绑销售车位，购房者被迫高价购买车位，请住建部门调查处理。"
    for i in range(5):
        OpinionFactory(
            congress=congress,
            station=station,
            title="捆绑销售车位",
            text=body + "！" * i,
            received_at=now - timedelta(days=i),
        )
    for i in range(2):
        OpinionFactory(
            congress=congress,
            station=station,
            title="公园路灯不亮",
            text="公园夜间路灯不亮，存在安全隐患。" + "！" * i,
            received_at=now - timedelta(days=i),
        )
    services.hot_topics_compute(congress_id=congress.pk, since=now - timedelta(days=30), until=now)
    # when
    login(page, "e2e_staff2", f.TEST_PASSWORD)
    page.goto("/liaison/hot/")
    page.wait_for_function("() => window.Chart && Chart.getChart('hot-chart') !== undefined")
    # then: the hottest topic is the repeated one, drawn by the locally served Chart.js
    first_row = page.locator("[data-testid=hot-table] tbody tr").first.inner_text()
    assert "捆绑销售车位" in first_row and "5" in first_row
    screenshot(page, "liaison-8-hot-topics")
    # when: staff search for a word inside a longer word
    page.goto("/liaison/search/?q=车位")
    # then
    assert page.locator("[data-testid=opinion-row]").count() == 5
    screenshot(page, "liaison-9-search")


def test_phone_in_title_is_masked_and_not_searchable_for_a_supervisor(page, screenshot):
    # given: an opinion recorded with a phone number in its title, a supervisor and staff
    from renda.liaison import services

    station = f.LiaisonStationFactory()
    congress = station.congress
    f.UserFactory(username="e2e_supervisor", role=User.Role.SUPERVISOR, congress=congress)
    f.UserFactory(username="e2e_staff3", role=User.Role.STAFF, congress=congress)
    op = services.opinion_record(
        congress=congress,
        station=station,
        title="手机号13812345678路灯坏了",
        text="幸福小区路灯坏了，请联系13812345678。",
        citizen_phone="13812345678",
        source="web",
        actor=None,
    )
    # when: the supervisor opens it and searches for the number
    login(page, "e2e_supervisor", f.TEST_PASSWORD)
    page.goto(f"/liaison/opinions/{op.pk}/")
    title = page.locator("[data-testid=opinion-title]").inner_text()
    screenshot(page, "liaison-10-supervisor-masked-title")
    page.goto("/liaison/search/?q=13812345678")
    # then
    assert title == "手机号138****5678路灯坏了"
    assert page.locator("[data-testid=opinion-row]").count() == 0
    _logout(page)
    # when: staff look the citizen up by the exact phone number
    login(page, "e2e_staff3", f.TEST_PASSWORD)
    page.goto("/liaison/search/")
    page.fill("[data-testid=search-phone]", "13812345678")
    page.click("button[type=submit] >> text=检索")
    # then
    assert page.locator("[data-testid=opinion-row]").count() == 1
    screenshot(page, "liaison-11-staff-phone-filter")


def test_staff_confirm_the_suggested_routing_of_a_batch_in_one_click(page, screenshot):
    # given: two classified opinions whose topic routes to 市商务局, automatic routing off (the default)
    from renda.liaison.tests.factories import OpinionFactory, TopicFactory, TopicRouteFactory

    station = f.LiaisonStationFactory(name="平城区第2人大代表联络站")
    congress = station.congress
    f.UserFactory(username="e2e_staff2", role=User.Role.STAFF, congress=congress)
    route = TopicRouteFactory(
        congress=congress,
        topic=TopicFactory(name="商贸旅游"),
        unit=f.HandlingUnitFactory(congress=congress, name="市商务局"),
    )
    ops = [
        OpinionFactory(congress=congress, station=station, status=Status.TRIAGED, topic=route.topic, title=t)
        for t in ("电梯坏了三个月没人修", "菜市场卫生差")
    ]
    # when: staff open the triage inbox
    login(page, "e2e_staff2", f.TEST_PASSWORD)
    page.goto("/liaison/triage/")
    # then: each row shows the suggested unit
    assert page.locator("[data-testid=suggested-unit]", has_text="市商务局").count() == 2
    screenshot(page, "liaison-6-triage-suggested-units")
    # when: one click confirms the page's suggestions
    page.click("[data-testid=confirm-all-submit]")
    page.wait_for_url("**/liaison/triage/")
    # then: both are routed to 市商务局 and left the inbox
    for op in ops:
        op.refresh_from_db()
        assert op.status == Status.ROUTED and op.unit == route.unit
    assert page.locator("[data-testid=opinion-row]").count() == 0


def _open_menu_link(page, href: str) -> None:
    """Click the main menu's link to ``href``, opening its dropdown first when the menu groups it."""
    link = page.locator(f"nav.mainnav a[href='{href}']").first
    if not link.is_visible():
        link.locator("xpath=ancestor::details[1]/summary").click()
    link.click()


@pytest.mark.parametrize("width", [1366, 390])
def test_station_operator_records_a_reception_and_an_opinion_from_his_menu(page, screenshot, width):
    # given a station with two deputies serving there and its operator
    station = f.LiaisonStationFactory(name="平城区第2人大代表联络站")
    station.deputies.add(f.DeputyFactory(name="王建国"), f.DeputyFactory(name="李红"))
    f.UserFactory(
        username="e2e_op", role=User.Role.STATION_OPERATOR, liaison_station=station, congress=station.congress
    )
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "e2e_op", f.TEST_PASSWORD)
    # when he opens 接待活动 from the menu and records yesterday's reception day
    _open_menu_link(page, "/liaison/receptions/")
    page.click("[data-testid=reception-new]")
    page.fill("input[name=date]", "2026-01-06")
    page.get_by_label("王建国").check()
    page.get_by_label("李红").check()
    page.fill("input[name=visitor_count]", "42")
    screenshot(page, f"liaison-reception-form-{width}")
    page.click("[data-testid=reception-submit]")
    # then the list shows it with both deputies
    row = page.locator("[data-testid=reception-table] tbody tr").first
    assert "2026-01-06" in row.inner_text() and "王建国、李红" in row.inner_text() and "42" in row.inner_text()
    screenshot(page, f"liaison-reception-list-{width}")
    # and he records an opinion heard that day, again from the menu
    _open_menu_link(page, "/liaison/record/")
    page.fill("input[name=title]", "小区门口路灯不亮")
    page.fill("textarea[name=text]", "小区门口两盏路灯坏了一个多月，晚上出行不安全，希望尽快修复。")
    page.click("[data-testid=record-submit]")
    page.wait_for_url(re.compile(r".*/liaison/opinions/\d+/$"))
    assert Opinion.objects.get(title="小区门口路灯不亮").station == station
    # no page is wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= width
