"""Who may do what with a proposal or an assignment: ``rules`` predicates, in one place.

Visibility of lists lives in :mod:`renda.proposals.selectors` (same rules expressed as querysets).
"""

from __future__ import annotations

from typing import Any

import rules

from renda.organization.models import User
from renda.organization.permissions import is_deputy, is_staff_office, is_supervisor
from renda.proposals.models import Assignment, Proposal

# Role predicates are shared by every app (renda.organization.permissions); the names stay for readers.
is_staff_role = is_staff_office
is_deputy_role = is_deputy
is_supervisor_role = is_supervisor


@rules.predicate
def is_lead_deputy(user: Any, proposal: Proposal) -> bool:
    """The user is the proposal's lead deputy (领衔代表)."""
    return bool(user.is_authenticated and user.deputy_id and proposal.lead_deputy_id == user.deputy_id)


@rules.predicate
def is_cosigner(user: Any, proposal: Proposal) -> bool:
    """The user is invited as a co-signer (联名代表) of the proposal."""
    return bool(
        user.is_authenticated and user.deputy_id and proposal.cosigners.filter(deputy_id=user.deputy_id).exists()
    )


@rules.predicate
def is_unit_of(user: Any, assignment: Assignment) -> bool:
    """The user is an officer of the assignment's unit."""
    return bool(
        user.is_authenticated and user.role == User.Role.UNIT_OFFICER and user.handling_unit_id == assignment.unit_id
    )


rules.add_perm("proposals.manage", is_staff_role)
rules.add_perm("proposals.edit_draft", is_lead_deputy | is_staff_role)
rules.add_perm("proposals.handle_assignment", is_unit_of)
rules.add_perm("proposals.urge", is_staff_role | is_supervisor_role)
