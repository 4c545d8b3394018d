"""Typed events of the oversight domain.

:class:`Action` lists every action written to an oversight item's trail
(:class:`~renda.oversight.models.OversightEvent`), including its 质询案 (interpellations) and the plan's
adoption (written to each item of the plan). Status moves write their event through
:func:`renda.core.workflow.transition`; acts that change no status (催办, 审议意见, 视察) go through
:func:`renda.core.workflow.record_event` in :mod:`renda.oversight.services`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """Every action of an oversight item's trail."""

    CREATE = "create", _("列入监督计划")
    ADOPT_PLAN = "adopt_plan", _("主任会议通过监督计划")
    SUBMIT_REPORT = "submit_report", _("报送报告")
    REVIEW = "review", _("专门委员会初审")
    HEAR = "hear", _("常委会会议听取审议")
    OPINION = "opinion", _("提出审议意见")
    SEND_OPINIONS = "send_opinions", _("交办审议意见")
    URGE = "urge", _("催办")
    HANDLING_REPORT = "handling_report", _("报送研究处理情况报告")
    SATISFACTION_START = "satisfaction_start", _("列入满意度测评")
    SATISFACTION = "satisfaction", _("满意度测评结果")
    RECTIFY = "rectify", _("测评不满意，责成整改")
    ACCEPT = "accept", _("审议通过处理情况")
    PUBLISH = "publish", _("向代表通报并向社会公布")
    GROUP = "group", _("确定执法检查组成员")
    PLAN_SENT = "plan_sent", _("检查方案送达被检查机关")
    VISIT = "visit", _("检查活动")
    INSPECTION_REPORT = "inspection_report", _("形成执法检查报告")
    QUESTION = "question", _("询问")
    INQUIRY_FILE = "inquiry_file", _("提出质询案")
    INQUIRY_SCHEDULE = "inquiry_schedule", _("主任会议决定答复形式")
    INQUIRY_ANSWER = "inquiry_answer", _("答复质询")
    INQUIRY_REANSWER = "inquiry_reanswer", _("提质询案人过半数不满意，再作答复")
    INQUIRY_CLOSE = "inquiry_close", _("质询办结")
    PREHEARING_VIEW = "prehearing_view", _("听取报告前收集意见建议")
    VIEWS_SENT = "views_sent", _("意见建议转送报告机关")
    ATTENDANCE = "attendance", _("有关机关负责人到会")
    HANDLING_DELIBERATE = "handling_deliberate", _("处理情况报告提请常委会审议")
    FOLLOW_UP = "follow_up", _("跟踪监督")
    SUPPLEMENT = "supplement", _("要求补充报告")


#: The group an item's ``GROUP`` act sets, named for the item's kind (``OversightItem.Kind``): an inspection has
#: an 执法检查组, a 专题调研 a 调研组, a 集中视察 a 视察组, a 特定问题调查 its 调查委员会 (监督法第四十条).
GROUP_LABELS = {
    "inspection": _("确定执法检查组成员"),
    "research": _("确定调研组成员"),
    "visit": _("确定视察组成员"),
    "investigation": _("确定调查委员会组成人员"),
}
