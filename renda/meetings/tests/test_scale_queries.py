"""Issue 17 item 3 (pages at provincial scale): the public results page reads plain rows in index order.

Building 50 published polls with their agenda items, meetings and options as model instances was most
of the page's time (14% of its bare view's speed); ``selectors.public_results`` reads the columns the
page shows as dicts, the newest from the partial index ``poll_published_idx`` (migration
0006_public_results_index).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext

from renda.core.tests.plans import query_plan
from renda.meetings import selectors, services
from renda.meetings.models import AgendaItem, Poll
from renda.meetings.tests import factories as mf

pytestmark = pytest.mark.django_db


def _published(n: int) -> list[Poll]:
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=10), actor=staff, number=3)
    mf.check_in(meeting, 9, actor=staff)
    out = []
    for i in range(n):
        item = services.agenda_item_add(
            meeting=meeting, title=f"关于计划{i}的决议", kind=AgendaItem.Kind.RESOLUTION, actor=staff
        )
        poll = services.poll_create(item=item, method=Poll.Method.SHOW_OF_HANDS, actor=staff)
        services.poll_open(poll=poll, actor=staff)
        services.poll_enter_counts(poll=poll, counts={"yes": 8 - i, "no": i, "abstain": 1}, actor=staff)
        services.poll_close(poll=poll, actor=staff)
        if i < n - 1:  # the last one stays unpublished
            services.poll_publish(poll=poll, actor=staff)
        out.append(poll)
    return out


def test_public_results_page_shows_the_published_polls_without_building_model_objects():
    # given 3 closed polls, 2 of them published
    polls = _published(3)
    # when the public opens the results page
    built: list[type] = []

    def count(sender: type, **kwargs: object) -> None:
        built.append(sender)

    post_init.connect(count)
    try:
        with CaptureQueriesContext(connection) as ctx:
            r = Client().get("/meetings/results/")
    finally:
        post_init.disconnect(count)
    html = r.content.decode()
    # then the published ones, newest first, with their meeting, result and per-option counts
    rows = selectors.public_results()
    assert [p["title"] for p in rows] == [p.title for p in selectors.published_polls()]
    assert [p["title"] for p in rows] == [polls[1].title, polls[0].title]
    assert polls[2].title not in html and html.index(polls[1].title) < html.index(polls[0].title)
    assert rows[0]["meeting_title"] == polls[0].item.meeting.title and rows[0]["meeting_title"] in html
    assert "赞成 7 票" in html and "赞成 8 票" in html
    assert [o["label"] for o in rows[0]["options"]] == [o.label for o in polls[1].options.all()]
    # two queries, and no poll, item, meeting or option object built (the cost at 50 polls)
    page_queries = [q["sql"] for q in ctx.captured_queries if "meetings_" in q["sql"]]
    assert len(page_queries) == 2, page_queries
    assert not {Poll, AgendaItem} & set(built) and not any(s.__name__ == "PollOption" for s in built), built


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_public_results_come_from_the_partial_index_without_sorting():
    _published(2)
    qs = Poll.objects.filter(status="published").order_by("-published_at", "-id").values("id")[:50]
    plan = query_plan(qs.query, off=("sort", "seqscan"))
    assert "poll_published_idx" in plan, plan
    assert "Sort" not in plan, plan
