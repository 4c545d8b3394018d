"""The history loader: the 2nd session's livelihood round (L1–L5) went through the services in its
year — 10 of 13 candidates chosen by the plenary's secret ballot, each supervised under "三个1",
delivered and completed; loading twice adds nothing (issue 16)."""

from __future__ import annotations

import io

import pytest

from renda.livelihood import demo_history
from renda.livelihood.models import Candidate, Programme, ProgrammeEvent, Project, ProjectEvent
from renda.meetings.models import Meeting, VoteCast
from renda.organization import demo as org_demo

pytestmark = pytest.mark.django_db


def test_l4_l5_the_2nd_sessions_ten_projects_were_voted_supervised_and_completed_in_their_year():
    # given the organisation demo
    org_demo.load(stdout=io.StringIO())
    # when the history loads twice
    first = demo_history.load(stdout=io.StringIO())
    again = demo_history.load(stdout=io.StringIO())
    # then one programme of the 2nd session's year, published after the plenary's secret ballot
    programme = Programme.objects.get()
    assert again.pk == first.pk == programme.pk
    year = programme.session.opening_date.year
    assert (programme.session.ordinal, programme.year, programme.status) == (2, year, Programme.Status.PUBLISHED)
    plenary = Meeting.objects.get(kind=Meeting.Kind.PLENARY, session=programme.session)
    assert plenary.status == "closed" and plenary.starts_at.year == year
    assert VoteCast.objects.filter(poll__item__meeting=plenary).count() == 330
    # and L4: the 10 with most 赞成 above half of all deputies were chosen, the other 3 not
    chosen = set(programme.candidates.filter(status=Candidate.Status.SELECTED).values_list("title", flat=True))
    assert chosen == {c[0] for c in demo_history.CANDIDATES[:10]}
    assert programme.candidates.filter(status=Candidate.Status.NOT_SELECTED).count() == 3
    actions = list(ProgrammeEvent.objects.filter(programme=programme).values_list("action", flat=True))
    assert {"create", "open_solicitation", "close_solicitation", "submit", "vote_start", "publish"} <= set(actions)
    # and L5: every project has its three supervisors, went planning → implementing → completed on the trail
    projects = Project.objects.filter(programme=programme)
    assert projects.count() == 10
    assert set(projects.values_list("status", flat=True)) == {Project.Status.COMPLETED}
    assert not projects.filter(lead_vice_chair__isnull=True).exists()
    assert not projects.filter(special_committee__isnull=True).exists()
    for project in projects:
        trail = list(ProjectEvent.objects.filter(project=project).order_by("at", "id").values_list("action", flat=True))
        assert [a for a in trail if a in ("plan", "supervision", "start", "complete")] == [
            "plan", "supervision", "start", "complete",
        ], trail  # fmt: skip
        assert {e.at.year for e in ProjectEvent.objects.filter(project=project)} == {year}
