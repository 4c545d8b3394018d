"""Statuses of a draft regulation (法规草案) and the moves allowed between them (RULES.md §8).

drafting (起草中) → submitted (已提请审议, G6) → in_reading (审议中, G7–G9) → adopted (已表决通过, G13)
→ awaiting_approval (报请批准, G15) → approved (已批准) → promulgated (已公布, G16) → filed (已报送备案, G18).
Before the vote a bill may be withdrawn (已撤回, G14); a vote that fails leaves it not_passed (未通过); a bill
set aside for two years after its last reading without a vote is terminated (终止审议, G14).
Every status change goes through :func:`renda.core.workflow.transition` with :data:`DRAFT_FLOW`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.workflow import Workflow


class Status(models.TextChoices):
    """Status of a draft regulation."""

    DRAFTING = "drafting", _("起草中")
    SUBMITTED = "submitted", _("已提请审议")
    IN_READING = "in_reading", _("审议中")
    ADOPTED = "adopted", _("已表决通过")
    NOT_PASSED = "not_passed", _("表决未通过")
    AWAITING_APPROVAL = "awaiting_approval", _("报请批准中")
    APPROVED = "approved", _("已批准")
    PROMULGATED = "promulgated", _("已公布")
    FILED = "filed", _("已报送备案")
    WITHDRAWN = "withdrawn", _("已撤回")
    TERMINATED = "terminated", _("已终止审议")


TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFTING: (Status.SUBMITTED,),
    Status.SUBMITTED: (Status.IN_READING, Status.WITHDRAWN),
    Status.IN_READING: (Status.ADOPTED, Status.NOT_PASSED, Status.WITHDRAWN, Status.TERMINATED),
    Status.ADOPTED: (Status.AWAITING_APPROVAL,),
    Status.NOT_PASSED: (),
    Status.AWAITING_APPROVAL: (Status.APPROVED,),
    Status.APPROVED: (Status.PROMULGATED,),
    Status.PROMULGATED: (Status.FILED,),
    Status.FILED: (),
    Status.WITHDRAWN: (),
    Status.TERMINATED: (),
}

#: The one workflow object of the legislation app (events in ``legislation.DraftEvent``).
DRAFT_FLOW = Workflow(statuses=Status, transitions=TRANSITIONS, event_model="legislation.DraftEvent")

#: Statuses before the vote, in which comment, readings and withdrawal are possible.
BEFORE_VOTE = frozenset({Status.DRAFTING, Status.SUBMITTED, Status.IN_READING})
