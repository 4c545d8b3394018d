"""The history loader: the stations' year before the 3rd session — reception days adding up to the
seed's "6300多" visitors and "3200余" opinions imported, classified and routed through the services
(issue 16); loading twice adds nothing."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import pytest
from django.db.models import Sum

from renda.liaison import demo, demo_history, selectors
from renda.liaison.models import Opinion, OpinionEvent, Reception
from renda.liaison.workflow import Status
from renda.organization import demo as org_demo
from renda.organization.models import Congress
from renda.reports.periods import approximate

pytestmark = pytest.mark.django_db


def test_visitor_counts_add_up_within_a_days_bounds_and_refuse_the_unreachable():
    counts = demo_history.visitor_counts(286)
    assert sum(counts) == demo_history.VISITORS and min(counts) >= 5 and max(counts) <= 40
    assert sum(demo_history.visitor_counts(2, 80)) == 80  # boundary: every day full
    with pytest.raises(ValueError):
        demo_history.visitor_counts(2, 81)


def test_the_years_receptions_and_opinions_went_through_the_services_and_load_once():
    # given the organisation and liaison demos (taxonomy, routes, the older opinions)
    org_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    before = Opinion.objects.count()
    # when the history loads twice
    out = io.StringIO()
    demo_history.load(stdout=out)
    demo_history.load(stdout=out)
    congress = Congress.objects.get(region_code="140200")
    year = congress.terms.get(ordinal=16).sessions.get(ordinal=3).opening_date.year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    # then two reception days per station, their deputies serving there, the visitors "6300多"
    receptions = selectors.receptions_in(congress_id=congress.pk, start=start, end=end)
    assert receptions.count() == 2 * congress.liaison_stations.count()
    visitors = receptions.aggregate(n=Sum("visitor_count"))["n"]
    assert (visitors, approximate(visitors, "多")) == (demo_history.VISITORS, "6300多")
    for r in Reception.objects.filter(pk__in=receptions.values("pk")).prefetch_related("deputies", "station__deputies"):
        assert r.deputies.exists() and set(r.deputies.all()) <= set(r.station.deputies.all())
    # and the year's opinions, "3200余", all at stations, classified and routed by staff on their trail
    heard = selectors.opinions_heard(congress_id=congress.pk, start=start, end=end)
    assert Opinion.objects.count() == before + demo_history.OPINIONS == before + heard.count()
    assert approximate(heard.count()) == "3200余"
    assert set(heard.values_list("status", flat=True)) == {Status.ROUTED}
    assert not heard.filter(unit__isnull=True).exists()
    # the ids as a list: inside the test's transaction PostgreSQL has no statistics for the rows just
    # loaded and may plan the sub-select as a nested loop over every event (minutes)
    heard_ids = list(heard.values_list("pk", flat=True))
    trails = Counter(OpinionEvent.objects.filter(opinion_id__in=heard_ids).values_list("action", flat=True))
    assert trails["received"] == trails["triage"] == trails["route"] == demo_history.OPINIONS
    assert "already loaded" in out.getvalue()
