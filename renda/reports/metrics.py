"""The metric dictionary (指标字典): every figure Renda shows about a congress's work, in one place.

Each :class:`Metric` names a figure (id, Chinese label, one-sentence definition, unit) and computes it
for a congress and a :class:`~renda.reports.periods.Period` from the owning app's selectors:
``records()`` is the queryset of the records behind the figure and ``value()`` the figure itself
(their count unless the metric sums or rates them). The work-statistics page, its drill-down lists and
``renda report work`` read figures only from here; home panels and lists read the same selectors
(issue 13 item 7, issue 16 item 1). This module reads other apps and writes nothing.

Counting rules: a proposal counts once put forward (submitted, not withdrawn); "件次" counts one reply
or assignment per unit; "人次" counts a person once per occasion (a visitor per reception day, a deputy
per rating); figures the report writes as "6300余" come from the exact count by ``periods.approximate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from renda.liaison import selectors as liaison
from renda.livelihood import selectors as livelihood
from renda.livelihood.models import Project
from renda.meetings import selectors as meetings
from renda.meetings.models import Meeting
from renda.organization import selectors as organization
from renda.oversight import selectors as oversight
from renda.proposals import selectors as proposals
from renda.proposals.models import Kind
from renda.reports import batches, training
from renda.reports.metric import Metric, Records
from renda.reports.periods import Period
from renda.reports.work_metrics import WORK_METRICS


def _put_forward(kind: str = "") -> Records:
    def records(congress_id: int, p: Period) -> QuerySet[Any]:
        return proposals.proposals_put_forward(
            congress_id=congress_id, start=p.start, end=p.end, session_id=p.session_id, kind=kind
        )

    return records


def _suggestions(congress_id: int, p: Period) -> QuerySet[Any]:
    return _put_forward(Kind.SUGGESTION)(congress_id, p)


def _meetings(kind: str) -> Records:
    def records(congress_id: int, p: Period) -> QuerySet[Any]:
        return meetings.meetings_convened(congress_id=congress_id, start=p.start, end=p.end, kind=kind)

    return records


def _projects(status: str = "") -> Records:
    def records(congress_id: int, p: Period) -> QuerySet[Any]:
        return livelihood.projects_in(
            congress_id=congress_id, start=p.start, end=p.end, session_id=p.session_id, status=status
        )

    return records


def _visitors(qs: QuerySet[Any]) -> int:
    return int(qs.aggregate(n=Sum("visitor_count"))["n"] or 0)


def satisfaction_rate_of(satisfied: int, total: int) -> float:
    """满意率: ``satisfied`` (满意 or 基本满意) of ``total`` ratings in %, one decimal; 0.0 with no rating."""
    return round(100 * satisfied / total, 1) if total else 0.0


def _satisfaction_rate(qs: QuerySet[Any]) -> float:
    counts = qs.order_by().aggregate(n=Count("*"), ok=Count("pk", filter=Q(result__in=proposals.SATISFIED_RESULTS)))
    return satisfaction_rate_of(counts["ok"], counts["n"])


_P, _M, _L, _D = _("议案建议"), _("会议"), _("民生实事"), _("代表和联络站")
_PIECES, _TIMES, _PEOPLE, _ITEMS = _("件"), _("次"), _("人"), _("个")

METRICS: tuple[Metric, ...] = (
    Metric(
        "bills",
        _("代表议案"),
        _("期间各次会议上代表提出、未撤回的议案件数（按主席团决定后的类别）。"),
        _PIECES,
        _P,
        "proposal",
        _put_forward(Kind.BILL),
    ),
    Metric(
        "suggestions",
        _("代表建议"),
        _("期间各次会议上及闭会期间代表提出、未撤回的建议、批评和意见件数。"),
        _PIECES,
        _P,
        "proposal",
        _suggestions,
    ),
    Metric(
        "suggestions_assigned",
        _("已交办建议"),
        _("上述建议中已交有关单位办理（有未撤销的交办）的件数。"),
        _PIECES,
        _P,
        "proposal",
        lambda c, p: proposals.proposals_assigned(_suggestions(c, p)),
    ),
    Metric(
        "suggestions_answered",
        _("已答复建议"),
        _("上述建议中承办单位已书面答复代表的件数。"),
        _PIECES,
        _P,
        "proposal",
        lambda c, p: proposals.proposals_answered(_suggestions(c, p)),
    ),
    Metric(
        "key_suggestions",
        _("重点督办建议"),
        _("上述建议中确定为重点督办的件数。"),
        _PIECES,
        _P,
        "proposal",
        lambda c, p: _suggestions(c, p).filter(is_key=True),
    ),
    Metric(
        "replies",
        _("答复件次"),
        _("承办单位对上述建议作出的书面答复件次（每单位每轮一次）。"),
        _("件次"),
        _P,
        "reply",
        lambda c, p: proposals.replies_of(_suggestions(c, p)),
    ),
    Metric(
        "replies_on_time",
        _("按期答复件次"),
        _("上述答复中答复日期不晚于办理期限（含批准的延期）的件次。"),
        _("件次"),
        _P,
        "reply",
        lambda c, p: proposals.replies_on_time(_suggestions(c, p)),
    ),
    Metric(
        "evaluations",
        _("代表评价人次"),
        _("代表对上述答复作出的满意度评价人次。"),
        _("人次"),
        _P,
        "evaluation",
        lambda c, p: proposals.evaluations_of(_suggestions(c, p)),
    ),
    Metric(
        "satisfaction_rate",
        _("代表满意率"),
        _("办理结果评为满意或基本满意的评价人次占全部评价人次的百分比（保留一位小数）。"),
        "%",
        _P,
        "evaluation",
        lambda c, p: proposals.evaluations_of(_suggestions(c, p)),
        _satisfaction_rate,
    ),
    Metric(
        "meetings_standing_committee",
        _("常委会会议"),
        _("期间召开的常务委员会会议次数。"),
        _TIMES,
        _M,
        "meeting",
        _meetings(Meeting.Kind.STANDING_COMMITTEE),
    ),
    Metric(
        "meetings_council_of_chairpersons",
        _("主任会议"),
        _("期间召开的主任会议次数。"),
        _TIMES,
        _M,
        "meeting",
        _meetings(Meeting.Kind.COUNCIL_OF_CHAIRPERSONS),
    ),
    Metric(
        "meetings_plenary",
        _("大会全体会议"),
        _("期间召开的人民代表大会全体会议次数。"),
        _TIMES,
        _M,
        "meeting",
        _meetings(Meeting.Kind.PLENARY),
    ),
    Metric(
        "livelihood_projects",
        _("民生实事项目"),
        _("期间票决产生的民生实事项目个数。"),
        _ITEMS,
        _L,
        "project",
        _projects(),
    ),
    *(
        Metric(
            f"livelihood_{status}",
            label,
            _("上述项目中当前状态为该状态的个数。"),
            _ITEMS,
            _L,
            "project",
            _projects(status),
        )
        for status, label in (
            (Project.Status.PLANNING, _("其中：制定实施方案")),
            (Project.Status.IMPLEMENTING, _("其中：实施中")),
            (Project.Status.COMPLETED, _("其中：已完成")),
        )
    ),
    Metric(
        "deputies",
        _("代表"),
        _("期间在任的本级人大代表人数（期间开始前已终止资格的不计）。"),
        _PEOPLE,
        _D,
        "deputy",
        lambda c, p: organization.deputies_serving(congress_id=c, start=p.start, end=p.end),
    ),
    Metric(
        "deputies_first_term",
        _("新任代表"),
        _("上述代表中首次当选的人数。"),
        _PEOPLE,
        _D,
        "deputy",
        lambda c, p: organization.deputies_serving(congress_id=c, start=p.start, end=p.end, first_term=True),
    ),
    Metric(
        "professional_groups",
        _("代表专业小组"),
        _("期间各届设立的代表专业小组个数。"),
        _ITEMS,
        _D,
        "group",
        lambda c, p: organization.professional_groups_during(congress_id=c, start=p.start, end=p.end),
    ),
    Metric(
        "liaison_stations",
        _("代表联络站"),
        _("现有代表联络站个数（不随期间变化）。"),
        _ITEMS,
        _D,
        "station",
        lambda c, p: organization.liaison_station_list().filter(congress_id=c),
    ),
    Metric(
        "liaison_points",
        _("代表联络点"),
        _("现有代表联络点个数（不随期间变化）。"),
        _ITEMS,
        _D,
        "point",
        lambda c, p: organization.liaison_point_list(congress_id=c),
    ),
    Metric(
        "visitors",
        _("接待群众"),
        _("期间各联络站（点）接待活动登记的接待群众人数之和，一人每次接待计一人次。"),
        _("人次"),
        _D,
        "reception",
        lambda c, p: liaison.receptions_in(congress_id=c, start=p.start, end=p.end),
        _visitors,
        approx=True,
    ),
    Metric(
        "opinions_heard",
        _("收集群众意见"),
        _("期间在各联络站（点）收集的群众意见条数。"),
        _("条"),
        _D,
        "opinion",
        lambda c, p: liaison.opinions_heard(congress_id=c, start=p.start, end=p.end),
        approx=True,
    ),
    Metric(
        "opinions_to_suggestions",
        _("转为代表建议的意见"),
        _("上述意见中由代表转化为建议的条数。"),
        _("条"),
        _D,
        "opinion",
        lambda c, p: liaison.opinions_heard(congress_id=c, start=p.start, end=p.end, to_suggestion=True),
    ),
    Metric(
        # 组织代表150余人次参加立法调研、执法检查、集中视察等活动
        "deputies_in_activities",
        _("代表参加执法检查、调研、视察活动"),
        _(
            "期间年度监督计划中执法检查组、专题调研组、集中视察组和特定问题调查委员会的代表（组长、组成人员、"
            "受邀代表），每名代表每项活动计一人次；与代表履职档案“参加执法检查、调研、视察”之和相同。"
        ),
        _("人次"),
        _D,
        "activity_member",
        lambda c, p: oversight.activity_participations(congress_id=c, start=p.start, end=p.end),
        approx=True,
    ),
    Metric(
        # 分批组织初任代表110人参加履职能力培训
        "deputies_trained",
        _("参加履职学习培训的代表"),
        _("期间参加过登记的履职学习培训的代表人数（分批参加的每人只计一次）。"),
        _("人"),
        _D,
        "deputy",
        lambda c, p: training.deputies_trained(congress_id=c, start=p.start, end=p.end),
    ),
    *WORK_METRICS,
)

BY_ID: dict[str, Metric] = {m.id: m for m in METRICS}


def get(metric_id: str) -> Metric | None:
    """The metric named ``metric_id``, or ``None`` when there is no such metric."""
    return BY_ID.get(metric_id)


@dataclass(frozen=True)
class Figure:
    """A metric's value for one congress and period, as the report page and the command show it."""

    metric: Metric
    value: int | float

    @property
    def shown(self) -> str:
        """The figure as the work report writes it ("6300余" for an approximate metric)."""
        return self.metric.shown(self.value)

    @property
    def rounded(self) -> str:
        """The report's rounded writing when it differs from the exact figure ("40余" for 42), else ""."""
        return self.shown if self.metric.approx and self.shown != str(self.value) else ""

    def as_json(self) -> dict[str, Any]:
        """``{"id", "label", "value", "unit"}`` with the exact value (issue 16 "Done when")."""
        return {
            "id": self.metric.id,
            "label": str(self.metric.label),
            "value": self.value,
            "unit": str(self.metric.unit),
        }


def figures(congress_id: int, period: Period) -> list[Figure]:
    """Every metric's value for the congress and period, in dictionary order (one query each at most:
    metrics counted over the same records are read together, ``renda.reports.batches``)."""
    known = batches.batched_values(BY_ID, congress_id, period)
    return [Figure(m, known[m.id] if m.id in known else m.value(congress_id, period)) for m in METRICS]
