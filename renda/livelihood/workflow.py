"""Statuses and transitions of a livelihood programme, its candidates and its projects (house style 3).

Three pipelines, each one :class:`~renda.core.workflow.Workflow`: the programme (solicitation → vote →
publication, RULES.md L1–L4), the candidate (screening and the vote's outcome; its events go to the
programme's trail) and the project (plan → implementation → completion, L5–L6). Every status change is
a service in :mod:`renda.livelihood.services` calling :func:`renda.core.workflow.transition`.
"""

from __future__ import annotations

from renda.core.workflow import Workflow
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

#: A year's programme: its events are the programme's trail (``ProgrammeEvent``).
PROGRAMME_WORKFLOW = Workflow(
    statuses=Programme.Status, transitions=PROGRAMME_TRANSITIONS, event_model="livelihood.ProgrammeEvent"
)
#: A candidate project: screened in or out (L1), then chosen or not by the vote (L4); its events are
#: written to its programme's trail (the note names the candidate).
CANDIDATE_WORKFLOW = Workflow(
    statuses=Candidate.Status,
    transitions=CANDIDATE_TRANSITIONS,
    event_model="livelihood.ProgrammeEvent",
    event_subject="programme",
)
#: A chosen project under delivery (``ProjectEvent``).
PROJECT_WORKFLOW = Workflow(
    statuses=Project.Status, transitions=PROJECT_TRANSITIONS, event_model="livelihood.ProjectEvent"
)
