"""Dashboards (统计图表, issue 16 item 5): series values on constructed data, agreement with the metric
dictionary, filters, drill-downs, downloads, each role's view and a query count that does not grow."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from renda.liaison.tests.factories import OpinionFactory
from renda.livelihood.models import Milestone
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.proposals.models import KeySupervision, Proposal
from renda.proposals.tests import factories as pf
from renda.reports import dashboards, metrics, permissions
from renda.reports.dashboards import STAFF, SUPERVISOR, UNIT, Filters, Scope
from renda.reports.periods import year_period
from renda.reports.tests.dataset import SH, build

pytestmark = pytest.mark.django_db

Y2026 = year_period(2026)
TODAY = date(2027, 1, 15)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _staff_scope(data) -> Scope:
    return Scope(STAFF, data.congress_id, data.world.staff)


def _values(series) -> dict[str, list]:
    return {name: data for name, data in series.datasets}


def test_series_values_on_constructed_data():
    # given the data set whose every figure is known (2 replies by unit 0: one on time, one late)
    data = build()
    scope, flt = _staff_scope(data), Filters(Y2026)
    # when the staff series are computed for 2026
    pipeline = dashboards.pipeline(scope, flt)
    rates = dashboards.unit_rates(scope, flt)
    classes = dashboards.classes(scope, flt)
    sat = dashboards.satisfaction(scope, flt)
    topics = dashboards.opinions_by_topic(scope, flt)
    projects = dashboards.livelihood_progress(scope, flt)
    # then the pipeline counts the 5 suggestions by stage
    by_stage = dict(zip(pipeline.labels, pipeline.datasets[0][1], strict=True))
    assert sum(by_stage.values()) == 5
    assert by_stage["已提交"] == 1 and by_stage["已登记"] == 1 and by_stage["办理中"] == 1
    assert by_stage["已答复待评价"] + by_stage["办结"] + by_stage["重新办理"] == 2  # the two replied, rated
    # unit 0 answered 2, 1 on time: 50 %
    assert rates == [
        {"unit_id": data.world.units[0].pk, "name": data.world.units[0].name, "replies": 2, "on_time": 1}
        | {"late": 1, "rate": 50.0}
    ]
    # both replies are class A; ratings 满意 and 不满意 give 50 %
    assert classes.datasets[0][1][0] == 2 and sum(classes.datasets[0][1]) == 2
    assert dict(zip(sat.labels, sat.datasets[0][1], strict=True))["满意"] == 1
    assert "50.0%" in sat.headline
    # the 3 opinions heard at stations, all unclassified; the 2 projects of 2026
    assert sum(topics.datasets[0][1]) == 3
    assert len(projects.labels) == 2


def test_dashboard_figures_agree_with_the_metric_dictionary():
    # given the data set, unfiltered
    data = build()
    scope, flt = _staff_scope(data), Filters(Y2026)
    value = {m.id: m.value(data.congress_id, Y2026) for m in metrics.METRICS}
    # then the charts' totals are the metrics' values (one source)
    assert sum(dashboards.pipeline(scope, flt).datasets[0][1]) == value["suggestions"]
    rates = dashboards.unit_rates(scope, flt)
    assert sum(r["replies"] for r in rates) == value["replies"]
    assert sum(r["on_time"] for r in rates) == value["replies_on_time"]
    assert dashboards.late_replies(scope, flt).count() == value["replies"] - value["replies_on_time"]
    assert sum(dashboards.satisfaction(scope, flt).datasets[0][1]) == value["evaluations"]
    assert f"{value['satisfaction_rate']}%" in dashboards.satisfaction(scope, flt).headline
    assert sum(dashboards.opinions_by_topic(scope, flt).datasets[0][1]) == value["opinions_heard"]
    assert len(dashboards.livelihood_progress(scope, flt).labels) == value["livelihood_projects"]


def test_overdue_trend_counts_late_replies_and_open_overdue_by_month():
    # given the data set: one late reply; the assigned (key) suggestion is still open
    data = build()
    scope, flt = _staff_scope(data), Filters(Y2026)
    # when the trend is computed on 15 January 2027
    trend = dashboards.overdue_trend(scope, flt, today=TODAY)
    late, still = _values(trend)["逾期答复"], _values(trend)["超期未答复"]
    # then 12 months, one late reply in the month it was made, and the open assignments past their
    # deadline (the key one, and the one re-handled after its 不满意 rating)
    assert len(trend.labels) == 12
    late_month = f"{data.extra['late_reply'].replied_on:%Y-%m}"
    assert late[trend.labels.index(late_month)] == 1 and sum(late) == 1
    open_total = sum(
        dashboards.records(scope, flt, "overdue_trend", f"open-{m}", today=TODAY).records.count() for m in trend.labels
    )
    assert sum(still) == open_total == dashboards.open_overdue(scope, flt, TODAY).count() >= 1
    # and the drill-down of that month lists exactly that reply
    drill = dashboards.records(scope, flt, "overdue_trend", f"late-{late_month}")
    assert list(drill.records) == [data.extra["late_reply"]]


def test_filters_by_delegation_group_and_unit():
    # given the data set: deputy 0 leads 4 suggestions, deputy 1 one (each deputy has his own delegation)
    data = build()
    w = data.world
    scope = _staff_scope(data)
    group = f.ProfessionalGroupFactory(term=w.session.term)
    w.deputies[1].professional_groups.add(group)
    # when filtering by deputy 0's delegation, deputy 1's group, and unit 1 (no assignment)
    by_delegation = dashboards.pipeline(scope, Filters(Y2026, delegation_id=w.deputies[0].delegation_id))
    by_group = dashboards.pipeline(scope, Filters(Y2026, group_id=group.pk))
    by_unit = dashboards.unit_rates(scope, Filters(Y2026, unit_id=w.units[1].pk))
    # then each counts only its own
    assert sum(by_delegation.datasets[0][1]) == 4
    assert sum(by_group.datasets[0][1]) == 1
    assert by_unit == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("delegation=abc", "找不到该代表团"),
        ("delegation=999999", "找不到该代表团"),
        ("group=-1", "找不到该专业小组"),
        ("unit=1%27", "找不到该承办单位"),
        ("year=20x6", "年度须为四位数字"),
    ],
)
def test_bad_filter_values_give_a_chinese_message_not_a_500(query, message):
    # given staff
    data = build()
    c = _client(data.world.staff)
    # when a filter is bad, on the page, the xlsx and the drill-down
    for url in ("reports:dashboard", "reports:dashboard-records"):
        args = ["pipeline"] if url.endswith("records") else []
        resp = c.get(f"{reverse(url, args=args)}?{query}&key=registered")
        # then the page says what is wrong (400), never a server error
        assert resp.status_code == 400
        assert message in resp.content.decode()
    resp = c.get(f"{reverse('reports:dashboard-xlsx', args=['pipeline'])}?{query}")
    assert resp.status_code == 400 and message in resp.content.decode()


def test_S3_S14_drill_from_on_time_rate_by_unit_into_the_units_late_replies():
    # given the data set
    data = build()
    unit = data.world.units[0]
    c = _client(data.world.staff)
    # when staff open the dashboard for 2026 and follow unit 0's bar
    page = c.get(reverse("reports:dashboard"), {"year": "2026"})
    assert page.status_code == 200
    link = page.context["series"][1].links[0][0]
    assert f"key={unit.pk}" in link
    drill = c.get(link)
    # then the unit's one late reply is listed, linking to its suggestion
    assert drill.status_code == 200
    assert len(drill.context["rows"]) == 1
    cells = {str(c.label): cell.text for c, cell in drill.context["rows"][0]}
    assert cells["答复时的办理期限"] < cells["答复日期"]  # the deadline then in force, not today's
    proposal = data.extra["late_reply"].assignment.proposal
    assert reverse("proposals:detail", args=[proposal.pk]) in drill.content.decode()
    # and a key that is not in the chart is a Chinese message
    bad = c.get(reverse("reports:dashboard-records", args=["on_time_by_unit"]), {"year": "2026", "key": "x"})
    assert bad.status_code == 400 and "图表中没有这一项" in bad.content.decode()


def test_xlsx_holds_the_same_series_as_the_chart():
    # given the data set
    data = build()
    c = _client(data.world.staff)
    # when staff download the on-time rates as xlsx
    resp = c.get(reverse("reports:dashboard-xlsx", args=["on_time_by_unit"]), {"year": "2026"})
    # then it is a workbook whose rows are the chart's labels and values
    assert resp.status_code == 200 and resp["Content-Disposition"].endswith('on_time_by_unit.xlsx"')
    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1] == (None, "按期答复率")
    assert rows[2] == (data.world.units[0].name, 50.0)
    # and a chart the role has not is a 404
    assert c.get(reverse("reports:dashboard-xlsx", args=["nope"])).status_code == 404


def test_query_count_does_not_grow_with_the_data(django_assert_max_num_queries):
    # given the data set, the staff dashboard is rendered once to learn its query count
    data = build()
    c = _client(data.world.staff)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert c.get(reverse("reports:dashboard"), {"year": "2026"}).status_code == 200
    # when many more suggestions, replies, opinions and milestones are added
    w = data.world
    for i in range(6):
        _p, a = pf.received(w, title=f"关于第{i}条道路的建议")
        pf.submit_reply(w, a, reply_class="B" if i % 2 else "A", when=pf.at(2026, 6, 2 + i))
    station = f.LiaisonStationFactory(congress_id=data.congress_id)
    for m in range(1, 13):
        OpinionFactory(congress_id=data.congress_id, station=station, received_at=datetime(2026, m, 3, tzinfo=SH))
    for project in dashboards.projects(_staff_scope(data), Filters(Y2026)):
        for order in (1, 2, 3):
            Milestone.objects.create(project=project, order=order, title="节点", due_on=date(2026, 9, 1), progress=50)
    # then the page runs no more queries than before
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert c.get(reverse("reports:dashboard"), {"year": "2026"}).status_code == 200


def test_supervisor_sees_only_what_he_supervises():
    # given the data set's key suggestion supervised by the vice-chair, who has a supervisor login
    data = build()
    w = data.world
    key = Proposal.objects.get(is_key=True)
    KeySupervision.objects.create(
        proposal=key,
        designated_by=w.committee,
        designated_on=date(2026, 4, 1),
        vice_chair=w.vice_chair,
        committee=w.committee,
    )
    sup = f.UserFactory(role=User.Role.SUPERVISOR, deputy=w.vice_chair, congress_id=data.congress_id)
    # when he opens the dashboard
    resp = _client(sup).get(reverse("reports:dashboard"), {"year": "2026"})
    # then he sees one suggestion (his), no opinions chart, and only the project he leads
    assert resp.status_code == 200
    series = {s.id: s for s in resp.context["series"]}
    assert sum(series["pipeline"].datasets[0][1]) == 1
    assert "opinions_by_topic" not in series
    assert len(series["livelihood"].labels) == 1
    # and he cannot drill into a chart of the staff's
    drill = _client(sup).get(reverse("reports:dashboard-records", args=["opinions_by_topic"]), {"key": "0"})
    assert drill.status_code == 400


def test_unit_sees_its_own_record_against_the_average():
    # given a second unit with one on-time reply: unit 0 is at 50 %, unit 1 at 100 %
    data = build()
    w = data.world
    p = pf.registered(w, title="关于修缮桥梁的建议")
    from renda.proposals import services

    a = services.suggestion_assign(proposal=p, actor=w.staff, leads=[w.units[1]], at=pf.at(2026, 4, 10))[0]
    a = services.assignment_receive(assignment=a, actor=w.unit_users[1], at=pf.at(2026, 4, 13))
    services.consultation_record(
        assignment=a, actor=w.unit_users[1], method="face_to_face", held_on=date(2026, 4, 20), deputy_views="同意"
    )
    pf.submit_reply(w, a, unit=1, when=pf.at(2026, 5, 6))
    # when unit 0's officer opens the dashboard, asking for unit 1's figures in the URL
    resp = _client(w.unit_users[0]).get(reverse("reports:dashboard"), {"year": "2026", "unit": str(w.units[1].pk)})
    # then the comparison shows his own 50 % against the 75 % average, and no unit filter is offered
    assert resp.status_code == 200
    series = {s.id: s for s in resp.context["series"]}
    own, average = series["unit_vs_average"].datasets
    assert own[1][0] == 50.0 and average[1][0] == 75.0
    assert 'name="unit"' not in resp.content.decode()
    # and he cannot drill into another unit's late replies
    other = reverse("reports:dashboard-records", args=["on_time_by_unit"])
    assert _client(w.unit_users[0]).get(other, {"year": "2026", "key": str(w.units[1].pk)}).status_code == 400
    assert _client(w.unit_users[0]).get(other, {"year": "2026", "key": str(w.units[0].pk)}).status_code == 200


def test_S21_public_dashboard_shows_published_figures_only_and_no_personal_data():
    # given the data set
    data = build()
    w = data.world
    # when a deputy or a visitor asks for the dashboard, then they are refused / sent to log in
    assert _client(w.deputy_users[0]).get(reverse("reports:dashboard")).status_code == 403
    assert Client().get(reverse("reports:dashboard")).status_code == 302
    # when a visitor opens the public page
    resp = Client().get(reverse("reports:public-dashboard"), {"year": "2026"})
    # then it shows published figures only, and no names
    assert resp.status_code == 200
    ids = [s.id for s in resp.context["series"]]
    assert ids == ["public_classes", "livelihood"]
    body = resp.content.decode()
    assert w.deputies[0].name not in body and w.deputies[0].phone not in body
    # a reply counts on the public page from its publish date (S21), not before
    public = Scope(dashboards.PUBLIC, data.congress_id)
    assert sum(dashboards.public_classes(public, Filters(Y2026), today=date(2026, 6, 2)).datasets[0][1]) == 0
    assert sum(dashboards.public_classes(public, Filters(Y2026), today=TODAY).datasets[0][1]) == 2
    assert (
        Client().get(reverse("reports:public-dashboard-xlsx", args=["pipeline"]), {"year": "2026"}).status_code == 404
    )
    ok = Client().get(reverse("reports:public-dashboard-xlsx", args=["public_classes"]), {"year": "2026"})
    assert ok.status_code == 200


def test_each_role_reaches_its_dashboard_by_clicking_from_home():
    # given staff, a unit officer and a supervisor
    data = build()
    w = data.world
    sup = f.UserFactory(role=User.Role.SUPERVISOR, deputy=w.vice_chair, congress_id=data.congress_id)
    url = reverse("reports:dashboard")
    # then the staff menu and the unit's and supervisor's home pages link to the dashboard
    for user in (w.staff, w.unit_users[0], sup):
        assert f'href="{url}"' in _client(user).get("/home/").content.decode(), user.role
    # and the public page is in the visitors' menu
    assert reverse("reports:public-dashboard") in Client().get(reverse("login")).content.decode()


def test_dashboard_scopes_are_by_role():
    # given one login per role
    data = build()
    w = data.world
    sup = f.UserFactory(role=User.Role.SUPERVISOR, deputy=w.vice_chair, congress_id=data.congress_id)
    # then each gets its scope, the unit fixed to its own
    assert permissions.dashboard_role(w.staff) == STAFF
    assert permissions.dashboard_role(sup) == SUPERVISOR
    scope = dashboards.scope_for(w.unit_users[0])
    assert scope is not None and scope.role == UNIT and scope.own_unit == w.units[0].pk
    assert permissions.dashboard_role(w.deputy_users[0]) is None
