"""The demo loaders reproduce the seed (Presidium 46 present, 10 projects under 三个1) and are idempotent."""

from __future__ import annotations

import pytest

from renda.livelihood import demo as livelihood_demo
from renda.livelihood.models import Project
from renda.meetings import demo as meetings_demo
from renda.meetings.models import Meeting, Poll, VoteCast
from renda.organization import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seed_and_loading_twice_duplicates_nothing():
    # given the demo congress
    org_demo.load()
    # when the meetings and livelihood demos load twice
    for _ in range(2):
        meeting = meetings_demo.load()
        programme = livelihood_demo.load()
    # then the Presidium meeting had 46 present, quorum met, and its resolutions passed
    presidium = Meeting.objects.get(kind=Meeting.Kind.PRESIDIUM)
    assert presidium.pk == meeting.pk
    assert presidium.attendances.filter(status="present").count() == 46
    polls = Poll.objects.filter(item__meeting=presidium)
    assert polls.count() == 8 and all(p.passed and p.status == "published" for p in polls)
    # and 10 projects were chosen, each with its three supervisors, starting with the seed's three
    assert Project.objects.count() == 10
    titles = list(programme.projects.order_by("-candidate__yes_votes").values_list("title", flat=True))
    assert titles[:3] == ["修好断头路", "创造就业岗位", "实施学生放心午餐工程"]
    assert not Project.objects.filter(lead_vice_chair__isnull=True).exists()
    assert not Project.objects.filter(special_committee__isnull=True).exists()
    assert VoteCast.objects.count() == 330
    assert Meeting.objects.count() == 2
