"""The demo loader: 1 bill + 210 suggestions, 10 key, every stage, some overdue; idempotent."""

from __future__ import annotations

import io

import pytest

from renda.organization import demo as org_demo
from renda.proposals import demo, selectors
from renda.proposals.models import Assignment, Kind, Proposal, Reply
from renda.proposals.tests import factories as pf
from renda.proposals.workflow import Status

pytestmark = pytest.mark.django_db


def test_demo_loads_session_figures_every_stage_and_is_idempotent():
    # given the organisation demo
    org_demo.load(stdout=io.StringIO())
    # when loading twice
    out = io.StringIO()
    demo.load(stdout=out)
    demo.load(stdout=out)
    # then the seed's figures, once
    session_items = Proposal.objects.exclude(session__isnull=True)
    assert session_items.filter(kind=Kind.BILL).count() == 1
    assert session_items.filter(submitted_as=Kind.SUGGESTION).count() == 210
    assert session_items.filter(is_key=True).count() == 10
    stages = set(session_items.values_list("status", flat=True))
    assert {
        Status.RETURNED,
        Status.WITHDRAWN,
        Status.REGISTERED,
        Status.ASSIGNED,
        Status.REPLIED,
        Status.REHANDLING,
        Status.CLOSED,
        Status.REFERRED,
    } <= stages
    assert len(set(session_items.filter(is_key=True).values_list("status", flat=True))) >= 3
    # and every suggestion's and reply's public copy is the masking of its text (S21, written by the services)
    assert Reply.objects.exists() and pf.stale_public_copies() == []
    assert selectors.overdue_board(congress_id=None)
    assert Assignment.objects.filter(status="reassign_requested").count() == 1
    assert "already loaded" in out.getvalue()


def test_demo_without_data_file_uses_210_distinct_synthetic_suggestions_and_says_so(settings, tmp_path):
    # given the organisation demo and an empty data directory (no messages_labeled.csv)
    settings.DATA_DIR = tmp_path
    org_demo.load(stdout=io.StringIO())
    # when loading the proposals demo
    out = io.StringIO()
    demo.load(stdout=out)
    # then 210 suggestions with distinct titles, and the loader says the texts are synthetic
    suggestions = Proposal.objects.exclude(session__isnull=True).filter(submitted_as=Kind.SUGGESTION)
    assert suggestions.count() == 210
    assert len(set(suggestions.values_list("title", flat=True))) == 210
    assert "SYNTHETIC" in out.getvalue()
