"""Tests for renda.textmining.lib.io (synthetic files; real files when present)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from renda.textmining.lib.io import data_dir, parse_time, read_messages

from ._data import DATA, real_file

HEADER = "留言编号,留言用户,留言主题,留言时间,留言详情,一级分类,反对数,点赞数\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019/1/8", dt.datetime(2019, 1, 8)),
        ("2020/1/6 12:09:38", dt.datetime(2020, 1, 6, 12, 9, 38)),
        ("2019-08-12 12:00:00", dt.datetime(2019, 8, 12, 12, 0, 0)),
        ("2019-08-12T12:00", dt.datetime(2019, 8, 12, 12, 0)),
        ("2019年8月12日 9时5分", dt.datetime(2019, 8, 12, 9, 5)),
        (43466.5, dt.datetime(2019, 1, 1, 12, 0)),  # Excel serial
        ("43466", dt.datetime(2019, 1, 1)),
        (dt.date(2019, 3, 1), dt.datetime(2019, 3, 1)),
        (dt.datetime(2019, 3, 1, 8, 30), dt.datetime(2019, 3, 1, 8, 30)),
        # other systems' exports: digits only, and ISO 8601 with a UTC offset (converted to 北京时间)
        ("20190108", dt.datetime(2019, 1, 8)),
        ("20190108 1209", dt.datetime(2019, 1, 8, 12, 9)),
        ("20190108120938", dt.datetime(2019, 1, 8, 12, 9, 38)),
        ("2019-08-12T04:00:00Z", dt.datetime(2019, 8, 12, 12, 0)),
        ("2019-08-12 12:00:00+08:00", dt.datetime(2019, 8, 12, 12, 0)),
        ("2019-08-12T23:30:00-02:00", dt.datetime(2019, 8, 13, 9, 30)),
        (dt.datetime(2019, 3, 1, 0, 30, tzinfo=dt.UTC), dt.datetime(2019, 3, 1, 8, 30)),
        (None, None),
        ("  ", None),
    ],
)
def test_parse_time_accepts_the_mixed_formats(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize(
    "value",
    ["yesterday", "2019/13/01", "2019-02-30", "12", True, "20191301", "20190230", "2019010", "2019-08-12T12:00+25:00"],
)
def test_parse_time_rejects_garbage(value):
    with pytest.raises(ValueError):
        parse_time(value)


def test_read_csv_with_empty_ids_embedded_newlines_and_rejections(tmp_path):
    # given a CSV like messages_labeled.csv plus broken rows
    path = tmp_path / "m.csv"
    path.write_text(
        HEADER
        + '24,A00074011,占道施工,2020/1/6 12:09:38,"第一行\n\t第二行",城乡建设,0,3\n'
        + ",,无编号留言,,内容,教育文体,,\n"
        + "25,U1,,,,,,\n"
        + "26,U2,时间坏了,not a date,内容,,,\n"
        + "27,U3,点赞坏了,2019-08-12 12:00:00,内容,,1,-4\n"
        + ",,,,,,,\n",
        encoding="utf-8",
    )
    # when
    rows = list(read_messages(path))
    # then
    assert [r.reason for r in rows] == [None, None, "missing_text", "bad_time", "bad_count"]
    first = rows[0].message
    assert first is not None
    assert (first.id, first.user, first.title) == ("24", "A00074011", "占道施工")
    assert first.text == "第一行\n\t第二行"
    assert first.time == dt.datetime(2020, 1, 6, 12, 9, 38)
    assert (first.likes, first.dislikes, first.topic) == (3, 0, "城乡建设")
    second = rows[1].message
    assert second is not None and second.id is None and second.time is None
    # row numbers are spreadsheet rows: the first record spans two lines but is one row
    assert rows[2].row_number == 4 and rows[2].raw["留言编号"] == "25"


def test_read_xlsx_with_excel_datetimes_and_numeric_ids(tmp_path):
    # given an xlsx like the organisers' files
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "答复意见", "答复时间"])
    ws.append(
        [
            188006,
            "A000102948",
            "主题",
            dt.datetime(2019, 2, 28, 11, 25, 5),
            "\n\t\t详情\u3000",
            "已转交",
            "2019/3/5 9:00:00",
        ]
    )
    ws.append([None, None, None, None, None, None, None])
    ws.append([7.0, "U", "主题2", "2019/1/8", "详情2", None, "bad"])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    # when
    rows = list(read_messages(path))
    # then
    assert len(rows) == 2
    m = rows[0].message
    assert m is not None and m.id == "188006" and m.time == dt.datetime(2019, 2, 28, 11, 25, 5)
    assert m.text == "详情" and m.reply == "已转交"
    assert m.reply_time == dt.datetime(2019, 3, 5, 9)
    assert rows[1].reason == "bad_reply_time" and rows[1].row_number == 4


def test_read_messages_rejects_missing_columns_and_unknown_types(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("编号,内容\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        list(read_messages(bad))
    txt = tmp_path / "x.txt"
    txt.write_text("留言主题,留言详情\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unsupported"):
        list(read_messages(txt))
    with pytest.raises(FileNotFoundError):
        list(read_messages(tmp_path / "nope.csv"))


def test_data_dir_follows_env(monkeypatch, tmp_path):
    monkeypatch.setenv("RENDA_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    monkeypatch.delenv("RENDA_DATA_DIR")
    assert data_dir().parts[-2:] == ("shared", "data")


@real_file("messages_labeled.csv")
def test_real_labeled_csv_reads_every_row():
    rows = list(read_messages(DATA / "messages_labeled.csv"))
    assert len(rows) == 6651
    assert all(r.ok for r in rows)
    topics = Counter(r.message.topic for r in rows if r.message)
    assert len(topics) == 7 and topics["劳动和社会保障"] == 1459
    assert sum(1 for r in rows if r.message and r.message.id is None) == 5401


@real_file("messages_with_likes_4326.xlsx")
def test_real_likes_file_parses_mixed_dates_and_counts():
    rows = list(read_messages(DATA / "messages_with_likes_4326.xlsx"))
    assert len(rows) == 4326 and all(r.ok for r in rows)
    msgs = [r.message for r in rows if r.message]
    assert all(m.time is not None and m.likes is not None for m in msgs)
    assert max(m.likes or 0 for m in msgs) > 100


@real_file("messages_sample_495.xlsx")
def test_real_sample_skips_trailing_blank_rows():
    rows = list(read_messages(DATA / "messages_sample_495.xlsx"))
    assert len(rows) == 495


def test_nul_is_dropped_repeated_columns_refused_and_huge_cells_read(tmp_path):
    # given
    ok = tmp_path / "ok.csv"
    ok.write_text("留言主题,留言详情\n停\x00车," + "很" * 200_000 + "\n", encoding="utf-8")
    repeated = tmp_path / "rep.csv"
    repeated.write_text("留言主题,留言详情,留言详情\n路灯,坏了,\n", encoding="utf-8")
    # when
    [row] = list(read_messages(ok))
    # then: the row reaches the caller (whose length checks reject it), NUL removed
    assert row.message is not None and row.message.title == "停车" and len(row.message.text) == 200_000
    with pytest.raises(ValueError, match="duplicate column"):
        list(read_messages(repeated))


def test_scan_csv_counts_rows_and_names_the_broken_record_or_the_header_problem(tmp_path):
    # given
    from renda.textmining.lib.io import CSVSyntaxError, HeaderError, scan_csv

    good = tmp_path / "good.csv"
    good.write_text('留言主题,留言详情\n路灯,"坏了\n三个月"\n噪音,扰民\n', encoding="utf-8")
    broken = tmp_path / "broken.csv"
    broken.write_text('留言主题,留言详情\n路灯,坏了\n噪音,"扰民\n停车,难\n', encoding="utf-8")
    repeated = tmp_path / "rep.csv"
    repeated.write_text("留言主题,留言详情,留言详情\n路灯,坏了,\n", encoding="utf-8")
    # when / then
    assert scan_csv(good) == 3  # the last row: the first record spans two lines but is row 2
    with pytest.raises(CSVSyntaxError) as syntax:
        scan_csv(broken)
    assert syntax.value.row == 3
    with pytest.raises(HeaderError) as header:
        scan_csv(repeated)
    assert header.value.repeated == ["留言详情"] and header.value.missing == []
