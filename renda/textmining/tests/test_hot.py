"""Tests for renda.textmining.lib.hot."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from renda.textmining.lib.hot import Record, hot_topics, parse_time, to_records

from ._data import DATA, real_file

NOISE = "魅力之城小区临街门面烧烤店油烟直排，夜宵摊噪音扰民到凌晨，严重影响居民休息"
PARKING = "伊景园滨河苑开发商捆绑销售车位，不买车位不给交房，强制捆绑违法"


def _records() -> list[dict]:
    recs: list[Any] = []
    for i in range(5):
        recs.append(
            {
                "id": f"n{i}",
                "title": f"A5区魅力之城小区油烟噪音扰民{'问题' * (i % 2)}",
                "text": NOISE + ("，请城管处理" if i % 2 else "，希望尽快解决"),
                "time": f"2019/8/{1 + i} 10:00:00",
                "likes": 2,
                "dislikes": 0,
                "user": f"U{i}",
            }
        )
    for i in range(3):
        recs.append(
            (
                f"p{i}",
                "伊景园滨河苑捆绑销售车位",
                PARKING + "，请住建局查处" * (i + 1),
                f"2019-07-{10 + i} 09:00:00",
                100,
                5,
                "U9",
            )
        )
    recs.append(("x", "K8县中学食堂卫生差", "学生腹泻，请教育局调查", "2019/9/1", 0, 0))
    recs.append(("old", "A5区魅力之城小区油烟扰民", NOISE, "2018/1/1", 0, 0))
    return recs


def test_to_records_accepts_dicts_tuples_and_chinese_keys():
    # given three shapes of the same message
    chinese = {
        "留言编号": 1,
        "留言主题": "t",
        "留言详情": "d",
        "留言时间": "2019/1/8",
        "点赞数": "3",
        "反对数": None,
        "留言用户": "U1",
    }
    tup = (1, "t", "d", "2019/1/8", 3, 0, "U1")
    # when
    a, b = to_records([chinese, tup])
    # then
    assert a == b == Record(1, "t", "d", dt.datetime(2019, 1, 8), 3, 0, "U1")
    with pytest.raises(ValueError):
        to_records([(1, "t")])
    with pytest.raises(ValueError):
        to_records([(1, "t", "d", "not a time", 0, 0)])


def test_hot_topics_clusters_same_problem_and_reports_figures():
    # given 5 noise complaints, 3 parking complaints by one user, and singletons
    recs = _records()
    # when
    topics = hot_topics(recs, since="2019-01-01", until="2019-12-31")
    # then: two clusters, the 2018 message is outside the window
    assert len(topics) == 2
    by_first = {t.ids[0][0]: t for t in topics}
    noise, parking = by_first["n"], by_first["p"]
    assert noise.ids == ["n0", "n1", "n2", "n3", "n4"]
    assert (noise.count, noise.people, noise.likes, noise.dislikes) == (5, 5, 10, 0)
    assert noise.first_time == dt.datetime(2019, 8, 1, 10) and noise.span_days == 4.0
    assert (parking.count, parking.people, parking.likes, parking.dislikes) == (3, 1, 300, 15)
    assert parking.representative_id in parking.ids
    assert any("车位" in k or "捆绑" in k for k in parking.keywords)
    assert any("油烟" in k or "魅力" in k or "噪音" in k for k in noise.keywords)


def test_heat_formula_matches_the_documented_one():
    topics = hot_topics(_records(), since="2019-01-01")
    noise = next(t for t in topics if t.ids[0] == "n0")
    expected = (5 + 0.5 * 0 + 2 * math.log1p(10) + 1 * math.log1p(0)) * math.sqrt(30 / 34)
    assert noise.heat == pytest.approx(expected, abs=1e-3)
    parking = next(t for t in topics if t.ids[0] == "p0")
    expected_p = (1 + 0.5 * 2 + 2 * math.log1p(300) + math.log1p(15)) * math.sqrt(30 / 32)
    assert parking.heat == pytest.approx(expected_p, abs=1e-3)
    assert [t.rank for t in topics] == [1, 2] and topics[0].heat >= topics[1].heat


def test_window_and_top_limits():
    assert hot_topics(_records(), since="2030/1/1") == []
    assert len(hot_topics(_records(), top=1)) == 1
    assert hot_topics([]) == []
    singles = hot_topics(_records(), since="2019/9/1", min_count=1)
    assert [t.ids for t in singles] == [["x"]]


def test_parse_time_is_reexported():
    assert parse_time("2019/1/8") == dt.datetime(2019, 1, 8)


@real_file("messages_with_likes_4326.xlsx")
def test_real_likes_file_top_topics():
    from renda.textmining.lib.io import read_messages

    recs = [r.message.as_dict() for r in read_messages(DATA / "messages_with_likes_4326.xlsx") if r.message]
    topics = hot_topics(recs, top=10)
    assert len(topics) == 10
    assert all(t.count >= 2 for t in topics)
    assert all(topics[i].heat >= topics[i + 1].heat for i in range(9))
    # the well-known hot issue of this data set: 伊景园滨河苑 forced parking-space sales
    assert any("伊景园" in t.representative_title or "景园" in t.keywords for t in topics[:3])
