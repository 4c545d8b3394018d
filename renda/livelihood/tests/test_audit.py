"""Audit of the livelihood domain: an adopted plan is read-only in the admin and the API (the
programme once the vote decided it, a project's plan once implemented); other admin edits keep their
history with the actor."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from renda.livelihood import services
from renda.livelihood.admin import ProgrammeAdmin, ProjectAdmin
from renda.livelihood.models import Candidate, Programme, ProgrammeEvent, Project, ProjectEvent
from renda.livelihood.tests import factories as lf
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return f.UserFactory(username="root", is_superuser=True, is_staff=True)


def _admin_client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_adopted_programme_change_form_is_read_only_and_a_post_changes_nothing(root):
    # given a programme decided by the deputies' vote
    staff = lf.staff()
    p, _project, _meeting = lf.decided_project(staff)
    url = f"/admin/livelihood/programme/{p.pk}/change/"
    c = _admin_client(root)
    # when a superuser opens its change form and posts a new title and seat count
    page = c.get(url).content.decode()
    c.post(
        url,
        {
            "title": "改过的名称",
            "seats": "5",
            "candidates-TOTAL_FORMS": "0",
            "candidates-INITIAL_FORMS": "0",
            "candidates-MIN_NUM_FORMS": "0",
            "candidates-MAX_NUM_FORMS": "1000",
        },
    )
    # then the form offers no input for them and the programme is unchanged
    assert 'name="title"' not in page and 'name="seats"' not in page
    p.refresh_from_db()
    assert (p.title, p.seats) == ("2026年民生实事项目", 1)
    # and its candidates can be neither added nor deleted
    request = RequestFactory().get(url)
    request.user = root
    model_admin = ProgrammeAdmin(Programme, admin.site)
    assert {"title", "seats", "ballot_form", "session"} <= set(model_admin.get_readonly_fields(request, p))
    assert not model_admin.has_delete_permission(request, p)
    inline = model_admin.get_inline_instances(request, p)[0]
    assert not inline.has_add_permission(request, p) and not inline.has_delete_permission(request, p)


def test_drafting_programme_is_editable_in_the_admin_and_history_records_the_actor(root):
    # given a programme still being drafted
    staff = lf.staff()
    p = lf.ProgrammeFactory(session=f.SessionFactory(term=staff.congress.terms.get()))
    url = f"/admin/livelihood/programme/{p.pk}/change/"
    data = {
        "congress": p.congress_id,
        "session": p.session_id,
        "year": p.year,
        "title": "改过的名称",
        "seats": "3",
        "ballot_form": p.ballot_form,
        "candidates-TOTAL_FORMS": "0",
        "candidates-INITIAL_FORMS": "0",
        "candidates-MIN_NUM_FORMS": "0",
        "candidates-MAX_NUM_FORMS": "1000",
    }
    # when a superuser changes its title in the admin
    r = _admin_client(root).post(url, data)
    # then it is saved and the history row names who changed it
    assert r.status_code == 302, r.content.decode()[:2000]
    p.refresh_from_db()
    assert p.title == "改过的名称"
    latest = p.history.order_by("-history_date").first()
    assert latest.title == "改过的名称" and latest.history_user == root


def test_implementing_project_plan_is_read_only_in_the_admin(root):
    # given a project being implemented
    staff = lf.staff()
    project = services.project_start(project=lf.ready_project(staff), actor=staff)
    request = RequestFactory().get("/")
    request.user = root
    # when the admin builds its change form
    readonly = set(ProjectAdmin(Project, admin.site).get_readonly_fields(request, project))
    page = _admin_client(root).get(f"/admin/livelihood/project/{project.pk}/change/").content.decode()
    # then the plan and the 三个1 are read-only
    assert {"targets", "deadline", "funding", "responsible_unit", "lead_vice_chair", "special_committee"} <= readonly
    assert 'name="targets"' not in page and 'name="deadline"' not in page


def test_planning_project_plan_is_editable_in_the_admin_with_history(root):
    # given a project whose plan is still being drawn up
    staff = lf.staff()
    _p, project, _m = lf.decided_project(staff)
    request = RequestFactory().get("/")
    request.user = root
    # when the admin builds its change form
    readonly = set(ProjectAdmin(Project, admin.site).get_readonly_fields(request, project))
    # then the plan may be edited there, and the record keeps history
    assert "targets" not in readonly and "deadline" not in readonly
    assert project.history.exists()


def test_api_refuses_changes_to_an_adopted_programme():
    # given a decided programme with its candidates
    staff = lf.staff()
    p, _project, _meeting = lf.decided_project(staff)
    events = ProgrammeEvent.objects.filter(programme=p).count()
    loser = p.candidates.get(status=Candidate.Status.NOT_SELECTED)
    api = _api(staff)
    # when staff try to edit it, add a candidate or re-screen one over the API
    patch = api.patch(f"/api/livelihood/programmes/{p.pk}/", {"seats": 3}, format="json")
    add = api.post(
        f"/api/livelihood/programmes/{p.pk}/candidates/",
        {"title": "新项目", "budget": "10", "lead_unit": loser.lead_unit_id},
        format="json",
    )
    screen = api.post(f"/api/livelihood/candidates/{loser.pk}/screen/", {"include": True}, format="json")
    # then each is refused with a {code, detail} body and nothing changed
    assert patch.status_code == 405
    assert add.status_code == 422 and add.json()["code"] == "rule_violation"
    assert screen.status_code == 422 and screen.json()["code"] == "rule_violation"
    p.refresh_from_db()
    loser.refresh_from_db()
    assert (p.seats, p.candidates.count(), loser.status) == (1, 2, Candidate.Status.NOT_SELECTED)
    assert ProgrammeEvent.objects.filter(programme=p).count() == events


def test_L5_plan_of_an_implementing_project_cannot_be_rewritten_over_the_api():
    # given a project being implemented (the old code let staff replace its plan at any time)
    staff = lf.staff()
    project = services.project_start(project=lf.ready_project(staff), actor=staff)
    events = ProjectEvent.objects.filter(project=project).count()
    # when staff post a new plan with a later deadline
    r = _api(staff).post(
        f"/api/livelihood/projects/{project.pk}/plan/",
        {
            "targets": "缩水的目标",
            "deadline": "2027-12-31",
            "funding": "1",
            "responsible_unit": project.responsible_unit_id,
        },
        format="json",
    )
    # then it is refused (L5) and the adopted plan stands
    assert r.status_code == 422 and r.json()["code"] == "rule_violation"
    project.refresh_from_db()
    assert (project.targets, project.deadline) == ("新建道路 5 公里", date(2026, 12, 31))
    assert ProjectEvent.objects.filter(project=project).count() == events


def test_implementing_projects_milestones_and_satisfaction_are_read_only_in_the_admin(root):
    # given a project being implemented, with milestones
    staff = lf.staff()
    project = services.project_start(project=lf.ready_project(staff), actor=staff)
    request = RequestFactory().get("/")
    request.user = root
    # when the admin builds its change form and milestone inline
    from renda.livelihood.admin import MilestoneInline

    inline = MilestoneInline(Project, admin.site)
    readonly = set(inline.get_readonly_fields(request, project))
    project_readonly = set(ProjectAdmin(Project, admin.site).get_readonly_fields(request, project))
    # then progress is changed only by the unit's reports (events), not here
    assert "progress" in readonly and "weight" in readonly
    assert not inline.has_add_permission(request, project) and not inline.has_delete_permission(request, project)
    assert {"satisfaction_passed", "satisfaction_text"} <= project_readonly
