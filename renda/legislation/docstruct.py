"""The structure of a draft regulation's text: parse it from the paragraphs of a .docx as the drafting
office writes it (第X章 / 第X条 headings in Chinese numerals), write it back to .docx, and compare two
versions article by article with a word-level diff.

No ORM here: :class:`ParsedDocument` is plain data; the services store it as ``Article`` rows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = "[零〇一二两三四五六七八九十百千]+"
CHAPTER = re.compile(rf"^第({_NUM})章[\s\u3000]*(.*)$")
SECTION = re.compile(rf"^第({_NUM})节[\s\u3000]*(.*)$")
ARTICLE = re.compile(rf"^第({_NUM})条[\s\u3000]*(.*)$")
#: Lines that are part of the layout, not of the text (目录, 草案 notes such as （草案）).
SKIP = re.compile(r"^(目\s*录|（草案）|\(草案\))$")


def chinese_number(text: str) -> int:
    """The value of a Chinese numeral as used in article numbers (一 … 九十九, 一百零三, 二百一十).

    Raises:
        ValueError: a character that is not a Chinese digit or unit.
    """
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in UNITS:
            total += (current or 1) * UNITS[ch]
            current = 0
        else:
            raise ValueError(ch)
    return total + current


def to_chinese(n: int) -> str:
    """Write 1–999 as a Chinese numeral (十, 十二, 二十, 一百零五, 一百一十) for 第X条 / 第X章."""
    if n <= 0 or n >= 1000:
        return str(n)
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + "百"
        if tens == 0 and ones:
            return out + "零" + digits[ones]
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    if ones:
        out += digits[ones]
    return out


@dataclass
class ParsedArticle:
    """One article: its number (in order), its chapter, its paragraphs (款)."""

    number: int
    paragraphs: list[str]
    chapter_number: int = 0
    chapter_title: str = ""

    @property
    def text(self) -> str:
        """The paragraphs joined by newlines."""
        return "\n".join(self.paragraphs)


@dataclass
class ParsedDocument:
    """The result of parsing: title, articles in order, and what could not be parsed (Chinese notes)."""

    title: str = ""
    articles: list[ParsedArticle] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)


def parse_paragraphs(paragraphs: Iterable[str]) -> ParsedDocument:
    """Parse a regulation's paragraphs.

    The first non-empty paragraph before any heading is the title; 第X章 starts a chapter; 第X条 starts
    an article whose first paragraph is the rest of the line; other paragraphs belong to the current
    article. Text before the first article (a preface, 目录 entries), 第X节 headings and numbers out of
    order are reported in ``unparsed`` (articles are renumbered in order, with a note).
    """
    doc = ParsedDocument()
    chapter_number, chapter_title = 0, ""
    current: ParsedArticle | None = None
    for raw in paragraphs:
        line = raw.replace("\u3000", " ").strip()
        if not line or SKIP.match(line):
            continue
        if m := CHAPTER.match(line):
            chapter_number, chapter_title = chinese_number(m.group(1)), m.group(2).strip()
            current = None
            continue
        if m := SECTION.match(line):
            doc.unparsed.append(f"节标题“{line[:40]}”未作为结构保存")
            continue
        if m := ARTICLE.match(line):
            expected = len(doc.articles) + 1
            given = chinese_number(m.group(1))
            if given != expected:
                doc.unparsed.append(f"“第{m.group(1)}条”编号不连续，已按顺序编为第{to_chinese(expected)}条")
            current = ParsedArticle(
                expected, [m.group(2).strip()] if m.group(2).strip() else [], chapter_number, chapter_title
            )
            doc.articles.append(current)
            continue
        if current is not None:
            current.paragraphs.append(line)
        elif not doc.title and not doc.articles and chapter_number == 0:
            doc.title = line[:120]
        else:
            doc.unparsed.append(f"未能识别的段落：“{line[:60]}”")
    for article in doc.articles:
        if not article.paragraphs:
            doc.unparsed.append(f"第{to_chinese(article.number)}条没有条文内容")
    return doc


def parse_docx(data: bytes) -> ParsedDocument:
    """Parse a .docx file's paragraphs with :func:`parse_paragraphs` (python-docx).

    Raises:
        ValueError: the bytes are not a .docx file (Chinese message).
    """
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as err:
        raise ValueError("文件不是有效的 Word（.docx）文档") from err
    except Exception as err:  # zipfile.BadZipFile, lxml errors: a broken upload is never a 500
        raise ValueError("文件不是有效的 Word（.docx）文档") from err
    return parse_paragraphs(p.text for p in document.paragraphs)


def to_docx(title: str, articles: Sequence[Any]) -> bytes:
    """Write a regulation as .docx: the title, 第X章 headings, and each article's paragraphs, the first
    one starting with 第X条. ``articles`` have ``number``, ``chapter_number``, ``chapter_title`` and
    ``paragraphs`` (models or :class:`ParsedArticle`). Returns the file's bytes."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True
    chapter = 0
    for article in articles:
        if article.chapter_number and article.chapter_number != chapter:
            chapter = article.chapter_number
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(f"第{to_chinese(chapter)}章　{article.chapter_title}".rstrip()).bold = True
        for i, text in enumerate(article.paragraphs):
            p = document.add_paragraph()
            if i == 0:
                p.add_run(f"第{to_chinese(article.number)}条").bold = True
                p.add_run("　" + text)
            else:
                p.add_run(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@dataclass
class ArticleChange:
    """One row of a comparison: ``kind`` added / removed / changed / same; ``old``/``new`` article numbers;
    ``ops`` the word-level diff as ``(tag, text)`` with tag ``=``, ``+`` or ``-``."""

    kind: str
    old: int | None
    new: int | None
    ops: list[tuple[str, str]]


def _words(text: str) -> list[str]:
    from renda.textmining.lib.segment import segmenter

    return list(segmenter().cut(text))


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff of two texts (jieba words): ``[(tag, text)]`` with ``=`` kept, ``-`` removed,
    ``+`` added, adjacent pieces of one tag merged."""
    a, b = _words(old), _words(new)
    ops: list[tuple[str, str]] = []

    def put(tag: str, words: Sequence[str]) -> None:
        if not words:
            return
        text = "".join(words)
        if ops and ops[-1][0] == tag:
            ops[-1] = (tag, ops[-1][1] + text)
        else:
            ops.append((tag, text))

    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            put("=", a[i1:i2])
        else:
            put("-", a[i1:i2])
            put("+", b[j1:j2])
    return ops


def compare(old: Sequence[Any], new: Sequence[Any], *, pair_ratio: float = 0.4) -> list[ArticleChange]:
    """Compare two versions article by article.

    Articles are aligned by content, not by number (a new article renumbers those after it): identical
    texts match first (difflib over the article texts); inside a replaced block each new article is
    paired with the most similar unpaired old one when their character similarity is ≥ ``pair_ratio``
    (changed), the rest are added or removed.
    Returns:
        The rows in the new version's order, removed articles where they stood.
    """
    old_texts = [a.text if hasattr(a, "text") else "\n".join(a.paragraphs) for a in old]
    new_texts = [a.text if hasattr(a, "text") else "\n".join(a.paragraphs) for a in new]
    rows: list[ArticleChange] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old_texts, b=new_texts, autojunk=False).get_opcodes():
        if op == "equal":
            rows.extend(
                ArticleChange("same", old[i].number, new[j].number, [("=", new_texts[j])])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        free = list(range(i1, i2))
        for j in range(j1, j2):
            best, score = None, pair_ratio
            for i in free:
                r = SequenceMatcher(a=old_texts[i], b=new_texts[j], autojunk=False).ratio()
                if r >= score:
                    best, score = i, r
            if best is None:
                rows.append(ArticleChange("added", None, new[j].number, [("+", new_texts[j])]))
            else:
                for i in [i for i in free if i < best]:
                    rows.append(ArticleChange("removed", old[i].number, None, [("-", old_texts[i])]))
                free = [i for i in free if i > best]
                rows.append(
                    ArticleChange("changed", old[best].number, new[j].number, word_diff(old_texts[best], new_texts[j]))
                )
        rows.extend(ArticleChange("removed", old[i].number, None, [("-", old_texts[i])]) for i in free)
    return rows
