"""Statuses and transitions of a livelihood programme and of a project (house style 3)."""

from __future__ import annotations

from renda.core.workflow import assert_transition
from renda.livelihood.models import Candidate, Programme, Project

PS = Programme.Status
PROGRAMME_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PS.DRAFTING: (PS.SOLICITING,),
    PS.SOLICITING: (PS.SCREENING,),
    PS.SCREENING: (PS.SUBMITTED,),
    PS.SUBMITTED: (PS.VOTING,),
    PS.VOTING: (PS.VOTING, PS.DECIDED),  # VOTING → VOTING: a re-vote of candidates tied at the cut line (L4)
    PS.DECIDED: (PS.PUBLISHED,),
    PS.PUBLISHED: (),
}

PJ = Project.Status
PROJECT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PJ.PLANNING: (PJ.IMPLEMENTING,),
    PJ.IMPLEMENTING: (PJ.COMPLETED,),
    PJ.COMPLETED: (),
}

CS = Candidate.Status
CANDIDATE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CS.SUBMITTED: (CS.SCREENED_IN, CS.SCREENED_OUT),
    CS.SCREENED_IN: (CS.SCREENED_OUT, CS.SELECTED, CS.NOT_SELECTED),
    CS.SCREENED_OUT: (CS.SCREENED_IN,),
    CS.SELECTED: (),
    CS.NOT_SELECTED: (),
}


def assert_programme_transition(current: str, target: str) -> None:
    """Raise ``InvalidTransition`` unless a programme may go ``current → target``."""
    assert_transition(PROGRAMME_TRANSITIONS, current, target, labels={k: str(v) for k, v in PS.choices})


def assert_project_transition(current: str, target: str) -> None:
    """Raise ``InvalidTransition`` unless a project may go ``current → target``."""
    assert_transition(PROJECT_TRANSITIONS, current, target, labels={k: str(v) for k, v in PJ.choices})


def assert_candidate_transition(current: str, target: str) -> None:
    """Raise ``InvalidTransition`` unless a candidate may go ``current → target``."""
    assert_transition(CANDIDATE_TRANSITIONS, current, target, labels={k: str(v) for k, v in CS.choices})
