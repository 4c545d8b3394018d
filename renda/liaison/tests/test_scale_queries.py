"""Issue 17 (pages at provincial scale): the opinions list, the triage queue and the hot-topics
counts stay cheap with 1,000,000 opinions.

``opinion_triage_order_idx`` (migration 0017_list_order_indexes) gives the lists' order, so the first
page needs no sort of a congress's 50,000 opinions; the topic counts are grouped by topic id on
``opinion_congress_topic_idx`` and named afterwards, without joining the topic to every opinion.
"""

from __future__ import annotations

from typing import Any

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.core.tests.plans import query_plan
from renda.liaison import search, selectors
from renda.liaison.models import Opinion
from renda.liaison.tests.factories import OpinionFactory, TopicFactory
from renda.liaison.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


def _staff_and_opinions() -> tuple[Any, list[Any]]:
    congress = org.CongressFactory()
    staff = org.UserFactory(role=User.Role.STAFF, username="scale_staff", congress=congress)
    station = org.LiaisonStationFactory(congress=congress)
    a, b = TopicFactory(name="城乡建设", path="城乡建设"), TopicFactory(name="交通运输", path="交通运输")
    rows = [
        OpinionFactory(congress=congress, station=station, predicted_topic=t, confidence=c)
        for t, c in ((a, 0.9), (a, 0.4), (b, 0.7), (None, None))
    ]
    return staff, rows


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_opinion_list_first_page_comes_in_index_order_without_sorting():
    staff, rows = _staff_and_opinions()
    qs = selectors.triage_inbox(viewer=staff, filters=selectors.TriageFilters(statuses=tuple(Status.values)))[:50]
    plan = query_plan(qs.query, off=("sort",))
    assert "opinion_triage_order_idx" in plan, plan
    assert "Sort" not in plan, plan
    assert [o.pk for o in qs][:2] == [rows[1].pk, rows[2].pk]  # lowest confidence first, unknown last


def test_topic_counts_are_grouped_without_joining_each_opinion_to_its_topic():
    staff, _ = _staff_and_opinions()
    with CaptureQueriesContext(connection) as ctx:
        counts = selectors.topic_counts(viewer=staff)
    assert counts[0] == {"topic": "城乡建设", "count": 2}
    assert sorted(counts[1:], key=lambda r: r["topic"]) == [
        {"topic": "交通运输", "count": 1},
        {"topic": "未分类", "count": 1},
    ]
    grouped = [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1 and "JOIN" not in grouped[0], grouped


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_triage_queue_reads_only_its_own_rows_in_order():
    staff, rows = _staff_and_opinions()
    rows[0].status = Status.TRIAGED
    rows[0].save()
    queue = (Status.RECEIVED, Status.TRIAGED)
    qs = selectors.triage_inbox(viewer=staff, filters=selectors.TriageFilters(statuses=queue))[:50]
    plan = query_plan(qs.query, off=("sort", "bitmapscan"))
    # the whole-congress index would filter every answered and closed opinion out row by row
    assert "opinion_triage_queue_idx" in plan, plan
    assert "Sort" not in plan, plan
    assert [o.pk for o in qs] == [rows[1].pk, rows[2].pk, rows[3].pk, rows[0].pk]  # 接收 first, then 已分类


def _parking_congress(others: int = 0) -> tuple[Any, list[Any]]:
    """Staff of a congress with five opinions of varied relevance for 停车 and ``others`` without it; a
    neighbouring congress with 1 + ``others`` opinions about 停车 (the shape of the provincial data: a
    common word, few of its matches in the viewer's congress)."""
    congress = org.CongressFactory()
    staff = org.UserFactory(role=User.Role.STAFF, username="search_staff", congress=congress)
    station = org.LiaisonStationFactory(congress=congress)
    texts = ["停车 停车 停车 收费", "停车 难", "小区 停车 位 不足 停车", "路灯 不亮", "停车 场 建设 停车 停车 停车"]
    mine = [OpinionFactory(congress=congress, station=station, title=t, text=t) for t in texts]
    neighbour = org.CongressFactory(region_code="990700", name="邻市人民代表大会")
    other_station = org.LiaisonStationFactory(congress=neighbour)
    OpinionFactory(congress=neighbour, station=other_station, title="停车", text="停车")
    for where, at, words in ((congress, station, "路灯 不亮"), (neighbour, other_station, "停车 难")):
        text = factory.Sequence(lambda n, words=words: f"第{n}号 {words}")
        Opinion.objects.bulk_create(
            OpinionFactory.build_batch(others, congress=where, station=at, title=words, text=text)
        )
    return staff, mine


def test_a_congress_wide_search_ranks_exactly_as_the_plain_one():
    # the GIN path (congress_wide) only changes how PostgreSQL finds the matches, never which or in what order
    staff, mine = _parking_congress()
    visible = selectors.opinion_visible(viewer=staff)
    for offset in (0, 1, 3):
        wide = search.ranked_ids(visible, ["停车"], limit=2, offset=offset, congress_wide=True)
        plain = search.ranked_ids(visible, ["停车"], limit=2, offset=offset)
        assert wide == plain
    everything = search.ranked_ids(visible, ["停车"], congress_wide=True)
    assert sorted(everything) == sorted(o.pk for o in mine if "停车" in o.title)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index and the setting are PostgreSQL's")
def test_a_congress_wide_search_can_use_the_congress_search_gin_and_the_planner_is_set_back():
    # which plan PostgreSQL picks depends on the table's statistics (on the provincial copy: this index,
    # 7 ms instead of 25 ms, docs/benchmarks/pages.md); what the code guarantees is checked here
    staff, _mine = _parking_congress()
    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'opinion_congress_search_gin'")
        assert "gin (congress_id, search_vector)" in cur.fetchone()[0]
    with CaptureQueriesContext(connection) as ctx:
        found = selectors.opinion_search(viewer=staff, query="停车")
    statements = [q["sql"] for q in ctx.captured_queries]
    ranked = next(i for i, sql in enumerate(statements) if "ts_rank" in sql)
    # the congress is compared as bigint (an int literal could not use the index's btree_gin column) …
    assert f"= ({staff.congress_id})::bigint" in statements[ranked]
    # … and the ranking statement alone is planned without plain index scans
    assert "set_config('enable_indexscan', 'off', true)" in statements[ranked - 1]
    assert "set_config('enable_indexscan'" in statements[ranked + 1]
    assert len(found) == 4
    # the statements after the search are planned as before: the setting came back
    with connection.cursor() as cur:
        cur.execute("SHOW enable_indexscan")
        assert cur.fetchone()[0] == "on"
    # and an error inside rolls it back with the savepoint
    with pytest.raises(ZeroDivisionError), search._bitmap_scans_only():
        raise ZeroDivisionError
    with connection.cursor() as cur:
        cur.execute("SHOW enable_indexscan")
        assert cur.fetchone()[0] == "on"
