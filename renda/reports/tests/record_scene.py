"""A constructed congress whose deputies' activity records are known (tests of ``renda.reports.records``).

Deputy ``d`` (w.deputies[0], login w.deputy_users[0]) in 2026: leads 1 suggestion (and 1 in draft, not
counted), co-signs 1 (and was invited to 1 he never confirmed); attends 1 meeting, on leave at 1, absent
at 1; votes in 1 secret poll (choice 反对, which no record may show); is on duty at 2 receptions on the
same day (1 duty day, 30 + 12 visitors) and 1 in 2025; turned 2 opinions into a suggestion; joined 1
inspection as invited deputy and 1 investigation as member (and 1 inspection of the 2025 plan); made 1
comment on a draft as deputy (and 1 hidden). Deputy ``e`` (w.deputies[1]) joined 1 inspection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from renda.legislation.models import Comment
from renda.legislation.tests import factories as legf
from renda.liaison.models import Reception, SuggestionLink
from renda.liaison.tests.factories import OpinionFactory
from renda.meetings import services as ms
from renda.meetings.models import AgendaItem, Attendance, Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, Membership
from renda.organization.tests import factories as f
from renda.oversight.models import InspectionMember, OversightItem, OversightPlan
from renda.proposals import services as ps
from renda.proposals.tests import factories as pf

SH = f.SHANGHAI


@dataclass
class Scene:
    w: pf.World
    d: Any
    e: Any
    poll: Poll


def _item(congress: Any, year: int, kind: str, title: str) -> OversightItem:
    plan, _ = OversightPlan.objects.get_or_create(congress=congress, year=year, defaults={"title": f"{year}年监督计划"})
    return OversightItem.objects.create(plan=plan, kind=kind, title=title, inspection_starts_on=date(year, 5, 1))


def build() -> Scene:
    """Build the scene (about 2 s on SQLite)."""
    w = pf.world(n_deputies=5, n_units=2)
    term, congress = w.session.term, w.session.term.congress
    d, e = w.deputies[0], w.deputies[1]
    # proposals: d leads one (co-signed by e), e leads one co-signed by d; d invited to one, never confirms
    pf.registered(w, cosign=1, title="关于增设公交线路的建议")
    by_e = ps.proposal_create(
        actor=w.deputy_users[1], title="关于整治噪声扰民的建议", body=pf.BODY, cosigners=[d], at=pf.at(2026, 3, 19)
    )
    ps.cosigner_respond(proposal=by_e, actor=w.deputy_users[0], accept=True, at=pf.at(2026, 3, 19))
    by_e = ps.proposal_submit(proposal=by_e, actor=w.deputy_users[1], at=pf.at(2026, 3, 19))
    ps.proposal_register(proposal=by_e, actor=w.staff, at=pf.at(2026, 3, 19))
    invited = ps.proposal_create(
        actor=w.deputy_users[2], title="关于增加绿地的建议", body=pf.BODY, cosigners=[d], at=pf.at(2026, 3, 19)
    )
    ps.proposal_create(actor=w.deputy_users[0], title="草稿建议", body=pf.BODY, at=pf.at(2026, 3, 19))
    assert invited.status == "draft"
    # meetings: a Standing Committee meeting of the 5 deputies (d present, e on leave), a secret poll d votes in
    sc = Body.objects.get(term=term, kind=Body.Kind.STANDING_COMMITTEE)
    for dep in w.deputies:
        f.MembershipFactory(body=sc, deputy=dep, role=Membership.Role.MEMBER)
    meeting = mf.meeting_of(sc, actor=w.staff, number=1)
    ms.attendance_mark_leave(meeting=meeting, deputy=e, reason="出差", actor=w.staff)
    people = [a.deputy for a in meeting.attendances.exclude(deputy=e)]
    ms.attendance_check_in_many(meeting=meeting, deputies=people, actor=w.staff)
    item = ms.agenda_item_add(
        meeting=meeting, title="关于人事任免的决定（草案）", kind=AgendaItem.Kind.OTHER, actor=w.staff
    )
    poll = ms.poll_create(item=item, method=Poll.Method.SECRET, actor=w.staff)
    ms.poll_open(poll=poll, actor=w.staff)
    option = poll.options.get().pk
    ms.ballot_cast(poll=poll, voter=d, choices={option: "no"}, actor=w.deputy_users[0])
    # a second meeting where d was on leave, a third where d was absent (rows as the roster stores them)
    for number, status, note in ((2, Attendance.Status.LEAVE, "因病"), (3, Attendance.Status.ABSENT, "")):
        other = mf.meeting_of(sc, actor=w.staff, number=number, start=False)
        Attendance.objects.filter(meeting=other, deputy=d).update(status=status, note=note)
    # liaison: two receptions the same day (station and its point), one in 2025
    station: Any = f.LiaisonStationFactory(congress=congress)
    point: Any = f.LiaisonPointFactory(station=station)
    for kw in (
        {"date": date(2026, 5, 1), "visitor_count": 30},
        {"date": date(2026, 5, 1), "visitor_count": 12, "point": point},
        {"date": date(2025, 5, 1), "visitor_count": 9},
    ):
        Reception.objects.create(station=station, **kw).deputies.add(d)
    link = SuggestionLink.objects.create(deputy=d, title="关于小区停车的建议", body="建议增加停车位")
    for n in range(2):
        OpinionFactory(
            congress=congress, station=station, suggestion=link, received_at=datetime(2026, 6, 1 + n, 9, tzinfo=SH)
        )
    OpinionFactory(congress=congress, station=station, received_at=datetime(2026, 6, 3, 9, tzinfo=SH))
    # oversight: d invited to an inspection, member of an investigation; e in the inspection; 2025 inspection
    inspection = _item(congress, 2026, OversightItem.Kind.INSPECTION, "检查环境保护法实施情况")
    investigation = _item(congress, 2026, OversightItem.Kind.INVESTIGATION, "关于某事项的特定问题调查")
    earlier = _item(congress, 2025, OversightItem.Kind.INSPECTION, "检查工会法实施情况")
    R = InspectionMember.Role
    InspectionMember.objects.create(item=inspection, deputy=d, role=R.INVITED_DEPUTY)
    InspectionMember.objects.create(item=inspection, deputy=e, role=R.MEMBER)
    InspectionMember.objects.create(item=investigation, deputy=d, role=R.MEMBER)
    InspectionMember.objects.create(item=earlier, deputy=d, role=R.LEADER)
    # legislation: d comments as deputy once (and once hidden); a citizen's comment is not d's
    lw = legf.world()
    for hidden in (False, True):
        Comment.objects.create(
            version=lw.version, source=Comment.Source.DEPUTY, user=w.deputy_users[0], text="代表意见", hidden=hidden
        )
    Comment.objects.create(version=lw.version, source=Comment.Source.PUBLIC, text="群众意见")
    Comment.objects.update(created_at=datetime(2026, 4, 2, 10, tzinfo=SH))
    return Scene(w, d, e, poll)
