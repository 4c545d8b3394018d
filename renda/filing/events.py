"""Typed events of filing review (备案审查): the actions written on a document's and a suggestion's
timeline, with Chinese labels (F1–F5). Status changes write them through
:func:`renda.core.workflow.transition`; acts without a status move (补正通知已送达, 征求委员会意见, a
committee's opinion, a flag confirmed or dismissed) through :func:`renda.core.workflow.record_event`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What happened to a filed document (``FilingEvent.action``)."""

    RECEIVED = "received", _("报送备案")
    RECEIVED_LATE = "received_late", _("逾期报送备案")
    FORMAL_PASS = "formal_pass", _("形式审查通过，登记备案")
    REQUEST_MATERIALS = "request_materials", _("通知补正材料")
    SUPPLY_MATERIALS = "supply_materials", _("补正材料")
    RETURN = "return", _("退回")
    START_REVIEW = "start_review", _("启动审查")
    ASK_COMMITTEE = "ask_committee", _("征求专门委员会意见")
    COMMITTEE_OPINION = "committee_opinion", _("专门委员会提出意见")
    NO_PROBLEM = "no_problem", _("审查未发现问题")
    CONSULT = "consult", _("与制定机关沟通")
    ISSUER_REPLY = "issuer_reply", _("制定机关回复")
    SUSPEND = "suspend", _("制定机关书面承诺纠正，审查中止")
    CORRECTED = "corrected", _("制定机关已纠正，审查终止")
    PROPOSE_OPINION = "propose_opinion", _("提请主任会议审议书面审查意见")
    COUNCIL_APPROVE = "council_approve", _("主任会议同意发出书面审查意见")
    COUNCIL_RETURN = "council_return", _("主任会议退回继续沟通")
    REVOCATION = "revocation", _("撤销议案列入常委会会议议程")
    REVOKED = "revoked", _("常委会表决通过撤销议案")
    NOT_REVOKED = "not_revoked", _("撤销议案未获通过")
    MEMBER_OPINION = "member_opinion", _("专门委员会组成人员提出意见")
    FLAG_CONFIRM = "flag_confirm", _("确认审查提示")
    FLAG_DISMISS = "flag_dismiss", _("排除审查提示")


class SuggestionAction(models.TextChoices):
    """What happened to a review suggestion (``SuggestionEvent.action``)."""

    RECEIVED = "received", _("收到审查建议")
    ACCEPT = "accept", _("受理")
    DECLINE = "decline", _("不予受理")
    ANSWER = "answer", _("反馈审查结果")


class CatalogueAction(models.TextChoices):
    """What happened to an organ's annual catalogue (``CatalogueEvent.action``, F1)."""

    SUBMITTED = "submitted", _("报送年度目录")
    SUBMITTED_LATE = "submitted_late", _("逾期报送年度目录")
    CORRECTED = "corrected", _("更正年度目录")
