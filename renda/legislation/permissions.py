"""Who may do what in local legislation: the single source of the legislation app's rights.

* Standing Committee office staff (法工委, role STAFF) of the draft's congress run the whole course:
  drafts, versions, readings, vote, approval, promulgation, filing, comment periods, moderation,
  responses and the feedback page.
* Deputies (DEPUTY) see every draft, also before it is opened to the public, and comment on a version
  while its period is open (source 人大代表).
* Comments from a grassroots legislative contact point (基层立法联系点) are entered by STAFF or by a
  STATION_OPERATOR: the points are usually run by the same township and street offices whose operators
  already record citizens' opinions for the liaison stations, so they may record the point's comments
  too (decision documented here, issue 14 item 5). Hearing (论证会/协商会) comments are entered by staff only.
* Citizens comment on the public page with a phone code or a login, only during the period.
"""

from __future__ import annotations

from typing import Any

from renda.legislation.models import Draft, DraftVersion
from renda.legislation.workflow import BEFORE_VOTE, Status
from renda.organization.models import User


def _staff_of(user: Any, congress_id: int) -> bool:
    return bool(
        user.is_authenticated
        and user.role == User.Role.STAFF
        and (user.congress_id is None or user.congress_id == congress_id)
    )


def can_see_drafts(user: Any) -> bool:
    """Staff, deputies and station operators open the drafts list (deputies see drafts early)."""
    return bool(user.is_authenticated and user.role in (User.Role.STAFF, User.Role.DEPUTY, User.Role.STATION_OPERATOR))


def can_manage(user: Any, draft: Draft) -> bool:
    """Staff of the draft's congress (法工委) drive the draft's course and its texts."""
    return _staff_of(user, draft.congress_id)


def can_record_hearing(user: Any, congress_id: int) -> bool:
    """Staff of the congress (法工委) register the hearings held on legislation (G19)."""
    return _staff_of(user, congress_id)


def can_submit(user: Any, draft: Draft) -> bool:
    """Staff record the submission (提请审议) of a draft still being drafted (G6 checks the proposer)."""
    return can_manage(user, draft) and draft.status == Status.DRAFTING


def can_schedule_reading(user: Any, draft: Draft) -> bool:
    """Staff put a submitted or in-reading draft on a Standing Committee meeting's agenda."""
    return can_manage(user, draft) and draft.status in (Status.SUBMITTED, Status.IN_READING)


def can_withdraw(user: Any, draft: Draft) -> bool:
    """Staff record a withdrawal (G14) before the vote."""
    return can_manage(user, draft) and draft.status in (Status.SUBMITTED, Status.IN_READING)


def can_moderate(user: Any, version: DraftVersion) -> bool:
    """Staff hide an abusive comment and edit the responses of a version."""
    return can_manage(user, version.draft)


def can_enter_contact_point_comment(user: Any, version: DraftVersion) -> bool:
    """Staff of the congress or a station operator of it enter a contact point's comments."""
    if not user.is_authenticated:
        return False
    if user.role == User.Role.STATION_OPERATOR:
        return user.congress_id in (None, version.draft.congress_id)
    return can_manage(user, version.draft)


def can_enter_hearing_comment(user: Any, version: DraftVersion) -> bool:
    """Only staff enter comments made at a hearing (论证会/协商会)."""
    return can_manage(user, version.draft)


def can_comment_as_deputy(user: Any, version: DraftVersion) -> bool:
    """A deputy comments on a version open for comment, before the vote."""
    return bool(
        user.is_authenticated
        and user.role == User.Role.DEPUTY
        and user.deputy_id
        and version.draft.status in BEFORE_VOTE
    )


def allowed_actions(user: Any, draft: Draft) -> set[str]:
    """The action buttons the draft page shows to ``user``."""
    if not can_manage(user, draft):
        return set()
    by_status = {
        Status.DRAFTING: {"version", "submit", "basis"},
        Status.SUBMITTED: {"version", "reading", "withdraw", "basis"},
        Status.IN_READING: {"version", "reading", "vote", "withdraw", "basis"},
        Status.ADOPTED: {"request_approval"},
        Status.AWAITING_APPROVAL: {"approve"},
        Status.APPROVED: {"promulgate"},
        Status.PROMULGATED: {"file", "publication"},
        Status.FILED: {"publication"},
    }
    actions = set(by_status.get(Status(draft.status), set()))
    if can_terminate(user, draft):
        actions.add("terminate")
    return actions


def can_terminate(user: Any, draft: Draft, *, today: Any = None) -> bool:
    """Staff terminate a draft in reading whose two years set aside are complete (G14)."""
    from django.utils import timezone

    from renda.legislation.selectors import termination_due

    if not can_manage(user, draft) or draft.status != Status.IN_READING:
        return False
    due = termination_due(draft)
    return due is not None and due <= (today or timezone.localdate())
