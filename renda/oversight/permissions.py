"""Who may do what in the oversight domain: the single source for services, views, the API and templates.

- Staff of the congress (常委会工作人员) plan, review, put items on agendas, compile and send opinions,
  urge, accept, publish, run inspections, record decisions and work records.
- An organ's officer (UNIT_OFFICER of the item's handling unit) submits its report and its handling or
  rectification reports.
- Members of the Standing Committee (DEPUTY with a current seat on its Body) enter deliberation
  opinions and ask questions; deputies see the inspections they are invited to.
- Everybody sees published items and decisions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from renda.organization.models import Body, Membership, User
from renda.oversight.models import Decision, Inquiry, OversightItem
from renda.oversight.workflow import INQUIRY_WORKFLOW, ITEM_WORKFLOW

#: Kinds whose report the organ submits (the others are the committee's own work).
ORGAN_REPORT_KINDS = (
    "special_report",
    "plan_budget",
    "final_accounts",
    "audit_rectification",
    "state_assets",
    "government_debt",
)


#: Kinds deliberated with the organs' responsible officials present (M15) or attending (M16).
ATTENDED_KINDS = (*ORGAN_REPORT_KINDS, "inspection", "special_inquiry")
#: Kinds done by a group of members and invited deputies (执法检查, 特定问题调查, 专题调研, 集中视察): the
#: group is set on the item; the deputies' activity records and the work report count its members (人次).
GROUP_KINDS = ("inspection", "investigation", "research", "visit")


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


def is_congress_staff(user: Any, congress_id: int) -> bool:
    """Staff of the congress ``congress_id`` (or a staff login bound to no congress)."""
    return (
        _authenticated(user)
        and user.role == User.Role.STAFF
        and (not user.congress_id or user.congress_id == congress_id)
    )


def is_sc_member(deputy_id: int | None, congress_id: int, on: date) -> bool:
    """Whether the deputy holds a seat on the congress's Standing Committee on ``on``."""
    if not deputy_id:
        return False
    return (
        Membership.objects.filter(
            deputy_id=deputy_id,
            body__kind=Body.Kind.STANDING_COMMITTEE,
            body__term__congress_id=congress_id,
            started_on__lte=on,
        )
        .exclude(ended_on__lt=on)
        .exists()
    )


def sc_size(congress_id: int, on: date) -> int:
    """The number of Standing Committee members seated on ``on`` (the denominator of M19/M26)."""
    return (
        Membership.objects.filter(
            body__kind=Body.Kind.STANDING_COMMITTEE, body__term__congress_id=congress_id, started_on__lte=on
        )
        .exclude(ended_on__lt=on)
        .values("deputy_id")
        .distinct()
        .count()
    )


def _congress(item: OversightItem) -> int:
    return item.plan.congress_id


def can_manage(user: Any, item: OversightItem) -> bool:
    """Staff of the item's congress run its workflow."""
    return is_congress_staff(user, _congress(item))


def is_organ_officer(user: Any, item: OversightItem) -> bool:
    """An officer of the organ concerned (UNIT_OFFICER of ``item.organ``)."""
    return (
        _authenticated(user)
        and user.role == User.Role.UNIT_OFFICER
        and bool(item.organ_id)
        and user.handling_unit_id == item.organ_id
    )


def can_submit_report(user: Any, item: OversightItem) -> bool:
    """The organ (or staff entering a paper report) submits the report (M4)."""
    return is_organ_officer(user, item) or can_manage(user, item)


def can_submit_handling(user: Any, item: OversightItem) -> bool:
    """The organ (or staff entering a paper report) submits its handling/rectification report (M6, M10)."""
    return is_organ_officer(user, item) or can_manage(user, item)


def can_give_opinion(user: Any, item: OversightItem, on: date) -> bool:
    """A member of the Standing Committee enters his deliberation opinion (M6) or inquiry question (M16)."""
    return _authenticated(user) and user.role == User.Role.DEPUTY and is_sc_member(user.deputy_id, _congress(item), on)


def can_view(user: Any, item: OversightItem) -> bool:
    """Staff of the congress, its deputies, the organ concerned; anyone once published (M9)."""
    if item.published_on:
        return True
    if not _authenticated(user):
        return False
    if user.congress_id and user.congress_id != _congress(item):
        return False
    return user.role in (User.Role.STAFF, User.Role.DEPUTY, User.Role.SUPERVISOR) or is_organ_officer(user, item)


def can_view_decision(user: Any, decision: Decision) -> bool:
    """Published decisions are public (M7); staff see drafts."""
    return bool(decision.published_on) or is_congress_staff(user, decision.congress_id)


def can_submit_implementation(user: Any, decision: Decision) -> bool:
    """The organ a resolution names (or staff entering a paper report) reports on carrying it out (M7)."""
    organ_officer = (
        _authenticated(user)
        and user.role == User.Role.UNIT_OFFICER
        and bool(decision.organ_id)
        and user.handling_unit_id == decision.organ_id
    )
    return organ_officer or is_congress_staff(user, decision.congress_id)


def can_manage_inquiry(user: Any, inquiry: Inquiry) -> bool:
    """Staff run a 质询案's steps (M18)."""
    return can_manage(user, inquiry.item)


def item_actions(user: Any, item: OversightItem) -> set[str]:
    """The actions ``user`` may take on ``item`` now (pages show exactly these buttons)."""
    S = OversightItem.Status
    out: set[str] = set()
    flow = ITEM_WORKFLOW
    if can_submit_report(user, item) and flow.allows(item.status, S.SUBMITTED) and item.kind in ORGAN_REPORT_KINDS:
        out.add("submit_report")
    if can_manage(user, item):
        if flow.allows(item.status, S.REVIEWED):
            out.add("review")
        if flow.allows(item.status, S.HEARD):
            out.add("hear")
        if item.status == S.HEARD:
            out.add("send_opinions")
            if not item.satisfaction_poll_id:
                out.add("satisfaction_start")
        if item.satisfaction_poll_id and not item.satisfaction_text:
            out.add("satisfaction_record")
        if item.status in (S.OPINIONS_SENT, S.RECTIFYING):
            out.add("urge")
        if item.status == S.HANDLED:
            out.add("accept")
        if item.status in (S.HEARD, S.HANDLED, S.CLOSED) and not item.published_on:
            out.add("publish")
        if item.kind == OversightItem.Kind.INSPECTION and item.status in (S.PLANNED,):
            out.update({"plan_sent", "visit", "inspection_report"})
        if item.kind in GROUP_KINDS and item.status in (S.PLANNED,):
            out.add("group")
        before = item.status in (S.PLANNED, S.SUBMITTED, S.REVIEWED)
        if item.kind in ORGAN_REPORT_KINDS and before and not item.views_sent_on:
            out.update({"prehearing_view", "views_send"})
        if item.status != S.CLOSED and item.kind in ATTENDED_KINDS:
            out.add("attendance")
        if item.status in (S.HANDLED, S.CLOSED) and not item.handling_agenda_item_id:
            out.add("handling_deliberate")
        if item.status == S.HANDLED:
            out.add("supplement")
        if not before:
            out.add("follow_up")
    if can_submit_handling(user, item) and item.status in (S.OPINIONS_SENT, S.RECTIFYING):
        out.add("handling_report")
    if item.status == S.HEARD and (can_manage(user, item) or can_give_opinion(user, item, timezone.localdate())):
        out.add("opinion")
    insider = can_manage(user, item) or bool(getattr(user, "deputy_id", None) and can_view(user, item))
    if item.kind == OversightItem.Kind.SPECIAL_INQUIRY and item.status != S.CLOSED and insider:
        out.add("question")
    return out


def inquiry_actions(user: Any, inquiry: Inquiry) -> set[str]:
    """The actions ``user`` may take on a 质询案 now."""
    if not can_manage_inquiry(user, inquiry):
        return set()
    out = set()
    Q = Inquiry.Status
    if INQUIRY_WORKFLOW.allows(inquiry.status, Q.SCHEDULED) and inquiry.status == Q.FILED:
        out.add("schedule")
    if inquiry.status == Q.SCHEDULED:
        out.add("answer")
    if inquiry.status == Q.ANSWERED:
        out.add("conclude")
    return out
