"""Reads of the organisation domain, with visibility of personal data by role."""

from __future__ import annotations

from django.db.models import QuerySet

from renda.organization.models import Congress, Deputy, HandlingUnit, Session, User

ROLES_SEEING_PERSONAL_DATA = frozenset({User.Role.STAFF})


def can_see_personal_data(viewer: User) -> bool:
    """True if ``viewer``'s role needs deputies' full phone numbers (Standing Committee staff only)."""
    return viewer.is_authenticated and viewer.role in ROLES_SEEING_PERSONAL_DATA


def deputy_list(
    *, viewer: User, congress: Congress | None = None, search: str = "", delegation_id: int | None = None
) -> QuerySet[Deputy]:
    """Deputies of the current term of ``congress`` (or all), filtered by name/code and delegation.

    Args:
        viewer: the logged-in user (any role may list deputies; phones are masked by the caller
            unless :func:`can_see_personal_data` holds).
        congress: restrict to this congress; ``None`` lists every congress.
        search: substring of the name, deputy code or occupation.
        delegation_id: restrict to one delegation.
    Returns:
        A queryset with delegation and term joined and professional groups prefetched (constant query count).
    """
    qs = Deputy.objects.select_related("delegation", "term__congress").prefetch_related("professional_groups")
    if congress is not None:
        qs = qs.filter(term__congress=congress)
    if search:
        from django.db.models import Q

        qs = qs.filter(Q(name__contains=search) | Q(code__contains=search) | Q(occupation__contains=search))
    if delegation_id:
        qs = qs.filter(delegation_id=delegation_id)
    return qs.order_by("code")


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
