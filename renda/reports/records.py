"""Deputies' activity records (代表履职档案, issue 16 item 6), built from records, never typed twice.

One selector per kind of activity, each reading the owning app's selector for (deputy, period); then
:func:`deputy_record` composes them into counts and lists. Counting rules: each row counts once —
a proposal once whether led or co-signed (a deputy is either its lead or a co-signer), a meeting once
per deputy by attendance status, a poll once per deputy who voted (never how: secret ballots hold no
voter, and ballots are not read at all), a reception *day* once per deputy on duty (several reception
rows the same day count one day), an inspection, research, 集中视察 or investigation once per deputy in
its group, a comment on a draft once. So "人次" counts a deputy once per activity, and summed over deputies
these counts are the congress's figures (``metrics.deputies_in_activities`` for the groups).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from renda.core.privacy import redact_text
from renda.legislation import selectors as legislation
from renda.liaison import selectors as liaison
from renda.meetings import selectors as meetings
from renda.meetings.models import Attendance
from renda.organization.models import Deputy
from renda.oversight import selectors as oversight
from renda.proposals import selectors as proposals
from renda.reports import training as trainings
from renda.reports.models import RecordKind
from renda.reports.periods import Period
from renda.reports.selectors import RecordConfig, record_config


@dataclass(frozen=True)
class Row:
    """One line of a record's list: the day, the text, a note (status, reason, role) and a link."""

    day: date | None
    text: str
    note: str = ""
    url: str = ""


@dataclass(frozen=True)
class Kind:
    """How one kind of activity is read: its records for (deputy, period), and each record's line.

    ``counted`` gives the queryset whose rows the figure counts (the records themselves, or their
    distinct days); ``ref_depth`` is how many subqueries deep the owning selector reads the deputy's id
    (2 for co-signed proposals, read inside an ``EXISTS`` over co-signers), so that the staff list can
    count every deputy of a page in one query (``renda.reports.aggregates``).
    """

    kind: RecordKind
    unit: StrOrPromise
    records: Callable[[Deputy, Period], QuerySet[Any]]
    row: Callable[[Any], Row]
    counted: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda qs: qs
    ref_depth: int = 1

    def count(self, qs: QuerySet[Any]) -> int:
        """The figure of ``qs`` (this kind's records of one deputy): the number of rows it counts."""
        return self.counted(qs.order_by()).count()


def _congress(d: Deputy) -> int:
    return int(d.term.congress_id)


def _proposal_row(p: Any) -> Row:
    day = timezone.localdate(p.submitted_at) if p.submitted_at else None
    return Row(day, f"{p.number} {p.title}".strip(), p.get_status_display(), reverse("proposals:detail", args=[p.pk]))


def led(d: Deputy, p: Period) -> QuerySet[Any]:
    """Bills and suggestions the deputy led, put forward in the period (proposals' selector)."""
    return proposals.deputy_proposals(deputy_id=d.pk, congress_id=_congress(d), start=p.start, end=p.end)


def cosigned(d: Deputy, p: Period) -> QuerySet[Any]:
    """Bills and suggestions the deputy co-signed (confirmed), put forward in the period."""
    return proposals.deputy_proposals(deputy_id=d.pk, congress_id=_congress(d), start=p.start, end=p.end, cosigned=True)


def _attendance(status: str) -> Callable[[Deputy, Period], QuerySet[Any]]:
    def records(d: Deputy, p: Period) -> QuerySet[Any]:
        return meetings.deputy_attendance(deputy_id=d.pk, start=p.start, end=p.end).filter(status=status)

    return records


def _attendance_row(a: Any) -> Row:
    return Row(timezone.localdate(a.meeting.starts_at), a.meeting.title, a.note)


def votes(d: Deputy, p: Period) -> QuerySet[Any]:
    """Polls the deputy voted in (that they voted, never how)."""
    return meetings.deputy_votes(deputy_id=d.pk, start=p.start, end=p.end)


def _vote_row(v: Any) -> Row:
    meeting = v.poll.item.meeting
    return Row(timezone.localdate(meeting.starts_at), v.poll.title, meeting.title)


def duty(d: Deputy, p: Period) -> QuerySet[Any]:
    """Reception days at stations and points where the deputy was on duty."""
    return liaison.deputy_receptions(deputy_id=d.pk, start=p.start, end=p.end)


def _duty_days(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.values("date").distinct()


def _reception_row(r: Any) -> Row:
    place = f"{r.station.name}{' · ' + r.point.name if r.point_id else ''}"
    return Row(r.date, place, gettext("接待群众%(n)s人次") % {"n": r.visitor_count})


def opinions(d: Deputy, p: Period) -> QuerySet[Any]:
    """Citizens' opinions the deputy turned into a suggestion."""
    return liaison.deputy_opinions_to_suggestions(deputy_id=d.pk, start=p.start, end=p.end)


def _opinion_row(o: Any) -> Row:
    return Row(timezone.localdate(o.received_at), redact_text(o.title)[:60], redact_text(o.suggestion.title)[:60])


def activities(d: Deputy, p: Period) -> QuerySet[Any]:
    """Inspections and investigations the deputy joined (oversight's ``deputy_activities``)."""
    return oversight.deputy_activities(d, p.start, p.end)


def _activity_row(m: Any) -> Row:
    return Row(
        m.item.inspection_starts_on, m.item.title, m.get_role_display(), reverse("oversight:item", args=[m.item_id])
    )


def comments(d: Deputy, p: Period) -> QuerySet[Any]:
    """Comments the deputy made on draft regulations as a deputy."""
    return legislation.deputy_comments(deputy_id=d.pk, start=p.start, end=p.end)


def _comment_row(c: Any) -> Row:
    return Row(timezone.localdate(c.created_at), c.version.draft.title)


def training(d: Deputy, p: Period) -> QuerySet[Any]:
    """Trainings (履职学习培训) the deputy attended (the reports app's own register)."""
    return trainings.deputy_trainings(deputy_id=d.pk, start=p.start, end=p.end)


def _training_row(t: Any) -> Row:
    return Row(t.held_on, t.title)


K = RecordKind
KINDS: tuple[Kind, ...] = (
    Kind(K.LED, _("件"), led, _proposal_row),
    Kind(K.COSIGNED, _("件"), cosigned, _proposal_row, ref_depth=2),
    Kind(K.ATTENDED, _("次"), _attendance(Attendance.Status.PRESENT), _attendance_row),
    Kind(K.LEAVE, _("次"), _attendance(Attendance.Status.LEAVE), _attendance_row),
    Kind(K.ABSENT, _("次"), _attendance(Attendance.Status.ABSENT), _attendance_row),
    Kind(K.VOTES, _("次"), votes, _vote_row),
    Kind(K.DUTY_DAYS, _("天"), duty, _reception_row, _duty_days),
    Kind(K.OPINIONS, _("条"), opinions, _opinion_row),
    Kind(K.ACTIVITIES, _("人次"), activities, _activity_row),
    Kind(K.COMMENTS, _("条"), comments, _comment_row),
    Kind(K.TRAINING, _("次"), training, _training_row),
)
BY_KIND = {k.kind.value: k for k in KINDS}


@dataclass(frozen=True)
class Entry:
    """One kind's figure on a record, with its lines (when asked for) and its points."""

    kind: RecordKind
    label: StrOrPromise
    unit: StrOrPromise
    count: int
    rows: list[Row] = field(default_factory=list)
    weight: int = 0

    @property
    def points(self) -> int:
        """Points of this kind: count × weight."""
        return self.count * self.weight


@dataclass(frozen=True)
class ActivityRecord:
    """A deputy's record for a period: an entry per kind; ``points`` is ``None`` when the congress has
    no points scheme switched on; ``visitors`` is the citizens received on the deputy's duty days."""

    deputy: Deputy
    period: Period
    entries: list[Entry]
    visitors: int
    points: int | None

    def count(self, kind: str) -> int:
        """The count of ``kind`` (a ``RecordKind`` value)."""
        return next(e.count for e in self.entries if e.kind == kind)


def deputy_record(
    *,
    deputy: Deputy,
    period: Period,
    lists: bool = True,
    config: RecordConfig | None = None,
    only: frozenset[str] | None = None,
) -> ActivityRecord:
    """Compose ``deputy``'s activity record for ``period``.

    Args:
        deputy: the deputy (term joined or fetched).
        period: the reporting period (calendar year or session year, ``periods.Period``).
        lists: also read each kind's lines (the record page and the document); ``False`` reads counts
            only (the staff list, about one query per kind).
        config: the congress's settings (read when ``None``).
        only: read just these kinds (``RecordKind`` values; the public page's), all when ``None``.
    Returns:
        An :class:`ActivityRecord`; counts follow the module's counting rules. No ballot choice is read.
    """
    config = config or record_config(_congress(deputy))
    entries: list[Entry] = []
    visitors = 0
    for k in KINDS:
        if only is not None and k.kind.value not in only:
            continue
        qs = k.records(deputy, period)
        rows = [k.row(r) for r in qs] if lists else []
        if k.kind == K.DUTY_DAYS and lists:
            visitors = int(qs.aggregate(n=Sum("visitor_count"))["n"] or 0)
        entries.append(Entry(k.kind, k.kind.label, k.unit, k.count(qs), rows, config.weights.get(k.kind.value, 0)))
    points = sum(e.points for e in entries) if config.points else None
    return ActivityRecord(deputy, period, entries, visitors, points)
