"""Who is told what in filing review: the issuing organ's officers when a step asks something of
them (补正材料 F3, 沟通 and the written correction opinion F5) or closes the review. Each function
returns a :class:`~renda.core.notifications.Notice` passed to :func:`renda.core.workflow.transition`.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from renda.core.notifications import Notice
from renda.filing.models import FilingDocument
from renda.organization.models import User

#: Steps the issuing organ is told about, with the text of the notice.
TOLD = {
    "request_materials": gettext_noop("请补正备案材料（收到通知后10个工作日内）：%(t)s"),
    "return": gettext_noop("备案文件已退回：%(t)s"),
    "consult": gettext_noop("备案审查机关就文件与你单位沟通：%(t)s"),
    "council_approve": gettext_noop("已发出书面审查意见，请在期限内答复：%(t)s"),
    "no_problem": gettext_noop("备案审查结束，未发现问题：%(t)s"),
    "corrected": gettext_noop("备案审查终止（已纠正）：%(t)s"),
    "revocation": gettext_noop("撤销议案已列入常委会会议议程：%(t)s"),
    "revoked": gettext_noop("常委会已决定撤销：%(t)s"),
    "not_revoked": gettext_noop("撤销议案未获常委会通过，审查结束：%(t)s"),
}


def organ_officer_ids(doc: FilingDocument) -> list[int]:
    """Ids of the active UNIT_OFFICER users of the document's organ (none for an organ without a unit)."""
    if not doc.organ.handling_unit_id:
        return []
    return list(
        User.objects.filter(
            role=User.Role.UNIT_OFFICER, handling_unit_id=doc.organ.handling_unit_id, is_active=True
        ).values_list("pk", flat=True)
    )


def step_taken(doc: FilingDocument, step: str) -> Notice | None:
    """The notice to the issuing organ for ``step`` on ``doc``, or ``None`` when it is not told."""
    if step not in TOLD:
        return None
    return Notice(
        user_ids=tuple(organ_officer_ids(doc)),
        text=_(TOLD[step]) % {"t": doc.title},
        link=reverse("filing:detail", args=[doc.pk]),
    )
