"""Who may do what: the predicates of ``permissions.py`` decide services, pages and the API alike;
pages show exactly the allowed actions; the responsible unit and the lead vice-chair are notified."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from rest_framework.test import APIClient

from renda.core.exceptions import PermissionDeniedError
from renda.core.models import Notification
from renda.livelihood import permissions, services
from renda.livelihood.models import Programme, ProgrammeEvent
from renda.livelihood.tests import factories as lf
from renda.meetings import services as ms
from renda.meetings.tests import factories as mf
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def test_candidate_from_a_unit_officer_of_another_congress_is_refused():
    # given a soliciting programme and an officer of a unit of ANOTHER congress (the old role-only
    # check let any unit officer submit to any congress's programme)
    staff = lf.staff()
    p = lf.ProgrammeFactory(session=f.SessionFactory(term=staff.congress.terms.get()), status="soliciting")
    other = f.CongressFactory(region_code="990300", name="外市人民代表大会")
    outsider = lf.unit_officer(f.HandlingUnitFactory(congress=other))
    own = lf.unit_officer(f.HandlingUnitFactory(congress=staff.congress))
    # when the outsider submits a candidate: refused, no candidate and no event
    with pytest.raises(PermissionDeniedError):
        services.candidate_submit(
            programme=p, title="外来项目", budget=Decimal("1"), lead_unit=outsider.handling_unit, actor=outsider
        )
    assert not p.candidates.exists() and not ProgrammeEvent.objects.filter(programme=p).exists()
    # then an officer of the congress's own unit may submit
    c = services.candidate_submit(
        programme=p, title="本市项目", budget=Decimal("1"), lead_unit=own.handling_unit, actor=own
    )
    assert c.number == 1
    assert permissions.allowed_actions(own, p) == {"submit_candidate"}
    assert "submit_candidate" not in permissions.allowed_actions(outsider, p)


def test_allowed_actions_on_a_closed_vote_for_staff_deputy_and_the_public():
    # given a programme whose poll just closed
    staff = lf.staff()
    p = lf.programme(staff, seats=1, candidates=2)
    meeting, poll = lf.plenary_vote(staff, p)
    lf.vote_round(poll, meeting, [9, 1])
    deputy = mf.deputy_login(mf.members(meeting)[0])
    # when the vote is still open, the deputy may vote and staff may not tally yet
    p.refresh_from_db()
    assert "vote" in permissions.allowed_actions(deputy, p, poll=poll)
    assert "tally" not in permissions.allowed_actions(staff, p, poll=poll)
    ms.poll_close(poll=poll, actor=staff)
    poll.refresh_from_db()
    # then once closed: staff tally; the deputy has no staff action; the public nothing
    assert permissions.allowed_actions(staff, p, poll=poll) == {"tally", "change"}
    assert permissions.allowed_actions(deputy, p, poll=poll) == {"vote"}
    assert permissions.allowed_actions(AnonymousUser(), p, poll=poll) == set()


def test_programme_page_buttons_follow_allowed_actions():
    # given a decided programme
    staff = lf.staff()
    p, _project, meeting = lf.decided_project(staff)
    deputy = mf.deputy_login(mf.members(meeting)[0])
    staff_page, deputy_page = Client(), Client()
    staff_page.force_login(staff)
    deputy_page.force_login(deputy)
    # when staff and a deputy open its page
    html_staff = staff_page.get(f"/livelihood/{p.pk}/").content.decode()
    html_deputy = deputy_page.get(f"/livelihood/{p.pk}/").content.decode()
    # then only staff see the publish button; nobody sees a vote link after the vote
    assert 'data-testid="programme-publish"' in html_staff
    assert 'data-testid="programme-publish"' not in html_deputy
    assert 'data-testid="programme-vote"' not in html_deputy
    # and a deputy posting the action anyway is refused, the programme stays decided
    deputy_page.post(f"/livelihood/{p.pk}/do/publish/")
    p.refresh_from_db()
    assert p.status == Programme.Status.DECIDED


def test_project_page_progress_form_only_for_staff_and_the_responsible_unit():
    # given an implemented project of a published programme
    staff = lf.staff()
    project = services.project_start(project=lf.ready_project(staff), actor=staff)
    services.milestone_add(project=project, title="开工", due_on=date(2026, 6, 30), actor=staff)
    services.programme_publish(programme=project.programme, actor=staff)
    own = lf.unit_officer(project.responsible_unit)
    other = lf.unit_officer(f.HandlingUnitFactory(congress=staff.congress))
    # when each opens the project page
    pages = {}
    for name, user in {"staff": staff, "own": own, "other": other}.items():
        c = Client()
        c.force_login(user)
        pages[name] = c.get(f"/livelihood/projects/{project.pk}/").content.decode()
    # then staff and the responsible unit see the progress form; only staff the milestone form
    assert 'data-testid="progress-form"' in pages["staff"] and 'data-testid="milestone-form"' in pages["staff"]
    assert 'data-testid="progress-form"' in pages["own"] and 'data-testid="milestone-form"' not in pages["own"]
    assert 'data-testid="progress-form"' not in pages["other"]


def test_api_detail_lists_the_users_allowed_actions():
    # given a decided programme
    staff = lf.staff()
    p, project, _meeting = lf.decided_project(staff)
    api = APIClient()
    api.force_authenticate(staff)
    # when staff read it and its project
    programme = api.get(f"/api/livelihood/programmes/{p.pk}/").json()
    detail = api.get(f"/api/livelihood/projects/{project.pk}/").json()
    # then the actions match the predicates
    assert programme["allowed_actions"] == ["publish", "satisfaction_start"]
    assert detail["allowed_actions"] == ["milestone", "plan", "supervision"]


def test_responsible_unit_and_vice_chair_are_notified_of_three_ones_and_start(django_capture_on_commit_callbacks):
    # given a decided project with its plan, an officer of its unit and a login for the vice-chair
    staff = lf.staff()
    _p, project, _m = lf.decided_project(staff)
    lf.plan(project, staff)
    officer = lf.unit_officer(project.responsible_unit)
    vc, committee, members = lf.three_ones(staff)
    vc_login = lf.user(User.Role.SUPERVISOR, staff.congress, deputy=vc)
    # when staff assign the 三个1 and start the project
    with django_capture_on_commit_callbacks(execute=True):
        services.project_assign_supervision(
            project=project,
            vice_chair=vc,
            special_committee=committee,
            group_name="组",
            group_members=members,
            actor=staff,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.project_start(project=project, actor=staff)
    # then both are told twice, with a link to the project page
    for user in (officer, vc_login):
        texts = list(Notification.objects.filter(recipient=user).order_by("id").values_list("text", "link"))
        assert len(texts) == 2
        assert "三个1" in texts[0][0] and "开始实施" in texts[1][0]
        assert all(link == f"/livelihood/projects/{project.pk}/" for _t, link in texts)
    assert not Notification.objects.filter(recipient=staff).exists()


def test_can_view_programme_agrees_with_the_list_query_for_every_role_and_stage():
    # given a drafting and a published programme of one congress, and a published one of another
    staff = lf.staff()
    term = staff.congress.terms.get()
    drafting = lf.ProgrammeFactory(session=f.SessionFactory(term=term))
    published = lf.ProgrammeFactory(session=f.SessionFactory(term=term), status="published")
    other = f.CongressFactory(region_code="990400", name="邻市人民代表大会")
    foreign = lf.ProgrammeFactory(session=f.SessionFactory(term=f.TermFactory(congress=other)), status="published")
    viewers = [
        staff,
        lf.user(User.Role.DEPUTY, staff.congress, deputy=f.DeputyFactory(term=term)),
        lf.user(User.Role.SUPERVISOR, staff.congress),
        lf.unit_officer(f.HandlingUnitFactory(congress=staff.congress)),
        lf.user(User.Role.STAFF, other, username="other_staff"),
        AnonymousUser(),
    ]
    # when each viewer is asked about each programme
    from renda.livelihood import selectors

    for viewer in viewers:
        listed = set(selectors.programme_list(viewer=viewer).values_list("pk", flat=True))
        # then the predicate and the query agree
        for p in (drafting, published, foreign):
            assert permissions.can_view_programme(viewer, p) == (p.pk in listed), (viewer, p)


def test_programme_and_project_pages_show_the_trail_with_chinese_labels():
    # given a decided programme and its project with a plan
    staff = lf.staff()
    p, project, _meeting = lf.decided_project(staff)
    lf.plan(project, staff)
    c = Client()
    c.force_login(staff)
    # when staff open both pages
    programme_page = c.get(f"/livelihood/{p.pk}/").content.decode()
    project_page = c.get(f"/livelihood/projects/{project.pk}/").content.decode()
    # then the trails show labels, never raw action codes
    assert "开始公开征集" in programme_page and "票决确定项目" in programme_page and "项目当选" in programme_page
    assert "open_solicitation" not in programme_page
    assert "公布实施方案" in project_page and ">plan<" not in project_page


def test_a_progress_form_opened_before_another_report_is_refused_and_changes_nothing():
    # given an implementing project the responsible unit has open in two tabs
    staff = lf.staff()
    project = services.project_start(project=lf.ready_project(staff), actor=staff)
    m = services.milestone_add(project=project, title="主体完成", due_on=date(2026, 6, 30), actor=staff)
    services.programme_publish(programme=project.programme, actor=staff)
    own = lf.unit_officer(project.responsible_unit)
    c = Client()
    c.force_login(own)
    page = c.get(f"/livelihood/projects/{project.pk}/").content.decode()
    project.refresh_from_db()
    seen = project.version
    assert f'name="version" value="{seen}"' in page
    url = f"/livelihood/projects/{project.pk}/do/progress/"
    # when tab A reports 95 % and then tab B, still showing the old figures, reports 90 %
    c.post(url, {"text": "主体完成 95%", f"progress-{m.pk}": "95", "version": seen}, follow=True)
    stale = c.post(url, {"text": "旧页面", f"progress-{m.pk}": "90", "version": seen}, follow=True)
    # then B is refused with the stale-record message and A's figure stands
    assert "已被他人修改" in stale.content.decode()
    m.refresh_from_db()
    assert m.progress == 95
    assert project.reports.count() == 1
