"""Statuses of a citizen's opinion (群众意见) and the moves allowed between them (DESIGN.md style 3).

received (已接收) → triaged (已分类) → routed (已转办) → answered (已答复) → closed (已办结).
A citizen's low rating (≤ :func:`renda.liaison.conf.low_rating_threshold` of 5, issue 13 item 4) sends an
answered opinion to follow-up (回访复核) instead of closing it: staff either re-route it to a unit
(重新交办: follow_up → routed, the unit answers again, the citizen rates again) or close it with a
written explanation the citizen reads on the tracking page (办结说明: follow_up → closed).
An opinion whose predicted topic is below the confidence threshold stays ``received`` in the manual
triage queue until staff choose its topic; a confident one is classified (``triaged``) by the system
and waits there, with its suggested unit, until staff confirm the routing — unless the congress
turned automatic routing on (:func:`renda.liaison.conf.auto_route_enabled`, defect 8).

Every status change goes through :func:`renda.core.workflow.transition` with :data:`OPINION_FLOW`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.exceptions import InvalidTransition
from renda.core.workflow import Workflow


class Status(models.TextChoices):
    """Status of a citizen's opinion: received → triaged → routed → answered → closed (or, after a low
    rating, answered → follow_up → routed again or closed)."""

    RECEIVED = "received", _("已接收")
    TRIAGED = "triaged", _("已分类")
    ROUTED = "routed", _("已转办")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")
    FOLLOW_UP = "follow_up", _("回访复核")


TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.TRIAGED,),
    Status.TRIAGED: (Status.ROUTED,),
    Status.ROUTED: (Status.ANSWERED, Status.TRIAGED),
    Status.ANSWERED: (Status.CLOSED, Status.FOLLOW_UP),
    Status.FOLLOW_UP: (Status.ROUTED, Status.CLOSED),
    Status.CLOSED: (),
}


_VERBS: dict[str, str] = {Status.TRIAGED: "分类", Status.ROUTED: "转办", Status.ANSWERED: "答复", Status.CLOSED: "办结"}


@dataclass(frozen=True)
class OpinionWorkflow(Workflow):
    """The opinion pipeline: a :class:`~renda.core.workflow.Workflow` whose refusal of a repeated
    action (转办 an opinion already 已转办) says so plainly: “该意见已转办，不能重复转办”."""

    def check(self, current: str, target: str) -> None:
        """Raise :class:`~renda.core.exceptions.InvalidTransition` unless ``current → target`` is allowed."""
        if current == target and target in _VERBS:
            verb = _VERBS[target]
            raise InvalidTransition(f"该意见已{verb}，不能重复{verb}", extra={"from": current, "to": target})
        super().check(current, target)


#: The one workflow object of the liaison app (events in ``liaison.OpinionEvent``).
OPINION_FLOW = OpinionWorkflow(statuses=Status, transitions=TRANSITIONS, event_model="liaison.OpinionEvent")


def assert_transition(current: str, target: str) -> None:
    """Raise :class:`~renda.core.exceptions.InvalidTransition` unless ``current → target`` is allowed
    (delegates to :data:`OPINION_FLOW`)."""
    OPINION_FLOW.check(current, target)
