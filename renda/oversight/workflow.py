"""Statuses and transitions of an oversight item and of a 质询案 (house style 3).

An item: planned → report submitted → committee review → heard at a Standing Committee meeting (M3–M5)
→ opinions handed to the organ (M6) → handling report → closed. A 不满意 satisfaction vote (M10) sends a
heard item to 整改中 until the organ's rectification report arrives. Inspections, research and special
inquiries skip the organ's submission (planned → reviewed: the committee reports). A 质询案 (M17–M18):
filed → answer form set → answered → closed, or back to scheduled when more than half of its proposers
are not satisfied. M8: a handling report may be sent back for a supplement (handled → opinions sent,
with a new due date).
"""

from __future__ import annotations

from renda.core.workflow import Workflow
from renda.oversight.models import Inquiry, OversightItem

S = OversightItem.Status
ITEM_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PLANNED: (S.SUBMITTED, S.REVIEWED),
    S.SUBMITTED: (S.REVIEWED,),
    S.REVIEWED: (S.HEARD,),
    S.HEARD: (S.OPINIONS_SENT, S.RECTIFYING, S.CLOSED),
    S.OPINIONS_SENT: (S.HANDLED, S.RECTIFYING),
    S.RECTIFYING: (S.HANDLED,),
    S.HANDLED: (S.CLOSED, S.RECTIFYING, S.OPINIONS_SENT),
    S.CLOSED: (),
}

Q = Inquiry.Status
INQUIRY_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Q.FILED: (Q.SCHEDULED,),
    Q.SCHEDULED: (Q.ANSWERED,),
    Q.ANSWERED: (Q.SCHEDULED, Q.CLOSED),
    Q.CLOSED: (),
}

#: An oversight item (``OversightEvent``).
ITEM_WORKFLOW = Workflow(statuses=S, transitions=ITEM_TRANSITIONS, event_model="oversight.OversightEvent")
#: A 质询案: its events go to its item's trail.
INQUIRY_WORKFLOW = Workflow(
    statuses=Q,
    transitions=INQUIRY_TRANSITIONS,
    event_model="oversight.OversightEvent",
    event_subject="item",
    event_link="inquiry",
)
