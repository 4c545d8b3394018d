"""Working-day calendar: RULES.md D1–D6, by rule id, with property tests."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.core import workdays
from renda.core.models import HolidayOverride
from renda.core.workdays import (
    Deadline,
    add_months,
    add_working_days,
    is_workday,
    month_deadline,
    working_day_deadline,
    working_days_in_year,
)

pytestmark = pytest.mark.django_db

MAKE_UP_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


def test_D1_month_end_clamps_to_last_day():
    # given a start on the 31st / when adding one month / then February's last day
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_D1_same_day_of_month_when_it_exists():
    assert add_months(date(2026, 3, 15), 3) == date(2026, 6, 15)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 5, 31), -1) == date(2026, 4, 30)


def test_D2_received_0930_plus_7_working_days_is_1015():
    # given receipt on 2026-09-30 (National Day holiday 10-01..10-08, make-up day 10-10)
    # when counting 7 working days / then 2026-10-15
    assert add_working_days(date(2026, 9, 30), 7) == date(2026, 10, 15)


def test_D2_receipt_day_not_counted_boundary():
    # given an ordinary Monday / then +1 working day is Tuesday, +0 is the day itself
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)
    assert add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)
    # and a Friday + 1 skips the weekend
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)


def test_D3_month_deadline_rolls_to_next_workday_when_setting_on(settings):
    # given 2026-07-03 + 3 months = 2026-10-03, inside the National Day holiday (10-01..10-07)
    settings.RENDA = {**settings.RENDA, "DEADLINE_ROLLS_TO_WORKDAY": True}
    assert month_deadline(date(2026, 7, 3), 3, rule="S3") == Deadline(date(2026, 10, 8), False, "S3")


def test_D3_month_deadline_stays_when_setting_off(settings):
    settings.RENDA = {**settings.RENDA, "DEADLINE_ROLLS_TO_WORKDAY": False}
    assert month_deadline(date(2026, 7, 3), 3).date == date(2026, 10, 3)


def test_D3_working_day_unchanged_by_roll(settings):
    settings.RENDA = {**settings.RENDA, "DEADLINE_ROLLS_TO_WORKDAY": True}
    assert month_deadline(date(2026, 8, 12), 3).date == date(2026, 11, 12)  # a Thursday


def test_D4_year_without_package_data_never_crashes_and_is_provisional():
    # given the package does not cover 2027
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))
    # when computing a deadline that runs into 2027 / then weekends-only, flagged provisional
    d = working_day_deadline(date(2026, 12, 30), 5, rule="S12")
    assert d.date == date(2027, 1, 6)  # 12-31 Thu, 1-1 Fri (weekends only guess), 1-4, 1-5, 1-6
    assert d.provisional is True
    assert str(d).endswith("（暂定）")


def test_D4_override_table_wins_and_confirms_the_year():
    # given staff entered 2027 New Year's Day as a holiday
    HolidayOverride.objects.create(date=date(2027, 1, 1), is_workday=False, name="元旦")
    # when / then the holiday is skipped and the year no longer counts as a guess
    d = working_day_deadline(date(2026, 12, 30), 5)
    assert d.date == date(2027, 1, 7)
    assert d.provisional is False


def test_D4_override_table_also_corrects_a_covered_year():
    HolidayOverride.objects.create(date=date(2026, 11, 30), is_workday=False, name="测试休息日")
    assert is_workday(date(2026, 11, 30)) is False
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 12, 1)


def test_D4_month_deadline_in_2027_is_provisional():
    d = month_deadline(date(2026, 11, 29), 3, rule="S3")
    assert d.date == date(2027, 3, 1)  # 2027-02-28 is a Sunday: rolled to Monday (weekends-only guess)
    assert d.provisional is True


def test_D5_start_on_rest_day_not_a_day_late():
    # given 2026-10-03 is a holiday: the package's find_workday gives 10-16, we must give 10-15
    assert add_working_days(date(2026, 10, 3), 7) == date(2026, 10, 15)
    assert chinese_calendar.find_workday(7, date(2026, 10, 3)) == date(2026, 10, 16)  # the bug we avoid


def test_D6_2026_make_up_days_are_workdays():
    for d in MAKE_UP_2026:
        assert d.weekday() >= 5
        assert is_workday(d), d
    assert not is_workday(date(2026, 10, 1))  # National Day
    assert not is_workday(date(2026, 10, 11))  # an ordinary Sunday


def test_D6_248_working_days_in_2026():
    assert working_days_in_year(2026) == 248


@settings(max_examples=60, deadline=None)
@given(start=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), n=st.integers(0, 40))
def test_D2_property_result_is_a_workday_and_counts_exactly_n(start, n):
    result = add_working_days(start, n)
    assert result >= start
    if n:
        assert is_workday(result)
    assert workdays.working_days_between(start, result) == n


@settings(max_examples=60, deadline=None)
@given(start=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), n=st.integers(0, 24))
def test_D1_property_add_months_lands_in_target_month_never_past_day(start, n):
    result = add_months(start, n)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == n
    assert result.day <= start.day
    assert result.day == start.day or (result + timedelta(days=1)).month != result.month
