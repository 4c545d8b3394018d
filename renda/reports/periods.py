"""Reporting periods (统计期间) and the report's way of writing round figures ("6300余").

A period is a calendar year (the Standing Committee's work report covers the year before the session
that hears it) or a session year: from a session's opening day to the day before the next session
opens (or one year on when none is planned). Proposals of a session period are exactly that session's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.exceptions import ApplicationError
from renda.organization import selectors as org_selectors
from renda.organization.models import Session

MAX_ID = 2_147_483_647  # the largest key of an integer column
MIN_YEAR, MAX_YEAR = 1979, 2100  # local congresses have had standing committees since 1979


class BadPeriod(ApplicationError):
    """The period asked for cannot be read (a year out of range, an unknown session)."""

    code = "bad_period"


@dataclass(frozen=True)
class Period:
    """A reporting period: first and last day (inclusive) and, for a session year, the session."""

    start: date
    end: date
    label: str
    session_id: int | None = None

    def query(self) -> str:
        """The query string that selects this period on the report pages (``year=2025`` or ``session=3``)."""
        return f"session={self.session_id}" if self.session_id else f"year={self.start.year}"


def year_period(year: int) -> Period:
    """The calendar year ``year`` (1 January to 31 December). Raises ``BadPeriod`` outside 1979–2100."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadPeriod(_("年度须在%(a)s至%(b)s之间") % {"a": MIN_YEAR, "b": MAX_YEAR})
    return Period(date(year, 1, 1), date(year, 12, 31), _("%(y)s年度") % {"y": year})


def session_period(session: Session) -> Period:
    """The session year of ``session``: opening day to the day before the next session of the same
    congress opens (or one year less a day when no later session exists)."""
    later = (
        Session.objects.filter(term__congress_id=session.term.congress_id, opening_date__gt=session.opening_date)
        .order_by("opening_date")
        .first()
    )
    start = session.opening_date
    if later:
        end = later.opening_date - timedelta(days=1)
    else:  # a year on; a session opened on 29 February runs to the last day of the next February
        end = date(start.year + 1, 3, 1) if (start.month, start.day) == (2, 29) else start.replace(year=start.year + 1)
        end -= timedelta(days=1)
    return Period(start, end, str(session), session.pk)


def parse_period(*, congress_id: int, year: str = "", session: str = "", today: date | None = None) -> Period:
    """Read a period from page or command input.

    Args:
        congress_id: the congress whose session ``session`` must be.
        year: a calendar year as text (``"2025"``); used when ``session`` is empty.
        session: a session's id as text.
        today: default when both are empty: the year before ``today`` (the year a work report covers).
    Returns:
        The period.
    Raises:
        BadPeriod: with a Chinese message when the year is not a number in range or the session is
        not one of this congress's.
    """
    year, session = (year or "").strip(), (session or "").strip()
    if session:
        if not (session.isascii() and session.isdigit()):
            raise BadPeriod(_("会次须为数字编号"))
        if int(session) > MAX_ID:  # a number no database key holds (SQLite overflows, PostgreSQL refuses)
            raise BadPeriod(_("找不到该会次"))
        found = org_selectors.sessions_of(congress_id=congress_id).filter(pk=int(session)).first()
        if found is None:
            raise BadPeriod(_("找不到该会次"))
        return session_period(found)
    if not year:
        return year_period((today or timezone.localdate()).year - 1)
    if not (year.isascii() and year.isdigit()):
        raise BadPeriod(_("年度须为四位数字，例如 2025"))
    return year_period(int(year))


def approximate(exact: int, suffix: str = "余") -> str:
    """Write an exact count the way the work report does: rounded *down* with "余" (or "多").

    Counts under 10 are written exactly; 10–99 keep their tens (23 → "20余"); larger ones keep their
    two leading digits (6347 → "6300余", 156 → "150余"). When rounding loses nothing the exact figure
    is written without the suffix (6300 → "6300"). Raises ``ValueError`` for a negative count.
    """
    if exact < 0:
        raise ValueError("a count cannot be negative")
    if exact < 10:
        return str(exact)
    step = 10 if exact < 100 else 10 ** (len(str(exact)) - 2)
    down = exact // step * step
    return str(down) if down == exact else f"{down}{suffix}"
