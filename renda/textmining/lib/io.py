"""Readers for the real message files (CSV and xlsx) and a robust time parser. Pure Python.

Formats follow ``shared/data/README.md`` (问政西地省, 2020 TipDM Cup problem C): columns
留言编号, 留言用户, 留言主题, 留言时间, 留言详情 and optionally 一级分类, 反对数, 点赞数, 答复意见,
答复时间. Ids may be empty (85% of ``messages_labeled.csv``), 留言时间 mixes ``2019/1/8 12:09:38``
and ``2019-08-12 12:00:00`` strings and Excel datetimes, and 留言详情 holds tabs, newlines and
full-width spaces. Rows are streamed (``openpyxl`` read-only mode, ``csv`` module), never loaded
whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "COLUMNS",
    "CSVSyntaxError",
    "HeaderError",
    "MessageRow",
    "ParsedRow",
    "check_header",
    "data_dir",
    "parse_time",
    "read_messages",
    "repo_root",
    "scan_csv",
    "sheet_names",
]

COLUMNS: dict[str, str] = {
    "留言编号": "id",
    "留言用户": "user",
    "留言主题": "title",
    "留言时间": "time",
    "留言详情": "text",
    "一级分类": "topic",
    "反对数": "dislikes",
    "点赞数": "likes",
    "答复意见": "reply",
    "答复时间": "reply_time",
}
"""Original Chinese column names → keys of :class:`MessageRow` fields."""

_REQUIRED = ("留言主题", "留言详情")


def repo_root() -> Path:
    """The repository root: the directory three levels above ``renda/textmining/lib``."""
    return Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    """Directory of the real data files.

    Returns:
        ``$RENDA_DATA_DIR`` if set (relative paths are taken from the repository root), else
        ``<repo_root>/../shared/data`` (``/work/shared/data`` for a checkout at ``/work/main``
        or a worktree at ``/work/wt-*``). The directory is not required to exist; callers
        check. Data files are never copied into the repository.
    """
    env = os.environ.get("RENDA_DATA_DIR")
    if env:
        p = Path(env)
        return p if p.is_absolute() else (repo_root() / p).resolve()
    return repo_root().parent / "shared" / "data"


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_TIME_RE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:\.\d+)?\s*秒?|\s*分)?)?\s*$"
)
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:[\sT]?(\d{2})(\d{2})(\d{2})?)?$")
"""``20190108``, ``201901081209``, ``20190108 120938``: dates as digits only (exports of other systems)."""
_OFFSET_RE = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$", re.IGNORECASE)
"""An ISO 8601 time that ends in a UTC offset (``+08:00``, ``+0800``, ``Z``)."""
_BOARD_TZ = ZoneInfo("Asia/Shanghai")


def parse_time(value: Any) -> dt.datetime | None:
    """Parse the mixed 留言时间/答复时间 values of the real files.

    Accepts ``datetime``/``date`` objects (openpyxl cells), Excel serial numbers (days since
    1899-12-30, as int/float or a numeric string between 20000 and 80000, i.e. 1954–2119), and
    strings ``2019/1/8``, ``2019/1/8 12:09``, ``2019/1/8 12:09:38``, ``2019-08-12 12:00:00``,
    ``2019.8.12``, ``2019年8月12日 12时00分``, ISO ``2019-08-12T12:00:00``, digits only
    (``20190108``, ``20190108 1209``, ``20190108120938``) and ISO times with a UTC offset
    (``2019-08-12T04:00:00Z``, ``2019-08-12 12:00:00+08:00``). A time with an offset, and an
    aware ``datetime``, is converted to the board's local time before the offset is dropped.

    Args:
        value: the cell value.

    Returns:
        A naive ``datetime`` in the board's local time (Asia/Shanghai), or ``None`` for an empty
        value (``None`` or blank string).

    Raises:
        ValueError: if the value is not empty and cannot be parsed, or names an impossible date.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _local(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, int | float):
        return _from_excel_serial(float(value))
    s = str(value).strip()
    if not s:
        return None
    m = _TIME_RE.match(s)
    if m:
        y, mo, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
        return dt.datetime(y, mo, d, h, mi, sec)
    m = _COMPACT_RE.match(s)
    if m:
        y, mo, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
        return dt.datetime(y, mo, d, h, mi, sec)
    if _OFFSET_RE.search(s):
        try:
            return _local(dt.datetime.fromisoformat(s))
        except ValueError:
            pass
    try:
        return _from_excel_serial(float(s))
    except ValueError:
        pass
    raise ValueError(f"unparseable time: {s!r}")


def _local(value: dt.datetime) -> dt.datetime:
    """A naive datetime in the board's local time (an aware one is converted first)."""
    return value.astimezone(_BOARD_TZ).replace(tzinfo=None) if value.tzinfo else value


def _from_excel_serial(x: float) -> dt.datetime:
    if not 20000 <= x <= 80000:
        raise ValueError(f"not an Excel date serial: {x!r}")
    return (_EXCEL_EPOCH + dt.timedelta(days=x)).replace(microsecond=0)


@dataclass(slots=True)
class MessageRow:
    """One accepted message row.

    Attributes:
        row_number: 1-based line/row number in the file (the header is row 1).
        id: 留言编号 as a string (``"24"``), or ``None`` when empty.
        user: 留言用户 or ``None``.
        title: 留言主题, stripped ('' if empty).
        text: 留言详情 exactly as in the file apart from stripping the ends (clean it with
            :func:`renda.textmining.lib.clean.clean_text`).
        time: 留言时间 parsed by :func:`parse_time`, or ``None`` when empty.
        topic: 一级分类 or ``None``.
        likes: 点赞数 (count) or ``None`` when the column is absent/empty.
        dislikes: 反对数 (count) or ``None``.
        reply: 答复意见 or ``None``.
        reply_time: 答复时间 or ``None``.
    """

    row_number: int
    id: str | None
    user: str | None
    title: str
    text: str
    time: dt.datetime | None = None
    topic: str | None = None
    likes: int | None = None
    dislikes: int | None = None
    reply: str | None = None
    reply_time: dt.datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain dict of the fields (the record shape :func:`hot.hot_topics` accepts)."""
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


@dataclass(slots=True)
class ParsedRow:
    """Result for one non-empty row: either ``message`` or ``reason`` is set.

    Attributes:
        row_number: 1-based row number (header = 1).
        message: the accepted row, or ``None`` if rejected.
        reason: why the row was rejected: ``"missing_text"`` (no 留言主题 and no 留言详情),
            ``"bad_time"`` (留言时间 present but unparseable), ``"bad_reply_time"``,
            ``"bad_count"`` (点赞数/反对数 not a non-negative integer); ``None`` when accepted.
        detail: human-readable detail for a rejection ('' otherwise).
        raw: the row as read, keyed by the original column names.
    """

    row_number: int
    message: MessageRow | None
    reason: str | None = None
    detail: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the row was accepted."""
        return self.message is not None


def _s(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).replace("\x00", "").strip()  # NUL is never text (and PostgreSQL refuses it)
    return s or None


def _count(v: Any) -> int | None:
    s = _s(v)
    if s is None:
        return None
    f = float(s)  # raises ValueError
    if not f.is_integer() or f < 0:
        raise ValueError(s)
    return int(f)


def _parse_row(row_number: int, raw: dict[str, Any]) -> ParsedRow:
    title = _s(raw.get("留言主题")) or ""
    text = _s(raw.get("留言详情")) or ""
    if not title and not text:
        return ParsedRow(row_number, None, "missing_text", "留言主题 and 留言详情 are empty", raw)
    try:
        when = parse_time(raw.get("留言时间"))
    except ValueError as e:
        return ParsedRow(row_number, None, "bad_time", str(e), raw)
    try:
        reply_time = parse_time(raw.get("答复时间"))
    except ValueError as e:
        return ParsedRow(row_number, None, "bad_reply_time", str(e), raw)
    try:
        likes = _count(raw.get("点赞数"))
        dislikes = _count(raw.get("反对数"))
    except ValueError as e:
        return ParsedRow(row_number, None, "bad_count", f"not a count: {e}", raw)
    msg = MessageRow(
        row_number=row_number,
        id=_s(raw.get("留言编号")),
        user=_s(raw.get("留言用户")),
        title=title,
        text=text,
        time=when,
        topic=_s(raw.get("一级分类")),
        likes=likes,
        dislikes=dislikes,
        reply=_s(raw.get("答复意见")),
        reply_time=reply_time,
    )
    return ParsedRow(row_number, msg, raw=raw)


class HeaderError(ValueError):
    """A header row the reader cannot use.

    Attributes:
        missing: required columns (留言主题, 留言详情) not in the header.
        repeated: columns of :data:`COLUMNS` named more than once (which one holds the text?).
    """

    def __init__(self, path: Path, header: list[str], *, missing: list[str], repeated: list[str]) -> None:
        problem = f"missing column(s) {missing}" if missing else f"duplicate column(s) {repeated}"
        super().__init__(f"{path.name}: {problem}; found {header}")
        self.missing = missing
        self.repeated = repeated


class CSVSyntaxError(ValueError):
    """Broken CSV quoting (an unterminated quote, text after a closing quote).

    Attributes:
        row: the spreadsheet row where the broken record starts (header = row 1).
    """

    def __init__(self, path: Path, row: int) -> None:
        super().__init__(f"{path.name}: broken CSV quoting from row {row}")
        self.row = row


def check_header(header: list[str], path: Path) -> None:
    """Check a header row: both required columns present, no known column named twice.

    Raises:
        HeaderError: with ``missing`` or ``repeated`` set.
    """
    missing = [c for c in _REQUIRED if c not in header]
    repeated = sorted({c for c in header if c in COLUMNS and header.count(c) > 1})
    if missing or repeated:
        raise HeaderError(path, header, missing=missing, repeated=repeated)


# A 留言详情 may exceed the csv module's default 128 KiB field limit; such rows must reach the length
# checks (and be rejected with a reason) instead of stopping the reader. Process-wide, like the module.
csv.field_size_limit(2**31 - 1)


def _iter_raw_csv(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a CSV file numbered as a spreadsheet shows them: every record is one row, even when its
    cells hold newlines, and blank lines count as rows. Blank lines before the header are skipped
    (the header is then the first non-blank row, not row 1)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, strict=True)  # broken quoting raises csv.Error instead of merging rows
        header_row = 0
        header: list[str] = []
        for cells in reader:
            header_row += 1
            if any(c.strip() for c in cells):
                header = [h.strip() for h in cells]
                break
        check_header(header, path)
        for row, cells in enumerate(reader, start=header_row + 1):
            yield row, dict(zip(header, cells, strict=False))


def scan_csv(path: str | Path) -> int:
    """Parse a whole CSV strictly without interpreting its cells: the header and the quoting.

    Cheap (~0.6 s per 100,000 rows): run before an import so that a broken file imports nothing.

    Returns:
        The spreadsheet row number of the last row (header = row 1; 0 for a header-only file).

    Raises:
        HeaderError: see :func:`check_header`.
        CSVSyntaxError: broken quoting, with the row where the broken record starts.
        UnicodeDecodeError: the file is not UTF-8.
    """
    p = Path(path)
    row = 0  # the last row read
    try:
        for row, _ in _iter_raw_csv(p):  # noqa: B007 - the loop only advances the row count
            pass
    except csv.Error as exc:
        raise CSVSyntaxError(p, row + 1 if row else 2) from exc
    return row


def sheet_names(path: str | Path) -> list[str]:
    """The worksheet names of an xlsx workbook, in workbook order (the first is read by default).

    Chartsheets (a sheet holding only a chart) are left out: they have no rows.

    Raises:
        zipfile.BadZipFile, KeyError, OSError: ``path`` is not a readable xlsx workbook.
    """
    import openpyxl

    wb = openpyxl.load_workbook(Path(path), read_only=True)
    try:
        return [ws.title for ws in wb.worksheets]
    finally:
        wb.close()


def _iter_raw_xlsx(path: Path, sheet: str | None) -> Iterator[tuple[int, dict[str, Any]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        if not hasattr(ws, "iter_rows"):  # a chartsheet
            raise KeyError(f"not a worksheet: {sheet}")
        rows = ws.iter_rows(values_only=True)
        first = next(rows, ())
        header = [str(h).strip() if h is not None else "" for h in first]
        check_header(header, path)
        for i, cells in enumerate(rows, start=2):
            yield i, dict(zip(header, cells, strict=False))
    finally:
        wb.close()


def read_messages(path: str | Path, *, sheet: str | None = None) -> Iterator[ParsedRow]:
    """Stream the rows of a message file as :class:`ParsedRow` (accepted or rejected).

    Args:
        path: a ``.csv`` (UTF-8, BOM allowed) or ``.xlsx`` file with the original Chinese column
            names (see :data:`COLUMNS`; only 留言主题 and 留言详情 are required).
        sheet: xlsx sheet name (default: the first sheet).

    Yields:
        One :class:`ParsedRow` per non-empty row, in file order. Fully empty rows (the
        organisers' xlsx has ~65,000 trailing blank rows) are skipped silently. Row numbers are
        the rows a spreadsheet shows (header = row 1): a CSV record whose cells hold newlines is
        one row; blank lines before a CSV header are skipped and counted.

    Raises:
        FileNotFoundError: if ``path`` does not exist.
        ValueError: for an unknown extension.
        HeaderError: a header without 留言主题/留言详情, or naming one of :data:`COLUMNS` twice.
        csv.Error: for a CSV with broken quoting (an unterminated quote, text after a closing quote).
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(p)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        raw_rows = _iter_raw_csv(p)
    elif suffix in (".xlsx", ".xlsm"):
        raw_rows = _iter_raw_xlsx(p, sheet)
    else:
        raise ValueError(f"unsupported file type: {p.suffix!r} (expected .csv or .xlsx)")
    for n, raw in raw_rows:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        yield _parse_row(n, raw)
