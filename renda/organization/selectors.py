"""Reads of the organisation domain, with visibility of personal data by role."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from renda.organization.models import (
    Body,
    Congress,
    Delegation,
    Deputy,
    HandlingUnit,
    LiaisonPoint,
    LiaisonStation,
    Official,
    ProfessionalGroup,
    Session,
    Term,
    User,
)

ROLES_SEEING_PERSONAL_DATA = frozenset({User.Role.STAFF})


def can_see_personal_data(viewer: User) -> bool:
    """True if ``viewer``'s role needs deputies' full phone numbers (Standing Committee staff only)."""
    return viewer.is_authenticated and viewer.role in ROLES_SEEING_PERSONAL_DATA


def deputy_list(
    *,
    viewer: User,
    congress: Congress | None = None,
    search: str = "",
    delegation_id: int | None = None,
    group_id: int | None = None,
    first_term: bool = False,
) -> QuerySet[Deputy]:
    """Deputies of ``congress`` (or all), filtered by text, delegation, professional group and first term.

    Args:
        viewer: the logged-in user (any role may list deputies; phones are masked by the caller
            unless :func:`can_see_personal_data` holds).
        congress: restrict to this congress; ``None`` lists every congress.
        search: substring of the name, deputy code, occupation, delegation name or professional group name
            (searching "平城区" finds the 平城区代表团's deputies).
        delegation_id: restrict to one delegation.
        group_id: restrict to one professional group (专业小组).
        first_term: only first-term deputies (新任代表).
    Returns:
        A queryset with delegation and term joined and professional groups prefetched (constant query count).
    """
    qs = Deputy.objects.select_related("delegation", "term__congress").prefetch_related("professional_groups")
    if congress is not None:
        qs = qs.filter(term__congress=congress)
    if search:
        qs = qs.filter(
            Q(name__contains=search)
            | Q(code__contains=search)
            | Q(occupation__contains=search)
            | Q(delegation__name__contains=search)
            | Q(pk__in=Deputy.objects.filter(professional_groups__name__contains=search).values("pk"))
        )
    if delegation_id:
        qs = qs.filter(delegation_id=delegation_id)
    if group_id:
        qs = qs.filter(professional_groups__id=group_id)
    if first_term:
        qs = qs.filter(is_first_term=True)
    return qs.order_by("code")


def delegation_choices(*, congress: Congress | None) -> QuerySet[Delegation]:
    """Delegations (代表团) of ``congress``'s terms (all congresses for ``None``), by term and name."""
    qs = Delegation.objects.select_related("term")
    if congress is not None:
        qs = qs.filter(term__congress=congress)
    return qs.order_by("-term__ordinal", "name")


def professional_group_choices(*, congress: Congress | None) -> QuerySet[ProfessionalGroup]:
    """Professional groups (专业小组) of ``congress``'s terms (all congresses for ``None``)."""
    qs = ProfessionalGroup.objects.select_related("term")
    if congress is not None:
        qs = qs.filter(term__congress=congress)
    return qs.order_by("-term__ordinal", "name")


def handling_unit_list(*, congress: Congress | None = None) -> QuerySet[HandlingUnit]:
    """Active handling units, by name, with their parent joined."""
    qs = HandlingUnit.objects.filter(is_active=True).select_related("parent")
    if congress is not None:
        qs = qs.filter(congress=congress)
    return qs.order_by("name")


def current_session(*, congress: Congress | None = None) -> Session | None:
    """The latest session (by opening date) of ``congress``, or of any congress when ``None``."""
    qs = Session.objects.select_related("term__congress")
    if congress is not None:
        qs = qs.filter(term__congress=congress)
    return qs.order_by("-opening_date").first()


def liaison_station_list(*, congress: Congress | None = None) -> QuerySet[LiaisonStation]:
    """Liaison stations (联络站) of ``congress`` (all for ``None``), by name."""
    qs = LiaisonStation.objects.select_related("congress")
    if congress is not None:
        qs = qs.filter(congress=congress)
    return qs.order_by("name")


def sessions_in(*, congress_id: int, start: date, end: date) -> QuerySet[Session]:
    """Sessions of the congress opened in [start, end] (inclusive), by opening date."""
    return Session.objects.filter(term__congress_id=congress_id, opening_date__range=(start, end)).order_by(
        "opening_date"
    )


def terms_during(*, congress_id: int, start: date, end: date) -> QuerySet[Term]:
    """The terms (届) of the congress whose years overlap [start, end]."""
    return Term.objects.filter(congress_id=congress_id, start_year__lte=end.year, end_year__gte=start.year)


def deputies_serving(*, congress_id: int, start: date, end: date, first_term: bool = False) -> QuerySet[Deputy]:
    """Deputies of the terms overlapping [start, end] who had not left before ``start`` (RULES.md §7: 345).

    ``first_term`` keeps the deputies elected for the first time (新任代表, 110 in the seed). Delegation
    joined, by code.
    """
    qs = Deputy.objects.filter(term__in=terms_during(congress_id=congress_id, start=start, end=end)).exclude(
        status=Deputy.Status.LEFT, left_on__lt=start
    )
    if first_term:
        qs = qs.filter(is_first_term=True)
    return qs.select_related("delegation").order_by("code", "id")


def professional_groups_during(*, congress_id: int, start: date, end: date) -> QuerySet[ProfessionalGroup]:
    """Professional groups (专业小组, 7 in the seed) of the terms overlapping [start, end], by name."""
    return ProfessionalGroup.objects.filter(
        term__in=terms_during(congress_id=congress_id, start=start, end=end)
    ).order_by("name", "id")


def liaison_point_list(*, congress_id: int) -> QuerySet[LiaisonPoint]:
    """Liaison points (联络点, 389 in the seed) of the congress's stations, station joined, by station."""
    return (
        LiaisonPoint.objects.filter(station__congress_id=congress_id)
        .select_related("station")
        .order_by("station__name", "name", "id")
    )


def sessions_of(*, congress_id: int) -> QuerySet[Session]:
    """Every session of the congress, latest first, term joined."""
    return Session.objects.filter(term__congress_id=congress_id).select_related("term").order_by("-opening_date")


def reference_counts(*, viewer: User) -> dict[str, int]:
    """How many records of each kind of reference data the viewer's congress holds, for the 基础数据 hub
    (keys: units, stations, terms, delegations, groups, bodies, officials); empty for anyone who may not
    keep them (:func:`renda.organization.permissions.can_manage_reference`)."""
    from renda.organization.permissions import can_manage_reference

    if not can_manage_reference(viewer):
        return {}
    cid = viewer.congress_id
    assert cid is not None
    return {
        "units": HandlingUnit.objects.filter(congress_id=cid).count(),
        "stations": LiaisonStation.objects.filter(congress_id=cid).count(),
        "terms": Term.objects.filter(congress_id=cid).count(),
        "delegations": Delegation.objects.filter(term__congress_id=cid).count(),
        "groups": ProfessionalGroup.objects.filter(term__congress_id=cid).count(),
        "bodies": Body.objects.filter(term__congress_id=cid).count(),
        "officials": Official.objects.filter(congress_id=cid).count(),
    }
