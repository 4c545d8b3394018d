"""Statuses of a filed normative document (规范性文件备案审查, RULES.md F1–F5) and of a review
suggestion (审查建议, F4), with the moves allowed between them (DESIGN.md style 3).

Document: received (已接收) → filed (已登记备案, 形式审查通过) | materials (待补正, F3) | returned
(退回: not in scope, F2, or materials not supplied in time, F3); filed → reviewing (审查中, F4);
reviewing → no_problem (未发现问题) | consulting (沟通中, F5); consulting → suspended (审查中止: the
issuer committed in writing to correct) | ended (审查终止: corrected) | opinion_proposed (提请主任会议);
suspended → ended | opinion_proposed; opinion_proposed → opinion_issued (书面审查意见, decided by the
Council of Chairpersons) | consulting (the Council sent it back); opinion_issued → ended (corrected
within the response period) | revocation (撤销议案 placed on a Standing Committee meeting's agenda,
F5); revocation → revoked (the meeting's poll passed) | not_revoked (it did not).

Suggestion: received (已收到) → accepted (已受理: linked to a filed document) | declined (不予受理, with
the reason); accepted → answered (已反馈: the requester's feedback, 上海 第36条).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.workflow import Workflow


class DocStatus(models.TextChoices):
    """Status of a filed normative document."""

    RECEIVED = "received", _("已接收")
    MATERIALS = "materials", _("待补正")
    FILED = "filed", _("已登记备案")
    RETURNED = "returned", _("已退回")
    REVIEWING = "reviewing", _("审查中")
    NO_PROBLEM = "no_problem", _("未发现问题")
    CONSULTING = "consulting", _("沟通中")
    SUSPENDED = "suspended", _("审查中止")
    OPINION_PROPOSED = "opinion_proposed", _("提请主任会议")
    OPINION_ISSUED = "opinion_issued", _("已发书面审查意见")
    ENDED = "ended", _("已纠正，审查终止")
    REVOCATION = "revocation", _("撤销议案待常委会表决")
    REVOKED = "revoked", _("常委会决定撤销")
    NOT_REVOKED = "not_revoked", _("撤销议案未通过")


DOC_TRANSITIONS: dict[str, tuple[str, ...]] = {
    DocStatus.RECEIVED: (DocStatus.FILED, DocStatus.MATERIALS, DocStatus.RETURNED),
    DocStatus.MATERIALS: (DocStatus.RECEIVED, DocStatus.RETURNED),
    DocStatus.FILED: (DocStatus.REVIEWING,),
    DocStatus.REVIEWING: (DocStatus.NO_PROBLEM, DocStatus.CONSULTING),
    DocStatus.CONSULTING: (DocStatus.SUSPENDED, DocStatus.ENDED, DocStatus.OPINION_PROPOSED),
    DocStatus.SUSPENDED: (DocStatus.ENDED, DocStatus.OPINION_PROPOSED),
    DocStatus.OPINION_PROPOSED: (DocStatus.OPINION_ISSUED, DocStatus.CONSULTING),
    DocStatus.OPINION_ISSUED: (DocStatus.ENDED, DocStatus.REVOCATION),
    DocStatus.NO_PROBLEM: (),
    DocStatus.ENDED: (),
    DocStatus.REVOCATION: (DocStatus.REVOKED, DocStatus.NOT_REVOKED),
    DocStatus.REVOKED: (),
    DocStatus.NOT_REVOKED: (),
    DocStatus.RETURNED: (),
}

#: Statuses in which review is finished (the outcome the requester is told).
CLOSED = frozenset(
    {DocStatus.NO_PROBLEM, DocStatus.ENDED, DocStatus.REVOKED, DocStatus.NOT_REVOKED, DocStatus.RETURNED}
)

#: Statuses in which review runs (the assistant and members' opinions are possible, F4–F5).
UNDER_REVIEW = frozenset(
    {
        DocStatus.FILED,
        DocStatus.REVIEWING,
        DocStatus.CONSULTING,
        DocStatus.SUSPENDED,
        DocStatus.OPINION_PROPOSED,
        DocStatus.OPINION_ISSUED,
        DocStatus.REVOCATION,
    }
)

DOC_FLOW = Workflow(statuses=DocStatus, transitions=DOC_TRANSITIONS, event_model="filing.FilingEvent")


class SuggestionStatus(models.TextChoices):
    """Status of a review suggestion or request (审查建议 / 审查要求)."""

    RECEIVED = "received", _("已收到")
    ACCEPTED = "accepted", _("已受理，审查中")
    DECLINED = "declined", _("不予受理")
    ANSWERED = "answered", _("已反馈审查结果")


SUGGESTION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    SuggestionStatus.RECEIVED: (SuggestionStatus.ACCEPTED, SuggestionStatus.DECLINED),
    SuggestionStatus.ACCEPTED: (SuggestionStatus.ANSWERED,),
    SuggestionStatus.DECLINED: (),
    SuggestionStatus.ANSWERED: (),
}

SUGGESTION_FLOW = Workflow(
    statuses=SuggestionStatus, transitions=SUGGESTION_TRANSITIONS, event_model="filing.SuggestionEvent"
)


class CatalogueStatus(models.TextChoices):
    """Status of an organ's annual catalogue (F1): submitted once, corrections keep the status."""

    SUBMITTED = "submitted", _("已报送")


CATALOGUE_FLOW = Workflow(statuses=CatalogueStatus, transitions={}, event_model="filing.CatalogueEvent")
