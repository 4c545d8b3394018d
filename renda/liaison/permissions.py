"""Who may do what with citizens' opinions: the single source of the liaison app's rights.

Plain ``can_<verb>(user, obj) -> bool`` predicates. Services pass them to
:func:`renda.core.workflow.transition` as ``allowed=`` (or raise ``PermissionDeniedError``), and
selectors, views, the API and templates ask the same functions; pages receive
:func:`allowed_actions` and show exactly those buttons.
"""

from __future__ import annotations

import secrets
from typing import Any

from renda.liaison.models import Opinion
from renda.liaison.workflow import OPINION_FLOW, Status
from renda.organization.models import LiaisonStation, User
from renda.organization.permissions import is_staff_office

ROLES_SEEING_CITIZEN_CONTACT = frozenset({User.Role.STATION_OPERATOR, User.Role.STAFF})
ROLES_SEEING_HOT_TOPICS = frozenset({User.Role.STAFF, User.Role.SUPERVISOR, User.Role.DEPUTY})


def is_staff_role(user: Any) -> bool:
    """Standing Committee office staff (常委会工作人员), of any congress."""
    return bool(is_staff_office(user))


def can_see_citizen_contact(user: User) -> bool:
    """Staff and station operators see the citizen's phone in full; everyone else sees it masked
    (个人信息保护法 第28条; DESIGN.md privacy convention)."""
    return bool(user.is_authenticated and user.role in ROLES_SEEING_CITIZEN_CONTACT)


def can_use_triage(user: User) -> bool:
    """Staff open the triage inbox (分诊) and its batch actions."""
    return is_staff_role(user)


def can_triage(user: User, opinion: Opinion) -> bool:
    """Staff of the opinion's congress (or of no congress) choose its topic (分类 / 重新分类)."""
    return is_staff_role(user) and (user.congress_id is None or user.congress_id == opinion.congress_id)


def can_route(user: User, opinion: Opinion) -> bool:
    """Staff of the opinion's congress route it to a handling unit (转办, also a confirmed batch)."""
    return can_triage(user, opinion)


def can_withdraw_routing(user: User, opinion: Opinion) -> bool:
    """Staff of the opinion's congress withdraw a routing (撤回转办)."""
    return can_triage(user, opinion)


def can_follow_up(user: User, opinion: Opinion) -> bool:
    """Staff of the opinion's congress handle a low-rated opinion in follow-up (回访复核): re-route it to a
    unit (重新交办) or close it with a written explanation (办结说明); issue 13 item 4."""
    return can_triage(user, opinion)


def can_answer(user: User, opinion: Opinion) -> bool:
    """An officer of the unit the opinion was routed to answers it."""
    return bool(
        user.is_authenticated
        and user.role == User.Role.UNIT_OFFICER
        and opinion.unit_id is not None
        and user.handling_unit_id == opinion.unit_id
    )


def can_rate(tracking_code: str, opinion: Opinion) -> bool:
    """The citizen holding the opinion's 查询码 (compared in constant time, case-insensitive) rates it."""
    return secrets.compare_digest(opinion.tracking_code, tracking_code.strip().upper())


def can_record(user: User) -> bool:
    """Station operators (for their station) and staff record opinions heard at a station."""
    return bool(user.is_authenticated and user.role in (User.Role.STATION_OPERATOR, User.Role.STAFF))


def can_record_at(user: User, station: LiaisonStation | None) -> bool:
    """:func:`can_record`, and an operator only for their own station, staff only for a station of their
    congress (any, for staff bound to none)."""
    if not can_record(user) or station is None:
        return False
    if user.role == User.Role.STATION_OPERATOR:
        return user.liaison_station_id == station.pk
    return user.congress_id is None or user.congress_id == station.congress_id


def can_draft_suggestion(user: User, opinion: Opinion) -> bool:
    """A deputy serving at the opinion's station may turn it into a draft suggestion."""
    return bool(
        user.is_authenticated
        and user.role in (User.Role.DEPUTY, User.Role.SUPERVISOR)
        and user.deputy_id is not None
        and opinion.station is not None
        and opinion.station.deputies.filter(pk=user.deputy_id).exists()
    )


def can_filter_by_station(user: User) -> bool:
    """Staff and supervisors (who see every station's opinions) filter the lists by station."""
    return bool(user.is_authenticated and user.role in (User.Role.STAFF, User.Role.SUPERVISOR))


def can_see_hot_topics(user: User) -> bool:
    """Staff, supervisors and deputies see the hot-topic snapshots."""
    return bool(user.is_authenticated and user.role in ROLES_SEEING_HOT_TOPICS)


def can_compute_hot_topics(user: User) -> bool:
    """Staff of a congress queue a new hot-topic computation for it."""
    return is_staff_role(user) and user.congress_id is not None


def can_set_auto_route(user: User, congress_id: int | None) -> bool:
    """Staff of the congress (or of none) switch its automatic routing on or off (defect 8)."""
    return (
        is_staff_role(user)
        and congress_id is not None
        and (user.congress_id is None or user.congress_id == congress_id)
    )


def allowed_actions(user: User, opinion: Opinion) -> set[str]:
    """The actions ``user`` may take on ``opinion`` now (the buttons its page shows).

    Returns:
        A subset of ``{"triage", "reclassify", "route", "withdraw", "answer", "reroute", "close", "suggest",
        "suggest_group"}``: each needs both the predicate and a move the workflow allows from the current
        status (``reroute``/``close`` only in follow-up, 回访复核).
    """
    status = opinion.status
    actions: set[str] = set()
    if can_triage(user, opinion):
        if OPINION_FLOW.allows(status, Status.TRIAGED) and status != Status.ROUTED:
            actions.add("triage")
        if status == Status.TRIAGED:
            actions.add("reclassify")
    if can_route(user, opinion) and status == Status.TRIAGED and OPINION_FLOW.allows(status, Status.ROUTED):
        actions.add("route")
    if can_follow_up(user, opinion) and status == Status.FOLLOW_UP:
        actions.update({"reroute", "close"})
    if can_withdraw_routing(user, opinion) and status == Status.ROUTED and OPINION_FLOW.allows(status, Status.TRIAGED):
        actions.add("withdraw")
    if can_answer(user, opinion) and OPINION_FLOW.allows(status, Status.ANSWERED):
        actions.add("answer")
    if opinion.suggestion_id is None and can_draft_suggestion(user, opinion):
        actions.add("suggest")
        if opinion.duplicate_group_id:
            actions.add("suggest_group")
    return actions


def citizen_actions(opinion: Opinion) -> set[str]:
    """What the citizen holding the 查询码 may do on the tracking page now: ``{"rate"}`` once answered (again
    after a re-routed opinion is answered anew; not while it waits in follow-up)."""
    return {"rate"} if opinion.status == Status.ANSWERED else set()


def can_import_opinions(user: Any) -> bool:
    """Staff of a congress import a file of citizens' messages into it (导入群众留言)."""
    return is_staff_role(user) and getattr(user, "congress_id", None) is not None
