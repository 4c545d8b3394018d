"""Livelihood projects L1–L7: solicitation, the deputies' secret vote, L4 selection with a tie re-vote,
plan, "三个1" supervision, progress and the year-end satisfaction evaluation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.livelihood import selectors, services
from renda.livelihood.models import Candidate, Programme, ProgrammeEvent, Project, ProjectEvent
from renda.livelihood.progress import weighted_percent
from renda.livelihood.tests import factories as lf
from renda.meetings import services as ms
from renda.meetings.models import Ballot, Meeting, Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def test_L1_solicitation_must_last_30_days():
    staff = mf.staff()
    p = services.programme_create(
        congress=staff.congress,
        session=f.SessionFactory(term=staff.congress.terms.get()),
        year=2026,
        title="t",
        seats=2,
        actor=staff,
    )
    # forbidden: 29 days, with no event row
    with pytest.raises(RuleViolation) as err:
        services.programme_open_solicitation(
            programme=p, starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 30), actor=staff
        )
    assert err.value.extra["rule"] == "L1"
    assert list(p.events.values_list("action", flat=True)) == ["create"]
    # allowed: 30 days
    p = services.programme_open_solicitation(
        programme=p, starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 31), actor=staff
    )
    assert p.status == Programme.Status.SOLICITING
    # and screening cannot start before the period ends
    with pytest.raises(RuleViolation):
        services.programme_close_solicitation(programme=p, actor=staff, today=date(2026, 1, 30))


def test_L1_more_candidates_than_seats_required():
    staff = mf.staff()
    with pytest.raises(RuleViolation) as err:
        lf.programme(staff, seats=4, candidates=4)
    assert err.value.extra["rule"] == "L1"
    assert lf.programme(staff, seats=3, candidates=4, year=2027).status == Programme.Status.SUBMITTED


def test_L2_vote_must_be_at_a_plenary_and_secret():
    staff = mf.staff()
    p = lf.programme(staff)
    presidium = mf.meeting_of(mf.body_with_members(size=5, term=staff.congress.terms.get()), actor=staff)
    with pytest.raises(RuleViolation) as err:
        services.programme_vote_start(programme=p, meeting=presidium, actor=staff)
    assert err.value.extra["rule"] == "L2"
    meeting, poll = lf.plenary_vote(staff, p)
    assert poll.method == Poll.Method.SECRET and meeting.kind == Meeting.Kind.PLENARY
    lf.vote_round(poll, meeting, [9, 9, 0, 0])
    assert not Ballot.objects.filter(poll=poll, voter__isnull=False).exists()


def test_L3_choose_up_to_n_ballot_form():
    # given a programme choosing 2 by "choose up to 2"
    staff = mf.staff()
    p = lf.programme(staff, ballot_form=Poll.BallotForm.CHOOSE_UP_TO)
    meeting, poll = lf.plenary_vote(staff, p)
    assert poll.max_choices == 2
    ids = list(poll.options.order_by("order").values_list("pk", flat=True))
    voter = mf.members(meeting)[0]
    # then three choices are refused and two accepted
    with pytest.raises(RuleViolation):
        ms.ballot_cast(poll=poll, voter=voter, choices=dict.fromkeys(ids[:3], "yes"), actor=mf.deputy_login(voter))
    ms.ballot_cast(poll=poll, voter=voter, choices=dict.fromkeys(ids[:2], "yes"), actor=mf.deputy_login(voter))


def test_L4_top_n_with_more_than_half_of_all_deputies():
    # given 9 deputies, 2 seats; candidates get 8, 6, 5, 4 赞成 — only > 4.5 are eligible
    staff = mf.staff()
    p = lf.programme(staff, seats=2)
    meeting, poll = lf.plenary_vote(staff, p)
    lf.vote_round(poll, meeting, [8, 6, 5, 4])
    ms.poll_close(poll=poll, actor=staff)
    # when tallied
    sel = services.programme_tally(programme=p, actor=staff)
    p.refresh_from_db()
    # then the top two are chosen and projects created
    assert sel.complete
    assert p.status == Programme.Status.DECIDED
    assert list(p.projects.values_list("title", flat=True)) == ["项目1", "项目2"]
    assert list(p.candidates.order_by("number").values_list("status", flat=True)) == [
        "selected",
        "selected",
        "not_selected",
        "not_selected",
    ]
    assert "须获赞成票 5 票以上" in p.result_text


def test_L4_candidate_with_exactly_half_is_not_chosen_even_with_a_free_seat():
    # given 10 deputies, 2 seats; the second-best has exactly 5 = half
    staff = mf.staff()
    p = lf.programme(staff, seats=2, candidates=3)
    meeting, poll = lf.plenary_vote(staff, p, deputies=10)
    lf.vote_round(poll, meeting, [9, 5, 2])
    ms.poll_close(poll=poll, actor=staff)
    services.programme_tally(programme=p, actor=staff)
    # then only one project is chosen
    assert list(p.projects.values_list("title", flat=True)) == ["项目1"]


def test_L4_tie_at_the_cut_line_is_revoted():
    # given 9 deputies, 2 seats; 项目2 and 项目3 tie with 6 赞成 behind 项目1 (8)
    staff = mf.staff()
    p = lf.programme(staff, seats=2)
    meeting, poll = lf.plenary_vote(staff, p)
    lf.vote_round(poll, meeting, [8, 6, 6, 2])
    ms.poll_close(poll=poll, actor=staff)
    # when tallied
    sel = services.programme_tally(programme=p, actor=staff)
    # then 项目1 is chosen and the tied two go to a re-vote for one seat
    p.refresh_from_db()
    assert p.status == Programme.Status.VOTING
    assert sel.revote_seats == 1
    revote = selectors.current_poll(p)
    assert revote.revote_of_id == poll.pk
    assert list(revote.options.values_list("label", flat=True)) == ["项目2", "项目3"]
    # when the re-vote is held: 项目3 7, 项目2 4
    ms.poll_open(poll=revote, actor=staff)
    lf.vote_round(revote, meeting, [4, 7])
    ms.poll_close(poll=revote, actor=staff)
    services.programme_tally(programme=p, actor=staff)
    # then 项目1 and 项目3 are chosen
    p.refresh_from_db()
    assert p.status == Programme.Status.DECIDED
    assert sorted(p.projects.values_list("title", flat=True)) == ["项目1", "项目3"]
    assert p.result_text.endswith("项目1（8 票）、项目3（6 票，重新投票 7 票）")
    assert p.events.filter(action="revote").count() == 1


def test_L4_tally_refused_while_the_poll_is_open():
    staff = mf.staff()
    p = lf.programme(staff)
    _meeting, _poll = lf.plenary_vote(staff, p)
    before = ProgrammeEvent.objects.count()
    with pytest.raises(RuleViolation):
        services.programme_tally(programme=p, actor=staff)
    assert ProgrammeEvent.objects.count() == before


def test_L5_plan_required_before_implementation():
    staff = mf.staff()
    _p, project, _m = lf.decided_project(staff)
    vc, committee, members = lf.three_ones(staff)
    services.project_assign_supervision(
        project=project,
        vice_chair=vc,
        special_committee=committee,
        group_name="第一监督小组",
        group_members=members,
        actor=staff,
    )
    with pytest.raises(RuleViolation) as err:
        services.project_start(project=project, actor=staff)
    assert err.value.extra["rule"] == "L5"
    services.project_set_plan(
        project=project,
        targets="新建道路 5 公里",
        deadline=date(2026, 12, 31),
        funding=Decimal("3000"),
        responsible_unit=project.responsible_unit,
        actor=staff,
    )
    assert services.project_start(project=project, actor=staff).status == Project.Status.IMPLEMENTING


def test_L6_three_ones_exactly_one_of_each():
    staff = mf.staff()
    _p, project, _m = lf.decided_project(staff)
    vc, committee, members = lf.three_ones(staff)
    services.project_set_plan(
        project=project,
        targets="目标",
        deadline=date(2026, 12, 31),
        funding=Decimal("1"),
        responsible_unit=project.responsible_unit,
        actor=staff,
    )
    # forbidden: starting without the 三个1
    with pytest.raises(RuleViolation) as err:
        services.project_start(project=project, actor=staff)
    assert err.value.extra["rule"] == "L6"
    # forbidden: an ordinary member as lead vice-chair; a non-special committee; no group members
    with pytest.raises(RuleViolation):
        services.project_assign_supervision(
            project=project,
            vice_chair=members[0],
            special_committee=committee,
            group_name="组",
            group_members=members,
            actor=staff,
        )
    with pytest.raises(RuleViolation):
        services.project_assign_supervision(
            project=project,
            vice_chair=vc,
            special_committee=f.BodyFactory(kind=Body.Kind.WORKING_COMMITTEE),
            group_name="组",
            group_members=members,
            actor=staff,
        )
    with pytest.raises(RuleViolation):
        services.project_assign_supervision(
            project=project, vice_chair=vc, special_committee=committee, group_name="组", group_members=[], actor=staff
        )
    assert not ProjectEvent.objects.filter(project=project, action="supervision").exists()
    # allowed: one of each
    services.project_assign_supervision(
        project=project,
        vice_chair=vc,
        special_committee=committee,
        group_name="第一监督小组",
        group_members=members,
        actor=staff,
    )
    project = services.project_start(project=project, actor=staff)
    assert (project.lead_vice_chair, project.special_committee, project.supervision_group) == (
        vc,
        committee,
        "第一监督小组",
    )
    # and the database refuses an implementing project that loses a supervisor
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(special_committee=None)


def test_progress_weighted_percentage_and_overdue_flags():
    staff = mf.staff()
    _p, project, _m = lf.decided_project(staff)
    vc, committee, members = lf.three_ones(staff)
    services.project_set_plan(
        project=project,
        targets="目标",
        deadline=date(2026, 12, 31),
        funding=Decimal("1"),
        responsible_unit=project.responsible_unit,
        actor=staff,
    )
    services.project_assign_supervision(
        project=project, vice_chair=vc, special_committee=committee, group_name="组", group_members=members, actor=staff
    )
    services.project_start(project=project, actor=staff)
    a = services.milestone_add(project=project, title="立项", weight=1, due_on=date(2026, 4, 30), actor=staff)
    b = services.milestone_add(project=project, title="施工", weight=3, due_on=date(2026, 9, 30), actor=staff)
    # when the unit reports 立项 done and 施工 at 40 %
    unit_user = f.UserFactory(
        role=User.Role.UNIT_OFFICER, handling_unit=project.responsible_unit, congress=staff.congress
    )
    report = services.progress_report_submit(
        project=project, text="已开工", progress={a.pk: 100, b.pk: 40}, actor=unit_user, reported_on=date(2026, 10, 8)
    )
    # then the weighted percentage is (1×100 + 3×40) / 4 = 55.0
    assert report.percent == Decimal("55.0")
    assert weighted_percent([(1, 100), (3, 40)]) == Decimal("55.0")
    # and 施工 is overdue on 2026-10-08, 立项 is not
    flags = selectors.milestone_flags(project=project, today=date(2026, 10, 8))
    assert [(m.title, overdue) for m, overdue in flags] == [("立项", False), ("施工", True)]
    # and another unit may not report
    other = f.UserFactory(role=User.Role.UNIT_OFFICER, handling_unit=f.HandlingUnitFactory(congress=staff.congress))
    with pytest.raises(PermissionDeniedError):
        services.progress_report_submit(project=project, text="x", progress={}, actor=other)
    # and it cannot complete before every milestone is done
    with pytest.raises(RuleViolation):
        services.project_complete(project=project, actor=staff)


def test_L7_satisfaction_vote_is_secret_and_uses_the_pass_mark(settings):
    # given a decided project and a year-end plenary
    staff = mf.staff()
    p, project, meeting = lf.decided_project(staff)
    poll = services.satisfaction_vote_start(programme=p, meeting=meeting, actor=staff)
    assert poll.method == Poll.Method.SECRET
    ms.poll_open(poll=poll, actor=staff)
    option = poll.options.get()
    choices = ["satisfied"] * 3 + ["basically_satisfied"] * 2 + ["dissatisfied"] * 3 + ["abstain"]
    for deputy, choice in zip(mf.members(meeting), choices, strict=True):
        ms.ballot_cast(poll=poll, voter=deputy, choices={option.pk: choice}, actor=mf.deputy_login(deputy))
    ms.poll_close(poll=poll, actor=staff)
    services.satisfaction_record(poll=poll, actor=staff)
    project.refresh_from_db()
    # then 5 of 9 valid votes (55.6 %) > 50 %: satisfactory
    assert project.satisfaction_passed is True
    assert "占有效票 9 票的 55.6%" in project.satisfaction_text


def test_L7_satisfaction_below_a_stricter_pass_mark_fails(settings):
    settings.RENDA_LIVELIHOOD = {"SATISFACTION_PASS_MARK": "2/3"}
    staff = mf.staff()
    p, project, meeting = lf.decided_project(staff)
    poll = ms.poll_open(poll=services.satisfaction_vote_start(programme=p, meeting=meeting, actor=staff), actor=staff)
    option = poll.options.get()
    choices = ["satisfied"] * 3 + ["basically_satisfied"] * 2 + ["dissatisfied"] * 3
    voters = mf.members(meeting)
    for deputy, choice in zip(voters[:8], choices, strict=True):
        ms.ballot_cast(poll=poll, voter=deputy, choices={option.pk: choice}, actor=mf.deputy_login(deputy))
    # a motion choice (赞成) is not valid on a satisfaction ballot
    with pytest.raises(RuleViolation) as err:
        ms.ballot_cast(poll=poll, voter=voters[8], choices={option.pk: "yes"}, actor=mf.deputy_login(voters[8]))
    assert err.value.code == "rule_violation"
    ms.ballot_cast(poll=poll, voter=voters[8], choices={option.pk: "dissatisfied"}, actor=mf.deputy_login(voters[8]))
    ms.poll_close(poll=poll, actor=staff)
    services.satisfaction_record(poll=poll, actor=staff)
    project.refresh_from_db()
    assert project.satisfaction_passed is False


def test_programme_publish_publishes_its_polls_and_refuses_twice():
    staff = mf.staff()
    p, _project, _meeting = lf.decided_project(staff)
    p = services.programme_publish(programme=p, actor=staff)
    assert p.status == Programme.Status.PUBLISHED
    assert set(Poll.objects.filter(item_id=p.agenda_item_id).values_list("status", flat=True)) == {"published"}
    with pytest.raises(InvalidTransition):
        services.programme_publish(programme=p, actor=staff)
    assert Candidate.objects.filter(programme=p, status="selected").count() == 1
