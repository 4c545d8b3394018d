"""Each metric against a constructed data set, the drill-down lists exactly what it counts, the
command's JSON, and the 余/多 rounding helper."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.reports import metrics
from renda.reports.periods import BadPeriod, approximate, parse_period, session_period, year_period
from renda.reports.tests.dataset import EXPECTED_2026, build

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("exact", "written"),
    [
        (0, "0"),
        (7, "7"),
        (10, "10"),
        (23, "20余"),
        (99, "90余"),
        (150, "150"),
        (156, "150余"),
        (6347, "6300余"),
        (3200, "3200"),
        (7512, "7500余"),
        (12345, "12000余"),
    ],
)
def test_approximate_rounds_down_the_way_the_report_writes(exact, written):
    assert approximate(exact) == written


def test_approximate_says_duo_when_asked_and_refuses_negative_counts():
    assert approximate(156, "多") == "150多"
    with pytest.raises(ValueError):
        approximate(-1)


def test_every_metric_has_its_documented_value_for_2026_and_its_drill_down_lists_exactly_its_records():
    data = build()
    staff = f.UserFactory(role=User.Role.STAFF, username="r_staff", congress_id=data.congress_id)
    client = Client()
    client.force_login(staff)
    period = year_period(2026)
    assert {m.id for m in metrics.METRICS} == set(EXPECTED_2026)
    got = {m.id: m.value(data.congress_id, period) for m in metrics.METRICS}
    assert got == EXPECTED_2026
    for m in metrics.METRICS:
        records = list(m.records(data.congress_id, period))
        page = client.get(reverse("reports:metric", args=[m.id]), {"year": "2026"})
        assert page.status_code == 200, m.id
        listed = list(page.context["page"].object_list)
        assert [r.pk for r in listed] == [r.pk for r in records], m.id  # same records, same order, one page
        if m.id == "visitors":
            assert sum(r.visitor_count for r in listed) == got[m.id]
        elif m.id != "satisfaction_rate":
            assert len(listed) == got[m.id], m.id
        assert page.context["figure"].value == got[m.id]


def test_the_statistics_page_links_every_figure_to_its_records_and_the_command_prints_the_same():
    data = build()
    staff = f.UserFactory(role=User.Role.STAFF, username="r_staff", congress_id=data.congress_id)
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("reports:work"), {"year": "2026"})
    assert page.status_code == 200
    html = page.content.decode()
    for m in metrics.METRICS:
        assert f'href="{reverse("reports:metric", args=[m.id])}?year=2026"' in html, m.id
    shown = {fig.metric.id: fig.value for g in page.context["groups"] for fig in g.figures}
    out = StringIO()
    call_command("report", "work", "--year", "2026", "--congress", str(data.congress_id), "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [set(r) for r in rows] == [{"id", "label", "value", "unit"}] * len(metrics.METRICS)
    assert {r["id"]: r["value"] for r in rows} == shown == EXPECTED_2026
    assert rows[0]["label"] == "代表议案" and rows[0]["unit"] == "件"


def test_a_session_period_counts_that_sessions_proposals_and_runs_until_the_next_session():
    data = build()
    session = data.world.session
    period = parse_period(congress_id=data.congress_id, session=str(session.pk))
    assert (period.start, period.end) == (date(2026, 3, 18), date(2027, 3, 17))
    assert metrics.get("suggestions").value(data.congress_id, period) == 5
    earlier = session_period(type(session).objects.get(term=session.term, ordinal=2))
    assert earlier.end == date(2026, 3, 17)
    assert metrics.get("suggestions").value(data.congress_id, earlier) == 0
    assert metrics.get("livelihood_projects").value(data.congress_id, earlier) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "二〇二六"}, "年度须为四位数字"),
        ({"year": "99999"}, "年度须在"),
        ({"session": "x"}, "会次须为数字"),
        ({"session": "999999"}, "找不到该会次"),
    ],
)
def test_bad_period_input_gives_a_chinese_message_not_a_500(query, message):
    staff = f.UserFactory(role=User.Role.STAFF, username="r_staff", congress=f.SessionFactory().term.congress)
    client = Client()
    client.force_login(staff)
    for url in (reverse("reports:work"), reverse("reports:metric", args=["suggestions"])):
        page = client.get(url, query)
        assert page.status_code == 400
        assert message in page.content.decode()
    with pytest.raises(BadPeriod):
        parse_period(congress_id=staff.congress_id, **query)


def test_the_command_refuses_a_bad_year_and_an_unknown_congress_in_chinese():
    session = f.SessionFactory()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="年度须为四位数字"):
        call_command("report", "work", "--year", "abc", stdout=StringIO())
    with pytest.raises(CommandError, match="找不到编号为"):
        call_command("report", "work", "--congress", str(session.term.congress_id + 100), stdout=StringIO())


def test_a_session_opened_on_29_february_with_no_later_session_runs_a_year():
    session = f.SessionFactory(opening_date=date(2028, 2, 29), closing_date=date(2028, 3, 3))
    assert session_period(session).end == date(2029, 2, 28)


def test_only_staff_read_the_statistics_and_an_unknown_metric_is_404(deputy_user, unit_user):
    f.SessionFactory()
    for user in (deputy_user, unit_user):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("reports:work")).status_code == 403
        assert client.get(reverse("reports:metric", args=["deputies"])).status_code == 403
    assert Client().get(reverse("reports:work")).status_code == 302  # to the login page
    staff = f.UserFactory(role=User.Role.STAFF, username="r_staff")
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("reports:metric", args=["no_such_metric"])).status_code == 404
    assert "工作统计" in client.get(reverse("home")).content.decode()  # in the staff menu


def test_a_drill_down_page_runs_the_same_number_of_queries_whatever_its_length():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renda.proposals import services
    from renda.proposals.tests import factories as pf

    data = build()
    client = Client()
    client.force_login(data.world.staff)

    def queries(metric_id: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reports:metric", args=[metric_id]), {"year": "2026"}).status_code == 200
        return len(ctx.captured_queries)

    before = {m: queries(m) for m in ("suggestions", "replies", "evaluations", "deputies", "opinions_heard")}
    for i in range(3):  # three more suggestions, with the session's term shown on each row
        when = pf.at(2026, 3, 19)
        p = services.proposal_create(actor=data.world.deputy_users[3], title=f"又一件建议{i}", body=pf.BODY, at=when)
        services.proposal_submit(proposal=p, actor=data.world.deputy_users[3], at=when)
    f.DeputyFactory(term=data.world.session.term)
    assert {m: queries(m) for m in before} == before
