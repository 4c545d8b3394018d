"""届次、会次、代表团、专业小组、机构及其组成人员、政府领导分工: the organisation's structure, kept by Standing
Committee staff from Renda's own pages (issue 13: "Staff manage users and reference data from Renda's own
pages; the Django admin stays for system administrators").

Every record is of the actor's congress (a term of it, or through a term); ids of another congress are
refused. Memberships and deputies keep a history (simple-history, with the reason given here); terms,
sessions, delegations, groups, bodies and officials keep none in the model. Memberships are ended (终止),
not deleted: a body's roster on a past date — the statutory denominator of its meetings (V3/V5, see
:func:`renda.meetings.selectors.roster_for`) — must stay what it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.organization import permissions
from renda.organization.models import (
    Body,
    Delegation,
    Deputy,
    HandlingUnit,
    Membership,
    Official,
    ProfessionalGroup,
    Session,
    Term,
    User,
)

NOT_YOURS = "只能维护本级人大的届次、机构和人员"


def _require(actor: User, congress_id: int | None = None) -> int:
    """The actor's congress id; refuses anyone but staff of a congress, or a record of another congress."""
    if not permissions.can_manage_reference(actor) or (congress_id is not None and congress_id != actor.congress_id):
        raise PermissionDeniedError(NOT_YOURS)
    assert actor.congress_id is not None
    return actor.congress_id


def _cid(viewer: User) -> int:
    """The congress of a viewer who passed ``permissions.can_manage_reference`` (which requires one)."""
    assert viewer.congress_id is not None
    return viewer.congress_id


def _term_of(actor: User, term: Term | None) -> Term:
    if term is None:
        raise RuleViolation("请选择届次")
    if term.congress_id != actor.congress_id:
        raise RuleViolation("所选届次不属于本级人大")
    return term


def _save(target: object, taken: str) -> None:
    """Save ``target`` (a model instance); a unique-constraint clash becomes ``RuleViolation(taken)``."""
    try:
        with transaction.atomic():
            target.save()  # type: ignore[attr-defined]
    except IntegrityError as exc:
        raise RuleViolation(taken) from exc


# ---------------------------------------------------------------------------------------------- lists


def terms_visible(*, viewer: User) -> QuerySet[Term]:
    """The terms of the viewer's congress, newest first, with their numbers of sessions, deputies and bodies."""
    if not permissions.can_manage_reference(viewer):
        return Term.objects.none()
    return (
        Term.objects.filter(congress_id=_cid(viewer))
        .annotate(
            session_count=Count("sessions", distinct=True),
            deputy_count=Count("deputies", distinct=True),
            body_count=Count("bodies", distinct=True),
        )
        .order_by("-ordinal")
    )


def delegations_visible(*, viewer: User, q: str = "") -> QuerySet[Delegation]:
    """The delegations (代表团) of the viewer's congress, newest term first, with their numbers of deputies.

    Args:
        q: part of the name or district.
    """
    if not permissions.can_manage_reference(viewer):
        return Delegation.objects.none()
    qs = Delegation.objects.filter(term__congress_id=_cid(viewer)).select_related("term")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(district__contains=q))
    return qs.annotate(deputy_count=Count("deputies")).order_by("-term__ordinal", "name")


def groups_visible(*, viewer: User) -> QuerySet[ProfessionalGroup]:
    """The professional groups (专业小组) of the viewer's congress, newest term first, with their sizes."""
    if not permissions.can_manage_reference(viewer):
        return ProfessionalGroup.objects.none()
    return (
        ProfessionalGroup.objects.filter(term__congress_id=_cid(viewer))
        .select_related("term")
        .annotate(deputy_count=Count("deputies"))
        .order_by("-term__ordinal", "name")
    )


def bodies_visible(*, viewer: User, kind: str = "", on: date | None = None) -> QuerySet[Body]:
    """The bodies (机构) of the viewer's congress, newest term first, with ``member_count``: the members
    whose seat is current on ``on`` (today, Asia/Shanghai, by default) — the rule of
    :func:`current_members`.

    Args:
        kind: a ``Body.Kind`` value or ''.
    """
    if not permissions.can_manage_reference(viewer):
        return Body.objects.none()
    day = on or timezone.localdate()
    qs = Body.objects.filter(term__congress_id=_cid(viewer)).select_related("term", "session")
    if kind:
        qs = qs.filter(kind=kind)
    current = Q(memberships__started_on__lte=day) & (
        Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=day)
    )
    return qs.annotate(member_count=Count("memberships__deputy", filter=current, distinct=True)).order_by(
        "-term__ordinal", "kind", "name"
    )


def current_members(*, body: Body, on: date) -> QuerySet[Membership]:
    """The seats of ``body`` current on the day ``on``: begun on or before it and not ended before it (a seat
    ending on ``on`` still counts that day). The same rule as the meetings' roster
    (:func:`renda.meetings.selectors.roster_for`), so the count shown here is a meeting's statutory
    denominator (V3/V5) on that day."""
    return (
        Membership.objects.filter(body=body, started_on__lte=on)
        .exclude(ended_on__lt=on)
        .select_related("deputy__delegation")
        .order_by("deputy__code")
    )


def roster_size(*, body: Body, on: date) -> int:
    """How many people sit in ``body`` on the day ``on`` (:func:`current_members`, one per person): the
    statutory denominator a meeting of the body held that day gets (V3/V5)."""
    return current_members(body=body, on=on).values("deputy_id").distinct().count()


def memberships_of(
    *, body: Body, q: str = "", current: bool | None = None, on: date | None = None
) -> QuerySet[Membership]:
    """All seats of ``body`` (current and ended), by card number then start date.

    Args:
        q: part of the deputy's name or 代表证号. current: only current (True) or only ended (False) on ``on``
            (today by default).
    """
    day = on or timezone.localdate()
    qs = Membership.objects.filter(body=body).select_related("deputy__delegation")
    if q:
        qs = qs.filter(Q(deputy__name__contains=q) | Q(deputy__code__contains=q))
    now = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    if current is True:
        qs = qs.filter(now)
    elif current is False:
        qs = qs.exclude(now)
    return qs.order_by("deputy__code", "started_on")


def officials_visible(*, viewer: User) -> QuerySet[Official]:
    """The government leaders (政府领导) of the viewer's congress with their portfolios, by title and name."""
    if not permissions.can_manage_reference(viewer):
        return Official.objects.none()
    return Official.objects.filter(congress_id=_cid(viewer)).prefetch_related("portfolio").order_by("title", "name")


# ---------------------------------------------------------------------------------------------- terms


@dataclass(frozen=True)
class TermData:
    """届次: its ordinal (16 for the 16th) and its first and last year."""

    ordinal: int
    start_year: int
    end_year: int


@transaction.atomic
def term_save(*, actor: User, term: Term | None, data: TermData) -> Term:
    """Create (``term=None``) or change a term of the actor's congress.

    Two terms of a congress may share their boundary year (the 16th ends and the 17th begins in 2027) but no
    more: ``[start_year, end_year]`` of one may not reach inside another's.

    Raises:
        PermissionDeniedError: not staff of the term's congress.
        RuleViolation: an ordinal or year out of range, the end before the start, an ordinal already used,
            years overlapping another term of the congress.
    """
    congress_id = _require(actor, term.congress_id if term is not None else None)
    if not 1 <= data.ordinal <= 99:
        raise RuleViolation("届次应为 1–99 的整数")
    if not (1949 <= data.start_year <= 2200 and 1949 <= data.end_year <= 2200):
        raise RuleViolation("年份应在 1949–2200 之间")
    if data.end_year < data.start_year:
        raise RuleViolation("届满年不能早于起始年")
    others = Term.objects.filter(congress_id=congress_id)
    if term is not None:
        others = others.exclude(pk=term.pk)
    clash = others.filter(start_year__lt=data.end_year, end_year__gt=data.start_year).first()
    if clash is not None:
        raise RuleViolation(
            f"起止年份与第{clash.ordinal}届（{clash.start_year}—{clash.end_year}年）重叠", code="term_overlap"
        )
    target = Term(congress_id=congress_id) if term is None else Term.objects.select_for_update().get(pk=term.pk)
    target.ordinal, target.start_year, target.end_year = data.ordinal, data.start_year, data.end_year
    _save(target, f"本级人大已有第{data.ordinal}届")
    return target


@dataclass(frozen=True)
class SessionData:
    """会次: its ordinal in the term, its opening and closing days, and the deadline for bills (B6)."""

    ordinal: int
    opening_date: date
    closing_date: date
    submission_cutoff: datetime


@transaction.atomic
def session_save(*, actor: User, term: Term, session: Session | None, data: SessionData) -> Session:
    """Create (``session=None``) or change a session (次会议) of ``term``.

    A session that has closed (its closing date is before today, Asia/Shanghai) keeps its dates and cutoff:
    bills were accepted or refused against that cutoff (B6), as in the admin.

    Raises:
        PermissionDeniedError: not staff of the term's congress, or the session is another term's.
        RuleViolation: an ordinal out of range or already used in the term, closing before opening, the
            dates of a closed session changed.
    """
    _require(actor, term.congress_id)
    if session is not None and session.term_id != term.pk:
        raise PermissionDeniedError(NOT_YOURS)
    if not 1 <= data.ordinal <= 99:
        raise RuleViolation("会次应为 1–99 的整数")
    if data.closing_date < data.opening_date:
        raise RuleViolation("闭幕日期不能早于开幕日期")
    target = Session(term=term) if session is None else Session.objects.select_for_update().get(pk=session.pk)
    if session is not None and target.closing_date < timezone.localdate():
        same = (target.opening_date, target.closing_date, target.submission_cutoff) == (
            data.opening_date, data.closing_date, data.submission_cutoff,
        )  # fmt: skip
        if not same:
            raise RuleViolation("会议已经闭幕，开闭幕日期和议案截止时间不能再改")
    target.ordinal, target.opening_date, target.closing_date = data.ordinal, data.opening_date, data.closing_date
    target.submission_cutoff = data.submission_cutoff
    _save(target, f"第{term.ordinal}届已有第{data.ordinal}次会议")
    return target


# ------------------------------------------------------------------------------- delegations, groups


@transaction.atomic
def delegation_save(
    *, actor: User, delegation: Delegation | None, term: Term | None, name: str, district: str
) -> Delegation:
    """Create (``delegation=None``) or change a delegation (代表团) of a term of the actor's congress.

    Raises:
        PermissionDeniedError: not staff of the delegation's congress.
        RuleViolation: no term or one of another congress, an empty name or district, a name already used
            in the term.
    """
    _require(actor, delegation.term.congress_id if delegation is not None else None)
    term = _term_of(actor, term)
    name, district = name.strip(), district.strip()
    if not name or not district:
        raise RuleViolation("请填写代表团名称和选举单位")
    if delegation is not None and delegation.term_id != term.pk and delegation.deputies.exists():
        raise RuleViolation("代表团已有代表，不能改到另一届")
    target = Delegation() if delegation is None else Delegation.objects.select_for_update().get(pk=delegation.pk)
    target.term, target.name, target.district = term, name, district
    _save(target, f"第{term.ordinal}届已有名为“{name}”的代表团")
    return target


@transaction.atomic
def group_save(*, actor: User, group: ProfessionalGroup | None, term: Term | None, name: str) -> ProfessionalGroup:
    """Create (``group=None``) or rename a professional group (专业小组) of a term of the actor's congress.

    Raises:
        PermissionDeniedError: not staff of the group's congress.
        RuleViolation: no term or one of another congress, an empty name, a name already used in the term.
    """
    _require(actor, group.term.congress_id if group is not None else None)
    term = _term_of(actor, term)
    name = name.strip()
    if not name:
        raise RuleViolation("请填写专业小组名称")
    if group is not None and group.term_id != term.pk and group.deputies.exists():
        raise RuleViolation("专业小组已有代表，不能改到另一届")
    target = ProfessionalGroup() if group is None else ProfessionalGroup.objects.select_for_update().get(pk=group.pk)
    target.term, target.name = term, name
    _save(target, f"第{term.ordinal}届已有名为“{name}”的专业小组")
    return target


@transaction.atomic
def deputy_assign(
    *, actor: User, deputy: Deputy, delegation: Delegation | None, groups: Sequence[ProfessionalGroup]
) -> Deputy:
    """Set a deputy's delegation (代表团) and professional groups (专业小组), kept in the deputy's history.

    Raises:
        PermissionDeniedError: not staff of the deputy's congress.
        RuleViolation: no delegation, or a delegation or group not of the deputy's term.
    """
    _require(actor, deputy.term.congress_id)
    if delegation is None:
        raise RuleViolation("请选择代表团")
    if delegation.term_id != deputy.term_id or any(g.term_id != deputy.term_id for g in groups):
        raise RuleViolation("代表团和专业小组应为该代表所在届次的")
    target = Deputy.objects.select_for_update().get(pk=deputy.pk)
    target.delegation = delegation
    target._change_reason = "调整代表团和专业小组"  # type: ignore[attr-defined]
    target.save()
    target.professional_groups.set(groups)
    return target


# ---------------------------------------------------------------------------------------------- bodies


#: Bodies that exist for one session of the congress (their ``session`` is required); the others are
#: standing bodies of the term (no session).
SESSION_BODIES = (Body.Kind.PRESIDIUM, Body.Kind.BILL_REVIEW_COMMITTEE)


@transaction.atomic
def body_save(
    *, actor: User, body: Body | None, term: Term | None, kind: str, name: str, session: Session | None = None
) -> Body:
    """Create (``body=None``) or change a body (机构): the Standing Committee, the Council of Chairpersons, a
    special or working committee, or a session's Presidium or Bill Review Committee.

    Raises:
        PermissionDeniedError: not staff of the body's congress.
        RuleViolation: no term or one of another congress, an unknown kind, an empty name or one already
            used in the term, a session missing (Presidium, Bill Review Committee) or not of the term, the
            term changed while the body has members.
    """
    _require(actor, body.term.congress_id if body is not None else None)
    term = _term_of(actor, term)
    name = name.strip()
    if kind not in Body.Kind.values:
        raise RuleViolation("请选择机构类别")
    if not name:
        raise RuleViolation("请填写机构名称")
    if kind in SESSION_BODIES:
        if session is None or session.term_id != term.pk:
            raise RuleViolation("主席团和议案审查委员会应选择本届的一次会议")
    else:
        session = None
    if body is not None and body.term_id != term.pk and body.memberships.exists():
        raise RuleViolation("机构已有组成人员，不能改到另一届")
    target = Body() if body is None else Body.objects.select_for_update().get(pk=body.pk)
    target.term, target.kind, target.name, target.session = term, kind, name, session
    _save(target, f"第{term.ordinal}届已有名为“{name}”的机构")
    return target


def _overlapping(body: Body, deputy: Deputy, start: date) -> Membership | None:
    """A seat of ``deputy`` in ``body`` that is open or ends on or after ``start`` (a new seat from ``start``
    runs open-ended, so any such seat overlaps it)."""
    qs = Membership.objects.filter(body=body, deputy=deputy)
    return qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start)).order_by("started_on").first()


@transaction.atomic
def member_add(*, actor: User, body: Body, deputy: Deputy | None, role: str, started_on: date | None) -> Membership:
    """Seat ``deputy`` in ``body`` with ``role`` from ``started_on`` (组成人员 任职).

    The body's roster — and so the statutory denominator of its meetings from that day (V3/V5) — grows by
    one. A person holds at most one seat in a body at a time.

    Raises:
        PermissionDeniedError: not staff of the body's congress.
        RuleViolation: no deputy, a deputy not of the body's term or no longer serving, an unknown role, no
            start date or one outside the term's years, a seat of the same person in the body that overlaps.
    """
    _require(actor, body.term.congress_id)
    if deputy is None:
        raise RuleViolation("请选择代表")
    if deputy.term_id != body.term_id:
        raise RuleViolation("所选代表不是该机构所在届次的代表")
    if deputy.status != Deputy.Status.SERVING:
        raise RuleViolation(f"{deputy.name}已终止代表资格，不能任职")
    if role not in Membership.Role.values:
        raise RuleViolation("请选择职务")
    if started_on is None:
        raise RuleViolation("请填写任职日期")
    term = body.term
    if not term.start_year <= started_on.year <= term.end_year:
        raise RuleViolation(f"任职日期应在第{term.ordinal}届任期内（{term.start_year}—{term.end_year}年）")
    Deputy.objects.select_for_update().get(pk=deputy.pk)  # two clerks seating the same person: one waits
    clash = _overlapping(body, deputy, started_on)
    if clash is not None:
        raise RuleViolation(
            f"{deputy.name}在{body.name}已有{clash.started_on:%Y-%m-%d}起的任职"
            f"{'（尚未终止）' if clash.ended_on is None else f'（至{clash.ended_on:%Y-%m-%d}）'}，任职期间不能重叠",
            code="membership_overlap",
        )
    seat = Membership(body=body, deputy=deputy, role=role, started_on=started_on)
    seat._change_reason = "任职"  # type: ignore[attr-defined]
    _save(seat, f"{deputy.name}在{body.name}已有同日起的任职")
    return seat


@transaction.atomic
def member_end(*, actor: User, membership: Membership, ended_on: date | None, reason: str) -> Membership:
    """End a seat (免职、辞职 …) on ``ended_on``, the last day it counts: from the next day the body's roster,
    and the statutory denominator of its meetings (V3/V5), is one fewer. The reason is kept in the seat's
    history.

    Raises:
        PermissionDeniedError: not staff of the body's congress.
        RuleViolation: the seat already ended, no end date or one before the start, no reason.
    """
    _require(actor, membership.body.term.congress_id)
    seat = Membership.objects.select_for_update().select_related("deputy").get(pk=membership.pk)
    if seat.ended_on is not None:
        raise RuleViolation(f"该任职已于{seat.ended_on:%Y-%m-%d}终止")
    if ended_on is None:
        raise RuleViolation("请填写终止日期")
    if ended_on < seat.started_on:
        raise RuleViolation(f"终止日期不能早于任职日期（{seat.started_on:%Y-%m-%d}）")
    reason = reason.strip()
    if not reason:
        raise RuleViolation("请填写终止原因（如免职、辞职）")
    seat.ended_on = ended_on
    seat._change_reason = f"终止任职：{reason[:80]}"  # type: ignore[attr-defined]
    seat.save()
    return seat


# --------------------------------------------------------------------------------------------- officials


@dataclass(frozen=True)
class OfficialData:
    """政府领导分工: the leader's name and title (副市长 …) and the units they lead (分管单位)."""

    name: str
    title: str
    portfolio: Sequence[HandlingUnit] = field(default_factory=tuple)


@transaction.atomic
def official_save(*, actor: User, official: Official | None, data: OfficialData) -> Official:
    """Create (``official=None``) or change a government leader and their portfolio (分管单位), the link for
    领办 in the "五办联动" chain.

    Raises:
        PermissionDeniedError: not staff of the official's congress.
        RuleViolation: an empty name or title, the same name and title already recorded, a unit of another
            congress.
    """
    congress_id = _require(actor, official.congress_id if official is not None else None)
    name, title = data.name.strip(), data.title.strip()
    if not name or not title:
        raise RuleViolation("请填写姓名和职务")
    if any(u.congress_id != congress_id for u in data.portfolio):
        raise RuleViolation("分管单位应为本级人大的承办单位")
    target = (
        Official(congress_id=congress_id)
        if official is None
        else Official.objects.select_for_update().get(pk=official.pk)
    )
    target.name, target.title = name, title
    _save(target, f"已有{title}{name}")
    target.portfolio.set(data.portfolio)
    return target
