"""Reads of the appointments domain: visibility, boards, the register and the demo's figures (RULES.md §10)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from renda.appointments import permissions
from renda.appointments.models import Appointment, OathCeremony, OathTaker, Tenure
from renda.appointments.posts import oath_days
from renda.core.exceptions import NotFoundOrForbidden

S = Appointment.Status


def _base() -> QuerySet[Appointment]:
    return Appointment.objects.select_related("person", "post", "meeting")


def access_appointment(*, viewer: Any, pk: int) -> Appointment:
    """The case ``pk`` if ``viewer`` may see it (:func:`permissions.can_view`).

    Raises:
        NotFoundOrForbidden: missing or not visible (alike).
    """
    case = _base().filter(pk=pk).first()
    if case is None or not permissions.can_view(viewer, case):
        raise NotFoundOrForbidden("任免案不存在")
    return case


def staff_cases(*, viewer: Any, status: str = "") -> QuerySet[Appointment]:
    """Every case of the viewer's congress (staff), newest first, optionally of one status."""
    qs = _base().annotate(sworn=Exists(OathTaker.objects.filter(appointment=OuterRef("pk"))))
    if viewer.congress_id:
        qs = qs.filter(congress_id=viewer.congress_id)
    if status in S.values:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def organ_cases(*, viewer: Any) -> QuerySet[Appointment]:
    """The cases of the organ ``viewer`` (UNIT_OFFICER) files for."""
    organ = permissions.organ_of_user(viewer, viewer.congress_id or 0)
    from renda.appointments.posts import NOMINATOR_ORGAN

    nominators = [n for n, o in NOMINATOR_ORGAN.items() if o == organ]
    return _base().filter(congress_id=viewer.congress_id, nominator__in=nominators).order_by("-id")


def member_cases(*, viewer: Any) -> QuerySet[Appointment]:
    """Cases filed or listed for a meeting, for Standing Committee members (empty for others)."""
    if not permissions.is_sc_member(viewer):
        return Appointment.objects.none()
    return (
        _base()
        .filter(congress_id=viewer.congress_id, status__in=(S.FILED, S.LISTED))
        .order_by("meeting__starts_at", "id")
    )


def public_cases(*, year: int | None = None) -> QuerySet[Appointment]:
    """Adopted appointments and removals (A15: published by the Standing Committee), newest first."""
    qs = _base().filter(status=S.ADOPTED)
    if year:
        qs = qs.filter(adopted_on__year=year)
    return qs.order_by("-adopted_on", "id")


def unsworn(*, congress_id: int | None, today: date) -> list[dict[str, Any]]:
    """Adopted appointments to a post whose appointee has not taken the oath (A17), each with
    ``due`` (adopted + ``posts.oath_days()`` calendar days) and ``overdue``."""
    qs = (
        _base()
        .filter(status=S.ADOPTED, kind__in=Appointment.TAKING_OFFICE)
        .exclude(Exists(OathTaker.objects.filter(appointment=OuterRef("pk"))))
    )
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    rows = []
    for a in qs.order_by("adopted_on", "id"):
        due = a.adopted_on + timedelta(days=oath_days()) if a.adopted_on else today
        rows.append({"case": a, "due": due, "overdue": today > due})
    return rows


def register(*, congress_id: int | None, on: date | None = None) -> QuerySet[Tenure]:
    """The register of office-holders: every tenure (or, with ``on``, those current that day)."""
    qs = Tenure.objects.select_related("person", "post", "appointment")
    if congress_id:
        qs = qs.filter(post__congress_id=congress_id)
    if on:
        qs = qs.filter(started_on__lte=on).exclude(ended_on__lt=on)
    return qs.order_by("post__id", "started_on", "id")


def ceremonies(*, congress_id: int | None) -> QuerySet[OathCeremony]:
    """Oath ceremonies with their takers, newest first."""
    qs = OathCeremony.objects.prefetch_related("takers__appointment__person", "takers__appointment__post")
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs.order_by("-held_on", "-id")


def report_year(raw: str, *, default: int) -> int:
    """The year asked for in a query string (four ASCII digits, 2000–2100), else ``default``."""
    if len(raw) == 4 and raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return default


def adopted_cases(*, congress_id: int, start: date, end: date) -> QuerySet[Appointment]:
    """Cases of every kind (appointment, removal, resignation …) the Standing Committee adopted between
    ``start`` and ``end`` (inclusive): the work report's "任免国家机关工作人员99人次", one 人次 per case."""
    return (
        Appointment.objects.filter(congress_id=congress_id, status=S.ADOPTED, adopted_on__range=(start, end))
        .select_related("person", "post")
        .order_by("adopted_on", "id")
    )


def ceremonies_held(*, congress_id: int, start: date, end: date) -> QuerySet[OathCeremony]:
    """Constitutional oath ceremonies held between ``start`` and ``end`` (inclusive), the report's
    "组织开展7次宪法宣誓仪式"; each ceremony counts once however many took the oath."""
    return OathCeremony.objects.filter(congress_id=congress_id, held_on__range=(start, end)).order_by("held_on", "id")


def figures(*, congress_id: int, year: int) -> dict[str, int]:
    """The year's figures from records: persons appointed or removed (人次: adopted cases of every kind),
    oath ceremonies held, appointees not yet sworn (seed: 99 人次, 7 ceremonies). Reads the same
    selectors as the reports app's metrics (``adopted_cases``, ``ceremonies_held``)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    adopted = adopted_cases(congress_id=congress_id, start=start, end=end)
    return {
        "appointed_or_removed": adopted.count(),
        "removals": adopted.filter(kind__in=(Appointment.Kind.REMOVE, Appointment.Kind.DISMISS)).count(),
        "resignations": adopted.filter(kind=Appointment.Kind.RESIGN).count(),
        "ceremonies": ceremonies_held(congress_id=congress_id, start=start, end=end).count(),
        "unsworn": adopted.filter(kind__in=Appointment.TAKING_OFFICE)
        .exclude(Exists(OathTaker.objects.filter(appointment=OuterRef("pk"))))
        .count(),
    }


def notices_pending(*, congress_id: int | None, today: date) -> list[dict[str, Any]]:
    """Adopted cases whose formal notice to the organs (A15) is not yet recorded, each with ``due``
    (adoption + ``posts.notify_days()`` calendar days) and ``overdue`` (today after ``due``)."""
    from renda.appointments.after import notice_due

    qs = _base().filter(status=S.ADOPTED, notified_on__isnull=True, adopted_on__isnull=False)
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    rows = []
    for a in qs.order_by("adopted_on", "id")[:200]:
        due = notice_due(a) or today
        rows.append({"case": a, "due": due, "overdue": today > due})
    return rows


def reelection_clock(*, congress_id: int | None, today: date) -> dict[str, Any] | None:
    """A2: after the latest recorded election of a new government, the mayor's posts held that day
    (``posts.MAYOR_POSTS``; A22: other appointees continue) and whether each was re-nominated in writing
    by ``due`` (election + ``posts.reelection_months()`` months, RULES.md D1). ``None`` without a record.

    Returns:
        ``{"reelection", "due", "days_left", "rows": [{"tenure", "case", "late", "pending"}], "pending",
        "overdue"}``; ``overdue`` when posts are still pending after ``due``.
    """
    from renda.appointments.models import Reelection
    from renda.appointments.posts import MAYOR_POSTS, reelection_months
    from renda.appointments.services import add_months

    latest = Reelection.objects.filter(congress_id=congress_id).first() if congress_id else None
    if latest is None:
        return None
    day, due = latest.elected_on, add_months(latest.elected_on, reelection_months())
    tenures = (
        Tenure.objects.filter(
            post__congress_id=latest.congress_id, post__post_type__in=MAYOR_POSTS, started_on__lte=day
        )
        .exclude(ended_on__lt=day)
        .select_related("person", "post")
        .order_by("post__id", "id")
    )
    rows = []
    for t in tenures:
        case = (
            Appointment.objects.filter(
                post=t.post, kind=Appointment.Kind.APPOINT, filed_on__gte=day, filed_on__isnull=False
            )
            .exclude(status=S.WITHDRAWN)
            .order_by("filed_on", "id")
            .first()
        )
        late = bool(case and case.filed_on and case.filed_on > due)
        rows.append({"tenure": t, "case": case, "late": late, "pending": case is None})
    pending = sum(1 for r in rows if r["pending"])
    return {
        "reelection": latest,
        "due": due,
        "days_left": (due - today).days,
        "rows": rows,
        "pending": pending,
        "overdue": pending > 0 and today > due,
    }


def filings(*, congress_id: int | None) -> QuerySet[Any]:
    """Register changes filed without a vote (A22), newest first."""
    from renda.appointments.models import RegisterFiling

    qs = RegisterFiling.objects.select_related("post", "tenure__person")
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs.order_by("-on", "-id")


def disciplines(*, congress_id: int | None) -> QuerySet[Any]:
    """政务处分 recorded (A23), newest first."""
    from renda.appointments.models import Discipline

    qs = Discipline.objects.select_related("person")
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs.order_by("-decided_on", "-id")


def current_tenures(*, congress_id: int | None) -> QuerySet[Tenure]:
    """Tenures not ended (the choices of a removal bill or an ending filed, M26/A22)."""
    qs = Tenure.objects.filter(ended_on__isnull=True).select_related("person", "post")
    if congress_id:
        qs = qs.filter(post__congress_id=congress_id)
    return qs.order_by("post__id", "id")
