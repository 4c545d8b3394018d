"""A handling unit's own report on its suggestions (承办单位办理情况报告, RULES.md S20): at mid-year (1 January
to 30 June) and at year-end (the whole year), one line per suggestion assigned to the unit and the unit's
totals, as a page and a GB/T 9704 .docx.

The totals are the unit's row of the office's report (:func:`renda.reports.handling.unit_rows`), and the
lines read the same proposals selectors over the same suggestions (the metric dictionary's suggestions of
the period), so a unit's report, the office's table and the 工作统计 figures cannot disagree. A reply's
lateness is counted in working days (``renda.core.workdays``) after the deadline in force when it was made.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from renda.core.workdays import working_days_between
from renda.organization.models import HandlingUnit
from renda.proposals import selectors as proposals
from renda.reports import handling, metrics
from renda.reports.document import Block
from renda.reports.periods import BadPeriod, Period, year_period

MID_YEAR, YEAR_END = "mid", "end"
HALVES = (MID_YEAR, YEAR_END)


def unit_period(year: int, half: str) -> Period:
    """The period of a unit's report: ``mid`` 1 January–30 June of ``year``, ``end`` the whole year.

    Raises:
        BadPeriod: a year outside 1979–2100 or another ``half``.
    """
    whole = year_period(year)
    if half == YEAR_END:
        return whole
    if half == MID_YEAR:
        return Period(whole.start, date(year, 6, 30), _("%(y)s年上半年") % {"y": year})
    raise BadPeriod(_("请选择年中或年终报告"))


@dataclass(frozen=True)
class ReplyTiming:
    """One reply of the line: its day, whether it met the deadline in force then, and how many working
    days late it was (0 when on time)."""

    replied_on: date
    on_time: bool
    late_days: int


@dataclass
class SuggestionLine:
    """One assignment of a suggestion to the unit (a 件次): the suggestion, the unit's role and deadline,
    its replies' timing, the latest reply's class, whether the unit consulted the deputy (S4), the
    deputies' ratings of its replies (办理结果) and its commitments still open (S19)."""

    number: str
    title: str
    deputy: str
    role: str
    due_date: date
    replies: list[ReplyTiming] = field(default_factory=list)
    reply_class: str = ""
    consulted_on: date | None = None
    ratings: list[str] = field(default_factory=list)
    commitments_open: int = 0


@dataclass
class UnitReport:
    """A unit's report for a period: its lines (by suggestion number) and its totals."""

    unit: HandlingUnit
    period: Period
    half: str
    lines: list[SuggestionLine]
    totals: handling.UnitRow


def unit_report(*, unit: HandlingUnit, period: Period, half: str = YEAR_END) -> UnitReport:
    """The report of ``unit`` on the suggestions of ``period`` (S20): a constant number of queries.

    The totals are ``unit``'s row of :func:`handling.unit_rows` (zeros when it received none).
    """
    suggestions = metrics.get("suggestions").records(unit.congress_id, period)  # type: ignore[union-attr]
    lines: dict[int, SuggestionLine] = {}
    for a in (
        proposals.assignments_of(suggestions)
        .filter(unit=unit)
        .select_related("proposal__lead_deputy")
        .prefetch_related("consultations")
    ):
        held = sorted(c.held_on for c in a.consultations.all())
        lead = a.proposal.lead_deputy
        lines[a.pk] = SuggestionLine(
            number=a.proposal.number,
            title=a.proposal.title,
            deputy=lead.name if lead else "",
            role=a.get_role_display(),
            due_date=a.due_date,
            consulted_on=held[0] if held else None,
        )
    mine = {"assignment__unit": unit}
    on_time = set(proposals.replies_on_time(suggestions).filter(**mine).values_list("pk", flat=True))
    late_rows = proposals.replies_late(suggestions).filter(**mine)
    late = dict(late_rows.values_list("pk", "due_then"))  # type: ignore[misc]  # due_then: an annotation
    for r in proposals.replies_of(suggestions).filter(**mine):
        line = lines.get(r.assignment_id)
        if line is None:
            continue
        due = late.get(r.pk)
        line.replies.append(
            ReplyTiming(r.replied_on, r.pk in on_time, working_days_between(due, r.replied_on) if due else 0)
        )
        line.reply_class = r.reply_class  # replies come oldest first: the latest one's class stays
    for e in proposals.evaluations_of(suggestions).filter(reply__assignment__unit=unit):
        if e.reply.assignment_id in lines:
            lines[e.reply.assignment_id].ratings.append(e.get_result_display())
    open_: dict[int, int] = defaultdict(int)
    for assignment_id in (
        proposals.open_commitments(unit=unit)
        .filter(reply__assignment__proposal__in=suggestions.values("pk"))
        .values_list("reply__assignment_id", flat=True)
    ):
        open_[assignment_id] += 1
    for pk, n in open_.items():
        if pk in lines:
            lines[pk].commitments_open = n
    row = next((r for r in handling.unit_rows(unit.congress_id, period) if r.unit_id == unit.pk), None)
    totals = row or handling.UnitRow(unit.name, 0, 0, (0, 0, 0, 0), 0, 0, 0, 0, unit.pk)
    ordered = sorted(lines.values(), key=lambda line: (line.number, line.title))
    return UnitReport(unit=unit, period=period, half=half, lines=ordered, totals=totals)


HEADER = [
    "建议编号",
    "建议标题",
    "领衔代表",
    "承办方式",
    "办理期限",
    "答复情况",
    "答复类别",
    "答复前沟通",
    "代表评价",
    "未兑现承诺",
]


def _timing(line: SuggestionLine) -> str:
    if not line.replies:
        return "尚未答复"
    return "；".join(f"{t.replied_on:%Y-%m-%d} {_late(t)}" for t in line.replies)


def _late(t: ReplyTiming) -> str:
    if t.on_time:
        return "按期"
    return f"逾期{t.late_days}个工作日" if t.late_days else "逾期（期限后的休息日答复）"


def cells(line: SuggestionLine) -> list[str]:
    """The line's cells in :data:`HEADER`'s order (the page's table and the .docx table)."""
    return [
        line.number or "—",
        line.title,
        line.deputy or "—",
        line.role,
        f"{line.due_date:%Y-%m-%d}",
        _timing(line),
        line.reply_class or "—",
        f"{line.consulted_on:%Y-%m-%d}" if line.consulted_on else "未沟通",
        "、".join(line.ratings) or "未评价",
        str(line.commitments_open),
    ]


def summary(report: UnitReport) -> str:
    """The totals in one paragraph, in the words of the office's report (a Chinese official document)."""
    t = report.totals
    a, b, c, d = t.classes
    return (
        f"{report.period.label}，本单位共收到交办的代表建议{t.received}件次，按期答复{t.on_time}件次。"
        f"答复类别：A类{a}件、B类{b}件、C类{c}件、D类{d}件。"
        f"办理前与代表沟通的占{t.consultation_rate:.1f}%，代表评价{t.evaluations}人次，"
        f"满意和基本满意的占{t.satisfaction_rate:.1f}%，尚未兑现并告知代表的答复承诺{t.commitments_open}项。"
    )


def compose_unit_report(report: UnitReport) -> list[Block]:
    """The unit's report as document blocks (title, 一、总体情况, 二、逐件办理情况 with the table) for
    :func:`renda.reports.document.to_docx`; the text of a Chinese official document, not interface text."""
    kind = "年中" if report.half == MID_YEAR else "年终"
    return [
        Block(0, "", [f"{report.unit.name}关于{report.period.label}代表建议办理情况的{kind}报告"]),
        Block(1, "一、", ["总体情况"]),
        Block(5, "", [summary(report)]),
        Block(1, "二、", ["逐件办理情况"]),
        Block(6, "", [], [HEADER, *(cells(line) for line in report.lines)]),
    ]
