"""Reading the real message-board files for an import: rows as :class:`Message` or :class:`Rejected`
(with a Chinese reason for the report), and the checks run before anything is imported
(:func:`check_file`: encoding, CSV quoting, header, worksheet). Pure Python, no Django; built on
:mod:`.io`."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl.utils.exceptions import InvalidFileException

from . import io

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def _naive_local(value: datetime | None) -> datetime | None:
    """``value`` as a naive Asia/Shanghai time (already naive: unchanged)."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(LOCAL_TZ).replace(tzinfo=None)


@dataclass
class Message:
    """One good row of a message file (1-based ``row`` counts the header as row 1)."""

    row: int
    external_id: str
    user: str
    title: str
    text: str
    received_at: datetime | None
    label: str = ""
    likes: int = 0
    dislikes: int = 0


@dataclass
class Rejected:
    """A row that cannot be imported, with its row number and the reason (Chinese, for the report)."""

    row: int
    reason: str
    external_id: str = ""


def read_messages(path: str | Path, *, sheet: str | None = None) -> Iterator[Message | Rejected]:
    """Stream the rows of a message file (xlsx or UTF-8 CSV with the original Chinese headers).

    ``sheet``: the xlsx worksheet to read (default the first; :func:`check_file` checks the name).

    Uses the library's reader (``renda.textmining.lib.io.read_messages``): fully blank rows are
    skipped; embedded tabs/newlines and mixed date formats are handled there. Rejected rows come
    back as :class:`Rejected` with the row number and a Chinese reason for the import report.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: unknown file type, or the header lacks 留言主题/留言详情.
    """
    mod = io
    p = Path(path)
    if p.exists() and p.stat().st_size == 0:
        raise UnreadableFile(f"文件为空：{p.name}", code="empty_file")
    try:
        yield from _from_library(mod.read_messages(p, sheet=sheet))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(f"文件不是有效的 xlsx 工作簿：{p.name}", code="bad_xlsx") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"CSV 文件不是 UTF-8 编码，请另存为 UTF-8 后再导入：{p.name}", code="bad_encoding"
        ) from exc
    except (KeyError, OSError, InvalidFileException) as exc:
        raise UnreadableFile(f"文件无法读取：{p.name}", code="unreadable_file") from exc
    except csv.Error as exc:  # the strict reader: see _check_csv, which callers run first
        raise UnreadableFile(f"CSV 格式错误（引号未闭合或引号后有多余字符）：{p.name}", code="bad_csv") from exc
    except ValueError as exc:
        if isinstance(exc, UnreadableFile):
            raise
        if hasattr(exc, "missing") and hasattr(exc, "repeated"):  # the library's HeaderError
            raise _header_problem(exc, p) from exc
        text = str(exc)
        if "unsupported file type" in text:
            raise UnreadableFile(
                f"不支持的文件类型：{p.suffix or '无扩展名'}（须为 .xlsx 或 .csv）", code="bad_type"
            ) from exc
        raise UnreadableFile(f"文件无法读取：{p.name}", code="unreadable_file") from exc


def _check_csv(p: Path) -> None:
    """The library's strict parse of the whole CSV (header and quoting), before anything is imported.

    Without it an unterminated quote silently swallows every later row into one cell (the csv
    module's lenient default), and a bad header would only be found by the import itself.

    Raises:
        UnreadableFile: ``bad_header`` (see :func:`_header_problem`) or ``bad_csv``, naming the
            spreadsheet row where the broken record starts.
    """
    mod = io
    if mod is None or not hasattr(mod, "scan_csv"):
        return  # the reader itself is missing: read_messages says so
    try:
        mod.scan_csv(p)
    except mod.HeaderError as exc:
        raise _header_problem(exc, p) from exc
    except mod.CSVSyntaxError as exc:
        raise UnreadableFile(
            f"CSV 格式错误：第 {exc.row} 行起引号未闭合或引号后有多余字符，请修正后再导入：{p.name}",
            code="bad_csv",
        ) from exc


def _header_problem(exc: Any, p: Path) -> UnreadableFile:
    """The Chinese ``bad_header`` error for the library's ``HeaderError`` (missing or repeated columns)."""
    if exc.missing:
        return UnreadableFile(f"文件缺少必需的列（留言主题、留言详情）：{p.name}", code="bad_header")
    return UnreadableFile(
        f"表头有重复的列名（{'、'.join(exc.repeated)}），无法确定用哪一列：{p.name}", code="bad_header"
    )


def _check_utf8(p: Path) -> None:
    """Decode the whole CSV as UTF-8 before anything is imported (1 MiB at a time, ~1 s per GB).

    A bad byte far into the file would otherwise stop the import after earlier batches were stored;
    checking first means such a file imports nothing and says which line to fix.

    Raises:
        UnreadableFile: ``bad_encoding``, naming the file line (1-based) of the first bad byte.
    """
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with p.open("rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: max(exc.start, 0)].count(b"\n")
                raise UnreadableFile(
                    f"CSV 文件不是 UTF-8 编码（文件第 {line} 行无法解码，按换行符计），请另存为 UTF-8 后再导入：{p.name}",
                    code="bad_encoding",
                ) from exc
            if not chunk:
                return
            line += chunk.count(b"\n")


def check_file(path: str | Path, *, sheet: str | None = None) -> list[str]:
    """Cheap checks that a message file can be read at all, before a long import starts.

    Args:
        path: the file.
        sheet: an xlsx worksheet name to read instead of the first.
    Returns:
        The notes for the import report: for a workbook of several worksheets, which one is read
        and which are not (“工作簿有 3 个工作表，只导入「Sheet1」…”); ``[]`` otherwise.

    Raises:
        UnreadableFile: a directory, an empty file, an ``.xlsx`` that is not a zip workbook, a CSV that
            is not UTF-8 anywhere in it (the whole file is decoded first, so nothing is imported from
            a file that would fail half-way), whose header lacks 留言主题/留言详情 or repeats a column,
            or with broken quoting anywhere (``bad_csv``, parsed in full first), or an unsupported
            extension; ``bad_sheet``: ``sheet`` names no worksheet of the workbook, or is given for
            a CSV.
    """
    p = Path(path)
    if p.is_dir():
        raise UnreadableFile(f"这是一个文件夹，不是文件：{p.name}", code="unreadable_file")
    if p.stat().st_size == 0:
        raise UnreadableFile(f"文件为空：{p.name}", code="empty_file")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        if not zipfile.is_zipfile(p):
            raise UnreadableFile(f"文件不是有效的 xlsx 工作簿：{p.name}", code="bad_xlsx")
        return _sheet_notes(p, sheet)
    if suffix == ".csv":
        if sheet is not None:
            raise UnreadableFile(f"CSV 文件没有工作表，不能指定工作表「{sheet}」：{p.name}", code="bad_sheet")
        _check_utf8(p)
        _check_csv(p)
        return []
    raise UnreadableFile(f"不支持的文件类型：{p.suffix or '无扩展名'}（须为 .xlsx 或 .csv）", code="bad_type")


def _sheet_notes(p: Path, sheet: str | None) -> list[str]:
    """Check ``sheet`` against the workbook's worksheets; say which one is imported when there are several."""
    mod = io
    if mod is None or not hasattr(mod, "sheet_names"):
        return []
    try:
        names = mod.sheet_names(p)
    except (zipfile.BadZipFile, KeyError, OSError, InvalidFileException) as exc:
        raise UnreadableFile(f"文件不是有效的 xlsx 工作簿：{p.name}", code="bad_xlsx") from exc
    listed = "、".join(f"「{n}」" for n in names)
    if sheet is not None and sheet not in names:
        raise UnreadableFile(f"工作簿中没有名为「{sheet}」的工作表（现有：{listed}）：{p.name}", code="bad_sheet")
    if len(names) < 2:
        return []
    read = sheet if sheet is not None else names[0]
    others = "、".join(f"「{n}」" for n in names if n != read)
    hint = "" if sheet is not None else "；如需导入其他工作表，请用 --sheet 指定"
    return [f"工作簿有 {len(names)} 个工作表，只导入「{read}」，未导入 {others}{hint}"]


class InputError(ValueError):
    """Bad input to a command or import: one Chinese sentence and a stable code, never a traceback.

    Attributes:
        code: stable identifier for ``--json`` output (see the raising function).
        message: one Chinese sentence for the operator.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class UnreadableFile(InputError):
    """A message file that cannot be read at all (not an xlsx, wrong encoding, empty, wrong header).

    ``code``: ``empty_file``, ``bad_xlsx``, ``bad_encoding``, ``bad_csv``, ``bad_header``, ``bad_type`` or
    ``unreadable_file``.
    """


REJECT_REASONS = {
    "missing_text": "留言主题和留言详情均为空",
    "bad_time": "留言时间无法识别",
    "bad_reply_time": "答复时间无法识别",
    "bad_count": "点赞数或反对数不是非负整数",
    "future_time": "留言时间晚于当前时间",
    "early_time": "留言时间早于 1970 年",
    "count_range": "点赞数或反对数超出范围（最大 2147483647）",
}

EARLIEST_TIME = datetime(1970, 1, 1)
"""留言时间 before this is a typing error (no message board is older), rejected as ``early_time``."""
MAX_COUNT = 2**31 - 1
"""Largest 点赞数/反对数 stored (the column is a 32-bit integer on PostgreSQL)."""


def _shown(value: Any) -> str:
    return "" if value is None else str(value).strip()[:50]


def _not_a_count(value: Any) -> str:
    try:
        float(_shown(value))
    except ValueError:
        return "不是数字"
    return "不是非负整数"


def reject_reason(code: str | None, raw: dict[str, Any]) -> str:
    """The Chinese reason of a row the library reader rejected, with the offending raw value.

    Args:
        code: the library's reason code (``missing_text``, ``bad_time``, ``bad_reply_time``, ``bad_count``).
        raw: the row's cells by column name.
    Returns:
        For example ``点赞数不是数字：abc`` or ``留言时间无法识别：2024-02-30``; never English text.
    """
    if code == "missing_text":
        return REJECT_REASONS["missing_text"]
    if code == "bad_time":
        return f"{REJECT_REASONS['bad_time']}：{_shown(raw.get('留言时间'))}"
    if code == "bad_reply_time":
        return f"{REJECT_REASONS['bad_reply_time']}：{_shown(raw.get('答复时间'))}"
    if code == "bad_count":
        for column in ("点赞数", "反对数"):
            value = raw.get(column)
            if _shown(value) and not _is_count(value):
                return f"{column}{_not_a_count(value)}：{_shown(value)}"
        return REJECT_REASONS["bad_count"]
    return "该行无法读取"


def _is_count(value: Any) -> bool:
    try:
        f = float(_shown(value))
    except ValueError:
        return False
    return f.is_integer() and f >= 0


def _from_library(items: Iterable[Any]) -> Iterator[Message | Rejected]:
    """Map the library reader's ``ParsedRow`` items to :class:`Message`/:class:`Rejected`.

    Beyond the library's checks: a 留言时间 more than a day after now (China time) is rejected
    (``future_time``: a typing error such as 2091 for 2019, which would otherwise top every
    "newest" list and hot-topic window for decades), and so is one before 1970 (``early_time``:
    0001-01-01 cannot even be stored as UTC); 点赞数/反对数 above :data:`MAX_COUNT` are rejected
    (``count_range``); whitespace runs in 留言主题 (the organisers'
    tabs and newlines) become one space, so titles read on one line in lists and notifications
    (the content hash is of the cleaned text and does not change).
    """
    latest = datetime.now(LOCAL_TZ).replace(tzinfo=None) + timedelta(days=1)
    for item in items:
        msg = item.message
        raw = item.raw or {}
        when = _naive_local(msg.time) if msg is not None else None
        if msg is None:
            reason = reject_reason(item.reason, raw)
        elif when is not None and not EARLIEST_TIME <= when <= latest:
            msg = None
            code = "future_time" if when > latest else "early_time"
            reason = f"{REJECT_REASONS[code]}：{_shown(raw.get('留言时间'))}"
        elif max(msg.likes or 0, msg.dislikes or 0) > MAX_COUNT:
            msg = None
            reason = f"{REJECT_REASONS['count_range']}：{_shown(raw.get('点赞数'))} / {_shown(raw.get('反对数'))}"
        if msg is None:
            ext = str(raw.get("留言编号") or "").strip()
            yield Rejected(int(item.row_number), reason, ext)
            continue
        yield Message(
            row=int(msg.row_number),
            external_id=(msg.id or "").strip(),
            user=(msg.user or "").strip(),
            title=" ".join((msg.title or "").split()),
            text=msg.text or "",
            received_at=msg.time,
            label=(msg.topic or "").strip(),
            likes=int(msg.likes or 0),
            dislikes=int(msg.dislikes or 0),
        )
