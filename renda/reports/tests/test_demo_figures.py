"""The demo congress's figures that the seed's work report states (RULES.md §7) come out of the metrics.

Loads the organisation demo only (about 3 s; ``renda demo`` as a whole takes ~40 s CPU, too slow for a
unit test): the figures that need the other apps' demo data are listed in the report of this change.
"""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import docx
import pytest
from django.core.management import call_command
from django.db import transaction

from renda.organization import demo as org_demo
from renda.organization.demo import DEMO_YEAR
from renda.reports.periods import approximate

pytestmark = pytest.mark.django_db

#: RULES.md §7, the work report of the year before the 3rd session: 345 deputies in 7 professional
#: groups, 110 first-term deputies, 143 stations and 389 points.
SEED = {
    "deputies": 345,
    "deputies_first_term": 110,
    "professional_groups": 7,
    "liaison_stations": 143,
    "liaison_points": 389,
}


def test_renda_report_work_gives_the_seeds_figures_for_the_demo_congress():
    org_demo.load()
    out = StringIO()
    call_command("report", "work", "--year", str(DEMO_YEAR - 1), "--json", stdout=out)
    figures = {r["id"]: r["value"] for r in json.loads(out.getvalue())}
    assert {k: figures[k] for k in SEED} == SEED


#: RULES.md §7 / the seed's work report (谷明作的常委会工作报告), the year before the 3rd session, for the
#: figures of legislation, filing review, oversight and appointments, each with its sentence.
SEED_WORK_REPORT = {
    "meetings_council_of_chairpersons": 18,  # "召开党组会议21次，主任会议18次"
    "meetings_standing_committee": 12,  # "常委会会议12次"
    "records_party_request": 23,  # "共向市委请示报告重要事项23次"
    "records_party_group_meeting": 21,  # "召开党组会议21次"
    "records_research_report": 10,  # "向市委报送专题调研报告10项"
    "records_work_suggestion": 15,  # "工作建议15件"
    "records_information": 186,  # "人大信息186条"
    "records_rule_revised": 63,  # "修订完善…相关制度63项"
    "appointed_or_removed": 99,  # "依法任免国家机关工作人员99人次"
    "oath_ceremonies": 7,  # "组织开展7次宪法宣誓仪式"
    "contact_points": 6,  # "完善6个基层立法联系点"
    "legislation_experts": 20,  # "聘请专家20名"
    "normative_documents_filed": 83,  # "依法审查规范性文件83件"
    "decisions_adopted": 1,  # "在全省率先作出《关于加强和规范检察建议工作的决定》"
    "law_inspections": 4,  # 环境保护法、工会法、农业生产托管服务条例、文明行为条例 "实施情况"
    "press_conferences": 5,  # "召开5次立法工作新闻发布会"
    "records_study_session": 21,  # "组织理论中心组集体学习21次"
    "legislation_comments": 42,  # "广泛征求各方面意见建议42条"
    "legislation_hearings": 21,  # "召开立法论证会、协商会20多次" (shown "20余")
    "legislation_hearing_participants": 132,  # "组织132位市县两级人大代表、政协委员" (人次)
    "legislation_deputies": 28,  # "邀请28名人大代表全程参与立法工作"
    "deputies_trained": 110,
    "deputies_in_activities": 155,  # "组织代表150余人次参加立法调研、执法检查、集中视察等活动" (shown "150余")  # "分批组织初任代表110人参加履职能力培训"
    "regulations_adopted": 4,  # "阐释五年立法规划和4部地方性法规": the four below
    "regulations_made": 3,  # "审议通过…流域生态修复与保护两部条例", "制定大同市长城保护条例"
    "regulations_revised": 1,  # "修订大同市电动车管理条例"
    "livelihood_projects": 10,  # "力促…等10件民生实事项目办实办好"
    "bills": 2,  # "收到的2件代表议案、193件建议全部交办、逐件反馈"
    "suggestions": 193,
    "suggestions_assigned": 193,
    "suggestions_answered": 193,
    "key_suggestions": 8,  # the seed names none for that year: the demo's choice (proposals.demo_history)
    "visitors": 6347,  # "接待群众6300多人次" (shown "6300多"): the demo's exact count
    "opinions_heard": 3256,  # "听取意见3200余条" (shown "3200余"): the demo's exact count
}
#: The figures the seed writes rounded, as it writes them (``periods.approximate``).
SEED_WRITTEN = {"visitors": ("多", "6300多"), "opinions_heard": ("余", "3200余")}


@pytest.fixture(scope="module")
def whole_demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> dict[str, Any]:
    """The whole demo loaded once for this module, inside a transaction rolled back at the end (nothing is
    left for other tests): ``figures`` of the report year (``renda report work --json``), ``docx`` the text
    of the .docx the command writes, ``session_year`` the figures of the 3rd session's year."""
    result: dict[str, Any] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=StringIO())
        result["figures"] = _figures(DEMO_YEAR - 1)
        out = tmp_path_factory.mktemp("report") / "r.docx"
        call_command("report", "work", "--year", str(DEMO_YEAR - 1), "--out", str(out), stdout=StringIO())
        result["docx"] = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        result["session_year"] = _figures(DEMO_YEAR)
        transaction.set_rollback(True)
    return result


def _figures(year: int) -> dict[str, Any]:
    out = StringIO()
    call_command("report", "work", "--year", str(year), "--json", stdout=out)
    return {r["id"]: r["value"] for r in json.loads(out.getvalue())}


@pytest.mark.parametrize("metric", sorted(SEED_WORK_REPORT))
def test_the_whole_demo_gives_the_seeds_work_report_figure_for_its_year(whole_demo, metric):
    assert whole_demo["figures"][metric] == SEED_WORK_REPORT[metric]


@pytest.mark.parametrize("metric", sorted(SEED_WRITTEN))
def test_the_rounded_figures_are_written_as_the_seed_writes_them(whole_demo, metric):
    suffix, written = SEED_WRITTEN[metric]
    assert approximate(whole_demo["figures"][metric], suffix) == written


@pytest.mark.parametrize(
    "phrase",
    [
        "组织132位市县两级人大代表、政协委员召开立法论证会、协商会20多次",
        "分批组织代表110人参加履职能力培训",
        "审议通过地方性法规4件，其中制定3件、修订1件",
        "接待群众6300多人次，听取意见3200余条",
        "收到的2件代表议案、193件建议，建议全部交办、逐件反馈",
        "票决产生民生实事项目10件",
    ],
)
def test_the_report_docx_says_the_figures_in_the_seeds_words(whole_demo, phrase):
    assert phrase in whole_demo["docx"]


def test_the_session_year_holds_none_of_the_report_years_legislation(whole_demo):
    # the demo dates its legislation in the report year, not in the 3rd session's
    assert whole_demo["session_year"]["legislation_comments"] == 0
