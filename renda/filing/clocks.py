"""The clocks of filing review, computed from a document's dates (RULES.md F1, F3, F4, F5; D1–D2).

Every period is a setting (``settings.RENDA["FILING"]``, Shanghai 2024 defaults): ``filing_days`` 30
calendar days from publication (F1, G21), ``formal_check_workdays`` 5 and ``materials_workdays`` 10
working days (F3), ``committee_days`` 30 days (F4), ``response_months`` 2 months (F5; Beijing: 1).
Working-day clocks use :func:`renda.core.workdays.working_day_deadline` (never calendar days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from renda.core.workdays import month_deadline, working_day_deadline
from renda.filing.workflow import DocStatus

if TYPE_CHECKING:
    from renda.filing.models import FilingDocument

DEFAULTS = {
    "filing_days": 30,
    "formal_check_workdays": 5,
    "materials_workdays": 10,
    "committee_days": 30,
    "response_months": 2,
}


def period(name: str) -> int:
    """The configured length of the period ``name`` (a key of :data:`DEFAULTS`)."""
    conf: dict[str, Any] = getattr(settings, "RENDA", {}).get("FILING", {})
    return int(conf.get(name, DEFAULTS[name]))


def filing_due(published_on: date) -> date:
    """Last day to file a document published on ``published_on``: 30 days, the publication day not
    counted (F1: 公布之日起三十日内; day 30 is on time, day 31 late)."""
    return published_on + timedelta(days=period("filing_days"))


def is_late(published_on: date, received_on: date) -> bool:
    """True when the filing arrived after :func:`filing_due` (F1)."""
    return received_on > filing_due(published_on)


@dataclass(frozen=True)
class Clock:
    """One clock on a record: label, rule id, due date, whether it still runs and whether it is overdue
    on the day it was computed for."""

    label: str
    rule: str
    due: date
    running: bool
    overdue: bool
    provisional: bool = False


def clocks(doc: FilingDocument, today: date) -> list[Clock]:
    """The clocks of ``doc`` as of ``today``: filing (F1), formal check (F3), materials (F3), committee
    opinion (F4), issuer's response to the written opinion (F5)."""
    out: list[Clock] = []
    fd = filing_due(doc.published_on)
    out.append(Clock(str(_("报送备案期限")), "F1", fd, False, doc.received_on > fd))
    fc = working_day_deadline(doc.materials_supplied_on or doc.received_on, period("formal_check_workdays"), rule="F3")
    running = doc.status == DocStatus.RECEIVED
    out.append(Clock(str(_("形式审查期限")), "F3", fc.date, running, running and today > fc.date, fc.provisional))
    if doc.materials_requested_on:
        md = working_day_deadline(doc.materials_requested_on, period("materials_workdays"), rule="F3")
        running = doc.status == DocStatus.MATERIALS
        out.append(Clock(str(_("补正材料期限")), "F3", md.date, running, running and today > md.date, md.provisional))
    if doc.committee_asked_on:
        cd = doc.committee_asked_on + timedelta(days=period("committee_days"))
        running = not doc.committee_opinion_on
        out.append(Clock(str(_("专门委员会意见期限")), "F4", cd, running, running and today > cd))
    if doc.opinion_issued_on:
        rd = month_deadline(doc.opinion_issued_on, period("response_months"), rule="F5")
        running = doc.status == DocStatus.OPINION_ISSUED
        out.append(
            Clock(str(_("制定机关答复期限")), "F5", rd.date, running, running and today > rd.date, rd.provisional)
        )
    return out


def materials_due(doc: FilingDocument) -> date | None:
    """The last working day to supply the missing materials (F3), or ``None`` before any notice."""
    if not doc.materials_requested_on:
        return None
    return working_day_deadline(doc.materials_requested_on, period("materials_workdays")).date
