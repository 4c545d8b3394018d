"""接待活动 pages (issue 13 item 5): a station operator records a reception day — date, deputies on duty,
visitors — from his menu; the rules refuse a future date, a deputy who does not serve there and another
station's day; bad input gets a Chinese message, never a 500."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core.exceptions import RuleViolation
from renda.liaison import services
from renda.liaison.models import Reception
from renda.organization.models import LiaisonPoint
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(operator_user):
    station = operator_user.liaison_station
    station.deputies.add(org.DeputyFactory(name="王建国"), org.DeputyFactory(name="李红"))
    return station


def test_operator_records_a_reception_from_his_menu(client, operator_user, station):
    client.force_login(operator_user)
    home = client.get(reverse("home")).content.decode()
    assert reverse("liaison:receptions") in home
    listing = client.get(reverse("liaison:receptions")).content.decode()
    assert reverse("liaison:reception-new") in listing
    form = client.get(reverse("liaison:reception-new")).content.decode()
    assert "王建国" in form and "李红" in form
    wang = station.deputies.get(name="王建国")
    day = timezone.localdate() - timedelta(days=1)
    done = client.post(
        reverse("liaison:reception-new"),
        {"date": day.isoformat(), "deputies": [wang.pk], "visitor_count": "37", "note": "集中接待"},
        follow=True,
    )
    rec = Reception.objects.get()
    assert (rec.station, rec.date, rec.visitor_count) == (station, day, 37)
    assert list(rec.deputies.all()) == [wang]
    page = done.content.decode()
    assert "已登记" in page and "王建国" in page and "37" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"date": "2026-02-30", "visitor_count": "3"}, "请输入正确的日期"),
        ({"date": "1900-01-01", "visitor_count": "3"}, "接待日期有误"),
        ({"date": "2099-01-01", "visitor_count": "3"}, "接待日期不能晚于今天"),
        ({"date": "2026-01-05", "visitor_count": "-1"}, "人数不能为负数"),
        ({"date": "2026-01-05", "visitor_count": "1e1"}, "请输入整数人数"),
        ({"date": "2026-01-05", "visitor_count": "３"}, ""),  # full-width digits: accepted or refused, never a 500
        ({"date": "2026-01-05", "visitor_count": "3", "deputies": ["abc"]}, "代表选择有误"),
    ],
)
def test_bad_input_is_a_chinese_message_and_nothing_is_written(client, operator_user, station, data, message):
    client.force_login(operator_user)
    response = client.post(reverse("liaison:reception-new"), data)
    assert response.status_code in (200, 302)
    if message:
        assert response.status_code == 200 and message in response.content.decode()
        assert Reception.objects.count() == 0


def test_a_deputy_not_serving_at_the_station_is_refused(operator_user, station):
    stranger = org.DeputyFactory(name="外站代表")
    with pytest.raises(RuleViolation, match="外站代表"):
        services.reception_record(
            station=station, on=date(2026, 5, 8), deputies=[stranger], visitor_count=1, actor=operator_user
        )
    assert Reception.objects.count() == 0


def test_a_point_of_another_station_is_refused(operator_user, station):
    other_point = LiaisonPoint.objects.create(station=org.LiaisonStationFactory(), name="外站联络点")
    with pytest.raises(RuleViolation, match="联络点不属于"):
        services.reception_record(
            station=station, point=other_point, on=date(2026, 5, 8), deputies=[], visitor_count=1, actor=operator_user
        )


def test_other_roles_cannot_reach_the_reception_pages(client, unit_user, deputy_user):
    for user in (unit_user, deputy_user):
        client.force_login(user)
        assert client.get(reverse("liaison:receptions")).status_code == 403
        assert client.post(reverse("liaison:reception-new"), {}).status_code == 403


def test_staff_see_and_record_the_receptions_of_their_congress(client, staff_user):
    mine = org.LiaisonStationFactory(congress=staff_user.congress)
    org.LiaisonStationFactory(congress=staff_user.congress)
    client.force_login(staff_user)
    day = timezone.localdate()
    response = client.post(
        reverse("liaison:reception-new"), {"station": mine.pk, "date": day.isoformat(), "visitor_count": "5"}
    )
    assert response.status_code == 302
    assert Reception.objects.get().station == mine
    assert mine.name in client.get(reverse("liaison:receptions")).content.decode()


@pytest.mark.parametrize("bad", ["9223372036854775808", "9" * 23])
def test_an_id_past_64_bits_is_a_form_error_not_a_500(client, operator_user, station, bad):
    # found by the page-form fuzz: Django's multiple choice passed the id to the database (OverflowError)
    client.force_login(operator_user)
    response = client.post(
        reverse("liaison:reception-new"), {"date": "2026-01-05", "visitor_count": "3", "deputies": [bad]}
    )
    assert response.status_code == 200 and Reception.objects.count() == 0
