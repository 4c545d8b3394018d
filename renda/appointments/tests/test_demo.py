"""The demo reproduces the seed's figures, counted from records (RULES.md §7): "依法任免国家机关工作人员99人次",
"组织开展7次宪法宣誓仪式"; with one removal, one resignation and two appointees not yet sworn."""

from __future__ import annotations

import pytest

from renda.appointments import demo, selectors
from renda.appointments.models import Appointment, OathTaker, Tenure
from renda.meetings.models import Poll
from renda.organization import demo as org_demo
from renda.organization.models import Congress

pytestmark = pytest.mark.django_db

SEED_PERSON_TIMES = 99
SEED_OATH_CEREMONIES = 7


def test_demo_figures_equal_the_seed_and_loading_twice_duplicates_nothing():
    # given the demo congress
    org_demo.load()
    # when the appointments demo loads twice
    assert demo.load() == SEED_PERSON_TIMES
    assert demo.load() == SEED_PERSON_TIMES
    congress = Congress.objects.get(region_code="140200")
    # then the year's figures, counted from records, are the seed's
    figures = selectors.figures(congress_id=congress.pk, year=2025)
    assert figures == {"appointed_or_removed": 99, "removals": 1, "resignations": 1, "ceremonies": 7, "unsworn": 2}
    assert figures["appointed_or_removed"] == SEED_PERSON_TIMES and figures["ceremonies"] == SEED_OATH_CEREMONIES
    # every adopted case was voted in a closed secret poll of the meetings app
    adopted = Appointment.objects.filter(congress=congress, status="adopted")
    assert not adopted.exclude(poll__status="closed").exists()
    assert set(Poll.objects.filter(pk__in=adopted.values("poll")).values_list("method", flat=True)) == {"secret"}
    # the removed and the resigned no longer hold their posts; every sworn appointee has one oath
    assert Tenure.objects.filter(end_reason__in=["免职", "接受辞职"]).count() == 2
    assert OathTaker.objects.count() == adopted.filter(kind__in=Appointment.TAKING_OFFICE).count() - 2
    # post types across the table's organs
    assert adopted.values("post__post_type").distinct().count() >= 8
