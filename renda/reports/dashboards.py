"""Dashboards (统计图表, issue 16 item 5): the chart series of each role, their filters and drill-downs.

Every series is computed here from the owning apps' selectors (``proposals``, ``liaison``,
``livelihood``), aggregated in the database (a fixed number of queries whatever the data), and a figure
that is also a metric of the dictionary is read from that metric (the suggestions counted, the
satisfaction rate, the opinions heard, the livelihood projects: ``metrics.BY_ID``), so a chart cannot
disagree with 工作统计. The same :class:`Series` feeds the chart, the table under it, the xlsx download
and (through :func:`records`) the list of records behind each bar or point.

Who sees what (``permissions.dashboard_role``): Standing Committee staff see the whole congress; a supervisor
(督办领导) the key suggestions he supervises and the livelihood projects he leads; a handling unit its
own record against the average of all units; the public (:func:`public_series`) only published
figures: reply classes of published replies (S21) and the progress of published livelihood programmes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django_stubs_ext import StrOrPromise

from renda.core.exceptions import ApplicationError
from renda.liaison.models import Topic
from renda.livelihood import selectors as livelihood
from renda.organization import selectors as org_selectors
from renda.organization.models import Delegation, HandlingUnit, LiaisonStation, ProfessionalGroup
from renda.proposals import conf as proposal_conf
from renda.proposals import selectors as proposals
from renda.proposals.models import Assignment, Satisfaction
from renda.proposals.workflow import AssignmentStatus, Status
from renda.reports import metrics, tables
from renda.reports.periods import BadPeriod, Period, parse_period
from renda.reports.permissions import STAFF, SUPERVISOR, UNIT, dashboard_role

PUBLIC = "public"
#: The stages of a suggestion's handling shown by the pipeline chart, in order (drafts and withdrawn
#: suggestions are never put forward; bills' own stages are not a suggestion's).
PIPELINE = (
    Status.SUBMITTED,
    Status.REGISTERED,
    Status.ASSIGNED,
    Status.REPLIED,
    Status.REHANDLING,
    Status.CLOSED,
    Status.RETURNED,
)
TOP_TOPICS, TOP_STATIONS, MAX_MONTHS = 12, 6, 36
#: Green for satisfied, blue for basically satisfied, red for dissatisfied.
SATISFACTION_COLOURS: dict[str, str] = {
    Satisfaction.SATISFIED: "#2e7d32",
    Satisfaction.BASICALLY: "#1f5fa8",
    Satisfaction.DISSATISFIED: "#b3261e",
}


class BadFilter(ApplicationError):
    """A dashboard filter or drill-down key cannot be read (a delegation, group, unit or month unknown)."""

    code = "bad_filter"


@dataclass(frozen=True)
class Filters:
    """What the dashboard counts: a period and optionally one delegation, professional group or unit
    (of the lead deputy / the assignment); ids are checked to belong to the congress."""

    period: Period
    delegation_id: int | None = None
    group_id: int | None = None
    unit_id: int | None = None
    #: counts read once per request and shared by the series that need them (see :func:`reply_counts`)
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def query(self) -> str:
        """The query string selecting these filters on the dashboard pages."""
        params = dict(p.split("=", 1) for p in [self.period.query()])
        for key, value in (("delegation", self.delegation_id), ("group", self.group_id), ("unit", self.unit_id)):
            if value:
                params[key] = str(value)
        return urlencode(params)


@dataclass(frozen=True)
class Scope:
    """Whose figures: the role's view (``STAFF``, ``SUPERVISOR``, ``UNIT``, ``PUBLIC``) of one congress."""

    role: str
    congress_id: int
    viewer: Any = None

    @property
    def own_unit(self) -> int | None:
        """The handling unit of a unit officer (whose dashboard is fixed to it), else ``None``."""
        return int(self.viewer.handling_unit_id) if self.role == UNIT else None


@dataclass
class Series:
    """One chart: labels on the category axis, one or more datasets of values (same length), and for each
    value the URL of the records behind it (``""`` for none). ``kind`` is a Chart.js type."""

    id: str
    title: StrOrPromise
    kind: str
    unit: StrOrPromise
    labels: list[str]
    datasets: list[tuple[str, list[int | float]]]
    links: list[list[str]] = field(default_factory=list)
    headline: str = ""
    note: StrOrPromise = ""
    horizontal: bool = False
    colours: list[str] = field(default_factory=list)

    def chart(self) -> dict[str, Any]:
        """The chart's data for the page's ``json_script`` (read by ``reports/dashboard.js``)."""
        return {
            "kind": self.kind,
            "horizontal": self.horizontal,
            "percent": str(self.unit) == "%",
            "colours": self.colours,
            "labels": self.labels,
            "datasets": [{"label": label, "data": data} for label, data in self.datasets],
            "links": self.links,
        }

    def rows(self) -> list[tuple[str, list[tuple[str, int | float, str]]]]:
        """The table under the chart: per label, each dataset's (name, value, drill-down URL)."""
        out = []
        for i, label in enumerate(self.labels):
            cells = [
                (name, data[i], self.links[d][i] if self.links else "") for d, (name, data) in enumerate(self.datasets)
            ]
            out.append((label, cells))
        return out


# --- who sees which dashboard ------------------------------------------------------------------------


def scope_for(user: Any) -> Scope | None:
    """The scope of ``user``'s dashboard, or ``None`` when they have none (or no congress)."""
    from renda.reports.selectors import congress_id_for

    role = dashboard_role(user)
    congress_id = congress_id_for(user) if role else None
    return Scope(role, congress_id, user) if role and congress_id else None


def public_congress_id() -> int | None:
    """The congress the public dashboard shows: that of the latest session (``None`` when none)."""
    session = org_selectors.current_session()
    return session.term.congress_id if session else None


def _choice(raw: str, qs: QuerySet[Any], message: str) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9) or not qs.filter(pk=int(raw)).exists():
        raise BadFilter(message)
    return int(raw)


def filter_choices(congress_id: int) -> dict[str, QuerySet[Any]]:
    """The delegations, professional groups and handling units the filter form offers."""
    return {
        "delegations": Delegation.objects.filter(term__congress_id=congress_id).order_by("-term__ordinal", "name"),
        "groups": ProfessionalGroup.objects.filter(term__congress_id=congress_id).order_by("-term__ordinal", "name"),
        "units": HandlingUnit.objects.filter(congress_id=congress_id, is_active=True).order_by("name"),
    }


def parse_filters(*, scope: Scope, data: Mapping[str, str], today: date | None = None) -> Filters:
    """Read the filters of a GET form (``year`` or ``session``, ``delegation``, ``group``, ``unit``).

    A unit officer's dashboard is always his own unit's (``unit`` is ignored); the public one reads
    only the period. Raises ``BadFilter`` with a Chinese message for a bad period or an id that is not
    a number or not one of the congress's.
    """
    try:
        period = parse_period(
            congress_id=scope.congress_id, year=data.get("year", ""), session=data.get("session", ""), today=today
        )
    except BadPeriod as exc:
        raise BadFilter(exc.message) from exc
    if scope.role == PUBLIC:
        return Filters(period)
    choices = filter_choices(scope.congress_id)
    return Filters(
        period,
        delegation_id=_choice(data.get("delegation", ""), choices["delegations"], _("找不到该代表团，请重新选择")),
        group_id=_choice(data.get("group", ""), choices["groups"], _("找不到该专业小组，请重新选择")),
        unit_id=scope.own_unit or _choice(data.get("unit", ""), choices["units"], _("找不到该承办单位，请重新选择")),
    )


# --- the record sets every series counts -------------------------------------------------------------


def suggestions(scope: Scope, f: Filters) -> QuerySet[Any]:
    """The suggestions put forward in the period (the metric ``suggestions``'s records) narrowed by the
    filters (lead deputy's delegation or professional group, a live assignment to the unit) and, for a
    supervisor, to the suggestions he supervises."""
    qs = metrics.BY_ID["suggestions"].records(scope.congress_id, f.period)
    if f.delegation_id:
        qs = qs.filter(Q(delegation_id=f.delegation_id) | Q(lead_deputy__delegation_id=f.delegation_id))
    if f.group_id:
        qs = qs.filter(lead_deputy__professional_groups=f.group_id)
    if f.unit_id:
        live = Assignment.objects.filter(proposal=OuterRef("pk"), unit_id=f.unit_id).exclude(
            status=AssignmentStatus.CANCELLED
        )
        qs = qs.filter(Exists(live))
    if scope.role == SUPERVISOR:
        qs = qs.filter(pk__in=proposals.visible_proposals(scope.viewer).values("pk"))
    return qs


def _unit(qs: QuerySet[Any], f: Filters, path: str) -> QuerySet[Any]:
    return qs.filter(**{path: f.unit_id}) if f.unit_id else qs


def replies(scope: Scope, f: Filters) -> QuerySet[Any]:
    """Replies to :func:`suggestions` (of the filtered unit only, when one is chosen)."""
    return _unit(proposals.replies_of(suggestions(scope, f)), f, "assignment__unit_id")


def replies_on_time(scope: Scope, f: Filters) -> QuerySet[Any]:
    """Those of :func:`replies` dated on or before the deadline then in force (S3, S14)."""
    return _unit(proposals.replies_on_time(suggestions(scope, f)), f, "assignment__unit_id")


def late_replies(scope: Scope, f: Filters) -> QuerySet[Any]:
    """Those of :func:`replies` made after the deadline then in force (``due_then`` annotated)."""
    return _unit(proposals.replies_late(suggestions(scope, f)), f, "assignment__unit_id")


def evaluations(scope: Scope, f: Filters) -> QuerySet[Any]:
    """Deputies' ratings (S16) of :func:`replies`."""
    return _unit(proposals.evaluations_of(suggestions(scope, f)), f, "reply__assignment__unit_id")


def open_overdue(scope: Scope, f: Filters, today: date | None = None) -> QuerySet[Any]:
    """Assignments of :func:`suggestions` still open past their deadline, the deadline in the period."""
    today = today or timezone.localdate()
    # the congress is :func:`suggestions`'s: asking overdue_assignments for it again would join proposals twice
    qs = proposals.overdue_assignments(congress_id=None, unit_id=f.unit_id, today=today)
    return qs.filter(proposal__in=suggestions(scope, f).values("pk"), due_date__range=(f.period.start, f.period.end))


def opinions(scope: Scope, f: Filters) -> QuerySet[Any]:
    """Opinions heard at stations in the period (the metric ``opinions_heard``'s records), of the unit
    they were routed to when a unit is chosen."""
    return _unit(metrics.BY_ID["opinions_heard"].records(scope.congress_id, f.period), f, "unit_id")


def projects(scope: Scope, f: Filters) -> QuerySet[Any]:
    """Livelihood projects of the period (the metric ``livelihood_projects``'s records); a supervisor's
    are those he leads, the public's those of published programmes; the unit's when one is chosen."""
    qs = _unit(metrics.BY_ID["livelihood_projects"].records(scope.congress_id, f.period), f, "responsible_unit_id")
    if scope.role == SUPERVISOR:
        qs = qs.filter(pk__in=livelihood.projects_led_by(deputy_id=scope.viewer.deputy_id).values("pk"))
    if scope.role == PUBLIC:
        qs = qs.filter(programme__in=livelihood.public_programmes().values("pk"))
    return qs


# --- the series --------------------------------------------------------------------------------------


def _drill(series_id: str, f: Filters, key: Any) -> str:
    return f"{reverse('reports:dashboard-records', args=[series_id])}?{f.query()}&{urlencode({'key': key})}"


def _rate(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def pipeline(scope: Scope, f: Filters) -> Series:
    """Suggestions by handling stage (one query); the total is the metric ``suggestions``."""
    counts = dict(suggestions(scope, f).order_by().values_list("status").annotate(n=Count("id")))
    labels = [str(Status(s).label) for s in PIPELINE]
    data: list[int | float] = [counts.get(s, 0) for s in PIPELINE]
    links = [[_drill("pipeline", f, s) for s in PIPELINE]]
    head = _("共 %(n)s 件") % {"n": sum(counts.values())}
    return Series("pipeline", _l("建议办理进度"), "bar", _l("件"), labels, [(_("建议"), data)], links, head)


@dataclass(frozen=True)
class ReplyCounts:
    """Replies of :func:`replies` counted by (unit id, reply class, month of the reply date): how many
    (``n``) and how many of them late (``late``, those of :func:`late_replies`). Every reply is on time or
    late (its deadline then in force is never empty), so on time = n − late."""

    rows: list[tuple[int, str, date, int, int]]


def reply_counts(scope: Scope, f: Filters) -> ReplyCounts:
    """The :class:`ReplyCounts` of the scope and filters: one grouped query, read once per ``f`` and
    shared by the charts of units' on-time rates, reply classes and the overdue trend."""
    key = ("replies", scope.role, scope.congress_id, getattr(scope.viewer, "pk", None))
    if key not in f.memo:
        qs = proposals.with_due_then(replies(scope, f)).order_by().annotate(m=TruncMonth("replied_on"))
        grouped = qs.values_list("assignment__unit_id", "reply_class", "m").annotate(
            n=Count("*"), late=Count("pk", filter=Q(replied_on__gt=F("due_then")))
        )
        f.memo[key] = ReplyCounts([(u, c, _month_key(m), n, late) for u, c, m, n, late in grouped])
    return cast(ReplyCounts, f.memo[key])


def unit_rates(scope: Scope, f: Filters) -> list[dict[str, Any]]:
    """Per unit with replies in the filtered set: ``unit_id``, ``name``, ``replies``, ``on_time``,
    ``late`` and ``rate`` (% on time, one decimal), by rate then name (:func:`reply_counts` and one
    query for the units' names)."""
    total: dict[int, int] = {}
    late: dict[int, int] = {}
    for unit, _c, _m, n, n_late in reply_counts(scope, f).rows:
        total[unit] = total.get(unit, 0) + n
        late[unit] = late.get(unit, 0) + n_late
    names = dict(HandlingUnit.objects.filter(pk__in=total).values_list("pk", "name"))
    rows: list[dict[str, Any]] = [
        {"unit_id": u, "name": names[u], "replies": n, "late": late.get(u, 0), "on_time": n - late.get(u, 0)}
        for u, n in total.items()
    ]
    for r in rows:
        r["rate"] = _rate(r["on_time"], r["replies"])
    return sorted(rows, key=lambda r: (r["rate"], r["name"]))


def on_time_by_unit(scope: Scope, f: Filters) -> Series:
    """Rate of replies on time per unit (%); each bar drills into that unit's late replies."""
    rows = unit_rates(scope, f)
    total, on_time = sum(r["replies"] for r in rows), sum(r["on_time"] for r in rows)
    head = _("全部按期答复率 %(r)s%%（%(a)s/%(b)s 件次）") % {"r": _rate(on_time, total), "a": on_time, "b": total}
    return Series(
        "on_time_by_unit",
        _l("各承办单位按期答复率"),
        "bar",
        "%",
        [r["name"] for r in rows],
        [(_("按期答复率"), [r["rate"] for r in rows])],
        [[_drill("on_time_by_unit", f, r["unit_id"]) for r in rows]],
        head,
        _l("点击单位查看其逾期答复的建议。"),
        horizontal=True,
    )


def classes(scope: Scope, f: Filters) -> Series:
    """Replies by reply class A/B/C/D (S7; from :func:`reply_counts`)."""
    counts: dict[str, int] = {}
    for _u, code, _m, n, _late in reply_counts(scope, f).rows:
        counts[code] = counts.get(code, 0) + n
    known = proposal_conf.reply_classes()
    return Series(
        "classes",
        _l("答复类别分布"),
        "doughnut",
        _l("件次"),
        [label for _code, label in known],
        [(_("答复件次"), [counts.get(code, 0) for code, _label in known])],
        [[_drill("classes", f, code) for code, _label in known]],
        _("共 %(n)s 件次") % {"n": sum(counts.values())},
    )


def satisfaction(scope: Scope, f: Filters) -> Series:
    """Deputies' ratings by result (满意/基本满意/不满意); the rate is the metric ``satisfaction_rate``'s
    formula (``metrics.satisfaction_rate_of``) over the same ratings (one query)."""
    counts = dict(evaluations(scope, f).order_by().values_list("result").annotate(n=Count("*")))
    satisfied = sum(n for result, n in counts.items() if result in proposals.SATISFIED_RESULTS)
    rate = metrics.satisfaction_rate_of(satisfied, sum(counts.values()))
    choices = list(Satisfaction.choices)
    return Series(
        "satisfaction",
        _l("代表满意度"),
        "doughnut",
        _l("人次"),
        [str(label) for _v, label in choices],
        [(_("评价人次"), [counts.get(v, 0) for v, _label in choices])],
        [[_drill("satisfaction", f, v) for v, _label in choices]],
        _("满意率 %(r)s%%") % {"r": rate},
        colours=[SATISFACTION_COLOURS.get(v, "#546e7a") for v, _label in choices],
    )


def _months(f: Filters) -> list[date]:
    start, end = f.period.start.replace(day=1), f.period.end
    out: list[date] = []
    while start <= end and len(out) < MAX_MONTHS:
        out.append(start)
        start = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return out


def _month_key(value: Any) -> date:
    return value.date().replace(day=1) if hasattr(value, "date") and callable(value.date) else value.replace(day=1)


def overdue_trend(scope: Scope, f: Filters, today: date | None = None) -> Series:
    """Per month: replies made late (by reply date, from :func:`reply_counts`) and assignments still open
    past a deadline that fell in that month (one query)."""
    months = _months(f)
    late_n: dict[date, int] = {}
    for _u, _c, m, _n, n_late in reply_counts(scope, f).rows:
        if n_late:
            late_n[m] = late_n.get(m, 0) + n_late
    still = open_overdue(scope, f, today).order_by().annotate(m=TruncMonth("due_date")).values_list("m")
    open_n = {_month_key(m): n for m, n in still.annotate(n=Count("id"))}
    keys = [f"{m:%Y-%m}" for m in months]
    return Series(
        "overdue_trend",
        _l("逾期趋势（按月）"),
        "line",
        _l("件"),
        keys,
        [(_("逾期答复"), [late_n.get(m, 0) for m in months]), (_("超期未答复"), [open_n.get(m, 0) for m in months])],
        [
            [_drill("overdue_trend", f, f"late-{k}") for k in keys],
            [_drill("overdue_trend", f, f"open-{k}") for k in keys],
        ],
        _("逾期答复 %(a)s 件，超期未答复 %(b)s 件") % {"a": sum(late_n.values()), "b": sum(open_n.values())},
    )


def _named(counts: dict[Any, int], names: dict[Any, str], top: int) -> list[tuple[Any, str, int]]:
    """(key, name, count) of the ``top`` largest counts, by count then name (a key without a name last)."""
    rows = [(key, names.get(key, ""), n) for key, n in counts.items()]
    rows.sort(key=lambda r: (-r[2], r[0] is None, r[1]))
    return rows[:top]


def opinions_by_topic(scope: Scope, f: Filters) -> Series:
    """Opinions heard by predicted first-level topic, the 12 largest (two queries: the counts per topic
    id, read from the index ``opinion_period_idx`` alone, then the topics' names); the total is the metric
    ``opinions_heard``."""
    counts = dict(opinions(scope, f).order_by().values_list("predicted_topic_id").annotate(n=Count("*")))
    names = dict(Topic.objects.filter(pk__in=[k for k in counts if k]).values_list("pk", "name"))
    rows = _named(counts, names, TOP_TOPICS)
    return Series(
        "opinions_by_topic",
        _l("群众意见分类"),
        "bar",
        _l("条"),
        [name or _("未分类") for _pk, name, _n in rows],
        [(_("意见条数"), [n for _pk, _name, n in rows])],
        [[_drill("opinions_by_topic", f, pk or 0) for pk, _name, _n in rows]],
        horizontal=True,
    )


def opinions_by_station(scope: Scope, f: Filters) -> Series:
    """Opinions heard per month at the six stations that heard most (three queries: the counts per
    station id, the stations' names, the six stations' months)."""
    qs = opinions(scope, f).order_by()
    counts = dict(qs.values_list("station_id").annotate(n=Count("*")))
    top = _named(counts, dict(LiaisonStation.objects.filter(pk__in=counts).values_list("pk", "name")), TOP_STATIONS)
    months = _months(f)
    keys = [f"{m:%Y-%m}" for m in months]
    cells = (
        qs.filter(station_id__in=[s for s, _n, _c in top])
        .annotate(m=TruncMonth("received_at"))
        .values_list("station_id", "m")
        .annotate(n=Count("*"))
    )
    found = {(s, f"{timezone.localtime(m):%Y-%m}"): n for s, m, n in cells}
    return Series(
        "opinions_by_station",
        _l("各联络站收集意见（按月）"),
        "line",
        _l("条"),
        keys,
        [(name, [found.get((s, k), 0) for k in keys]) for s, name, _n in top],
        [[_drill("opinions_by_station", f, f"{s}-{k}") for k in keys] for s, _name, _n in top],
        _("共 %(n)s 条") % {"n": sum(n for _s, _name, n in top)} if top else "",
    )


def livelihood_progress(scope: Scope, f: Filters) -> Series:
    """Each livelihood project's weighted progress (Σ weight × progress / Σ weight of its milestones, %),
    one query; each bar links to the project."""
    rows = list(
        projects(scope, f)
        .annotate(w=Sum("milestones__weight"), wp=Sum(F("milestones__weight") * F("milestones__progress")))
        .values_list("pk", "title", "w", "wp")
    )
    if scope.role == PUBLIC:
        link = reverse("livelihood:public")
        links = [[link for _r in rows]]
    else:
        links = [[reverse("livelihood:project-detail", args=[pk]) for pk, *_rest in rows]]
    return Series(
        "livelihood",
        _l("民生实事项目进度"),
        "bar",
        "%",
        [title for _pk, title, _w, _wp in rows],
        [(_("完成进度"), [round((wp or 0) / w, 1) if w else 0.0 for _pk, _t, w, wp in rows])],
        links,
        _("共 %(n)s 个项目") % {"n": len(rows)},
        horizontal=True,
    )


def unit_vs_average(scope: Scope, f: Filters) -> Series:
    """A unit's on-time rate, satisfaction rate and share of class-A replies against the average of all
    units with replies in the period (filters other than the unit apply to both; three queries)."""
    everyone = Filters(f.period, f.delegation_id, f.group_id, None)
    all_scope = Scope(STAFF, scope.congress_id)
    rates = unit_rates(all_scope, everyone)
    mine = next((r for r in rates if r["unit_id"] == f.unit_id), None)
    evals = (
        evaluations(all_scope, everyone)
        .order_by()
        .values_list("reply__assignment__unit_id")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(result__in=proposals.SATISFIED_RESULTS)))
    )
    sat = {u: _rate(ok, n) for u, n, ok in evals}
    a_class: dict[int, list[int]] = {}
    for u, code, _m, n, _late in reply_counts(all_scope, everyone).rows:
        both = a_class.setdefault(u, [0, 0])
        both[0] += n
        both[1] += n if code == "A" else 0
    share = {u: _rate(a, n) for u, (n, a) in a_class.items()}

    def avg(values: list[float]) -> float:
        return round(sum(values) / len(values), 1) if values else 0.0

    unit = f.unit_id or 0
    own = [mine["rate"] if mine else 0.0, sat.get(unit, 0.0), share.get(unit, 0.0)]
    average = [avg([r["rate"] for r in rates]), avg(list(sat.values())), avg(list(share.values()))]
    late_link = _drill("on_time_by_unit", f, f.unit_id)
    return Series(
        "unit_vs_average",
        _l("本单位与全部单位平均"),
        "bar",
        "%",
        [_("按期答复率"), _("满意率"), _("A类答复占比")],
        [(_("本单位"), own), (_("全部单位平均"), average)],
        [[late_link, "", ""], ["", "", ""]],
        _("平均值为期间有答复的 %(n)s 个单位的简单平均") % {"n": len(rates)},
    )


def public_classes(scope: Scope, f: Filters, today: date | None = None) -> Series:
    """Published replies (S21: public from ``publish_on``) dated in the period, by reply class."""
    qs = proposals.published_replies(today=today).filter(
        assignment__proposal__congress_id=scope.congress_id, replied_on__range=(f.period.start, f.period.end)
    )
    counts = dict(qs.order_by().values_list("reply_class").annotate(n=Count("id")))
    known = proposal_conf.reply_classes()
    link = reverse("proposals:public")
    return Series(
        "public_classes",
        _l("已公开答复的类别"),
        "doughnut",
        _l("件次"),
        [label for _code, label in known],
        [(_("答复件次"), [counts.get(code, 0) for code, _label in known])],
        [[link for _k in known]],
        _("共 %(n)s 件次") % {"n": sum(counts.values())},
    )


SERIES: dict[str, Callable[[Scope, Filters], Series]] = {
    "pipeline": pipeline,
    "on_time_by_unit": on_time_by_unit,
    "classes": classes,
    "satisfaction": satisfaction,
    "overdue_trend": overdue_trend,
    "opinions_by_topic": opinions_by_topic,
    "opinions_by_station": opinions_by_station,
    "livelihood": livelihood_progress,
    "unit_vs_average": unit_vs_average,
    "public_classes": public_classes,
}

#: The series of each role's dashboard, in page order.
ROLE_SERIES: dict[str, tuple[str, ...]] = {
    STAFF: (
        "pipeline",
        "on_time_by_unit",
        "classes",
        "satisfaction",
        "overdue_trend",
        "opinions_by_topic",
        "opinions_by_station",
        "livelihood",
    ),
    SUPERVISOR: ("pipeline", "on_time_by_unit", "classes", "satisfaction", "overdue_trend", "livelihood"),
    UNIT: ("unit_vs_average", "classes", "satisfaction", "overdue_trend"),
    PUBLIC: ("public_classes", "livelihood"),
}


def series_for(scope: Scope, f: Filters) -> list[Series]:
    """Every series of the scope's dashboard, in page order (a fixed number of queries)."""
    return [SERIES[s](scope, f) for s in ROLE_SERIES[scope.role]]


def one_series(scope: Scope, f: Filters, series_id: str) -> Series:
    """The series ``series_id`` of the scope's dashboard. Raises ``BadFilter`` when the role has none."""
    if series_id not in ROLE_SERIES[scope.role]:
        raise BadFilter(_("没有这个图表"))
    return SERIES[series_id](scope, f)


# --- the records behind a bar or point ---------------------------------------------------------------

#: The assignment table of the overdue drill-down (open assignments past their deadline).
ASSIGNMENT_TABLE: tuple[tables.Column, ...] = (
    tables.Column(
        _l("建议"),
        lambda a, v: tables.Cell(
            f"{a.proposal.number} {proposals.shown_text(v, a.proposal.title)}".strip(),
            reverse("proposals:detail", args=[a.proposal_id]),
        ),
    ),
    tables.Column(_l("承办单位"), lambda a, v: tables.Cell(a.unit.name)),
    tables.Column(_l("办理期限"), lambda a, v: tables.Cell(str(a.due_date))),
    tables.Column(_l("状态"), lambda a, v: tables.Cell(str(a.get_status_display()))),
)


@dataclass(frozen=True)
class Drill:
    """The records behind one value: a title, the queryset and the columns to list it with."""

    title: str
    records: QuerySet[Any]
    columns: tuple[tables.Column, ...]


def _month(key: str) -> tuple[date, date]:
    try:
        year, month = (int(x) for x in key.split("-"))
        first = date(year, month, 1)
    except ValueError as exc:
        raise BadFilter(_("月份须为 年-月，例如 2026-05")) from exc
    return first, date(year + month // 12, month % 12 + 1, 1)


def records(scope: Scope, f: Filters, series_id: str, key: str, today: date | None = None) -> Drill:
    """The records behind the value ``key`` of series ``series_id`` (a stage, a unit id, a class, a
    rating, ``late-YYYY-MM``/``open-YYYY-MM``, a topic id, ``<station id>-YYYY-MM``), counted exactly as the
    series counts them. Raises ``BadFilter`` (Chinese message) for a series the role lacks or a bad key."""
    if series_id not in ROLE_SERIES[scope.role] and not (series_id == "on_time_by_unit" and scope.role == UNIT):
        raise BadFilter(_("没有这个图表"))
    key = (key or "").strip()
    bad = BadFilter(_("图表中没有这一项"))
    T = tables.TABLES
    if series_id == "pipeline" and key in PIPELINE:
        return Drill(str(Status(key).label), suggestions(scope, f).filter(status=key), T["proposal"])
    if series_id == "on_time_by_unit" and key.isdigit():
        unit = HandlingUnit.objects.filter(pk=int(key), congress_id=scope.congress_id).first()
        if unit is None or (scope.own_unit and unit.pk != scope.own_unit):
            raise bad
        late = late_replies(scope, Filters(f.period, f.delegation_id, f.group_id, unit.pk))
        return Drill(_("%(u)s 逾期答复") % {"u": unit.name}, late, T["reply"])
    if series_id in ("classes", "public_classes") and key in dict(proposal_conf.reply_classes()):
        return Drill(_("%(c)s 类答复") % {"c": key}, replies(scope, f).filter(reply_class=key), T["reply"])
    if series_id == "satisfaction" and key in Satisfaction.values:
        label = str(Satisfaction(key).label)
        return Drill(label, evaluations(scope, f).filter(result=key), T["evaluation"])
    if series_id == "overdue_trend" and key[:5] in ("late-", "open-"):
        first, after = _month(key[5:])
        if key.startswith("late-"):
            qs = late_replies(scope, f).filter(replied_on__gte=first, replied_on__lt=after)
            return Drill(_("%(m)s 逾期答复") % {"m": key[5:]}, qs, T["reply"])
        qs = open_overdue(scope, f, today).filter(due_date__gte=first, due_date__lt=after)
        return Drill(_("%(m)s 到期仍未答复") % {"m": key[5:]}, qs, ASSIGNMENT_TABLE)
    if series_id == "opinions_by_topic" and key.isdigit():
        qs = opinions(scope, f)
        qs = qs.filter(predicted_topic_id=int(key)) if int(key) else qs.filter(predicted_topic__isnull=True)
        return Drill(_("群众意见"), qs, T["opinion"])
    if series_id == "opinions_by_station" and key.count("-") == 2:
        station, month = key.split("-", 1)
        if not station.isdigit():
            raise bad
        first, after = _month(month)
        qs = opinions(scope, f).filter(station_id=int(station))
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(datetime(first.year, first.month, 1), tz)
        end = timezone.make_aware(datetime(after.year, after.month, 1), tz)
        return Drill(
            _("%(m)s 群众意见") % {"m": month}, qs.filter(received_at__gte=start, received_at__lt=end), T["opinion"]
        )
    raise bad
