"""Issue 17 (pages at provincial scale): the opinions list, the triage queue and the hot-topics
counts stay cheap with 1,000,000 opinions.

``opinion_triage_order_idx`` (migration 0017_list_order_indexes) gives the lists' order, so the first
page needs no sort of a congress's 50,000 opinions; the topic counts are grouped by topic id on
``opinion_congress_topic_idx`` and named afterwards, without joining the topic to every opinion.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.core.tests.plans import query_plan
from renda.liaison import selectors
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
