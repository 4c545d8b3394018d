"""Reads of the oversight domain: visibility, the overdue board, the public lists and the figures
(one selector per figure, used by every page that shows it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from renda.core.exceptions import NotFoundOrForbidden
from renda.meetings.models import PollOption
from renda.organization.models import User
from renda.oversight import conf, rules
from renda.oversight import permissions as perms
from renda.oversight.models import Decision, Inquiry, InspectionMember, OversightItem, OversightPlan, WorkRecord

S = OversightItem.Status


def items_for(user: Any) -> QuerySet[OversightItem]:
    """The items ``user`` sees: staff, deputies and supervisors of the congress all; an organ its own;
    everyone else the published ones (M9). The query form of :func:`permissions.can_view`."""
    qs = OversightItem.objects.select_related("plan", "organ", "committee", "meeting")
    if not getattr(user, "is_authenticated", False):
        return qs.filter(published_on__isnull=False)
    mine = Q(plan__congress_id=user.congress_id) if user.congress_id else Q()
    if user.role in (User.Role.STAFF, User.Role.DEPUTY, User.Role.SUPERVISOR):
        return qs.filter(mine)
    if user.role == User.Role.UNIT_OFFICER and user.handling_unit_id:
        return qs.filter(Q(organ_id=user.handling_unit_id) | Q(published_on__isnull=False))
    return qs.filter(published_on__isnull=False)


def access_item(user: Any, pk: int) -> OversightItem:
    """The item ``pk`` if ``user`` sees it (404 alike for missing and forbidden)."""
    item = items_for(user).filter(pk=pk).first()
    if item is None or not perms.can_view(user, item):
        raise NotFoundOrForbidden("监督事项不存在")
    return item


def current_plan(congress_id: int | None) -> OversightPlan | None:
    """The latest plan of the congress."""
    qs = OversightPlan.objects.all()
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs.order_by("-year").first()


def overdue_items(congress_id: int | None, today: date | None = None) -> QuerySet[OversightItem]:
    """The overdue board: items whose handling report (M6) or rectification report (M10) is past due."""
    day = today or timezone.localdate()
    qs = OversightItem.objects.select_related("organ", "plan").filter(
        Q(status=S.OPINIONS_SENT, handling_due_on__lt=day) | Q(status=S.RECTIFYING, rectification_due_on__lt=day)
    )
    if congress_id:
        qs = qs.filter(plan__congress_id=congress_id)
    return qs.order_by("handling_due_on", "id")


def overdue_decisions(congress_id: int | None, today: date | None = None) -> QuerySet[Decision]:
    """The overdue board's resolutions (M7): an organ named, its deadline passed, no implementation
    report received. The deadline day itself is not overdue."""
    day = today or timezone.localdate()
    qs = Decision.objects.select_related("organ").filter(
        organ__isnull=False, report_due_on__lt=day, implementation_reports__isnull=True
    )
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs.order_by("report_due_on", "id")


def organ_decisions_pending(user: Any) -> QuerySet[Decision]:
    """Resolutions the organ of ``user`` must report on carrying out (M7) and has not yet."""
    if not getattr(user, "handling_unit_id", None):
        return Decision.objects.none()
    return Decision.objects.filter(
        organ_id=user.handling_unit_id, report_due_on__isnull=False, implementation_reports__isnull=True
    ).order_by("report_due_on")


def organ_pending(user: Any) -> QuerySet[OversightItem]:
    """An organ's to-do list: reports to submit and handling/rectification reports due."""
    if not getattr(user, "handling_unit_id", None):
        return OversightItem.objects.none()
    return OversightItem.objects.filter(organ_id=user.handling_unit_id).filter(
        Q(
            status=S.PLANNED,
            kind__in=REPORT_KINDS,
        )
        | Q(status__in=(S.OPINIONS_SENT, S.RECTIFYING))
    )


def member_pending(user: Any) -> QuerySet[OversightItem]:
    """Items under deliberation (a member may enter opinions) of the member's congress."""
    if getattr(user, "role", None) != User.Role.DEPUTY:
        return OversightItem.objects.none()
    return OversightItem.objects.filter(plan__congress_id=user.congress_id, status=S.HEARD)


def invited_inspections(user: Any) -> QuerySet[OversightItem]:
    """Inspections the deputy takes part in (the deputies' activity records count these)."""
    if not getattr(user, "deputy_id", None):
        return OversightItem.objects.none()
    return OversightItem.objects.filter(group__deputy_id=user.deputy_id).distinct()


def invited_deputy_count(congress_id: int, year: int) -> int:
    """Deputy participations as invited members of law-enforcement inspection groups (执法检查, not
    research or 集中视察 groups) in ``year``."""
    return InspectionMember.objects.filter(
        item__plan__congress_id=congress_id,
        item__plan__year=year,
        item__kind=OversightItem.Kind.INSPECTION,
        role=InspectionMember.Role.INVITED_DEPUTY,
    ).count()


def public_decisions() -> QuerySet[Decision]:
    """Published resolutions and decisions (M7)."""
    return Decision.objects.filter(published_on__isnull=False).select_related("meeting")


def decisions_for(user: Any) -> QuerySet[Decision]:
    """Staff see every decision of their congress; others the published ones."""
    if getattr(user, "is_authenticated", False) and user.role == User.Role.STAFF:
        qs = Decision.objects.select_related("meeting", "organ").prefetch_related("implementation_reports")
        return qs.filter(congress_id=user.congress_id) if user.congress_id else qs
    return public_decisions()


def work_records(congress_id: int | None, year: int | None = None) -> QuerySet[WorkRecord]:
    """The work-record register, optionally one year's."""
    qs = WorkRecord.objects.all()
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    if year:
        qs = qs.filter(date__year=year)
    return qs


def inquiries_of(item: OversightItem) -> QuerySet[Inquiry]:
    """The 质询案 of an item with their signers."""
    return item.inquiries.prefetch_related("signers")


#: Kinds of item whose report the Standing Committee hears and deliberates (听取审议).
REPORT_KINDS = (
    "special_report",
    "plan_budget",
    "final_accounts",
    "audit_rectification",
    "state_assets",
    "government_debt",
    "filing_review",
)


def items_in(*, congress_id: int, start: date, end: date, kinds: tuple[str, ...]) -> QuerySet[OversightItem]:
    """Items of ``kinds`` in the plans of the years ``start.year``…``end.year`` (a plan is annual; its
    items count in its year), by plan year and id."""
    return (
        OversightItem.objects.filter(
            plan__congress_id=congress_id, plan__year__range=(start.year, end.year), kind__in=kinds
        )
        .select_related("organ", "committee", "meeting")
        .order_by("plan__year", "id")
    )


def reports_heard(*, congress_id: int, start: date, end: date) -> QuerySet[OversightItem]:
    """Reports the Standing Committee has heard and deliberated (status at or past 已听取审议) among the
    year's items: the work report's "听取审议…报告"."""
    return items_in(congress_id=congress_id, start=start, end=end, kinds=REPORT_KINDS).exclude(
        status__in=(S.PLANNED, S.SUBMITTED, S.REVIEWED)
    )


def decisions_adopted(*, congress_id: int, start: date, end: date) -> QuerySet[Decision]:
    """Resolutions and decisions adopted between ``start`` and ``end`` (inclusive), by date."""
    return (
        Decision.objects.filter(congress_id=congress_id, adopted_on__range=(start, end))
        .select_related("meeting")
        .order_by("adopted_on", "number")
    )


def work_records_in(*, congress_id: int, start: date, end: date, kind: str) -> QuerySet[WorkRecord]:
    """Work-register entries of ``kind`` (a ``WorkRecord.Kind``) dated between ``start`` and ``end``."""
    return WorkRecord.objects.filter(congress_id=congress_id, kind=kind, date__range=(start, end)).order_by(
        "date", "id"
    )


def year_figures(congress_id: int, year: int) -> dict[str, int]:
    """The year's oversight figures, each counted from records (the work report's numbers) by the same
    selectors the reports app's metrics read."""
    span: dict[str, Any] = {"congress_id": congress_id, "start": date(year, 1, 1), "end": date(year, 12, 31)}
    items = OversightItem.objects.filter(plan__congress_id=congress_id, plan__year=year)
    return {
        "reports_heard": reports_heard(**span).count(),
        "inspections": items_in(**span, kinds=("inspection",)).count(),
        "research": items_in(**span, kinds=("research",)).count(),
        "special_inquiries": items_in(**span, kinds=("special_inquiry",)).count(),
        "satisfaction_votes": items.filter(satisfaction_poll__isnull=False).count(),
        "decisions": decisions_adopted(**span).count(),
        **{f"records_{k}": work_records_in(**span, kind=k).count() for k in WorkRecord.Kind.values},
    }


@dataclass(frozen=True)
class SatisfactionOutcome:
    """The M10 result of a satisfaction vote on a report (counts in votes; ``electorate`` people)."""

    satisfied: int
    basically: int
    dissatisfied_votes: int
    abstain: int
    electorate: int | None
    dissatisfied: bool

    @property
    def valid(self) -> int:
        """Valid votes: ballots with exactly one grade (a ballot with none is invalid, M10)."""
        return self.satisfied + self.basically + self.dissatisfied_votes

    @property
    def text(self) -> str:
        """The one wording of the result, shown on the poll's result page and on the item."""
        return (
            f"应到 {self.electorate or 0} 人，满意 {self.satisfied} 票、基本满意 {self.basically} 票、"
            f"不满意 {self.dissatisfied_votes} 票（有效票 {self.valid} 票），"
            + ("测评不满意" if self.dissatisfied else "测评通过")
        )


def satisfaction_outcome(option: PollOption) -> SatisfactionOutcome:
    """M10: the result of a report's satisfaction vote from its poll option's counts — 不满意 when the
    不满意 votes are more than ``DISSATISFIED_SHARE`` of the valid votes (弃权/no grade not counted).
    The single source for the meetings app's result text (registered in ``apps.py``) and the item."""
    s, b, d = option.count("satisfied"), option.count("basically_satisfied"), option.count("dissatisfied")
    bad = rules.dissatisfied(satisfied=s, basically=b, dissatisfied=d, share=Fraction(conf.get("DISSATISFIED_SHARE")))
    return SatisfactionOutcome(s, b, d, option.count("abstain"), option.poll.electorate, bad)


def satisfaction_verdict(option: PollOption) -> tuple[bool, str]:
    """The meetings app's verdict hook for a satisfaction option about an oversight item: (passed, text)
    from :func:`satisfaction_outcome`, so the poll and the item show the same result."""
    outcome = satisfaction_outcome(option)
    return not outcome.dissatisfied, outcome.text


@dataclass(frozen=True)
class AnnualRow:
    """One report the Standing Committee must hear every year and what the year's plan holds of it."""

    kind: str
    label: str
    rule: str
    items: list[OversightItem]

    @property
    def missing(self) -> bool:
        """Not in the year's plan at all."""
        return not self.items

    @property
    def heard(self) -> bool:
        """At least one of the year's items of this kind has been heard."""
        return any(i.status not in (S.PLANNED, S.SUBMITTED, S.REVIEWED) for i in self.items)


#: Reports the Standing Committee hears every year: M23 state assets and government debt (第24–25条),
#: M20 final accounts and the audit report, M21 mid-year plan and budget execution, M22 audit
#: rectification, M25 the 备案审查工作情况报告 (监督法 第45条). (M23 金融工作 has no statutory annual report at
#: city level: not listed.)
ANNUAL_REPORTS: tuple[tuple[str, str], ...] = (
    (OversightItem.Kind.STATE_ASSETS, "M23"),
    (OversightItem.Kind.GOVERNMENT_DEBT, "M23"),
    (OversightItem.Kind.FINAL_ACCOUNTS, "M20"),
    (OversightItem.Kind.PLAN_BUDGET, "M21"),
    (OversightItem.Kind.AUDIT_RECTIFICATION, "M22"),
    (OversightItem.Kind.FILING_REVIEW, "M25"),
)


def annual_check(congress_id: int | None, year: int) -> list[AnnualRow]:
    """M23 (and M20–M22, M25): for each report required every year, the items of ``year``'s plan."""
    items = list(
        OversightItem.objects.filter(plan__year=year, kind__in=[k for k, _ in ANNUAL_REPORTS])
        .filter(Q(plan__congress_id=congress_id) if congress_id else Q())
        .order_by("id")
    )
    return [
        AnnualRow(kind, str(OversightItem.Kind(kind).label), rule, [i for i in items if i.kind == kind])
        for kind, rule in ANNUAL_REPORTS
    ]


def annual_missing(congress_id: int | None, year: int) -> list[AnnualRow]:
    """The rows of :func:`annual_check` the year's plan does not hold (the staff panel's figure)."""
    return [row for row in annual_check(congress_id, year) if row.missing]


def filing_review_figures(item: OversightItem) -> list[tuple[str, str, int]]:
    """M25: the filing app's annual figures (id, label, count) for the plan's year and congress, shown on
    a 备案审查工作情况报告 item; ``[]`` for an item of another kind."""
    if item.kind != OversightItem.Kind.FILING_REVIEW:
        return []
    from renda.filing.selectors import annual_figures

    return annual_figures(item.plan.year, item.plan.congress_id)


def item_satisfaction(item: OversightItem) -> SatisfactionOutcome | None:
    """The result of the item's satisfaction vote once its poll is counted (None before): what the item
    page shows, computed by :func:`satisfaction_outcome` like the poll's own result text."""
    poll = item.satisfaction_poll
    if poll is None or not poll.has_result:
        return None
    option = poll.options.select_related("poll").first()
    return satisfaction_outcome(option) if option is not None else None


#: Kinds of item a deputy joins as a group member (执法检查, 特定问题调查, 专题调研, 集中视察): the deputy
#: activity record and the work report's "组织代表…参加立法调研、执法检查、集中视察等活动".
GROUP_KINDS = perms.GROUP_KINDS


def activity_participations(*, congress_id: int, start: date, end: date) -> QuerySet[InspectionMember]:
    """Every deputy's place in a group (组长, 组成人员, 受邀代表) of an inspection, research, 集中视察 or investigation of the
    plans of the years ``start.year``…``end.year`` (as :func:`items_in` counts items): one row per deputy
    and item, so a deputy counts once per activity ("人次"). Item and deputy joined."""
    return (
        InspectionMember.objects.filter(
            item__plan__congress_id=congress_id,
            item__plan__year__range=(start.year, end.year),
            item__kind__in=GROUP_KINDS,
        )
        .select_related("item", "deputy")
        .order_by("item__plan__year", "item_id", "id")
    )


def deputy_activities(deputy: Any, start: date, end: date) -> QuerySet[InspectionMember]:
    """The inspections and investigations ``deputy`` joined in [start, end], as invited deputy, member or
    leader (the deputy's activity record, issue 16 item 6): :func:`activity_participations` of the
    deputy's congress, kept to the deputy, so the sum over deputies is the congress's figure."""
    return activity_participations(congress_id=deputy.term.congress_id, start=start, end=end).filter(
        deputy_id=deputy.pk
    )
