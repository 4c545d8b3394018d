"""Home addresses in published texts (issue 12 item 4; S21; 个人信息保护法 第28条).

``redact_address`` stars the household detail (room, building/unit chain in front of a room, door number on
a road or in a village) and leaves places, buildings without a room, floors, document numbers, dates and
metro lines alone (the choices are documented in ``renda/core/privacy.py``).
"""

from __future__ import annotations

import csv
import re

import pytest

from renda.core.privacy import redact_address, redact_public
from renda.textmining.lib.io import data_dir

# given an address as citizens write them (the first ones from the real messages), when redacted, then:
HOUSEHOLDS = [
    ("XX市XX区XX路12号3栋2单元501室", "XX市XX区XX路**号*栋*单元***室"),
    ("A市A2区黄谷路368号山水嘉园1栋三单元706", "A市A2区黄谷路***号山水嘉园*栋*单元***"),
    ("B市B1区D5区岭一村15栋701的住户", "B市B1区D5区岭一村**栋***的住户"),
    ("A8县城郊乡东沩社区庙山巷10号", "A8县城郊乡东沩社区庙山巷**号"),
    ("居住于A7县开慧镇飘峰山村58号", "居住于A7县开慧镇飘峰山村**号"),
    ("小区为新建高层住宅小区，7栋1005室业主", "小区为新建高层住宅小区，*栋****室业主"),
    ("保利麓谷林语E区13栋202的业主", "保利麓谷林语E区**栋***的业主"),
    ("A9市河畔小区北苑2栋3单元2009", "A9市河畔小区北苑*栋*单元****"),
    ("据说是24栋191号刘姓户主", "据说是**栋***号刘姓户主"),
    ("A市A4区四季美景12栋82号餐饮油烟", "A市A4区四季美景**栋**号餐饮油烟"),
    ("我是住望仙路187号", "我是住望仙路***号"),
    ("朝阳区某某路5号院3号楼2单元301", "朝阳区某某路*号院*号楼*单元***"),
    ("长盛上东区b栋2303室楼盘", "长盛上东区b栋****室楼盘"),
    ("西园社区皂果路(5栋101-106门面", "西园社区皂果路(*栋***-***门面"),
    ("圣力华苑8栋二单元702室", "圣力华苑*栋*单元***室"),
    ("住在东城区幸福大街18号", "住在东城区幸福大街**号"),
]

UNCHANGED = [
    "依据《代表法》第3条",
    "根据2026年12号文件精神",
    "长政发〔2019〕12号",
    "国务院令第588号",
    "地铁5号线延长线",
    "A市地铁2、3、4、6号线",
    "今年7月3号停水",
    "2019年8月12号",
    "在3号楼会议室召开座谈会",  # an official's meeting room: no room number, left (judgement call)
    "12栋的居民反映",  # a building, not a household
    "22-26栋间长期积水",
    "盛世耀凯小区17栋3楼，4楼两层",  # a floor, not a household
    "1栋公寓变2栋",
    "建筑面积120平方米",
    "G25、G26栋原规划为6层",
    "2栋3栋多户居民渗水",
    "11栋4单元仅隔一条路",
    "三区22至28栋住户",
    "101国道",
    "3室2厅的户型",
    "有30户居民",
]


@pytest.mark.parametrize(("text", "expected"), HOUSEHOLDS)
def test_household_detail_is_starred_place_kept(text, expected):
    assert redact_address(text) == expected
    assert len(redact_address(text)) == len(text)


@pytest.mark.parametrize("text", UNCHANGED)
def test_documents_dates_lines_buildings_and_floors_are_left_alone(text):
    assert redact_address(text) == text


def test_redact_public_masks_phone_id_and_address_together():
    # given a reply quoting a citizen
    text = "经核实，家住XX路12号3栋2单元501室的王先生（13912345678，身份证110101199003071234）反映的问题已解决。"
    # when published
    out = redact_public(text)
    # then neither the phone, the ID number nor the door is there; the street is
    assert "13912345678" not in out and "110101199003071234" not in out and "501" not in out
    assert "XX路**号*栋*单元***室" in out and "139****5678" in out


_MESSAGES = data_dir() / "messages_labeled.csv"
_ROOM_IN_BUILDING = re.compile(r"\d+(?:栋|幢)\d*单元?\d{3,4}室?")
_DOOR_ON_ROAD = re.compile(r"[路街巷村]\d{1,4}号(?![线文令])")


@pytest.mark.skipif(not _MESSAGES.exists(), reason=f"real data file {_MESSAGES} not found (set RENDA_DATA_DIR)")
def test_real_messages_no_room_or_door_number_survives_and_metro_lines_do():
    # given the citizens' real messages (read in place)
    with _MESSAGES.open(encoding="utf-8") as fh:
        texts = [f"{row['留言主题']}\n{row['留言详情']}" for row in csv.DictReader(fh)]
    # when each is redacted
    changed = 0
    for text in texts:
        out = redact_address(text)
        # then the length is kept, no room in a building and no door number on a road is left
        assert len(out) == len(text)
        assert not _ROOM_IN_BUILDING.search(out), _ROOM_IN_BUILDING.search(out)
        assert not _DOOR_ON_ROAD.search(out), _DOOR_ON_ROAD.search(out)
        # and metro lines and dates are kept as written
        assert re.findall(r"地铁\d+号线", out) == re.findall(r"地铁\d+号线", text)
        assert re.findall(r"\d+月\d+号", out) == re.findall(r"\d+月\d+号", text)
        changed += out != text
    # the real data does hold addresses (about 180 messages): the test is not vacuous
    assert changed > 100


@pytest.mark.parametrize(
    "text", ["1栋" * 10000, "12号" * 6000, "1" * 20000 + "室", "路" + "1" * 20000, "一" * 20000 + "栋"]
)
def test_a_20000_character_adversarial_text_is_redacted_in_linear_time(text):
    # given the longest body a suggestion may have, built to make a backtracking pattern explode
    import time

    started = time.monotonic()
    # when redacted (nested unbounded repetitions took minutes on such a text)
    redact_public(text)
    # then it takes well under a few seconds even on a loaded machine
    assert time.monotonic() - started < 5
