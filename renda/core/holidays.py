"""The working-day calendar's maintenance (工作日历维护, RULES.md D4): what a year's rest and make-up days
are, where each comes from, and the staff's changes to the override table.

The ``chinesecalendar`` package carries the State Council's holiday arrangements for the years it
covers; :class:`~renda.core.models.HolidayOverride` rows take precedence (a year the package does not
cover yet is entered here once the State Council publishes it, usually in November). Deadlines already
stored (e.g. an assignment's due date) are not recomputed by a change here; new computations use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import chinese_calendar
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext

from renda.core import workdays
from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.core.models import HolidayOverride

#: Years the calendar page and the override table accept.
FIRST_YEAR, LAST_YEAR = 2000, 2100

#: The package's holiday names (English) in Chinese, as the State Council's notices name them.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def can_edit_calendar(user: Any) -> bool:
    """Standing Committee staff maintain the working-day calendar (role value ``staff``; core names it by value)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", "") == "staff")


@dataclass(frozen=True)
class CalendarDay:
    """One non-ordinary day of a year: a rest day on a weekday, or a working day on a weekend, or any
    override row. ``source`` is ``package`` or ``table`` (the table wins)."""

    date: date
    is_workday: bool
    name: str
    source: str

    @property
    def weekday(self) -> str:
        """星期X (the active language's weekday name: Monday in English)."""
        return formats.date_format(self.date, "l")

    @property
    def kind(self) -> str:
        """调休上班 or 休息."""
        return gettext("调休上班") if self.is_workday else gettext("休息")


@dataclass(frozen=True)
class YearCalendar:
    """A year's special days and where its data comes from."""

    year: int
    days: list[CalendarDay]
    package_covers: bool
    confirmed_by_table: bool

    @property
    def status(self) -> str:
        """How deadlines in the year are computed, in Chinese."""
        if self.confirmed_by_table:
            return gettext("已录入本表，期限按本表和软件包计算")
        if self.package_covers:
            return gettext("软件包已含本年度节假日安排")
        return gettext("暂无本年度节假日安排：期限暂按周一至周五计算，标注“暂定”")


def year_calendar(year: int) -> YearCalendar:
    """The special days of ``year`` (Gregorian): the package's holidays on weekdays and make-up working
    days on weekends, overlaid by the override rows.

    Raises:
        RuleViolation: ``year`` outside 2000–2100.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise RuleViolation(f"年份须在 {FIRST_YEAR}–{LAST_YEAR} 之间")
    days: dict[date, CalendarDay] = {}
    covers = workdays.package_covers(year)
    if covers:
        for d, name in chinese_calendar.holidays.items():
            if d.year == year and d.weekday() < 5:
                days[d] = CalendarDay(d, False, HOLIDAY_NAMES.get(str(name), str(name)), "package")
        for d, name in chinese_calendar.workdays.items():
            if d.year == year and d.weekday() >= 5:
                label = HOLIDAY_NAMES.get(str(name), str(name))
                days[d] = CalendarDay(d, True, f"{label}调休上班", "package")
    rows = list(HolidayOverride.objects.filter(date__year=year))
    for row in rows:
        days[row.date] = CalendarDay(row.date, row.is_workday, row.name, "table")
    return YearCalendar(year, sorted(days.values(), key=lambda c: c.date), covers, bool(rows))


@transaction.atomic
def override_set(*, on: date, is_workday: bool, name: str, actor: Any) -> HolidayOverride:
    """Enter (or change) the override for one day; the change is kept in the row's history with ``actor``.

    Args:
        on: the day (2000–2100).
        is_workday: True for a make-up working day (调休上班), False for a rest day (法定节假日).
        name: e.g. 国庆节 or 国庆节调休上班 (≤ 40 characters).
        actor: the staff member.
    Returns:
        The override row.
    Raises:
        PermissionDeniedError: not staff. RuleViolation: a year outside 2000–2100.
    """
    if not can_edit_calendar(actor):
        raise PermissionDeniedError("只有常委会工作人员可以维护工作日历")
    if not FIRST_YEAR <= on.year <= LAST_YEAR:
        raise RuleViolation(f"日期须在 {FIRST_YEAR}–{LAST_YEAR} 年之间")
    row, _ = HolidayOverride.objects.update_or_create(date=on, defaults={"is_workday": is_workday, "name": name[:40]})
    return row


@transaction.atomic
def override_remove(*, on: date, actor: Any) -> bool:
    """Remove the override of one day (the package's answer, or Monday–Friday, applies again).

    Returns:
        True if a row was removed, False if the day had none.
    Raises:
        PermissionDeniedError: not staff.
    """
    if not can_edit_calendar(actor):
        raise PermissionDeniedError("只有常委会工作人员可以维护工作日历")
    row = HolidayOverride.objects.filter(date=on).first()
    if row is None:
        return False
    row.delete()
    return True
