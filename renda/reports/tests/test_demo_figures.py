"""The demo congress's figures that the seed's work report states (RULES.md §7) come out of the metrics.

Loads the organisation demo only (about 3 s; ``renda demo`` as a whole takes ~40 s CPU, too slow for a
unit test): the figures that need the other apps' demo data are listed in the report of this change.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from renda.organization import demo as org_demo
from renda.organization.demo import DEMO_YEAR

pytestmark = pytest.mark.django_db

#: RULES.md §7, the work report of the year before the 3rd session: 345 deputies in 7 professional
#: groups, 110 first-term deputies, 143 stations and 389 points.
SEED = {
    "deputies": 345,
    "deputies_first_term": 110,
    "professional_groups": 7,
    "liaison_stations": 143,
    "liaison_points": 389,
}


def test_renda_report_work_gives_the_seeds_figures_for_the_demo_congress():
    org_demo.load()
    out = StringIO()
    call_command("report", "work", "--year", str(DEMO_YEAR - 1), "--json", stdout=out)
    figures = {r["id"]: r["value"] for r in json.loads(out.getvalue())}
    assert {k: figures[k] for k in SEED} == SEED
