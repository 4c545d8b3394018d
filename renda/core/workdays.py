"""The working-day calendar (工作日历): RULES.md D1–D6.

* :func:`add_months` — month periods by 民法典 第201–202条 (D1).
* :func:`add_working_days` — "N working days from receipt" (D2), with our own loop over
  :func:`is_workday` (D5: never ``chinese_calendar.find_workday``, which lands a day late when the
  start day is a rest day).
* :func:`is_workday` — the package ``chinesecalendar`` (statutory holidays and 调休 make-up days),
  overridden by the admin-editable :class:`~renda.core.models.HolidayOverride` table (D4). A year the
  package does not cover (it raises ``NotImplementedError`` for 2027) never crashes: the table is
  used, else weekends only, and the result is flagged ``provisional`` (shown as 暂定 on pages).
* :func:`month_deadline` / :func:`working_day_deadline` return a :class:`Deadline` (date +
  provisional + rule id); month deadlines falling on a rest day move to the next working day when
  ``settings.RENDA["DEADLINE_ROLLS_TO_WORKDAY"]`` is on (D3, 民法典 第203条; UNCONFIRMED, default on).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from django.conf import settings

#: Longest stretch of consecutive rest days we expect (Spring Festival + weekends); bounds the range
#: of override rows fetched for one computation.
_MAX_REST_RUN = 15


@dataclass(frozen=True)
class Deadline:
    """A computed deadline: the last day (inclusive), whether it rests on a weekends-only guess for a
    year the holiday data does not cover (``provisional``, 暂定), and the rule id that set it."""

    date: date
    provisional: bool = False
    rule: str = ""

    def __str__(self) -> str:
        return f"{self.date.isoformat()}{'（暂定）' if self.provisional else ''}"


@lru_cache(maxsize=64)
def package_covers(year: int) -> bool:
    """True if the installed ``chinesecalendar`` has holiday data for ``year`` (D4)."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _overrides(start: date, end: date) -> dict[date, bool]:
    from renda.core.models import HolidayOverride

    return dict(HolidayOverride.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday"))


def _years_with_overrides(years: set[int]) -> set[int]:
    from renda.core.models import HolidayOverride

    return {y for y in years if HolidayOverride.objects.filter(date__year=y).exists()}


class _Calendar:
    """Answers is-workday questions over a date range with one query for the override rows."""

    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        self.table = _overrides(start, end)
        uncovered = {y for y in range(start.year, end.year + 1) if not package_covers(y)}
        self.guessed_years = uncovered - _years_with_overrides(uncovered) if uncovered else set()
        self.provisional = False

    def is_workday(self, d: date) -> bool:
        if d in self.table:
            return self.table[d]
        if package_covers(d.year):
            return bool(chinese_calendar.is_workday(d))
        if d.year in self.guessed_years:
            self.provisional = True
        return d.weekday() < 5


def is_workday(d: date) -> bool:
    """Is ``d`` a working day? Override table first, then the package, else Monday–Friday (D4, D6).

    Never raises for a date outside the package's years.
    """
    return _Calendar(d, d).is_workday(d)


def is_provisional(d: date) -> bool:
    """True if ``d``'s year has neither package data nor any override row (weekends-only guess)."""
    cal = _Calendar(d, d)
    cal.is_workday(d)
    return cal.provisional


def add_months(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar months by 民法典 第201–202条 (D1): the start day is not counted, the
    period ends on the same day-of-month in the due month, or on that month's last day when the date
    does not exist (2025-01-31 + 1 month = 2025-02-28). ``n`` may be 0 or negative."""
    month_index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last))


def add_working_days(d: date, n: int) -> date:
    """The ``n``-th working day after ``d`` (D2): ``d`` itself is not counted; make-up working days
    (调休) count, statutory holidays and ordinary weekends do not. 2026-09-30 + 7 = 2026-10-15, and
    2026-10-03 + 7 = 2026-10-15 (D5). ``n`` must be ≥ 0; ``n == 0`` returns ``d``."""
    return working_day_deadline(d, n).date


def working_day_deadline(d: date, n: int, *, rule: str = "") -> Deadline:
    """Like :func:`add_working_days` but returns a :class:`Deadline` carrying ``provisional``
    (some counted day lies in a year without holiday data) and the ``rule`` id."""
    if n < 0:
        raise ValueError("n must be ≥ 0")
    cal = _Calendar(d, d + timedelta(days=n * 2 + _MAX_REST_RUN * (1 + n // 5)))
    current, counted = d, 0
    while counted < n:
        current += timedelta(days=1)
        if current > cal.end:  # pragma: no cover - only for absurd runs of rest days in the table
            cal = _Calendar(current, current + timedelta(days=n * 2 + _MAX_REST_RUN))
        if cal.is_workday(current):
            counted += 1
    return Deadline(current, cal.provisional, rule)


def roll_to_workday(d: date) -> Deadline:
    """``d`` if it is a working day, else the next working day (民法典 第203条, D3)."""
    cal = _Calendar(d, d + timedelta(days=_MAX_REST_RUN * 2))
    current = d
    while not cal.is_workday(current):
        current += timedelta(days=1)
    return Deadline(current, cal.provisional)


def month_deadline(d: date, n: int, *, rule: str = "") -> Deadline:
    """``d`` + ``n`` calendar months (D1) as a :class:`Deadline`; moved to the next working day when
    it falls on a rest day and ``RENDA["DEADLINE_ROLLS_TO_WORKDAY"]`` is on (D3, default on)."""
    due = add_months(d, n)
    if settings.RENDA.get("DEADLINE_ROLLS_TO_WORKDAY", True):
        rolled = roll_to_workday(due)
        return Deadline(rolled.date, rolled.provisional, rule)
    return Deadline(due, is_provisional(due), rule)


def working_days_between(start: date, end: date) -> int:
    """Number of working days in ``(start, end]`` (``start`` excluded); 0 when ``end <= start``."""
    if end <= start:
        return 0
    cal = _Calendar(start, end)
    return sum(1 for i in range(1, (end - start).days + 1) if cal.is_workday(start + timedelta(days=i)))


def working_days_in_year(year: int) -> int:
    """Working days in ``year`` (D6: 248 in 2026)."""
    return working_days_between(date(year - 1, 12, 31), date(year, 12, 31))
