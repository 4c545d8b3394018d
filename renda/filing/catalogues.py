"""The annual catalogue (年度目录) of normative documents (RULES.md F1, 上海 2024 第13条; 北京 2024 第13条):
each issuing organ in scope (F2) sends, by 31 January, the catalogue of the normative documents it made
in the previous year. Here: the deadline, the parsing of the catalogue's lines, the submission (late
ones flagged, corrections logged), the 漏报 check (entries never filed) and the staff board of organs in
scope that have not submitted.

Choice: the deadline is a fixed calendar date set by the regulation ("每年1月31日前"), not a period
counted from a day, so D3's roll to the next working day does not apply to it; month and day are
settings (``settings.RENDA["FILING"]["catalogue_month"/"catalogue_day"]``, default 1 and 31).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.constraints import check_date
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError, RuleViolation
from renda.core.workflow import record_event, save_versioned
from renda.filing import permissions, selectors
from renda.filing.events import CatalogueAction
from renda.filing.models import TITLE_MAX, Catalogue, CatalogueEntry, FilingDocument, Organ
from renda.filing.services import IN_SCOPE, at_day, in_scope
from renda.filing.workflow import CATALOGUE_FLOW

#: Most lines one catalogue may hold (an organ makes a few dozen documents a year).
MAX_ENTRIES = 500
_SEPARATORS = re.compile(r"\s*[\t|｜]\s*")
_DATE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_NUMBER_NOISE = re.compile(r"[\s〔〕\[\]［］()（）【】]")


def _conf(name: str, default: int) -> int:
    conf: dict[str, Any] = getattr(settings, "RENDA", {}).get("FILING", {})
    return int(conf.get(name, default))


def catalogue_due(year: int) -> date:
    """Last day to send the catalogue of ``year``: 31 January of ``year + 1`` (F1; a setting)."""
    return date(year + 1, _conf("catalogue_month", 1), _conf("catalogue_day", 31))


def catalogue_late(year: int, submitted_on: date) -> bool:
    """True when a catalogue of ``year`` sent on ``submitted_on`` arrived after :func:`catalogue_due`
    (F1: 31 January is on time, 1 February late)."""
    return submitted_on > catalogue_due(year)


@dataclass(frozen=True)
class EntryRow:
    """One parsed line of a catalogue: title (≤ 200 chars), number (文号, ≤ 60), publication date."""

    title: str
    number: str
    published_on: date


def _date(text: str) -> date | None:
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_entries(text: str, year: int) -> list[EntryRow]:
    """The catalogue's lines: one document a line, ``标题 | 文号 | 公布日期`` (tab or ｜ also separate;
    dates as 2025-03-01, 2025.3.1 or 2025年3月1日). Blank lines are skipped.

    Raises:
        RuleViolation: a line without its three parts, a bad date, a date outside ``year`` (the
            catalogue lists the documents made in that year), a title or number too long, more than
            :data:`MAX_ENTRIES` lines, or the same 文号 twice. The message names the line.
    """
    rows: list[EntryRow] = []
    seen: set[str] = set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in _SEPARATORS.split(line.strip())]
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise RuleViolation(
                _("第%(n)d行应为“标题 | 文号 | 公布日期”三项") % {"n": n}, code="bad_line", extra={"rule": "F1"}
            )
        title, number, when = parts
        day = _date(when)
        if day is None:
            raise RuleViolation(_("第%(n)d行的公布日期无法识别") % {"n": n}, code="bad_line", extra={"rule": "F1"})
        if day.year != year:
            raise RuleViolation(
                _("第%(n)d行的公布日期不在%(y)d年内") % {"n": n, "y": year}, code="bad_line", extra={"rule": "F1"}
            )
        if len(title) > TITLE_MAX or len(number) > 60:
            raise RuleViolation(_("第%(n)d行的标题或文号过长") % {"n": n}, code="too_long")
        key = normalise_number(number)
        if key in seen:
            raise RuleViolation(_("第%(n)d行的文号重复") % {"n": n}, code="bad_line", extra={"rule": "F1"})
        seen.add(key)
        rows.append(EntryRow(title, number, day))
        if len(rows) > MAX_ENTRIES:
            raise RuleViolation(_("目录不能超过%(m)d条") % {"m": MAX_ENTRIES}, code="too_long")
    return rows


def normalise_number(number: str) -> str:
    """A 文号 without spaces and brackets (〔2025〕1号, [2025]1号 and （2025）1号 compare equal)."""
    return _NUMBER_NOISE.sub("", number)


@transaction.atomic
def catalogue_submit(
    *, actor: Any, organ: Organ, year: int, entries: list[EntryRow], on: date | None = None
) -> Catalogue:
    """Send (报送) the catalogue of the documents ``organ`` made in ``year`` (F1).

    Args:
        actor: the organ's officer, or staff entering a paper catalogue. organ: an organ in scope (F2).
        year: the calendar year listed (it must be over). entries: the parsed lines (may be empty: no
            document made that year). on: the day it was sent (default today).
    Returns:
        The catalogue. The first submission writes 报送年度目录, or 逾期报送年度目录 after 31 January
        (F1: flagged, still accepted); sending it again replaces the lines and writes 更正年度目录
        (the submission date, which the lateness rests on, stays).
    Raises:
        PermissionDeniedError: not this organ's officer nor staff. RuleViolation: organ out of scope
            (F2), a year not yet over or before 2000, ``on`` in the future or before the year ended.
    """
    if not permissions.can_submit_catalogue(actor, organ):
        raise PermissionDeniedError(_("您无权为该机关报送年度目录"))
    day = on or timezone.localdate()
    check_date(day, label=_("报送日期"))
    if not in_scope(organ):
        raise RuleViolation(_("该机关不属于本级人大常委会备案范围，无需报送目录"), extra={"rule": "F2"})
    if not 2000 <= year < timezone.localdate().year:
        raise RuleViolation(_("只能报送已经结束的年度的目录"), code="bad_year", extra={"rule": "F1"})
    if day > timezone.localdate() or day.year <= year:
        raise RuleViolation(_("报送日期应在该年度结束后、不晚于今天"), code="bad_date", extra={"rule": "F1"})
    numbers = [normalise_number(r.number) for r in entries]
    if len(set(numbers)) != len(numbers):
        raise RuleViolation(_("目录中的文号重复"), code="bad_line", extra={"rule": "F1"})
    for row in entries:
        if row.published_on.year != year:
            raise RuleViolation(_("目录中的文件应为该年度制定的文件"), code="bad_line", extra={"rule": "F1"})
        if not row.title or not row.number or len(row.title) > TITLE_MAX or len(row.number) > 60:
            raise RuleViolation(_("目录条目的标题、文号不能为空或过长"), code="bad_line")
    if len(entries) > MAX_ENTRIES:
        raise RuleViolation(_("目录不能超过%(m)d条") % {"m": MAX_ENTRIES}, code="too_long")
    existing = Catalogue.objects.select_for_update().filter(organ=organ, year=year).first()
    if existing is None:
        cat = Catalogue.objects.create(
            congress=organ.congress, organ=organ, year=year, submitted_on=day, submitted_by=actor
        )
        late = catalogue_late(year, day)
        action = CatalogueAction.SUBMITTED_LATE if late else CatalogueAction.SUBMITTED
    else:
        cat = existing
        cat.corrected_on = day
        save_versioned(cat, ["corrected_on"])
        cat.entries.all().delete()
        action = CatalogueAction.CORRECTED
    CatalogueEntry.objects.bulk_create(
        [
            CatalogueEntry(catalogue=cat, order=i, title=r.title, number=r.number, published_on=r.published_on)
            for i, r in enumerate(entries, start=1)
        ]
    )
    note = _("%(y)d年度，%(n)d件") % {"y": year, "n": len(entries)}
    record_event(
        CATALOGUE_FLOW,
        cat,
        action=action,
        actor=actor,
        note=note,
        at=at_day(day),
        from_status="" if not existing else None,
    )
    return cat


def _filed_keys(organ_id: int, year: int) -> tuple[set[str], set[tuple[str, date]]]:
    docs = FilingDocument.objects.filter(organ_id=organ_id, published_on__year=year).values_list(
        "number", "title", "published_on"
    )
    return {normalise_number(n) for n, _t, _d in docs}, {(t.strip(), d) for _n, t, d in docs}


def unfiled_entries(cat: Catalogue) -> list[CatalogueEntry]:
    """The catalogue's entries that match no document the organ filed (漏报, F1): matched by 文号
    (spaces and brackets ignored), else by the same title and publication date."""
    numbers, titles = _filed_keys(cat.organ_id, cat.year)
    return [
        e
        for e in cat.entries.all()
        if normalise_number(e.number) not in numbers and (e.title.strip(), e.published_on) not in titles
    ]


def catalogues_for(viewer: Any) -> QuerySet[Catalogue]:
    """Catalogues ``viewer`` may see: staff and supervisors all, an organ's officer its own organ's."""
    return selectors.organ_scoped(Catalogue.objects.select_related("organ"), viewer)


def catalogue_get(*, viewer: Any, catalogue_id: int) -> Catalogue:
    """One visible catalogue. Raises NotFoundOrForbidden (404 alike for missing and hidden)."""
    cat = catalogues_for(viewer).filter(pk=catalogue_id).first()
    if cat is None:
        raise NotFoundOrForbidden(_("年度目录不存在"))
    return cat


@dataclass(frozen=True)
class BoardRow:
    """One organ in scope on the catalogue board: its catalogue of the year (or ``None``), whether it
    came late, whether it is missing past the deadline, its line count and 漏报 count."""

    organ: Organ
    catalogue: Catalogue | None
    late: bool
    overdue: bool
    entries: int
    unfiled: int


def catalogue_board(*, congress_id: int | None, year: int, today: date) -> list[BoardRow]:
    """Every organ in scope (F2) of the congress (all congresses when ``None``) with its catalogue of
    ``year``: not submitted first (overdue after 31 January of ``year + 1``), then late, then on time."""
    organs = Organ.objects.filter(kind__in=IN_SCOPE).order_by("name")
    if congress_id:
        organs = organs.filter(congress_id=congress_id)
    cats = {c.organ_id: c for c in Catalogue.objects.filter(year=year, organ__in=organs).prefetch_related("entries")}
    rows = []
    for organ in organs:
        cat = cats.get(organ.pk)
        if cat is None:
            rows.append(BoardRow(organ, None, False, today > catalogue_due(year), 0, 0))
        else:
            rows.append(
                BoardRow(
                    organ,
                    cat,
                    catalogue_late(year, cat.submitted_on),
                    False,
                    len(cat.entries.all()),
                    len(unfiled_entries(cat)),
                )
            )
    return sorted(rows, key=lambda r: (r.catalogue is not None, not r.late))


def prefill(organ: Organ, year: int) -> str:
    """The lines of the documents ``organ`` filed that were published in ``year`` (the form's start:
    the officer adds what was made but not filed)."""
    docs = FilingDocument.objects.filter(organ=organ, published_on__year=year).order_by("published_on", "pk")
    return "\n".join(f"{d.title} | {d.number} | {d.published_on:%Y-%m-%d}" for d in docs)
