"""工作日历 page (issue 13 item 6; RULES.md D4): staff see a year's holidays and make-up days with their
source and maintain the override table from a page; a change moves new working-day deadlines; bad input
is a Chinese message; other roles are refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from renda.core import workdays
from renda.core.models import HolidayOverride
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(staff_user) -> Client:
    c = Client()
    c.force_login(staff_user)
    return c


def test_the_page_lists_the_packages_holidays_and_make_up_days_in_chinese(staff):
    html = staff.get(reverse("workday-calendar"), {"year": 2026}).content.decode()
    assert "2026-10-01" in html and "国庆节" in html and "软件包" in html
    assert "调休上班" in html  # a weekend working day of 2026
    assert "软件包已含本年度节假日安排" in html


def test_a_year_the_package_does_not_cover_is_provisional_until_entered(staff):
    year = 2099
    assert not workdays.package_covers(year)
    html = staff.get(reverse("workday-calendar"), {"year": year}).content.decode()
    assert "暂按周一至周五计算" in html
    # when staff enter National Day 2099 (a Thursday) as a rest day
    response = staff.post(
        reverse("workday-calendar"), {"date": "2099-10-01", "is_workday": "0", "name": "国庆节"}, follow=True
    )
    assert "已设定 2099-10-01 为休息" in response.content.decode()
    # then it is a rest day, the year counts as confirmed, and a deadline across it moves by one day
    assert not workdays.is_workday(date(2099, 10, 1))
    deadline = workdays.working_day_deadline(date(2099, 9, 30), 1)
    assert deadline.date == date(2099, 10, 2) and not deadline.provisional
    assert "已录入本表" in response.content.decode()
    # and the change is in the row's history with the staff member
    assert HolidayOverride.history.get().history_user.username == "t_staff"
    # when staff remove it again
    staff.post(reverse("workday-calendar-remove"), {"date": "2099-10-01"})
    assert workdays.is_workday(date(2099, 10, 1)) and HolidayOverride.objects.count() == 0


@pytest.mark.parametrize(
    "data, message",
    [
        ({"date": "2099-02-30", "is_workday": "0"}, "请输入正确的日期"),
        ({"date": "1899-10-01", "is_workday": "0"}, "日期须在 2000–2100 年之间"),
        ({"date": "2099-10-01", "is_workday": "7"}, "请选择休息或调休上班"),
        ({"date": "2099-10-01"}, "请选择休息或调休上班"),
        ({"date": "2099-10-01", "is_workday": "0", "name": "节" * 41}, "40"),
    ],
)
def test_bad_input_is_a_chinese_message_and_nothing_is_written(staff, data, message):
    response = staff.post(reverse("workday-calendar"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert HolidayOverride.objects.count() == 0


@pytest.mark.parametrize("year", ["abc", "1900", "99999999999999999999", "²"])
def test_a_bad_year_falls_back_to_this_year_with_a_message(staff, year):
    response = staff.get(reverse("workday-calendar"), {"year": year})
    assert response.status_code == 200 and "年份" in response.content.decode()


@pytest.mark.parametrize("role", [User.Role.DEPUTY, User.Role.UNIT_OFFICER, User.Role.SUPERVISOR, User.Role.AUDITOR])
def test_other_roles_cannot_see_or_change_the_calendar(role):
    extra = {
        User.Role.DEPUTY: {"deputy": f.DeputyFactory()},
        User.Role.UNIT_OFFICER: {"handling_unit": f.HandlingUnitFactory()},
    }.get(role, {})
    c = Client()
    c.force_login(f.UserFactory(username="other", role=role, **extra))
    assert c.get(reverse("workday-calendar")).status_code == 403
    assert c.post(reverse("workday-calendar"), {"date": "2099-10-01", "is_workday": "0"}).status_code == 403
    assert c.post(reverse("workday-calendar-remove"), {"date": "2099-10-01"}).status_code == 403
    assert HolidayOverride.objects.count() == 0


def test_the_calendar_is_in_the_staff_menu(staff):
    assert f'href="{reverse("workday-calendar")}"' in staff.get(reverse("home")).content.decode()
