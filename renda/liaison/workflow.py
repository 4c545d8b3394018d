"""Statuses of a citizen's opinion (群众意见) and the moves allowed between them (DESIGN.md style 3).

received (已接收) → triaged (已分类) → routed (已转办) → answered (已答复) → closed (已办结).
An opinion whose predicted topic is below the confidence threshold stays ``received`` in the manual
triage queue until staff choose its topic.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.exceptions import InvalidTransition
from renda.core.workflow import assert_transition as _assert


class Status(models.TextChoices):
    """Status of a citizen's opinion: received → triaged → routed → answered → closed."""

    RECEIVED = "received", _("已接收")
    TRIAGED = "triaged", _("已分类")
    ROUTED = "routed", _("已转办")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.TRIAGED,),
    Status.TRIAGED: (Status.ROUTED,),
    Status.ROUTED: (Status.ANSWERED, Status.TRIAGED),
    Status.ANSWERED: (Status.CLOSED,),
    Status.CLOSED: (),
}


_VERBS: dict[str, str] = {Status.TRIAGED: "分类", Status.ROUTED: "转办", Status.ANSWERED: "答复", Status.CLOSED: "办结"}


def assert_transition(current: str, target: str) -> None:
    """Raise :class:`~renda.core.exceptions.InvalidTransition` unless ``current → target`` is allowed.

    Repeating the action that set the current status (转办 an opinion already 已转办) gets its own
    message: “该意见已转办，不能重复转办”.
    """
    if current == target and target in _VERBS:
        verb = _VERBS[target]
        raise InvalidTransition(f"该意见已{verb}，不能重复{verb}", extra={"from": current, "to": target})
    _assert(TRANSITIONS, current, target, labels={s.value: str(s.label) for s in Status})
