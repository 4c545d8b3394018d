"""Every livelihood status change goes through the spine: an allowed move writes one typed event on
the right trail; a forbidden one (wrong actor, stale version, wrong state) raises and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from renda.core.exceptions import ConcurrentModification, InvalidTransition, PermissionDeniedError
from renda.livelihood import services
from renda.livelihood.events import Action
from renda.livelihood.models import Candidate, Programme, ProgrammeEvent, Project, ProjectEvent
from renda.livelihood.tests import factories as lf
from renda.meetings import services as ms
from renda.meetings.tests import factories as mf
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db

PS = Programme.Status


def _deputy(congress):
    return lf.user(User.Role.DEPUTY, congress, deputy=f.DeputyFactory(term=congress.terms.first()))


def _other_staff():
    other = f.CongressFactory(region_code="990200", name="另一市人民代表大会")
    return lf.user(User.Role.STAFF, other, username="other_staff")


# --- programme ------------------------------------------------------------------------------------


def test_open_solicitation_allowed_for_staff_writes_typed_event():
    # given a drafting programme of the staff's congress
    staff = lf.staff()
    p = lf.ProgrammeFactory(session=f.SessionFactory(term=staff.congress.terms.get()))
    # when staff open the solicitation
    services.programme_open_solicitation(programme=p, starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1), actor=staff)
    # then the programme is soliciting, its version bumped, with one labelled event
    p.refresh_from_db()
    assert (p.status, p.version) == (PS.SOLICITING, 2)
    event = ProgrammeEvent.objects.get(programme=p)
    assert (event.action, event.action_label, event.from_status, event.to_status, event.actor) == (
        Action.OPEN_SOLICITATION,
        "开始公开征集",
        PS.DRAFTING,
        PS.SOLICITING,
        staff,
    )


@pytest.mark.parametrize("who", ["deputy", "other_staff"])
def test_open_solicitation_forbidden_for_deputy_or_other_congress_staff_leaves_no_event(who):
    # given a drafting programme
    staff = lf.staff()
    p = lf.ProgrammeFactory(session=f.SessionFactory(term=staff.congress.terms.get()))
    actor = _deputy(staff.congress) if who == "deputy" else _other_staff()
    # when someone who does not run it tries to open the solicitation
    with pytest.raises(PermissionDeniedError):
        services.programme_open_solicitation(
            programme=p, starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1), actor=actor
        )
    # then nothing changed and no event was written
    p.refresh_from_db()
    assert (p.status, p.version) == (PS.DRAFTING, 1)
    assert not ProgrammeEvent.objects.filter(programme=p).exists()


def test_close_solicitation_allowed_after_the_period_and_forbidden_for_a_unit_officer():
    # given a soliciting programme whose period ended on 31 January
    staff = lf.staff()
    p = lf.ProgrammeFactory(
        session=f.SessionFactory(term=staff.congress.terms.get()),
        status=PS.SOLICITING,
        solicitation_ends_on=date(2026, 1, 31),
    )
    officer = lf.unit_officer(f.HandlingUnitFactory(congress=staff.congress))
    # when a unit officer tries to close it
    with pytest.raises(PermissionDeniedError):
        services.programme_close_solicitation(programme=p, actor=officer, today=date(2026, 2, 1))
    # then no event; when staff close it, one event moves it to screening
    assert not ProgrammeEvent.objects.filter(programme=p).exists()
    services.programme_close_solicitation(programme=p, actor=staff, today=date(2026, 2, 1))
    assert ProgrammeEvent.objects.get(programme=p).action == Action.CLOSE_SOLICITATION
    p.refresh_from_db()
    assert p.status == PS.SCREENING


def test_candidate_screen_event_goes_to_the_programme_trail_naming_the_candidate():
    # given a candidate of a programme in screening
    staff = lf.staff()
    p = lf.ProgrammeFactory(session=f.SessionFactory(term=staff.congress.terms.get()), status=PS.SCREENING)
    c = lf.CandidateFactory(programme=p, title="老旧小区改造")
    # when staff list it for the vote
    services.candidate_screen(candidate=c, include=True, note="惠及面广", actor=staff)
    # then the candidate is screened in and the programme's trail names it
    c.refresh_from_db()
    assert (c.status, c.version) == (Candidate.Status.SCREENED_IN, 2)
    event = ProgrammeEvent.objects.get(programme=p)
    assert event.action == Action.SCREEN
    assert (event.from_status, event.to_status) == (Candidate.Status.SUBMITTED, Candidate.Status.SCREENED_IN)
    assert "老旧小区改造" in event.note and "惠及面广" in event.note


def test_candidate_screen_forbidden_for_a_deputy_leaves_no_event():
    # given a candidate of a programme in screening
    staff = lf.staff()
    p = lf.ProgrammeFactory(session=f.SessionFactory(term=staff.congress.terms.get()), status=PS.SCREENING)
    c = lf.CandidateFactory(programme=p)
    # when a deputy tries to screen it
    with pytest.raises(PermissionDeniedError):
        services.candidate_screen(candidate=c, include=False, actor=_deputy(staff.congress))
    # then it is unchanged and the trail is empty
    c.refresh_from_db()
    assert c.status == Candidate.Status.SUBMITTED
    assert not ProgrammeEvent.objects.filter(programme=p).exists()


def test_programme_submit_allowed_and_forbidden_for_a_deputy():
    # given a programme in screening with 3 candidates listed for 2 seats
    staff = lf.staff()
    p = lf.ProgrammeFactory(session=f.SessionFactory(term=staff.congress.terms.get()), status=PS.SCREENING)
    for _ in range(3):
        lf.CandidateFactory(programme=p, status=Candidate.Status.SCREENED_IN)
    # when a deputy submits it: refused, no event
    with pytest.raises(PermissionDeniedError):
        services.programme_submit(programme=p, actor=_deputy(staff.congress))
    assert not ProgrammeEvent.objects.filter(programme=p).exists()
    # when staff submit it: 已提请大会 with one event
    services.programme_submit(programme=p, actor=staff)
    p.refresh_from_db()
    assert p.status == PS.SUBMITTED
    assert list(ProgrammeEvent.objects.filter(programme=p).values_list("action", flat=True)) == [Action.SUBMIT]


def test_vote_start_forbidden_for_a_deputy_creates_no_poll_and_no_event():
    # given a submitted programme and a plenary in progress
    staff = lf.staff()
    p = lf.programme(staff)
    meeting = mf.plenary(term=staff.congress.terms.get(), actor=staff, deputies=3)
    before = ProgrammeEvent.objects.filter(programme=p).count()
    # when a deputy tries to put it to the vote
    with pytest.raises(PermissionDeniedError):
        services.programme_vote_start(programme=p, meeting=meeting, actor=_deputy(staff.congress))
    # then nothing was written
    p.refresh_from_db()
    assert p.status == PS.SUBMITTED and p.agenda_item_id is None
    assert ProgrammeEvent.objects.filter(programme=p).count() == before


def test_vote_start_allowed_moves_to_voting_with_its_agenda_item():
    # given a submitted programme and a plenary
    staff = lf.staff()
    p = lf.programme(staff)
    # when staff start the vote
    _meeting, poll = lf.plenary_vote(staff, p)
    # then it is 票决中 on the agenda, with a vote_start event
    p.refresh_from_db()
    assert p.status == PS.VOTING and p.agenda_item_id == poll.item_id
    assert ProgrammeEvent.objects.filter(programme=p).last().action == Action.VOTE_START


def test_tally_writes_select_and_not_select_events_naming_each_candidate_then_decide():
    # given a closed vote: 项目1 9 赞成, 项目2 1 赞成, for 1 seat
    staff = lf.staff()
    p = lf.programme(staff, seats=1, candidates=2)
    meeting, poll = lf.plenary_vote(staff, p)
    lf.vote_round(poll, meeting, [9, 1])
    ms.poll_close(poll=poll, actor=staff)
    # when staff tally
    services.programme_tally(programme=p, actor=staff)
    # then each candidate's outcome is on the programme's trail, then the decision
    tail = list(ProgrammeEvent.objects.filter(programme=p).order_by("-id")[:3])[::-1]
    assert [(e.action, e.note.split("（")[0]) for e in tail[:2]] == [
        (Action.SELECT, "项目1"),
        (Action.NOT_SELECT, "项目2"),
    ]
    assert tail[2].action == Action.DECIDE and tail[2].to_status == PS.DECIDED


def test_tally_forbidden_for_a_deputy_selects_nothing_and_leaves_no_event():
    # given a closed vote
    staff = lf.staff()
    p = lf.programme(staff, seats=1, candidates=2)
    meeting, poll = lf.plenary_vote(staff, p)
    lf.vote_round(poll, meeting, [9, 1])
    ms.poll_close(poll=poll, actor=staff)
    before = ProgrammeEvent.objects.filter(programme=p).count()
    # when a deputy tries to tally
    with pytest.raises(PermissionDeniedError):
        services.programme_tally(programme=p, actor=mf.deputy_login(mf.members(meeting)[0]))
    # then no candidate is chosen and no event was written
    assert not p.candidates.filter(status=Candidate.Status.SELECTED).exists()
    assert ProgrammeEvent.objects.filter(programme=p).count() == before


def test_publish_forbidden_for_a_deputy_then_allowed_for_staff():
    # given a decided programme
    staff = lf.staff()
    p, _project, _meeting = lf.decided_project(staff)
    before = ProgrammeEvent.objects.filter(programme=p).count()
    # when a deputy publishes: refused, no event
    with pytest.raises(PermissionDeniedError):
        services.programme_publish(programme=p, actor=_deputy(staff.congress))
    assert ProgrammeEvent.objects.filter(programme=p).count() == before
    # when staff publish: 已公布 with a publish event
    services.programme_publish(programme=p, actor=staff)
    p.refresh_from_db()
    assert p.status == PS.PUBLISHED
    assert ProgrammeEvent.objects.filter(programme=p).last().action_label == "公布票决结果"


def test_stale_version_is_refused_and_leaves_no_event():
    # given a drafting programme that someone else changed since the actor loaded it (version 1 → 2)
    staff = lf.staff()
    p = lf.ProgrammeFactory(session=f.SessionFactory(term=staff.congress.terms.get()), version=2)
    # when staff act with the version they saw
    with pytest.raises(ConcurrentModification):
        services.programme_open_solicitation(
            programme=p, starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1), actor=staff, expected_version=1
        )
    # then nothing moved
    p.refresh_from_db()
    assert p.status == PS.DRAFTING
    assert not ProgrammeEvent.objects.filter(programme=p).exists()


def test_publishing_a_drafting_programme_is_an_invalid_transition_with_no_event():
    # given a drafting programme
    staff = lf.staff()
    p = lf.ProgrammeFactory(session=f.SessionFactory(term=staff.congress.terms.get()))
    # when staff try to publish it
    with pytest.raises(InvalidTransition):
        services.programme_publish(programme=p, actor=staff)
    # then no event
    assert not ProgrammeEvent.objects.filter(programme=p).exists()


# --- project --------------------------------------------------------------------------------------


def test_project_start_forbidden_for_a_unit_officer_then_allowed_for_staff():
    # given a project with its plan and 三个1
    staff = lf.staff()
    project = lf.ready_project(staff)
    officer = lf.unit_officer(project.responsible_unit)
    before = ProjectEvent.objects.filter(project=project).count()
    # when the responsible unit tries to start it: refused, no event
    with pytest.raises(PermissionDeniedError):
        services.project_start(project=project, actor=officer)
    assert ProjectEvent.objects.filter(project=project).count() == before
    # when staff start it: 实施中, version bumped, a start event
    version = Project.objects.get(pk=project.pk).version
    services.project_start(project=project, actor=staff)
    project.refresh_from_db()
    assert (project.status, project.version) == (Project.Status.IMPLEMENTING, version + 1)
    assert ProjectEvent.objects.filter(project=project).last().action == Action.START


def test_project_complete_forbidden_for_a_unit_officer_then_allowed_for_staff():
    # given an implemented project whose only milestone is done
    staff = lf.staff()
    project = services.project_start(project=lf.ready_project(staff), actor=staff)
    m = services.milestone_add(project=project, title="竣工", due_on=date(2026, 12, 1), actor=staff)
    officer = lf.unit_officer(project.responsible_unit)
    services.progress_report_submit(project=project, text="完成", progress={m.pk: 100}, actor=officer)
    before = ProjectEvent.objects.filter(project=project).count()
    # when the unit tries to complete it: refused, no event
    with pytest.raises(PermissionDeniedError):
        services.project_complete(project=project, actor=officer)
    assert ProjectEvent.objects.filter(project=project).count() == before
    # when staff complete it: 已完成
    services.project_complete(project=project, actor=staff)
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    assert ProjectEvent.objects.filter(project=project).last().action_label == "完成"


def test_every_written_action_has_a_chinese_label():
    # given a whole round from solicitation to a completed project
    staff = lf.staff()
    project = services.project_start(project=lf.ready_project(staff), actor=staff)
    services.milestone_add(project=project, title="竣工", due_on=date(2026, 12, 1), actor=staff)
    # when the trails are read
    events = [*ProgrammeEvent.objects.all(), *ProjectEvent.objects.all()]
    # then every event shows a label, never its raw code
    assert events
    assert all(e.action_label != e.action for e in events)
