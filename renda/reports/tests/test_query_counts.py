"""Query counts that do not grow with the data (issue 16 item 7): each role's dashboard, the work-statistics
page with the report's paragraphs, the report's .docx and the staff list of deputies' activity records run
the same number of queries on the constructed data set and on three times as much; the list's counts,
read for a whole page in one query, are each deputy's own record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.liaison.models import Reception
from renda.liaison.tests.factories import OpinionFactory
from renda.livelihood.models import Milestone, Programme
from renda.livelihood.tests import factories as lf
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.oversight.models import InspectionMember, OversightItem, OversightPlan
from renda.proposals import services
from renda.proposals.models import KeySupervision, Proposal, Satisfaction
from renda.proposals.tests import factories as pf
from renda.reports import aggregates, batches, metrics, records
from renda.reports.periods import year_period
from renda.reports.selectors import record_config
from renda.reports.tests import record_scene
from renda.reports.tests.dataset import EXPECTED_2026, SH, Data, build

pytestmark = pytest.mark.django_db
Y2026 = year_period(2026)


def _client(user: User | None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def grow(data: Data, k: int) -> None:
    """Add ``k`` of everything the pages count: deputies (with a reception day and an inspection place
    each), units with an assigned, replied and rated suggestion each, opinions at a new station,
    livelihood projects with milestones."""
    w = data.world
    term, congress_id = w.session.term, data.congress_id
    station: Any = f.LiaisonStationFactory(congress_id=congress_id)
    programme = Programme.objects.get(session=w.session, year=2026)
    plan, _ = OversightPlan.objects.get_or_create(
        congress_id=congress_id, year=2026, defaults={"title": "2026年监督计划"}
    )
    item = OversightItem.objects.create(plan=plan, kind=OversightItem.Kind.INSPECTION, title="执法检查",
                                        inspection_starts_on=date(2026, 5, 1))  # fmt: skip
    for i in range(k):
        n = len(w.units)
        deputy: Any = f.DeputyFactory(term=term)
        unit: Any = f.HandlingUnitFactory(congress_id=congress_id)
        w.units.append(unit)
        officer: Any = f.UserFactory(role=User.Role.UNIT_OFFICER, handling_unit=unit, congress_id=congress_id)
        w.unit_users.append(officer)
        p = pf.registered(w, title=f"关于第{n}条道路的建议")
        a = services.suggestion_assign(proposal=p, actor=w.staff, leads=[unit], at=pf.at(2026, 4, 10))[0]
        a = services.assignment_receive(assignment=a, actor=w.unit_users[n], at=pf.at(2026, 4, 13))
        services.consultation_record(
            assignment=a, actor=w.unit_users[n], method="face_to_face", held_on=date(2026, 4, 20), deputy_views="同意"
        )
        day = 2 + i % 20
        r = pf.submit_reply(w, a, unit=n, reply_class="B" if i % 2 else "A", when=pf.at(2026, 5, day))
        services.evaluation_submit(reply=r, actor=w.deputy_users[0], attitude=Satisfaction.SATISFIED,
                                   result=Satisfaction.SATISFIED, at=pf.at(2026, 5, day + 1))  # fmt: skip
        OpinionFactory(congress_id=congress_id, station=station, received_at=datetime(2026, 1 + i % 12, 3, tzinfo=SH))
        Reception.objects.create(station=station, date=date(2026, 5, 1 + i % 28), visitor_count=3).deputies.add(
            deputy, w.deputies[0]
        )
        InspectionMember.objects.create(item=item, deputy=deputy, role=InspectionMember.Role.MEMBER)
        project: Any = lf.ProjectFactory(
            candidate=lf.CandidateFactory(programme=programme), lead_vice_chair=w.vice_chair
        )
        for order in (1, 2):
            Milestone.objects.create(project=project, order=order, title="节点", due_on=date(2026, 9, 1), progress=50)


def _pages(data: Data, supervisor: User) -> dict[str, tuple[User | None, str, dict[str, str]]]:
    w, year = data.world, {"year": "2026"}
    return {
        "staff dashboard": (w.staff, reverse("reports:dashboard"), year),
        "staff dashboard by delegation": (
            w.staff,
            reverse("reports:dashboard"),
            {**year, "delegation": str(w.deputies[0].delegation_id)},
        ),
        "supervisor dashboard": (supervisor, reverse("reports:dashboard"), year),
        "unit dashboard": (w.unit_users[0], reverse("reports:dashboard"), year),
        "public dashboard": (None, reverse("reports:public-dashboard"), year),
        "work statistics and report text": (w.staff, reverse("reports:work"), year),
        "work report .docx": (w.staff, reverse("reports:work-document"), year),
        "staff list of activity records": (w.staff, reverse("reports:deputy-records"), year),
    }


def _counts(data: Data, supervisor: User) -> dict[str, int]:
    out = {}
    for name, (user, url, query) in _pages(data, supervisor).items():
        client = _client(user)
        client.get(url, query)  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, query).status_code == 200, name
        out[name] = len(ctx.captured_queries)
    return out


def test_dashboards_work_report_docx_and_record_list_run_the_same_queries_at_three_times_the_data():
    # given the constructed data set grown to n, with a supervisor of its key suggestion
    data = build()
    w = data.world
    KeySupervision.objects.create(proposal=Proposal.objects.get(is_key=True), designated_by=w.committee,
                                  designated_on=date(2026, 4, 1), vice_chair=w.vice_chair, committee=w.committee)  # fmt: skip
    supervisor = f.UserFactory(role=User.Role.SUPERVISOR, deputy=w.vice_chair, congress_id=data.congress_id)
    grow(data, 3)
    small = _counts(data, supervisor)
    # when there is three times as much of everything (deputies, units, replies, opinions, projects)
    grow(data, 10)
    big = _counts(data, supervisor)
    # then every page runs exactly as many queries as before
    assert big == small
    # and none runs a query per metric row or per deputy beyond the dictionary's one per metric
    assert small["staff list of activity records"] < 20


def test_the_staff_list_reads_a_whole_page_in_one_query_and_shows_each_deputys_own_counts():
    # given the record scene (d leads, co-signs, attends, is on leave and absent, votes, has duty days,
    # opinions, activities and a comment; e one activity)
    s = record_scene.build()
    congress_id = s.w.session.term.congress_id
    deputies = [*s.w.deputies, s.w.vice_chair]
    config = record_config(congress_id)
    # when the page's counts are read together
    with CaptureQueriesContext(connection) as ctx:
        rows = aggregates.page_records(deputies, congress_id=congress_id, period=Y2026, config=config)
    # then it takes one query, and each deputy's counts are those of their own record
    assert len(ctx.captured_queries) == 1
    for d, row in zip(deputies, rows, strict=True):
        own = records.deputy_record(deputy=d, period=Y2026, lists=False)
        assert [(e.kind, e.count) for e in row.entries] == [(e.kind, e.count) for e in own.entries], d
    assert rows[0].count("cosigned") == 1 and rows[0].count("duty_days") == 1 and rows[1].count("leave") == 1
    # and a subset of kinds (the public page's) and an empty page read what they are asked for
    only = aggregates.page_records(deputies[:1], congress_id=congress_id, period=Y2026, config=config,
                                   only=frozenset({"activities"}))  # fmt: skip
    assert [(e.kind, e.count) for e in only[0].entries] == [("activities", 2)]
    assert aggregates.page_records([], congress_id=congress_id, period=Y2026, config=config) == []


def test_metrics_read_together_give_each_metrics_own_value():
    # given the constructed data set (one reply on time and one late, rated 满意 and 不满意)
    data = build()
    # when every figure is read for 2026 (replies/on time and evaluations/rate in one query per pair)
    figures = {fig.metric.id: fig.value for fig in metrics.figures(data.congress_id, Y2026)}
    # then each is exactly its metric's own value, and the documented figure
    assert figures == {m.id: m.value(data.congress_id, Y2026) for m in metrics.METRICS}
    batched = {i for ids, _read in batches.BATCHES for i in ids}
    assert {i: figures[i] for i in batched} == {i: EXPECTED_2026[i] for i in batched}
    # and with no rating at all the rate is 0.0, as the metric computes it
    empty = batches.batched_values(metrics.BY_ID, data.congress_id, year_period(2030))
    assert empty == {"replies": 0, "replies_on_time": 0, "evaluations": 0, "satisfaction_rate": 0.0}


def test_opinions_of_a_period_are_those_of_its_local_days_from_first_midnight_to_last():
    # given opinions heard at a station just before, at, and just after the ends of 2026 (Beijing time)
    station: Any = f.LiaisonStationFactory()
    moments = {
        datetime(2025, 12, 31, 23, 59, 59, tzinfo=SH): False,
        datetime(2026, 1, 1, 0, 0, tzinfo=SH): True,
        datetime(2026, 12, 31, 23, 59, 59, tzinfo=SH): True,
        datetime(2027, 1, 1, 0, 0, tzinfo=SH): False,
    }
    made = {OpinionFactory(congress=station.congress, station=station, received_at=at).pk: inside
            for at, inside in moments.items()}  # fmt: skip
    # when the metric "opinions heard" reads 2026 (an instant range the index serves)
    heard = set(metrics.BY_ID["opinions_heard"].records(station.congress_id, Y2026).values_list("pk", flat=True))
    # then it holds exactly the two of 2026's local days
    assert heard == {pk for pk, inside in made.items() if inside}
