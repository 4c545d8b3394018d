"""Livelihood staff and unit pages (issue 13 item 2): each page calls the API's service, refuses bad
input with a Chinese message writing nothing, and is closed to deputies and units (403 where they see
the record, 404 where they do not)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from renda.livelihood import selectors, services
from renda.livelihood.models import Candidate, Programme, ProgrammeEvent, ProgressReport, Project
from renda.livelihood.tests import factories as lf
from renda.meetings import services as ms
from renda.meetings.models import Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _screening(staff: Any) -> Programme:
    """A programme in 筛选论证 with three candidates submitted (through the services)."""
    p = services.programme_create(
        congress=staff.congress,
        session=f.SessionFactory(term=staff.congress.terms.get()),  # type: ignore[arg-type]
        year=2027,
        title="2027年民生实事项目",
        seats=2,
        actor=staff,
    )
    services.programme_open_solicitation(programme=p, starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1), actor=staff)
    unit: Any = f.HandlingUnitFactory(congress=staff.congress)
    for title in ("修路", "建园", "加梯"):
        services.candidate_submit(programme=p, title=title, budget=Decimal("10"), lead_unit=unit, actor=staff)
    return services.programme_close_solicitation(programme=p, actor=staff, today=date(2026, 2, 2))


def test_staff_create_a_programme_open_solicitation_and_add_and_edit_candidates_on_pages():
    # given staff of a congress with a session and a unit
    staff = mf.staff()
    session = f.SessionFactory(term=staff.congress.terms.get())
    unit = f.HandlingUnitFactory(congress=staff.congress)
    c = _client(staff)
    assert 'data-testid="programme-new"' in c.get("/livelihood/").content.decode()
    # when the creation form is sent with 0 seats, then with valid data
    form = {"session": session.pk, "year": 2027, "title": "2027年民生实事", "seats": 0, "ballot_form": "per_option"}
    bad = c.post("/livelihood/new/", form)
    # then 0 is refused in Chinese and nothing is created; the valid form creates the programme (准备中)
    assert bad.status_code == 200 and "确保该值大于或等于" in bad.content.decode()
    assert not Programme.objects.exists()
    assert c.post("/livelihood/new/", {**form, "seats": 2}).status_code == 302
    p = Programme.objects.get()
    assert (p.status, p.seats, p.congress_id) == (Programme.Status.DRAFTING, 2, staff.congress_id)
    # and a second programme for the same year is refused in Chinese, not a 500 (was an IntegrityError)
    again = c.post("/livelihood/new/", {**form, "seats": 3})
    assert again.status_code == 200 and "2027 年度已有民生实事项目票决" in again.content.decode()
    api = APIClient()
    api.force_authenticate(staff)
    r = api.post("/api/livelihood/programmes/", {"session": session.pk, "year": 2027, "title": "重复", "seats": 1})
    assert r.status_code == 422 and r.json()["code"] == "rule_violation"
    assert Programme.objects.count() == 1
    # when the solicitation is opened for 29 days, with a non-date, then for 30 days
    url = f"/livelihood/{p.pk}/solicitation/"
    events = ProgrammeEvent.objects.count()
    short = c.post(url, {"starts_on": "2026-01-01", "ends_on": "2026-01-30"}).content.decode()
    garbled = c.post(url, {"starts_on": "明天", "ends_on": "2026-01-30"}).content.decode()
    # then both are refused in Chinese (L1), nothing written; 30 days opens it
    assert "公开征集期不得少于 30 日" in short and "有效的日期" in garbled
    assert ProgrammeEvent.objects.count() == events
    c.post(url, {"starts_on": "2026-01-01", "ends_on": "2026-01-31"})
    p.refresh_from_db()
    assert p.status == Programme.Status.SOLICITING
    # when a candidate is sent with a budget of "abc", then properly, then edited with a stale version
    new = f"/livelihood/{p.pk}/candidates/new/"
    cand = {"title": "修好断头路", "budget": "abc", "lead_unit": unit.pk, "targets": "5 公里"}
    assert "输入一个数字" in c.post(new, cand).content.decode() and not Candidate.objects.exists()
    c.post(new, {**cand, "budget": "1200.50"})
    cand_row = Candidate.objects.get()
    assert (cand_row.title, cand_row.budget, cand_row.lead_unit_id) == ("修好断头路", Decimal("1200.50"), unit.pk)
    edit = f"/livelihood/candidates/{cand_row.pk}/edit/"
    stale = c.post(edit, {**cand, "budget": "900", "version": cand_row.version + 5}).content.decode()
    assert "已被他人修改" in stale
    c.post(edit, {**cand, "title": "修好城区断头路", "budget": "900", "version": cand_row.version})
    cand_row.refresh_from_db()
    # then only the current version's edit is saved, on the programme's trail
    assert (cand_row.title, cand_row.budget) == ("修好城区断头路", Decimal("900.00"))
    assert ProgrammeEvent.objects.filter(programme=p, action="candidate_update").count() == 1


def test_screening_needs_a_reason_to_leave_out_and_the_vote_goes_to_a_plenary_only():
    # given a programme in screening, an SC meeting and a plenary of 5
    staff = mf.staff()
    p = _screening(staff)
    a, b, d = p.candidates.order_by("number")
    c = _client(staff)
    # when a candidate is left out without a reason, then with one; the two others are listed
    no_reason = c.post(f"/livelihood/candidates/{d.pk}/screen/", {"decision": "out", "note": " "}).content.decode()
    assert "不入围须写明理由" in no_reason
    d.refresh_from_db()
    assert d.status == Candidate.Status.SUBMITTED
    c.post(f"/livelihood/candidates/{d.pk}/screen/", {"decision": "out", "note": "资金未落实"})
    for x in (a, b):
        c.post(f"/livelihood/candidates/{x.pk}/screen/", {"decision": "in"})
    d.refresh_from_db()
    # then the screening is stored with its reason
    assert (d.status, d.screening_note) == (Candidate.Status.SCREENED_OUT, "资金未落实")
    # when the list (2 listed for 2 seats) is submitted: refused, 差额 (L1)
    page = c.post(f"/livelihood/{p.pk}/do/submit/", follow=True).content.decode()
    assert "须多于拟确定的 2 个" in page
    c.post(f"/livelihood/candidates/{d.pk}/screen/", {"decision": "in"})
    c.post(f"/livelihood/{p.pk}/do/submit/")
    p.refresh_from_db()
    assert p.status == Programme.Status.SUBMITTED
    # and a candidate can no longer be edited: the page sends staff back with the reason
    back = c.get(f"/livelihood/candidates/{a.pk}/edit/", follow=True).content.decode()
    assert "当前阶段不能办理此事项" in back
    # when the vote is put to a Standing Committee meeting (not offered), then to the plenary
    term = staff.congress.terms.get()
    sc = mf.meeting_of(mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=3, term=term), actor=staff)
    plenary = mf.plenary(term=term, actor=staff, deputies=5)
    vote = f"/livelihood/{p.pk}/vote/"
    assert "选择一个有效的选项" in c.post(vote, {"meeting": sc.pk}).content.decode()
    c.post(vote, {"meeting": plenary.pk})
    p.refresh_from_db()
    poll = selectors.current_poll(p)
    # then a secret poll of the three listed candidates is on the plenary's agenda (L2/L3)
    assert p.status == Programme.Status.VOTING and poll is not None
    assert (poll.method, poll.item.meeting_id, poll.options.count()) == (Poll.Method.SECRET, plenary.pk, 3)


def test_deputies_and_units_cannot_reach_the_staff_pages():
    # given a programme in screening and a decided programme's project (not published)
    staff = mf.staff()
    p = _screening(staff)
    cand = p.candidates.first()
    _p2, project, _m = lf.decided_project(staff)
    deputy = mf.deputy_login(f.DeputyFactory(term=staff.congress.terms.get()))
    own_unit = lf.unit_officer(project.responsible_unit)
    other_unit = lf.unit_officer(f.HandlingUnitFactory(congress=staff.congress))
    programme_pages = [
        "/livelihood/new/",
        f"/livelihood/{p.pk}/solicitation/",
        f"/livelihood/{p.pk}/vote/",
        f"/livelihood/{p.pk}/satisfaction/",
        f"/livelihood/candidates/{cand.pk}/edit/",
        f"/livelihood/candidates/{cand.pk}/screen/",
    ]
    project_pages = [f"/livelihood/projects/{project.pk}/plan/", f"/livelihood/projects/{project.pk}/supervision/"]
    events = ProgrammeEvent.objects.count()
    # when a deputy (who sees both) opens or posts to the staff pages: 403
    d = _client(deputy)
    for url in programme_pages + project_pages:
        assert d.get(url).status_code == 403, url
        assert d.post(url, {"decision": "out", "note": "x", "targets": "x"}).status_code == 403, url
    assert d.post(f"/livelihood/{p.pk}/satisfaction/record/").status_code == 403
    # when units open them: a programme in screening is theirs to see (they propose candidates, L1)
    # but its staff pages are not (403); their own project is visible but its plan and "三个1" are
    # staff's (403)
    o = _client(other_unit)
    for url in programme_pages[1:]:
        assert o.get(url).status_code == 403, url
        assert o.post(url, {"decision": "out", "note": "x", "targets": "x"}).status_code == 403, url
    u = _client(own_unit)
    for url in project_pages:
        assert u.get(url).status_code == 403, url
    assert o.get(project_pages[0]).status_code == 404
    assert u.get("/livelihood/new/").status_code == 403
    # then nothing was written
    assert ProgrammeEvent.objects.count() == events
    cand.refresh_from_db()
    assert cand.status == Candidate.Status.SUBMITTED


def test_the_unit_reports_progress_from_its_own_menu_with_the_version_check():
    # given an implementing project with a milestone and the responsible unit's officer
    staff = mf.staff()
    project = services.project_start(project=lf.ready_project(staff), actor=staff)
    m = services.milestone_add(project=project, title="开工", due_on=date(2026, 6, 30), actor=staff, weight=2)
    officer = lf.unit_officer(project.responsible_unit)
    c = _client(officer)
    # when the officer opens the home page and the menu's 民生实事
    home = c.get("/home/").content.decode()
    assert 'href="/livelihood/mine/"' in home and "本单位民生实事项目" in home
    mine = c.get("/livelihood/mine/").content.decode()
    assert f'data-testid="report-progress-{project.pk}"' in mine
    # and reports with a stale version, with 120 %, then properly
    url = f"/livelihood/projects/{project.pk}/progress/"
    project.refresh_from_db()
    form = {f"progress-{m.pk}": "50", "text": "已开工", "version": project.version}
    assert "已被他人修改" in c.post(url, {**form, "version": project.version - 1}).content.decode()
    assert "确保该值小于或等于" in c.post(url, {**form, f"progress-{m.pk}": "120"}).content.decode()
    assert not ProgressReport.objects.exists()
    assert c.post(url, form).status_code == 302
    # then one report at 50 % is stored with its author
    report = ProgressReport.objects.get()
    assert (report.percent, report.author_id) == (Decimal("50.0"), officer.pk)
    # and another unit does not see the project (404), a deputy sees it but may not report (403)
    assert _client(lf.unit_officer(f.HandlingUnitFactory(congress=staff.congress))).get(url).status_code == 404
    deputy = mf.deputy_login(f.DeputyFactory(term=staff.congress.terms.get()))
    assert _client(deputy).get(url).status_code == 403
    assert "本单位暂无民生实事项目" not in mine and _client(staff).get("/livelihood/mine/").status_code == 403


def test_plan_three_ones_and_start_on_pages_and_the_satisfaction_result_recorded_once():
    # given a decided project and the "三个1" people
    staff = mf.staff()
    programme, project, meeting = lf.decided_project(staff)
    vc, committee, members = lf.three_ones(staff)
    ordinary = f.MembershipFactory(
        body=f.BodyFactory(term=staff.congress.terms.get(), kind=Body.Kind.STANDING_COMMITTEE)
    )
    c = _client(staff)
    base = f"/livelihood/projects/{project.pk}/"
    # when the plan is sent with a bad date, then properly; "三个1" with an ordinary member, then the vice-chair
    plan = {
        "targets": "新建道路",
        "deadline": "年底",
        "funding": "3000",
        "responsible_unit": project.responsible_unit_id,
    }
    assert "有效的日期" in c.post(base + "plan/", plan).content.decode()
    c.post(base + "plan/", {**plan, "deadline": "2026-12-31", "version": project.version})
    sup = {"vice_chair": ordinary.deputy_id, "special_committee": committee.pk, "group_name": "第一组"}
    sup["group_members"] = [d.pk for d in members]  # type: ignore[assignment]
    assert "选择一个有效的选项" in c.post(base + "supervision/", sup).content.decode()
    c.post(base + "supervision/", {**sup, "vice_chair": vc.pk})
    c.post(base + "do/start/")
    project.refresh_from_db()
    # then the project runs with its plan and "三个1" (L5/L6)
    assert project.status == Project.Status.IMPLEMENTING and project.lead_vice_chair_id == vc.pk
    assert project.deadline == date(2026, 12, 31) and project.supervision_group == "第一组"
    # when the satisfaction evaluation is put to the plenary, voted and closed
    c.post(f"/livelihood/{programme.pk}/satisfaction/", {"meeting": meeting.pk})
    poll = selectors.satisfaction_poll(programme)
    assert poll is not None and poll.kind == Poll.Kind.SATISFACTION
    ms.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    for deputy in mf.members(meeting):
        ms.ballot_cast(poll=poll, voter=deputy, choices={option: "satisfied"}, actor=mf.deputy_login(deputy))
    ms.poll_close(poll=poll, actor=staff)
    page = c.get(f"/livelihood/{programme.pk}/").content.decode()
    assert 'data-testid="programme-satisfaction-record"' in page
    c.post(f"/livelihood/{programme.pk}/satisfaction/record/")
    project.refresh_from_db()
    # then the result is on the project and the button is gone (recorded once)
    assert project.satisfaction_passed is True and "满意" in project.satisfaction_text
    assert 'data-testid="programme-satisfaction-record"' not in c.get(f"/livelihood/{programme.pk}/").content.decode()


def test_programme_page_shows_the_stage_and_only_the_actions_of_the_viewer():
    # given a programme in screening
    staff = mf.staff()
    p = _screening(staff)
    deputy = mf.deputy_login(f.DeputyFactory(term=staff.congress.terms.get()))
    # when staff and a deputy open it
    staff_page = _client(staff).get(f"/livelihood/{p.pk}/").content.decode()
    deputy_page = _client(deputy).get(f"/livelihood/{p.pk}/").content.decode()
    # then both see the stage 筛选论证; staff get screening, edit and submit, the deputy none of them
    for page in (staff_page, deputy_page):
        assert 'aria-current="step" data-testid="stage-current">筛选论证<' in page
    for testid in ("programme-submit", "candidate-screen-1", "candidate-edit-1", "candidate-new"):
        assert f'data-testid="{testid}"' in staff_page and f'data-testid="{testid}"' not in deputy_page
    assert 'data-testid="programme-open-solicitation"' not in staff_page
    assert User.objects.filter(role=User.Role.DEPUTY).count() == 1
