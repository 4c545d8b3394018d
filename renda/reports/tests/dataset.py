"""A constructed data set whose every figure is known: what each metric must count for 2026."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from renda.liaison.models import Opinion, Reception, SuggestionLink
from renda.liaison.tests.factories import OpinionFactory
from renda.livelihood.models import Project
from renda.livelihood.tests import factories as lf
from renda.meetings.models import Meeting
from renda.organization.models import Body, Deputy
from renda.organization.tests import factories as f
from renda.proposals import services
from renda.proposals.models import Kind, Proposal, Satisfaction
from renda.proposals.tests import factories as pf
from renda.proposals.workflow import Status
from renda.reports.work_metrics import WORK_METRICS

SH = f.SHANGHAI

#: The figures the data set below must give for the year 2026.
EXPECTED_2026: dict[str, int | float] = {
    "bills": 1,
    "suggestions": 5,  # replied on time, replied late, assigned, registered, submitted (drafts never count)
    "suggestions_assigned": 3,
    "suggestions_answered": 2,
    "key_suggestions": 1,
    "replies": 2,
    "replies_on_time": 1,
    "evaluations": 2,
    "satisfaction_rate": 50.0,
    "meetings_standing_committee": 2,
    "meetings_council_of_chairpersons": 1,
    "meetings_plenary": 0,
    "livelihood_projects": 2,
    "livelihood_planning": 1,
    "livelihood_implementing": 1,
    "livelihood_completed": 0,
    "deputies": 8,  # the world's 6 + its vice-chair + 1 first-term; 1 who left in 2025 does not count
    "deputies_first_term": 1,
    "professional_groups": 2,
    "liaison_stations": 2,
    "liaison_points": 3,
    "visitors": 42,
    "opinions_heard": 3,
    "opinions_to_suggestions": 1,
    "deputies_in_activities": 0,  # no inspection group in this data set (renda/reports/tests/test_records.py)
    "deputies_trained": 0,  # no training in this data set (renda/reports/tests/test_training.py)
    # the work report's other figures have no records in this data set (see test_work_metrics)
    **{m.id: 0 for m in WORK_METRICS},
}


@dataclass
class Data:
    world: pf.World
    congress_id: int
    extra: dict[str, Any]


def _meeting(term: Any, kind: str, number: int, when: datetime) -> Meeting:
    return Meeting.objects.create(
        congress=term.congress,
        body=Body.objects.get(term=term, kind=kind),
        term=term,
        kind=kind,
        number=number,
        title=f"{kind}{number}",
        starts_at=when,
        quorum_rule="more_than_half",
        roster_size=50,
    )


def build() -> Data:
    """Build the data set (about 2 s on SQLite)."""
    w = pf.world(n_deputies=6, n_units=3)
    term, congress = w.session.term, w.session.term.congress
    # proposals: one replied on time (rated 满意), one replied late (rated 不满意), one assigned (key),
    # one registered, one submitted, one draft (not counted), and one bill
    _p1, _a1, r1 = pf.replied(w)
    _p2, a2 = pf.received(w, title="关于改造老旧小区的建议")
    late = a2.due_date + timedelta(days=2)
    r2 = pf.submit_reply(w, a2, when=pf.at(late.year, late.month, late.day))
    services.evaluation_submit(
        reply=r1,
        actor=w.deputy_users[0],
        attitude=Satisfaction.SATISFIED,
        result=Satisfaction.SATISFIED,
        at=pf.at(2026, 6, 5),
    )
    services.evaluation_submit(
        reply=r2,
        actor=w.deputy_users[0],
        attitude=Satisfaction.DISSATISFIED,
        result=Satisfaction.DISSATISFIED,
        comment="没有解决实际问题",
        at=pf.at(late.year, late.month, late.day + 1 if late.day < 28 else 28, 16),
    )
    p3, _a3 = pf.assigned(w, title="关于增设公交线路的建议")
    Proposal.objects.filter(pk=p3.pk).update(is_key=True)
    pf.registered(w, title="关于整治噪声扰民的建议")
    p5 = services.proposal_create(
        actor=w.deputy_users[1], title="关于增加绿地的建议", body=pf.BODY, at=pf.at(2026, 3, 19)
    )
    services.proposal_submit(proposal=p5, actor=w.deputy_users[1], at=pf.at(2026, 3, 19))
    services.proposal_create(actor=w.deputy_users[2], title="草稿建议", body=pf.BODY, at=pf.at(2026, 3, 19))
    Proposal.objects.create(
        congress=congress,
        session=w.session,
        kind=Kind.BILL,
        submitted_as=Kind.BILL,
        status=Status.REGISTERED,
        title="关于制定停车条例的议案",
        body=pf.BODY,
        submitted_at=pf.at(2026, 3, 20),
        lead_deputy=w.deputies[0],
    )
    # meetings: 2 Standing Committee and 1 Council of Chairpersons meetings in 2026, one in 2025
    _meeting(term, Meeting.Kind.STANDING_COMMITTEE, 1, datetime(2025, 12, 30, 9, tzinfo=SH))
    _meeting(term, Meeting.Kind.STANDING_COMMITTEE, 2, datetime(2026, 2, 27, 9, tzinfo=SH))
    _meeting(term, Meeting.Kind.STANDING_COMMITTEE, 3, datetime(2026, 12, 31, 23, 30, tzinfo=SH))
    _meeting(term, Meeting.Kind.COUNCIL_OF_CHAIRPERSONS, 1, datetime(2026, 1, 1, 0, 30, tzinfo=SH))
    # livelihood: the 2026 programme's 2 projects, and a 2025 project of an earlier session
    programme = lf.ProgrammeFactory(session=w.session, congress=congress, year=2026)
    lf.ProjectFactory(candidate=lf.CandidateFactory(programme=programme))
    lf.ProjectFactory(
        candidate=lf.CandidateFactory(programme=programme),
        status=Project.Status.IMPLEMENTING,
        lead_vice_chair=w.vice_chair,
        special_committee=w.committee,
        supervision_group="监督小组",
        deadline=date(2026, 12, 31),
    )
    earlier = f.SessionFactory(term=term, ordinal=2, opening_date=date(2025, 3, 18), closing_date=date(2025, 3, 22))
    lf.ProjectFactory(candidate=lf.CandidateFactory(programme=lf.ProgrammeFactory(session=earlier, year=2025)))
    # deputies: a first-term deputy, one who left before 2026; 2 professional groups
    f.DeputyFactory(term=term, is_first_term=True)
    f.DeputyFactory(term=term, status=Deputy.Status.LEFT, left_on=date(2025, 6, 1))
    f.ProfessionalGroupFactory(term=term)
    f.ProfessionalGroupFactory(term=term)
    # liaison: 2 stations, 3 points; receptions with 30 + 12 visitors in 2026 (and 9 in 2025)
    s1: Any = f.LiaisonStationFactory(congress=congress)
    s2: Any = f.LiaisonStationFactory(congress=congress)
    for s in (s1, s1, s2):
        f.LiaisonPointFactory(station=s)
    Reception.objects.create(station=s1, date=date(2026, 5, 1), visitor_count=30)
    Reception.objects.create(station=s2, date=date(2026, 12, 31), visitor_count=12)
    Reception.objects.create(station=s2, date=date(2025, 12, 31), visitor_count=9)
    # opinions heard at stations in 2026: 3 (one turned into a suggestion); a web message and a 2025 one do not count
    heard: list[Any] = [
        OpinionFactory(congress=congress, station=s1, received_at=datetime(2026, m, 2, 10, tzinfo=SH))
        for m in (1, 6, 12)
    ]
    link = SuggestionLink.objects.create(deputy=w.deputies[0], title="停车难", body="停车难的建议")
    Opinion.objects.filter(pk=heard[0].pk).update(suggestion=link)
    OpinionFactory(
        congress=congress, station=None, source=Opinion.Source.WEB, received_at=datetime(2026, 3, 1, tzinfo=SH)
    )
    OpinionFactory(congress=congress, station=s2, received_at=datetime(2025, 12, 31, 15, tzinfo=SH))
    return Data(w, congress.pk, {"late_reply": r2, "on_time_reply": r1})
