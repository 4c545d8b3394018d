"""The demo's oversight figures, counted from records, equal the seed's work report (issue 15 item 10)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from renda.meetings import demo as meetings_demo
from renda.meetings.models import Meeting
from renda.organization import demo as org_demo
from renda.oversight import demo as oversight_demo
from renda.oversight import selectors
from renda.oversight.models import Decision, OversightItem

pytestmark = pytest.mark.django_db
SEED = Path("/work/shared/seed")
#: The seed's figures (the work report's sentences), used when the seed file is at hand.
SEED_FIGURES = {
    r"常委会会议(\d+)次": 12,
    r"主任会议(\d+)次": 18,
    r"向市委请示报告重要事项(\d+)次": 23,
    r"召开党组会议(\d+)次": 21,
    r"专题调研报告(\d+)项": 10,
    r"工作建议(\d+)件": 15,
    r"人大信息(\d+)条": 186,
    r"相关制度(\d+)项": 63,
    r"召开(\d+)次立法工作新闻发布会": 5,
    r"理论中心组集体学习(\d+)次": 21,
}


def _seed(pattern: str) -> int:
    files = sorted(SEED.glob("*.txt")) if SEED.exists() else []
    if files:
        found = re.search(pattern, files[0].read_text(encoding="utf-8"))
        assert found and int(found.group(1)) == SEED_FIGURES[pattern]
    return SEED_FIGURES[pattern]


def test_demo_figures_equal_the_seed_and_loading_twice_duplicates_nothing():
    org_demo.load()
    meetings_demo.load()
    plan = oversight_demo.load()
    assert oversight_demo.load().pk == plan.pk
    meetings_demo.close_past()  # the last loader of `renda demo`: closes the year's meetings
    year, congress = plan.year, plan.congress_id
    sc = Meeting.objects.filter(congress_id=congress, kind=Meeting.Kind.STANDING_COMMITTEE, starts_at__year=year)
    council = Meeting.objects.filter(
        congress_id=congress, kind=Meeting.Kind.COUNCIL_OF_CHAIRPERSONS, starts_at__year=year
    )
    assert sc.count() == _seed(r"常委会会议(\d+)次")
    assert council.count() == _seed(r"主任会议(\d+)次")
    assert not sc.exclude(status="closed").exists()
    figures = selectors.year_figures(congress, year)
    assert figures["records_party_request"] == _seed(r"向市委请示报告重要事项(\d+)次")
    assert figures["records_party_group_meeting"] == _seed(r"召开党组会议(\d+)次")
    assert figures["records_research_report"] == _seed(r"专题调研报告(\d+)项")
    assert figures["records_work_suggestion"] == _seed(r"工作建议(\d+)件")
    assert figures["records_information"] == _seed(r"人大信息(\d+)条")
    assert figures["records_rule_revised"] == _seed(r"相关制度(\d+)项")
    assert figures["records_press_conference"] == _seed(r"召开(\d+)次立法工作新闻发布会")
    assert figures["records_study_session"] == _seed(r"理论中心组集体学习(\d+)次")
    laws = " ".join(OversightItem.objects.filter(plan=plan, kind="inspection").values_list("law_title", flat=True))
    assert figures["inspections"] == 4
    for law in ("环境保护法", "工会法", "农业生产托管服务条例", "文明行为"):
        assert law in laws
    assert figures["reports_heard"] == 8 and figures["satisfaction_votes"] == 1 and figures["special_inquiries"] == 1
    assert Decision.objects.get(congress_id=congress, title__contains="检察建议").published_on
    # one handling report overdue (the procuratorate's), urged
    overdue = list(selectors.overdue_items(congress, date(year + 1, 12, 31)))
    assert [i.organ.name for i in overdue] == ["市人民检察院"]
    assert overdue[0].events.filter(action="urge").exists()
    # the environment report's satisfaction vote counted against all 40 members
    voted = OversightItem.objects.get(plan=plan, satisfaction_poll__isnull=False)
    assert voted.satisfaction_poll.electorate == 40 and "测评通过" in voted.satisfaction_text
    assert selectors.invited_deputy_count(congress, year) == 12
    # M25: the seed year's plan holds the 备案审查工作情况报告 (the seed: "认真做好规范性文件备案审查"), by the 法工委
    filing_review = OversightItem.objects.get(plan=plan, kind=OversightItem.Kind.FILING_REVIEW)
    assert filing_review.organ is None and filing_review.committee.name == "法制工作委员会"
    assert OversightItem.Kind.FILING_REVIEW not in {r.kind for r in selectors.annual_missing(congress, year)}
