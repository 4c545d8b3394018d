"""Who may do what with citizens' opinions (object-level predicates; ``rules``)."""

from __future__ import annotations

import rules

from renda.liaison.models import Opinion
from renda.organization.models import User
from renda.organization.permissions import is_staff_office

ROLES_SEEING_CITIZEN_CONTACT = frozenset({User.Role.STAFF, User.Role.STATION_OPERATOR})


# The shared role predicate (renda.organization.permissions), under the name this app's code uses.
is_staff_role = is_staff_office


def can_see_citizen_contact(user: User) -> bool:
    """Staff and station operators see the citizen's phone in full; everyone else sees it masked
    (个人信息保护法 第28条; DESIGN.md privacy convention)."""
    return bool(user.is_authenticated and user.role in ROLES_SEEING_CITIZEN_CONTACT)


def can_triage(user: User, opinion: Opinion) -> bool:
    """Staff of the opinion's congress choose topics and route."""
    return is_staff_role(user) and (user.congress_id is None or user.congress_id == opinion.congress_id)


def can_answer(user: User, opinion: Opinion) -> bool:
    """An officer of the unit the opinion was routed to answers it."""
    return bool(
        user.is_authenticated
        and user.role == User.Role.UNIT_OFFICER
        and opinion.unit_id is not None
        and user.handling_unit_id == opinion.unit_id
    )


def can_record(user: User) -> bool:
    """Station operators (for their station) and staff record opinions heard at a station."""
    return bool(user.is_authenticated and user.role in (User.Role.STATION_OPERATOR, User.Role.STAFF))


def can_draft_suggestion(user: User, opinion: Opinion) -> bool:
    """A deputy serving at the opinion's station may turn it into a draft suggestion."""
    return bool(
        user.is_authenticated
        and user.role in (User.Role.DEPUTY, User.Role.SUPERVISOR)
        and user.deputy_id is not None
        and opinion.station is not None
        and opinion.station.deputies.filter(pk=user.deputy_id).exists()
    )


rules.add_perm("liaison.triage_opinion", is_staff_role)
