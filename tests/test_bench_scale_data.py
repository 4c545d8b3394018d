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


def test_pending_statement_names_the_index_or_constraint_it_creates():
    assert scale_data._object_name("CREATE INDEX opinion_period_idx ON public.liaison_opinion USING btree (x)") == (
        "opinion_period_idx"
    )
    assert scale_data._object_name("CREATE UNIQUE INDEX u1 ON public.t USING btree (a)") == "u1"
    assert (
        scale_data._object_name('ALTER TABLE "liaison_opinion" ADD CONSTRAINT "fk_c" FOREIGN KEY (congress_id) ...')
        == "fk_c"
    )


@pytest.mark.django_db(transaction=True)
def test_restore_pending_builds_what_an_interrupted_load_left_and_nothing_twice():
    """A load commits its rows, then builds the dropped indexes on other connections; if it stops in
    between, the next load builds what ``PENDING`` still lists (an index already there is skipped)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the indexes are rebuilt in parallel on PostgreSQL only")
    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'opinion_period_idx'")
        (definition,) = cur.fetchone()
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'opinion_status_idx'")
        (kept,) = cur.fetchone()
        cur.execute(f"CREATE TABLE {scale_data.PENDING} (statement text)")
        cur.execute(f"INSERT INTO {scale_data.PENDING} VALUES (%s), (%s)", [definition, kept])
        cur.execute("DROP INDEX opinion_period_idx")
    try:
        scale_data._restore_pending()
        with connection.cursor() as cur:
            cur.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname IN ('opinion_period_idx', 'opinion_status_idx')"
            )
            assert sorted(r[0] for r in cur.fetchall()) == ["opinion_period_idx", "opinion_status_idx"]
            cur.execute(f"SELECT count(*) FROM {scale_data.PENDING}")
            assert cur.fetchone()[0] == 0
    finally:
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {scale_data.PENDING}")
