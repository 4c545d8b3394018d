"""The provincial-scale dataset of ``bench/scale_data.py`` (issue 17), loaded tiny: what it creates,
and a second load with the same parameters does nothing (its marker)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import scale_data

pytestmark = pytest.mark.django_db


def test_tiny_dataset_loads_once_with_every_state():
    from renda.liaison.models import Opinion
    from renda.meetings.models import Meeting
    from renda.proposals.models import Assignment, Proposal

    p = scale_data.Params.tiny()
    info = scale_data.load(p, log=lambda _m: None)
    assert info["loaded"] and len(info["congress_ids"]) == p.congresses
    assert Proposal.objects.filter(congress_id__in=info["congress_ids"]).count() == p.suggestions
    assert Assignment.objects.filter(proposal__congress_id__in=info["congress_ids"]).count() == p.assignments
    assert Opinion.objects.filter(congress_id__in=info["congress_ids"]).count() == p.opinions
    assert Meeting.objects.filter(congress_id__in=info["congress_ids"], status="in_progress").count() == p.congresses
    states = set(Assignment.objects.values_list("status", flat=True))
    assert {"assigned", "received", "replied", "closed"} <= states
    again = scale_data.load(p, log=lambda _m: None)
    assert not again["loaded"] and again["congress_ids"] == info["congress_ids"]
    assert Proposal.objects.filter(congress_id__in=info["congress_ids"]).count() == p.suggestions
    with pytest.raises(RuntimeError):  # another size in the same database is refused without reset
        scale_data.load(
            scale_data.Params(
                congresses=2, suggestions=10, assignments=30, opinions=10, deputies=30, units=8, stations=3
            ),
            log=lambda _m: None,
        )
