"""Issue 17 item 3 (pages at provincial scale): the public results page reads plain rows in index order.

Building 50 published polls with their agenda items, meetings and options as model instances was most
of the page's time (14% of its bare view's speed); ``selectors.public_results`` reads the columns the
page shows as dicts, the newest from the partial index ``poll_published_idx`` (migration
0006_public_results_index). The page keeps those rows per process under the token of
``PublicResultsVersion`` (migration 0007_public_results_version), which every publication replaces:
one query a request, the polls read again on the first request after a publication.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from renda.core.tests.plans import query_plan
from renda.meetings import console, selectors, services
from renda.meetings.admin import MeetingAdmin
from renda.meetings.models import AgendaItem, Meeting, Poll, PollOption, PublicResultsVersion
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, User

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
    # one query of the polls, and no poll, item, meeting or option object built (the cost at 50 polls)
    page_queries = [q["sql"] for q in ctx.captured_queries if "meetings_poll" in q["sql"]]
    assert len(page_queries) == 1, page_queries
    assert not {Poll, AgendaItem} & set(built) and not any(s.__name__ == "PollOption" for s in built), built


def test_public_results_group_each_polls_options_in_ballot_order_and_keep_a_poll_without_options():
    polls = _published(3)
    newest = polls[1]
    expected = [[o.label for o in p.options.order_by("order", "id")] for p in (polls[1], polls[0])]
    rows = selectors.public_results()
    assert [[o["label"] for o in r["options"]] for r in rows] == expected
    assert rows[0]["options"][0]["counts"] == newest.options.order_by("order", "id")[0].counts
    assert selectors.public_results(limit=1)[0]["title"] == newest.title
    PollOption.objects.filter(poll=newest).delete()
    rows = selectors.public_results()
    assert [(r["title"], len(r["options"])) for r in rows] == [(newest.title, 0), (polls[0].title, len(expected[1]))]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_public_results_come_from_the_partial_index_without_sorting():
    _published(2)
    qs = Poll.objects.filter(status="published").order_by("-published_at", "-id").values("id")[:50]
    plan = query_plan(qs.query, off=("sort", "seqscan"))
    assert "poll_published_idx" in plan, plan
    assert "Sort" not in plan, plan


# --- the public results page's rows, kept per process until the next publication -----------------

RESULTS = "/meetings/results/"


def _titles(rows: list[dict[str, object]]) -> list[object]:
    return [r["title"] for r in rows]


def test_public_results_page_reads_the_polls_again_only_after_a_publication():
    # given 2 published polls (a third closed) and the page requested once
    polls = _published(3)
    staff = User.objects.get(username="m_staff")
    client = Client()
    assert polls[2].title not in client.get(RESULTS).content.decode()
    # when it is requested again
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(RESULTS).content.decode()
    # then one query, the version's, and the same polls
    assert [q["sql"] for q in ctx.captured_queries if "meetings_poll" in q["sql"]] == []
    assert len(ctx.captured_queries) == 1 and "meetings_publicresultsversion" in ctx.captured_queries[0]["sql"]
    assert polls[1].title in again and polls[0].title in again and polls[2].title not in again
    # when the third is published, the next request shows it, first
    services.poll_publish(poll=polls[2], actor=staff)
    html = client.get(RESULTS).content.decode()
    assert html.index(polls[2].title) < html.index(polls[1].title) < html.index(polls[0].title)
    assert _titles(selectors.public_results_cached()) == _titles(selectors.public_results())


def test_public_results_are_kept_under_the_version_read_before_them(monkeypatch):
    # given a poll published (committed) while a request is reading the rows, after it read them
    polls = _published(3)
    staff = User.objects.get(username="m_staff")
    real = selectors.public_results
    done: list[bool] = []

    def read_then_publish(*, limit: int) -> list[dict[str, object]]:
        rows = real(limit=limit)
        if not done:
            services.poll_publish(poll=polls[2], actor=staff)
            done.append(True)
        return rows

    monkeypatch.setattr(selectors, "public_results", read_then_publish)
    first = selectors.public_results_cached()
    monkeypatch.undo()
    # then those rows (without it) are not served once the publication is visible
    assert polls[2].title not in _titles(first)
    assert _titles(selectors.public_results_cached()) == [polls[2].title, polls[1].title, polls[0].title]


def test_public_results_show_a_meeting_renamed_in_the_admin():
    # given the page's rows read, then the meeting of the published polls renamed by an administrator
    polls = _published(2)
    selectors.public_results_cached()
    meeting = polls[0].item.meeting
    meeting.title = "更名后的会议名称"
    request = RequestFactory().post("/admin/")
    request.user = User.objects.get(username="m_staff")
    MeetingAdmin(Meeting, admin.site).save_model(request, meeting, form=None, change=True)
    # then the next request shows the new name
    assert selectors.public_results_cached()[0]["meeting_title"] == "更名后的会议名称"
    assert "更名后的会议名称" in Client().get(RESULTS).content.decode()


def test_public_results_version_row_is_made_when_missing():
    # given a database without the version row (new or flushed) and a published poll
    polls = _published(2)
    PublicResultsVersion.objects.all().delete()
    # when the page is requested, then it shows the poll and the row exists
    assert polls[0].title in Client().get(RESULTS).content.decode()
    token = PublicResultsVersion.objects.get(pk=1).token
    # when the version changes without the row, it is made with a token of its own
    PublicResultsVersion.objects.all().delete()
    services.public_results_changed()
    assert PublicResultsVersion.objects.get(pk=1).token != token
    assert _titles(selectors.public_results_cached()) == [polls[0].title]


# --- the meeting console (/meetings/<pk>/) ---------------------------------------------------------


def _console(*, members: int, polls: int) -> tuple[object, Meeting]:
    """A Standing Committee meeting in session of ``members``, a majority checked in and the next one on
    leave (the others expected), with ``polls`` agenda items each with a show-of-hands poll, the first one opened."""
    staff = mf.staff(f"m_staff_{members}")
    meeting = mf.meeting_of(
        mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=members), actor=staff, number=polls
    )
    people = mf.check_in(meeting, members // 2 + 1, actor=staff)
    leave = mf.members(meeting)[members // 2 + 1]
    services.attendance_mark_leave(meeting=meeting, deputy=leave, reason="出差", actor=staff)
    for i in range(polls):
        item = services.agenda_item_add(
            meeting=meeting, title=f"关于事项{i}的决定", kind=AgendaItem.Kind.RESOLUTION, actor=staff
        )
        poll = services.poll_create(item=item, method=Poll.Method.SHOW_OF_HANDS, actor=staff)
        if i == 0:
            services.poll_open(poll=poll, actor=staff)
    assert people
    return staff, meeting


def _console_get(staff: object, meeting: Meeting) -> tuple[str, int, list[type], int]:
    """(html, queries, model classes built, allowed_actions calls) of one staff request of the console."""
    c = mf.client(staff)
    c.get(f"/meetings/{meeting.pk}/")  # warm-up (session, caches)
    built: list[type] = []
    calls: list[object] = []
    real = console.allowed_actions

    def count_built(sender: type, **kwargs: object) -> None:
        built.append(sender)

    def count_calls(user: object, obj: object, **kwargs: object) -> set[str]:
        calls.append(obj)
        return real(user, obj, **kwargs)  # type: ignore[arg-type]

    post_init.connect(count_built)
    console.allowed_actions = count_calls  # type: ignore[assignment]
    try:
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(f"/meetings/{meeting.pk}/")
    finally:
        post_init.disconnect(count_built)
        console.allowed_actions = real
    assert r.status_code == 200
    return r.content.decode(), len(ctx.captured_queries), built, len(calls)


def test_console_queries_are_constant_in_the_number_of_items_polls_and_members():
    # given a small meeting (4 members, 1 poll) and a larger one (16 members, 5 polls)
    small = _console_get(*_console(members=4, polls=1))
    html, queries, _built, _calls = _console_get(*_console(members=16, polls=5))
    # then the console of the larger one takes as many queries as the small one's
    assert queries == small[1], (queries, small[1])
    # and shows every poll and every member with their buttons
    assert html.count('data-testid="poll-') >= 5 and html.count('data-testid="roster-') == 16
    assert html.count('data-testid="poll-counts"') == 1 and html.count('data-testid="poll-open"') == 4


def test_console_roster_builds_no_model_object_per_member_and_evaluates_rights_once_per_status():
    # given a meeting of 16 members (9 present, 1 on leave, 6 expected) and 5 polls
    staff, meeting = _console(members=16, polls=5)
    html, _queries, built, calls = _console_get(staff, meeting)
    # then no attendance row is built as a model per member (only one probe per status shown), no deputy
    # or delegation object at all, and the rights are evaluated for the meeting, each poll and each status
    names = [s.__name__ for s in built]
    assert names.count("Attendance") <= 3, names
    assert "Deputy" not in names and "Delegation" not in names, names
    assert calls <= 1 + 5 + 3, calls
    # and the roster still shows each member's buttons by status (present: none to check in; leave: revoke)
    members = mf.members(meeting)
    assert f'data-testid="check-in-{members[9].code}"' not in html
    assert f'data-testid="revoke-leave-{members[9].code}"' in html
    assert f'data-testid="check-in-{members[12].code}"' in html
    assert f'data-testid="check-in-{members[0].code}"' not in html
    assert members[12].delegation.name in html and "（出差）" in html


def test_console_quorum_from_the_roster_equals_the_counted_quorum():
    staff, meeting = _console(members=6, polls=1)
    rows = console.roster_rows(meeting=meeting, viewer=staff)  # type: ignore[arg-type]
    assert selectors.quorum_state(meeting=meeting, counts=Counter(r["status"] for r in rows)) == (
        selectors.quorum_state(meeting=meeting)
    )
