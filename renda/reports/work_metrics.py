"""The work report's figures for legislation, filing review, oversight and appointments (issue 16 item 2).

Each metric reads the owning app's selectors, the same ones its own pages read (the filing figures page,
the appointments board, the oversight year figures), so a figure cannot differ between places. The
seed's sentence behind each figure is in its definition's comment; counting rules: "人次" counts one
adopted case per person and post, "次" one meeting, ceremony or register entry, "条" one comment.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from renda.appointments import selectors as appointments
from renda.filing import selectors as filing
from renda.legislation import hearings
from renda.legislation import selectors as legislation
from renda.legislation.models import Draft
from renda.oversight import selectors as oversight
from renda.oversight.models import WorkRecord
from renda.reports.metric import Metric, Records
from renda.reports.periods import Period

_LEG, _FIL, _OVS, _APP, _REC = _("立法"), _("备案审查"), _("监督"), _("任免"), _("常委会自身工作")
_PIECES, _TIMES, _ITEMS = _("件"), _("次"), _("个")


def _span(c: int, p: Period) -> dict[str, Any]:
    return {"congress_id": c, "start": p.start, "end": p.end}


def _filing(figure: str) -> Records:
    def records(c: int, p: Period) -> QuerySet[Any]:
        return filing.figure_in(figure, congress_id=c, start=p.start, end=p.end)

    return records


def _items(*kinds: str) -> Records:
    return lambda c, p: oversight.items_in(**_span(c, p), kinds=kinds)


def _register(kind: str) -> Records:
    return lambda c, p: oversight.work_records_in(**_span(c, p), kind=kind)


def _points(c: int, p: Period) -> QuerySet[Any]:
    return legislation.contact_points(congress_id=c)


LEGISLATION: tuple[Metric, ...] = (
    Metric(
        "regulations_adopted",
        _("审议通过的地方性法规"),
        _("期间常委会表决通过的法规（制定和修订）件数。"),
        _PIECES,
        _LEG,
        "draft",
        lambda c, p: legislation.drafts_adopted(**_span(c, p)),
    ),
    Metric(
        # 制定大同市长城保护条例 … 审议通过…流域生态修复与保护两部条例
        "regulations_made",
        _("制定的地方性法规"),
        _("期间常委会表决通过的新制定法规件数（草案登记为“制定”）。"),
        _PIECES,
        _LEG,
        "draft",
        lambda c, p: legislation.drafts_adopted(**_span(c, p), making=Draft.Making.NEW),
    ),
    Metric(
        # 修订大同市电动车管理条例
        "regulations_revised",
        _("修订的地方性法规"),
        _("期间常委会表决通过的法规修订件数（草案登记为“修订”）。"),
        _PIECES,
        _LEG,
        "draft",
        lambda c, p: legislation.drafts_adopted(**_span(c, p), making=Draft.Making.REVISION),
    ),
    Metric(
        "regulations_read",
        _("审议的法规草案"),
        _("期间在常委会会议上审议过（一次或多次）的法规草案件数。"),
        _PIECES,
        _LEG,
        "draft",
        lambda c, p: legislation.drafts_read(**_span(c, p)),
    ),
    Metric(
        "drafts_published",
        _("公开征求意见的草案"),
        _("期间开始公开征求意见的法规草案文本个数。"),
        _ITEMS,
        _LEG,
        "version",
        lambda c, p: legislation.versions_published(**_span(c, p)),
    ),
    Metric(
        # 公布条例草案全文，广泛征求各方面意见建议42条
        "legislation_comments",
        _("征求到的意见建议"),
        _("期间公开征求意见的草案收到的各方面意见建议条数（网上、代表、联系点、论证会，已屏蔽的不计）。"),
        _("条"),
        _LEG,
        "comment",
        lambda c, p: legislation.comments_received(**_span(c, p)),
    ),
    Metric(
        # 完善6个基层立法联系点
        "contact_points",
        _("基层立法联系点"),
        _("现有基层立法联系点个数（不随期间变化）。"),
        _ITEMS,
        _LEG,
        "contact_point",
        _points,
    ),
    Metric(
        # 聘请专家20名
        "legislation_experts",
        _("立法咨询专家"),
        _("各基层立法联系点聘请的立法咨询专家人数之和（不随期间变化）。"),
        _("名"),
        _LEG,
        "contact_point",
        _points,
        legislation.expert_count,
    ),
    Metric(
        # 组织…召开立法论证会、协商会20多次
        "legislation_hearings",
        _("立法论证会、协商会"),
        _("期间登记的立法论证会、听证会、协商座谈会次数（报告取整写作“20多次”）。"),
        _TIMES,
        _LEG,
        "hearing",
        lambda c, p: hearings.hearings_in(**_span(c, p)),
        approx=True,
    ),
    Metric(
        # 组织132位市县两级人大代表、政协委员
        "legislation_hearing_participants",
        _("参加立法论证会、协商会的代表委员"),
        _("期间各次论证会、协商会的参加人数之和：每位市人大代表每次计一人次，另加登记的县区人大代表、政协委员等人数。"),
        _("人次"),
        _LEG,
        "hearing",
        lambda c, p: hearings.hearings_in(**_span(c, p)),
        hearings.participants,
    ),
    Metric(
        # 邀请28名人大代表全程参与立法工作
        "legislation_deputies",
        _("参与立法工作的人大代表"),
        _("期间参加过立法论证会、协商会的市人大代表人数（每人只计一次）。"),
        _("名"),
        _LEG,
        "deputy",
        lambda c, p: hearings.deputies_in(**_span(c, p)),
    ),
    Metric(
        # 召开5次立法工作新闻发布会
        "press_conferences",
        _("立法工作新闻发布会"),
        _("期间工作记录中登记的新闻发布会次数。"),
        _TIMES,
        _LEG,
        "work_record",
        _register(WorkRecord.Kind.PRESS_CONFERENCE),
    ),
)

FILING: tuple[Metric, ...] = (
    Metric(
        # 依法审查规范性文件83件
        "normative_documents_filed",
        _("报送备案的规范性文件"),
        _("期间收到报送备案的规范性文件件数（按报送日期），均依法审查。"),
        _PIECES,
        _FIL,
        "filing",
        _filing("filed"),
    ),
    Metric(
        "normative_documents_reviewed",
        _("审查完成的规范性文件"),
        _("期间审查完成（无问题、经沟通纠正或提出撤销议案）的规范性文件件数。"),
        _PIECES,
        _FIL,
        "filing",
        _filing("reviewed"),
    ),
    Metric(
        "normative_documents_corrected",
        _("制定机关纠正的规范性文件"),
        _("期间经沟通由制定机关纠正的规范性文件件数。"),
        _PIECES,
        _FIL,
        "filing",
        _filing("corrected"),
    ),
    Metric(
        "review_suggestions",
        _("收到审查建议"),
        _("期间收到的公民、组织对规范性文件的审查建议件数。"),
        _PIECES,
        _FIL,
        "review_suggestion",
        _filing("suggestions"),
    ),
)

OVERSIGHT: tuple[Metric, ...] = (
    Metric(
        # 听取审议…报告
        "reports_heard",
        _("听取审议的报告"),
        _("期间年度监督计划中常委会已听取审议的专项工作、计划预算、决算审计、审计整改和国有资产报告个数。"),
        _ITEMS,
        _OVS,
        "oversight_item",
        lambda c, p: oversight.reports_heard(**_span(c, p)),
    ),
    Metric(
        # 检查环境保护法、工会法、农业生产托管服务条例、文明行为条例实施情况
        "law_inspections",
        _("执法检查"),
        _("期间年度监督计划中的执法检查项数。"),
        _ITEMS,
        _OVS,
        "oversight_item",
        _items("inspection"),
    ),
    Metric(
        "special_research",
        _("专题调研"),
        _("期间年度监督计划中的专题调研项数。"),
        _ITEMS,
        _OVS,
        "oversight_item",
        _items("research"),
    ),
    Metric(
        "special_inquiries",
        _("专题询问"),
        _("期间年度监督计划中的专题询问项数。"),
        _ITEMS,
        _OVS,
        "oversight_item",
        _items("special_inquiry"),
    ),
    Metric(
        # 在全省率先作出《关于加强和规范检察建议工作的决定》
        "decisions_adopted",
        _("作出的决议决定"),
        _("期间常委会会议通过的决议、决定件数。"),
        _PIECES,
        _OVS,
        "decision",
        lambda c, p: oversight.decisions_adopted(**_span(c, p)),
    ),
)

APPOINTMENTS: tuple[Metric, ...] = (
    Metric(
        # 依法任免国家机关工作人员99人次
        "appointed_or_removed",
        _("任免国家机关工作人员"),
        _("期间常委会表决通过的任命、免职、撤职、批准任免和接受辞职，每人每项职务计一人次。"),
        _("人次"),
        _APP,
        "appointment",
        lambda c, p: appointments.adopted_cases(**_span(c, p)),
    ),
    Metric(
        # 组织开展7次宪法宣誓仪式
        "oath_ceremonies",
        _("宪法宣誓仪式"),
        _("期间组织的宪法宣誓仪式次数（单独或集体宣誓各计一次）。"),
        _TIMES,
        _APP,
        "ceremony",
        lambda c, p: appointments.ceremonies_held(**_span(c, p)),
    ),
)

#: The work register's entries the report counts (向市委请示报告重要事项23次, 召开党组会议21次,
#: 报送专题调研报告10项、工作建议15件、人大信息186条, 修订完善制度63项, 组织理论中心组集体学习21次); press
#: conferences are under 立法.
_REGISTER = (
    (WorkRecord.Kind.PARTY_REQUEST, _("向市委请示报告重要事项"), _TIMES),
    (WorkRecord.Kind.PARTY_GROUP_MEETING, _("党组会议"), _TIMES),
    (WorkRecord.Kind.RESEARCH_REPORT, _("向市委报送专题调研报告"), _("项")),
    (WorkRecord.Kind.WORK_SUGGESTION, _("向市委报送工作建议"), _PIECES),
    (WorkRecord.Kind.INFORMATION, _("报送人大信息"), _("条")),
    (WorkRecord.Kind.RULE_REVISED, _("修订完善制度"), _("项")),
    (WorkRecord.Kind.STUDY_SESSION, _("理论中心组集体学习"), _TIMES),
)

RECORDS: tuple[Metric, ...] = tuple(
    Metric(
        f"records_{kind}",
        label,
        _("期间工作记录中登记的该类事项数。"),
        unit,
        _REC,
        "work_record",
        _register(kind),
    )
    for kind, label, unit in _REGISTER
)

WORK_METRICS: tuple[Metric, ...] = (*LEGISLATION, *FILING, *OVERSIGHT, *APPOINTMENTS, *RECORDS)
