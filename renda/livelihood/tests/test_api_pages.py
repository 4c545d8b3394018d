"""Livelihood REST API and pages: the whole round over HTTP, permissions, public results, query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from rest_framework.test import APIClient

from renda.livelihood.models import Programme, ProgrammeEvent
from renda.livelihood.tests import factories as lf
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, Membership
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_full_round_over_the_api_with_L4_tally_and_L6_supervision():
    # given staff, a session and a plenary of 9 deputies all present
    staff = mf.staff()
    term = staff.congress.terms.get()
    session = f.SessionFactory(term=term)
    unit = f.HandlingUnitFactory(congress=staff.congress)
    api = _api(staff)
    # when the programme is created, solicited (L1: 29 days refused, 30 accepted) and screened over the API
    pid = api.post(
        "/api/livelihood/programmes/", {"session": session.pk, "year": 2026, "title": "2026年民生实事", "seats": 1}
    ).json()["id"]
    bad = api.post(
        f"/api/livelihood/programmes/{pid}/open-solicitation/", {"starts_on": "2026-01-01", "ends_on": "2026-01-30"}
    )
    assert bad.status_code == 422 and bad.json()["rule"] == "L1"
    assert (
        api.post(
            f"/api/livelihood/programmes/{pid}/open-solicitation/", {"starts_on": "2026-01-01", "ends_on": "2026-01-31"}
        ).status_code
        == 200
    )
    ids = [
        api.post(
            f"/api/livelihood/programmes/{pid}/candidates/",
            {"title": t, "budget": "100.00", "lead_unit": unit.pk, "targets": "目标"},
        ).json()["id"]
        for t in ("修好断头路", "创造就业岗位")
    ]
    Programme.objects.filter(pk=pid).update(solicitation_ends_on=date(2026, 1, 1))
    assert api.post(f"/api/livelihood/programmes/{pid}/close-solicitation/").status_code == 200
    for cid in ids:
        assert api.post(f"/api/livelihood/candidates/{cid}/screen/", {"include": True}).status_code == 200
    assert api.post(f"/api/livelihood/programmes/{pid}/submit/").json()["status"] == "submitted"
    meeting = mf.plenary(term=term, actor=staff, deputies=9)
    mf.check_in(meeting, 9, actor=staff)
    poll = api.post(f"/api/livelihood/programmes/{pid}/vote-start/", {"meeting": meeting.pk}).json()
    assert poll["method"] == "secret"
    assert api.post(f"/api/meetings/polls/{poll['id']}/open/").status_code == 200
    # and the deputies vote through the API: 修好断头路 7 赞成, 创造就业岗位 3
    options = [o["id"] for o in poll["options"]]
    for i, d in enumerate(mf.members(meeting)):
        choices = {str(options[0]): "yes" if i < 7 else "no", str(options[1]): "yes" if i < 3 else "abstain"}
        r = _api(mf.deputy_login(d)).post(
            f"/api/meetings/polls/{poll['id']}/ballots/", {"choices": choices}, format="json"
        )
        assert r.status_code == 201
    api.post(f"/api/meetings/polls/{poll['id']}/close/")
    sel = api.post(f"/api/livelihood/programmes/{pid}/tally/").json()
    # then L4 chooses 修好断头路
    assert sel == {"selected": [ids[0]], "revote": [], "revote_seats": 0}
    project = api.get("/api/livelihood/projects/").json()["results"][0]
    assert project["title"] == "修好断头路"
    # and 三个1 over the API: an ordinary member as lead vice-chair is refused (L6), a vice-chair accepted
    sc = f.BodyFactory(term=term, kind=Body.Kind.STANDING_COMMITTEE)
    vc = f.MembershipFactory(body=sc, role=Membership.Role.VICE_CHAIR).deputy
    committee = f.BodyFactory(term=term, kind=Body.Kind.SPECIAL_COMMITTEE)
    member = f.DeputyFactory(term=term)
    body = {"special_committee": committee.pk, "group_name": "第一监督小组", "group_members": [member.pk]}
    refused = api.post(
        f"/api/livelihood/projects/{project['id']}/supervision/", {**body, "vice_chair": member.pk}, format="json"
    )
    assert refused.status_code == 422 and refused.json()["rule"] == "L6"
    ok = api.post(
        f"/api/livelihood/projects/{project['id']}/supervision/", {**body, "vice_chair": vc.pk}, format="json"
    )
    assert ok.json()["lead_vice_chair"] == vc.pk
    # and the public sees the result only once published
    anon = APIClient()
    assert anon.get("/api/livelihood/public-programmes/").json()["count"] == 0
    api.post(f"/api/livelihood/programmes/{pid}/publish/")
    public = anon.get("/api/livelihood/public-programmes/").json()["results"][0]
    assert [c["yes_votes"] for c in public["candidates"]] == [7, 3]


def test_deputy_cannot_drive_the_programme():
    staff = mf.staff()
    term = staff.congress.terms.get()
    session = f.SessionFactory(term=term)
    pid = (
        _api(staff)
        .post("/api/livelihood/programmes/", {"session": session.pk, "year": 2026, "title": "t", "seats": 1})
        .json()["id"]
    )
    deputy = mf.deputy_login(f.DeputyFactory(term=term))
    before = ProgrammeEvent.objects.count()
    r = _api(deputy).post(
        f"/api/livelihood/programmes/{pid}/open-solicitation/", {"starts_on": "2026-01-01", "ends_on": "2026-03-01"}
    )
    assert r.status_code == 403
    assert ProgrammeEvent.objects.count() == before


def test_programme_page_and_public_page_query_counts(django_assert_max_num_queries):
    # given the seed-like demo round (10 projects with milestones)
    from renda.livelihood import demo
    from renda.organization import demo as org_demo

    org_demo.load()
    programme = demo.load()
    # one unfinished milestone falls due yesterday, whatever today is
    from datetime import timedelta

    from django.utils import timezone

    from renda.livelihood.models import Milestone

    late = Milestone.objects.filter(project__programme=programme, progress__lt=100).order_by("pk").first()
    Milestone.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    staff_client = Client()
    from renda.organization.models import User

    staff_client.force_login(User.objects.get(username="staff"))
    # then the programme page runs a bounded number of queries for 13 candidates and 10 projects
    with django_assert_max_num_queries(20):
        html = staff_client.get(f"/livelihood/{programme.pk}/").content.decode()
    assert html.count("当选</strong>") == 10
    assert "逾期" in html
    with django_assert_max_num_queries(12):
        public = Client().get("/livelihood/public/").content.decode()
    assert "修好断头路（赞成 322 票）" in public
    project = programme.projects.get(title="修好断头路")
    page = staff_client.get(f"/livelihood/projects/{project.pk}/").content.decode()
    assert "牵头督办副主任" in page and "监督小组" in page
    # and the home pages: staff see overdue projects, the lead vice-chair sees the projects they lead
    staff_home = staff_client.get("/home/").content.decode()
    assert "民生实事逾期节点" in staff_home and late.project.title in staff_home
    supervisor = Client()
    supervisor.force_login(User.objects.get(username="supervisor"))
    home = supervisor.get("/home/").content.decode()
    led = programme.projects.filter(lead_vice_chair=User.objects.get(username="supervisor").deputy)
    assert led.exists() and all(p.title in home for p in led)


def test_missing_and_forbidden_records_answer_404_alike_before_validation():
    # given a decided project of one congress, and staff of another congress
    from renda.livelihood.models import ProjectEvent
    from renda.organization.models import User

    staff = mf.staff()
    programme, project, _meeting = lf.decided_project(staff)
    candidate = programme.candidates.first()
    other = f.UserFactory(
        role=User.Role.STAFF, username="other_staff", congress=f.CongressFactory(region_code="990200")
    )
    api = _api(other)
    events = ProjectEvent.objects.count()
    # when they act on those records with invalid bodies, and on ids that do not exist
    forbidden = [
        api.get(f"/api/livelihood/programmes/{programme.pk}/"),
        api.post(f"/api/livelihood/programmes/{programme.pk}/candidates/", {}, format="json"),
        api.post(f"/api/livelihood/candidates/{candidate.pk}/screen/", {}, format="json"),
        api.get(f"/api/livelihood/projects/{project.pk}/"),
        api.post(f"/api/livelihood/projects/{project.pk}/milestones/", {"weight": -1}, format="json"),
        api.post(f"/api/livelihood/projects/{project.pk}/progress/", {}, format="json"),
        api.post(f"/api/livelihood/projects/{project.pk}/plan/", {}, format="json"),
    ]
    missing = [
        api.get("/api/livelihood/programmes/999999/"),
        api.post("/api/livelihood/candidates/999999/screen/", {}, format="json"),
        api.post("/api/livelihood/projects/999999/milestones/", {}, format="json"),
    ]
    # then every one answers 404 and nothing is written
    assert [r.status_code for r in forbidden + missing] == [404] * 10
    assert ProjectEvent.objects.count() == events


def _implementing_project(staff):
    from decimal import Decimal

    from renda.livelihood import services

    programme, project, _m = lf.decided_project(staff)
    services.programme_publish(programme=programme, actor=staff)  # results are public before delivery starts
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
    return services.project_start(project=project, actor=staff)


def test_staff_add_milestones_and_report_progress_on_the_project_page():
    from renda.livelihood.models import Milestone, ProgressReport

    # given an implementing project and staff on its page
    staff = mf.staff()
    project = _implementing_project(staff)
    c = Client()
    c.force_login(staff)
    page = c.get(f"/livelihood/projects/{project.pk}/").content.decode()
    assert 'data-testid="milestone-form"' in page
    # when staff add two milestones through the page form
    url = f"/livelihood/projects/{project.pk}/do/"
    c.post(url + "milestone/", {"title": "立项", "weight": "1", "due_on": "2026-04-30"})
    r = c.post(url + "milestone/", {"title": "施工", "weight": "3", "due_on": "2026-09-30"}, follow=True)
    # then they are on the plan and the page says so
    assert "进度节点已增加" in r.content.decode()
    a, b = Milestone.objects.filter(project=project).order_by("order")
    assert [(a.title, a.weight), (b.title, b.weight)] == [("立项", 1), ("施工", 3)]
    # when staff report 立项 done and 施工 at 40 %
    r = c.post(
        url + "progress/",
        {"text": "已开工", f"progress-{a.pk}": "100", f"progress-{b.pk}": "40", "reported_on": "2026-10-08"},
        follow=True,
    )
    # then the weighted percentage (1×100 + 3×40) / 4 = 55.0 is stored and shown
    report = ProgressReport.objects.get(project=project)
    assert str(report.percent) == "55.0" and report.reported_on == date(2026, 10, 8)
    html = r.content.decode()
    assert "进展报告已提交" in html and 'data-testid="project-percent">55' in html


def test_project_page_forms_refuse_bad_input_and_other_roles_writing_nothing():
    from renda.livelihood.models import Milestone, ProgressReport, ProjectEvent
    from renda.organization.models import User

    # given an implementing project with one milestone
    staff = mf.staff()
    project = _implementing_project(staff)
    m = Milestone.objects.create(project=project, order=1, title="立项", weight=1, due_on=date(2026, 4, 30))
    events = ProjectEvent.objects.count()
    c = Client()
    c.force_login(staff)
    url = f"/livelihood/projects/{project.pk}/do/"
    # when staff send a weight of 0, a bad date and a progress of 150 %
    r1 = c.post(url + "milestone/", {"title": "施工", "weight": "0", "due_on": "2026-09-30"}, follow=True)
    r2 = c.post(url + "milestone/", {"title": "施工", "weight": "1", "due_on": "九月底"}, follow=True)
    r3 = c.post(url + "progress/", {"text": "x", f"progress-{m.pk}": "150"}, follow=True)
    # then each is refused with a Chinese message and nothing is written
    assert "权重须为正整数" in r1.content.decode()
    assert "计划完成日期格式应为 YYYY-MM-DD" in r2.content.decode()
    assert "进度须为本项目节点的 0–100%" in r3.content.decode()
    # and a unit officer of another unit cannot report, a deputy does not even see the forms
    other = f.UserFactory(
        role=User.Role.UNIT_OFFICER, handling_unit=f.HandlingUnitFactory(congress=staff.congress), username="u2"
    )
    o = Client()
    o.force_login(other)
    assert 'data-testid="progress-form"' not in o.get(f"/livelihood/projects/{project.pk}/").content.decode()
    r4 = o.post(url + "progress/", {"text": "x", f"progress-{m.pk}": "50"}, follow=True)
    assert "只有责任单位或常委会工作人员可以报告进展" in r4.content.decode()
    assert Milestone.objects.filter(project=project).count() == 1
    assert not ProgressReport.objects.filter(project=project).exists()
    assert ProjectEvent.objects.count() == events
