"""The work report's statistical paragraphs (常委会工作报告统计部分, issue 16 item 4) as text and .docx.

:func:`compose` writes the paragraphs from metric values in the seed's wording (谷明作的常委会工作报告),
each figure a :class:`Num` that names its metric, so the web view links it to its records and the
.docx prints it. Figures the report writes rounded down ("接待群众6300多人次，听取意见3200余条") come
from the exact count through ``periods.approximate`` with the seed's word (多 or 余).

:func:`to_docx` lays the paragraphs out per GB/T 9704-2012 (党政机关公文格式): A4, top margin 37 mm,
inside 28 mm, type area 156 × 225 mm (so bottom 35 mm, outside 26 mm), 22 lines of 28 characters; the
title in 2号小标宋, body in 3号仿宋, headings 一、 in 黑体, （一） in 楷体, 1. in bold 仿宋 and （1） in
仿宋; page numbers "— 1 —" in 4号宋体, odd pages right and even pages left. Fonts are named, not
embedded; the font table names Debian's Noto CJK (fonts-noto-cjk) as each one's alternative.

The paragraphs are the text of a Chinese official document, not user-interface strings: they are
written in Chinese whatever the interface language (an English fragment catalogue of a sentence
built from figures would not make an English report), so they are not wrapped for translation.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from renda.reports.periods import approximate

Values = Mapping[str, int | float]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: GB/T 9704 fonts by role (Windows names; Debian's Noto CJK is the fallback named in the font table).
TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT, PAGE_FONT = "方正小标宋简体", "仿宋", "黑体", "楷体", "宋体"
FALLBACK = {TITLE_FONT: "Noto Serif CJK SC", BODY_FONT: "Noto Serif CJK SC", H2_FONT: "Noto Serif CJK SC",
            H1_FONT: "Noto Sans CJK SC", PAGE_FONT: "Noto Serif CJK SC"}  # fmt: skip
_CN = "零一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → "一", 10 → "十", 12 → "十二", 23 → "二十三" (1–99; the heading numbers of levels 1 and 2)."""
    if not 1 <= n <= 99:
        raise ValueError("heading numbers run from 1 to 99")
    tens, units = divmod(n, 10)
    head = ("" if tens == 1 else _CN[tens]) + "十" if tens else ""
    return head + (_CN[units] if units else "")


@dataclass(frozen=True)
class Num:
    """A figure in the text: the metric it shows and the way it is written ("6300多", "12", "全部交办")."""

    metric_id: str
    text: str


@dataclass
class Block:
    """A paragraph: ``level`` 0 the title, 1–4 the headings 一、（一）1.（1）, 5 body text, 6 a table
    (``table``: rows of cell texts, the first the header)."""

    level: int
    number: str
    runs: list[str | Num] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The paragraph's plain text, heading number included."""
        return self.number + "".join(r if isinstance(r, str) else r.text for r in self.runs)


class _Writer:
    def __init__(self, values: Values) -> None:
        self.values = values
        self.blocks: list[Block] = []
        self.counters = [0, 0, 0, 0]

    def heading(self, level: int, title: str) -> None:
        self.counters[level - 1] += 1
        self.counters[level:] = [0] * (4 - level)
        n = self.counters[level - 1]
        number = (f"{chinese_number(n)}、", f"（{chinese_number(n)}）", f"{n}.", f"（{n}）")[level - 1]
        self.blocks.append(Block(level, number, [title]))

    def body(self, *runs: str | Num) -> None:
        self.blocks.append(Block(5, "", list(runs)))

    def n(self, metric_id: str, suffix: str = "") -> Num:
        """The metric's exact figure, or rounded down with ``suffix`` (余/多) when given."""
        v = self.values.get(metric_id)
        if v is None:
            return Num(metric_id, "—")
        if isinstance(v, float) and not v.is_integer():
            return Num(metric_id, f"{v:.1f}")
        return Num(metric_id, approximate(int(v), suffix) if suffix else str(int(v)))

    def all_or(self, metric_id: str, of: str, whole: str, part: str) -> Num:
        """``whole`` ("全部交办") when the metric equals ``of``, else ``part`` with the figure."""
        v, total = self.values.get(metric_id), self.values.get(of)
        if v is not None and v == total:
            return Num(metric_id, whole)
        return Num(metric_id, part % {"n": self.n(metric_id).text})


def compose(values: Values, *, period_label: str) -> list[Block]:
    """The statistical paragraphs of the work report for one period.

    Args:
        values: metric id → value (``metrics.figures`` today, or a snapshot's frozen figures); a
            metric missing from it is written "—".
        period_label: the period as the title names it ("2025年度").
    Returns:
        The title and the paragraphs in order: headings (levels 1–4, numbered 一、（一）1.（1）) and body
        text whose figures are :class:`Num` runs.
    """
    w = _Writer(values)
    w.blocks.append(Block(0, "", [f"常委会工作报告统计数字（{period_label}）"]))
    w.heading(1, "坚持党的全面领导")
    w.heading(2, "请示报告和会议")
    w.body("组织理论中心组集体学习", w.n("records_study_session"), "次。一年来，共向市委请示报告重要事项", w.n("records_party_request"), "次，召开党组会议",
           w.n("records_party_group_meeting"), "次，主任会议", w.n("meetings_council_of_chairpersons"),
           "次，常委会会议", w.n("meetings_standing_committee"), "次。")  # fmt: skip
    w.heading(2, "任免和决定")
    w.body("依法任免国家机关工作人员", w.n("appointed_or_removed"), "人次，作出决议、决定",
           w.n("decisions_adopted"), "件。")  # fmt: skip
    w.heading(2, "发挥人大作用")
    w.body("向市委报送专题调研报告", w.n("records_research_report"), "项、工作建议",
           w.n("records_work_suggestion"), "件、人大信息", w.n("records_information"), "条。")  # fmt: skip
    w.heading(1, "坚持良法促发展善治")
    w.heading(2, "制定和修改法规")
    w.body("审议法规草案", w.n("regulations_read"), "件，审议通过地方性法规", w.n("regulations_adopted"),
           "件，其中制定", w.n("regulations_made"), "件、修订", w.n("regulations_revised"), "件。")  # fmt: skip
    w.heading(2, "拓宽民主渠道，提高立法质量")
    w.body("完善", w.n("contact_points"), "个基层立法联系点，聘请专家", w.n("legislation_experts"),
           "名。邀请", w.n("legislation_deputies"), "名人大代表全程参与立法工作。组织",
           w.n("legislation_hearing_participants"), "位市县两级人大代表、政协委员召开立法论证会、协商会",
           w.n("legislation_hearings", "多"), "次，公布", w.n("drafts_published"),
           "件条例草案全文，广泛征求各方面意见建议", w.n("legislation_comments"), "条。")  # fmt: skip
    w.heading(2, "维护宪法权威，弘扬法治精神")
    w.body("组织开展", w.n("oath_ceremonies"), "次宪法宣誓仪式。依法审查规范性文件",
           w.n("normative_documents_filed"), "件，审查完成", w.n("normative_documents_reviewed"),
           "件，其中经沟通由制定机关纠正", w.n("normative_documents_corrected"), "件；收到审查建议",
           w.n("review_suggestions"), "件。召开", w.n("press_conferences"), "次立法工作新闻发布会。")  # fmt: skip
    w.heading(1, "坚持服务中心大局")
    w.heading(2, "监督工作")
    w.body("听取审议报告", w.n("reports_heard"), "个，开展执法检查", w.n("law_inspections"),
           "项、专题调研", w.n("special_research"), "项、专题询问", w.n("special_inquiries"), "次。")  # fmt: skip
    w.heading(1, "坚持优化服务保障，抓实代表工作")
    w.heading(2, "健全为民履职机制")
    w.body("现有市人大代表", w.n("deputies"), "名，其中初任代表", w.n("deputies_first_term"),
           "人。分批组织代表", w.n("deputies_trained"), "人参加履职能力培训。根据职业、专长等，将代表分为",
           w.n("professional_groups"), "个专业小组，组织代表", w.n("deputies_in_activities", "余"),
           "人次参加立法调研、执法检查、集中视察等活动。")  # fmt: skip
    w.heading(2, "完善为民履职平台")
    w.body("推动", w.n("liaison_stations"), "个代表联络站、", w.n("liaison_points"),
           "个联络点不断完善发展。接待群众", w.n("visitors", "多"), "人次，听取意见",
           w.n("opinions_heard", "余"), "条，其中由代表转为建议", w.n("opinions_to_suggestions"), "条。")  # fmt: skip
    w.heading(2, "创新为民履职举措")
    w.body("票决产生民生实事项目", w.n("livelihood_projects"), "件，其中制定实施方案",
           w.n("livelihood_planning"), "件、实施中", w.n("livelihood_implementing"), "件、已完成",
           w.n("livelihood_completed"), "件。")  # fmt: skip
    w.heading(2, "保障为民履职成果")
    w.heading(3, "议案建议交办")
    w.body("收到的", w.n("bills"), "件代表议案、", w.n("suggestions"), "件建议，",
           w.all_or("suggestions_assigned", "suggestions", "建议全部交办", "已交办建议%(n)s件"), "、",
           w.all_or("suggestions_answered", "suggestions", "逐件反馈", "已答复%(n)s件"),
           "。确定重点督办建议", w.n("key_suggestions"), "件。")  # fmt: skip
    w.heading(3, "办理答复和代表评价")
    w.heading(4, "按期答复")
    w.body("承办单位书面答复", w.n("replies"), "件次，其中按期答复", w.n("replies_on_time"), "件次。")
    w.heading(4, "代表评价")
    w.body("代表对答复作出评价", w.n("evaluations"), "人次，满意和基本满意的占", w.n("satisfaction_rate"), "%。")
    w.heading(1, "坚持打造“四个机关”")
    w.heading(2, "完善工作机制")
    w.body(
        "修订完善市人大及其常委会、主任会议、专门委员会和机关建设运行相关制度",
        w.n("records_rule_revised"),
        "项。",
    )
    return w.blocks


def _fonts(run: object, name: str) -> None:
    from docx.oxml.ns import qn

    run.font.name = name  # type: ignore[attr-defined]
    rpr = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _name_fallbacks(document: object) -> None:
    """Add each GB/T 9704 font to the font table with its installed Noto CJK alternative (``w:altName``)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    part = document.part.part_related_by(RT.FONT_TABLE)  # type: ignore[attr-defined]
    root = parse_xml(part.blob)
    for name, alt in FALLBACK.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/></w:font>'
            )
        )
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number(paragraph: object, align: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = align  # type: ignore[attr-defined]
    for text, field_code in (("— ", None), (None, "PAGE"), (" —", None)):
        run = paragraph.add_run(text or "")  # type: ignore[attr-defined]
        _fonts(run, PAGE_FONT)
        run.font.size = Pt(14)  # 4号
        if field_code:
            for kind, instr in (("begin", None), (None, f" {field_code} "), ("end", None)):
                if kind:
                    el = OxmlElement("w:fldChar")
                    el.set(qn("w:fldCharType"), kind)
                else:
                    el = OxmlElement("w:instrText")
                    el.set(qn("xml:space"), "preserve")
                    el.text = instr
                run._element.append(el)


def _table(document: object, rows: list[list[str]]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            p = table.cell(i, j).paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            _fonts(run, H1_FONT if i == 0 else BODY_FONT)
            run.font.size = Pt(10.5)  # 五号 in tables


def to_docx(blocks: list[Block]) -> bytes:
    """The paragraphs of :func:`compose` as a GB/T 9704 Word document (.docx bytes; see the module)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Pt(14)  # the page number sits 7 mm below the type area
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    _name_fallbacks(document)
    styles = {1: ("Heading 1", H1_FONT, False), 2: ("Heading 2", H2_FONT, False),
              3: ("Heading 3", BODY_FONT, True), 4: ("Heading 4", BODY_FONT, False)}  # fmt: skip
    for style_name, font, bold in styles.values():
        style = document.styles[style_name]
        _fonts(style, font)
        style.font.size, style.font.bold, style.font.italic = Pt(16), bold, False
        style.font.color.rgb = RGBColor(0, 0, 0)
    for block in blocks:
        if block.level == 6:
            _table(document, block.table)
            continue
        if block.level == 0:
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(block.text)
            _fonts(run, TITLE_FONT)
            run.font.size = Pt(22)  # 2号
            p.paragraph_format.space_after = Pt(29)  # one blank line under the title
            continue
        if block.level <= 4:
            name, font, bold = styles[block.level]
            p = document.add_paragraph(style=name)
        else:
            p, font, bold = document.add_paragraph(), BODY_FONT, False
        fmt = p.paragraph_format
        fmt.first_line_indent = Pt(32)  # two characters
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(29)  # 22 lines in 225 mm
        fmt.space_before = fmt.space_after = Pt(0)
        run = p.add_run(block.text)
        _fonts(run, font)
        run.font.size, run.font.bold = Pt(16), bold  # 3号
        run.font.color.rgb = RGBColor(0, 0, 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
