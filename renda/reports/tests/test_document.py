"""The work report's statistical paragraphs (issue 16 item 4): the seed's wording from the metrics, the
GB/T 9704 layout of the .docx (read back with python-docx), and the same document from the 工作统计
page, a snapshot and ``renda report work``."""

from __future__ import annotations

import io
import re
import zipfile
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from renda.liaison.models import Reception
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.reports import document, handling, metrics
from renda.reports.document import Num, chinese_number, compose, to_docx
from renda.reports.periods import year_period
from renda.reports.tests.dataset import build

SEED = {
    "records_party_request": 23, "records_party_group_meeting": 21, "meetings_council_of_chairpersons": 18,
    "meetings_standing_committee": 12, "appointed_or_removed": 99, "oath_ceremonies": 7, "contact_points": 6,
    "legislation_experts": 20, "legislation_comments": 42, "normative_documents_filed": 83, "press_conferences": 5,
    "deputies": 345, "deputies_first_term": 110, "professional_groups": 7, "liaison_stations": 143,
    "liaison_points": 389, "visitors": 6347, "opinions_heard": 3210, "livelihood_projects": 10, "bills": 2,
    "suggestions": 193, "suggestions_assigned": 193, "suggestions_answered": 193, "records_rule_revised": 63,
    "records_research_report": 10, "records_work_suggestion": 15, "records_information": 186,
    "satisfaction_rate": 97.5, "legislation_hearings": 21, "legislation_hearing_participants": 132,
    "legislation_deputies": 28, "deputies_trained": 110, "deputies_in_activities": 155, "regulations_adopted": 4,
    "regulations_made": 3, "regulations_revised": 1,
}  # fmt: skip


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_the_paragraphs_say_the_seeds_figures_in_its_wording():
    # given the seed's figures (visitors and opinions exact: 6347 and 3210)
    text = "\n".join(b.text for b in compose(SEED, period_label="2022年度"))
    # then each sentence reads as the work report writes it
    for phrase in (
        "共向市委请示报告重要事项23次，召开党组会议21次，主任会议18次，常委会会议12次",
        "依法任免国家机关工作人员99人次",
        "完善6个基层立法联系点，聘请专家20名",
        "广泛征求各方面意见建议42条",
        "组织开展7次宪法宣誓仪式。依法审查规范性文件83件",
        "召开5次立法工作新闻发布会",
        "推动143个代表联络站、389个联络点不断完善发展。接待群众6300多人次，听取意见3200余条",
        "收到的2件代表议案、193件建议，建议全部交办、逐件反馈",
        "向市委报送专题调研报告10项、工作建议15件、人大信息186条",
        "现有市人大代表345名，其中初任代表110人",
        "分为7个专业小组",
        "票决产生民生实事项目10件",
        "相关制度63项",
        "满意和基本满意的占97.5%",
        "邀请28名人大代表全程参与立法工作。组织132位市县两级人大代表、政协委员召开立法论证会、协商会20多次",
        "分批组织代表110人参加履职能力培训",
        "组织代表150余人次参加立法调研、执法检查、集中视察等活动",
        "审议通过地方性法规4件，其中制定3件、修订1件",
    ):
        assert phrase in text, phrase
    # when not every suggestion is assigned or answered, the figures are written instead
    partial = "\n".join(
        b.text for b in compose({**SEED, "suggestions_assigned": 190, "suggestions_answered": 180}, period_label="x")
    )
    assert "已交办建议190件、已答复180件" in partial and "全部交办" not in partial
    # a figure the values lack (a snapshot older than the metric) is written "—"
    assert "聘请专家—名" in "\n".join(b.text for b in compose({}, period_label="x"))


def test_every_figure_of_the_paragraphs_names_a_metric_of_the_dictionary():
    blocks = compose(SEED, period_label="2022年度")
    named = {r.metric_id for b in blocks for r in b.runs if isinstance(r, Num)}
    assert named <= {m.id for m in metrics.METRICS}
    assert len(named) >= 35


def test_chinese_heading_numbers():
    assert [chinese_number(n) for n in (1, 5, 10, 11, 20, 23, 99)] == [
        "一",
        "五",
        "十",
        "十一",
        "二十",
        "二十三",
        "九十九",
    ]
    with pytest.raises(ValueError):
        chinese_number(0)


def test_the_docx_follows_gbt_9704_headings_fonts_margins_and_page_numbers():
    # when the paragraphs are written as .docx and read back
    data = to_docx(compose(SEED, period_label="2022年度"))
    d = docx.Document(io.BytesIO(data))
    paragraphs = d.paragraphs
    # then the headings are numbered 一、（一）1.（1）, each level restarting under its parent
    levels = [(int(p.style.name[-1]), p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    pattern = {1: r"^[一二三四五六七八九十]+、", 2: r"^（[一二三四五六七八九十]+）", 3: r"^\d+\.", 4: r"^（\d+）"}
    assert all(re.match(pattern[lv], t) for lv, t in levels), levels
    assert [t[:2] for lv, t in levels if lv == 1] == ["一、", "二、", "三、", "四、", "五、"]
    assert [t.split("）")[0] + "）" for lv, t in levels if lv == 2][:4] == ["（一）", "（二）", "（三）", "（一）"]
    assert [t[:2] for lv, t in levels if lv == 3] == ["1.", "2."]
    assert [t[:3] for lv, t in levels if lv == 4] == ["（1）", "（2）"]
    # and the body carries the figures
    assert any("接待群众6300多人次，听取意见3200余条" in p.text for p in paragraphs)
    # fonts are named (黑体, 楷体, 仿宋), not embedded, with Noto CJK named as the alternative
    east = {p.style.name: p.runs[0]._element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia")) for p in paragraphs[1:]}
    assert (east["Heading 1"], east["Heading 2"], east["Heading 3"], east["Normal"]) == ("黑体", "楷体", "仿宋", "仿宋")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not any(n.startswith("word/fonts/") for n in names)
    font_table = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    assert 'w:name="仿宋"><w:altName w:val="Noto Serif CJK SC"/>' in font_table
    # A4 with the standard's margins (top 37, bottom 35, inside 28, outside 26 mm)
    s = d.sections[0]
    mm = [
        round(x.mm) for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
    ]
    assert mm == [210, 297, 37, 35, 28, 26]
    # page numbers "— n —": odd pages right, even pages left
    assert d.settings.odd_and_even_pages_header_footer
    for footer, align in ((s.footer, "RIGHT"), (s.even_page_footer, "LEFT")):
        xml = footer.paragraphs[0]._element.xml
        assert (
            "PAGE" in xml
            and footer.paragraphs[0].text.startswith("— ")
            and align in str(footer.paragraphs[0].alignment)
        )


@pytest.mark.django_db
def test_the_statistics_page_a_snapshot_and_the_command_give_the_same_document(tmp_path):
    # given the constructed 2026 data set (42 visitors) and a snapshot of it
    data = build()
    client = Client()
    client.force_login(f.UserFactory(role=User.Role.STAFF, username="d_staff", congress_id=data.congress_id))
    page = client.get(reverse("reports:work"), {"year": "2026"})
    # the web view links every figure of the paragraphs to its records
    html = page.content.decode()
    nums = [r for b in page.context["blocks"] for r in b.runs if isinstance(r, Num)]
    for r in nums:
        assert f'href="{reverse("reports:metric", args=[r.metric_id])}?year=2026" data-metric="{r.metric_id}"' in html
    live = client.get(reverse("reports:work-document"), {"year": "2026"})
    assert live.status_code == 200 and live["Content-Type"] == document.DOCX_TYPE
    assert "接待群众40多人次" in "\n".join(_paragraphs(live.content))
    taken = client.post(reverse("reports:snapshot-new"), {"year": "2026"})
    pk = int(taken["Location"].rstrip("/").rsplit("/", 1)[1])
    # when records change
    Reception.objects.filter(visitor_count=30).delete()
    # then today's document says 12 (10多), the snapshot's still 42 (40多), and its web view links frozen records
    assert "接待群众10多人次" in "\n".join(
        _paragraphs(client.get(reverse("reports:work-document"), {"year": "2026"}).content)
    )
    frozen = client.get(reverse("reports:snapshot-document", args=[pk]))
    assert "接待群众40多人次" in "\n".join(_paragraphs(frozen.content))
    snap_html = client.get(reverse("reports:snapshot", args=[pk])).content.decode()
    assert (
        f'href="{reverse("reports:snapshot-metric", args=[pk, "visitors"])}" data-metric="visitors">40多<' in snap_html
    )
    # and renda report work writes the same paragraphs (today's figures) to --out
    out = tmp_path / "report.docx"
    stdout = StringIO()
    call_command(
        "report", "work", "--year", "2026", "--congress", str(data.congress_id), "--out", str(out), stdout=stdout
    )
    assert f"已写入 {out}" in stdout.getvalue()
    assert _paragraphs(out.read_bytes()) == _paragraphs(
        client.get(reverse("reports:work-document"), {"year": "2026"}).content
    )
    # a bad period is refused in Chinese, no file
    bad = client.get(reverse("reports:work-document"), {"year": "abc"})
    assert bad.status_code == 400 and "年度须为四位数字" in bad.content.decode()


@pytest.mark.django_db
def test_s5_s20_the_handling_report_tables_each_unit_and_agrees_with_the_statistics():
    # given the 2026 data set: replies on time 1 of 2, ratings 2 of which 1 satisfied (工作统计's figures)
    data = build()
    client = Client()
    client.force_login(f.UserFactory(role=User.Role.STAFF, username="h_staff", congress_id=data.congress_id))
    period = year_period(2026)
    rows = handling.unit_rows(data.congress_id, period)
    # then the units' rows add up to the metric dictionary's figures
    figures = {m.id: m.value(data.congress_id, period) for m in metrics.METRICS}
    assert sum(r.on_time for r in rows) == figures["replies_on_time"] == 1
    assert sum(r.evaluations for r in rows) == figures["evaluations"] == 2
    assert sum(r.satisfied for r in rows) == 1
    assert sum(sum(r.classes) for r in rows) == figures["replies"] == 2  # one round each: the latest replies
    assert sum(r.received for r in rows) >= figures["suggestions_assigned"] == 3
    assert [r.unit for r in rows] == sorted(r.unit for r in rows)
    # and the .docx from the statistics page carries the totals and one table row per unit plus 合计
    response = client.get(reverse("reports:handling-document"), {"year": "2026"})
    assert response.status_code == 200 and response["Content-Type"] == document.DOCX_TYPE
    d = docx.Document(io.BytesIO(response.content))
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == handling.HEADER
    assert len(table.rows) == len(rows) + 2 and table.rows[-1].cells[0].text == "合计"
    assert table.rows[-1].cells[8].text == "50.0%"
    text = "\n".join(p.text for p in d.paragraphs)
    assert "按期答复1件次" in text and "满意和基本满意的占50.0%" in text
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"] == ["一、总体情况", "二、各承办单位办理情况"]
    # a bad period is refused in Chinese
    assert client.get(reverse("reports:handling-document"), {"year": "x"}).status_code == 400
