"""Browser: staff run a year's livelihood programme on pages only, clicking from the staff home —
solicitation, candidates (added, corrected), screening with a reason, the deputies' secret vote with a
tie at the cut line and its re-vote (L4), publication, plan (L5), "三个1" (L6), a milestone, the start of
implementation; the responsible unit reports progress from its own menu; the year-end satisfaction
evaluation (L7) is recorded. The deputies' ballots themselves are cast through the meetings service
(the voting page is the meetings app's, covered by its own browser test); every staff and unit step is
a click. Screenshots at 1366 px and 390 px go to ``artifacts/screens/``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from renda.livelihood import selectors
from renda.livelihood.models import Candidate, Programme, Project
from renda.livelihood.tests import factories as lf
from renda.meetings import services as ms
from renda.meetings.models import Poll
from renda.meetings.tests import factories as mf
from renda.organization.tests import factories as f
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _shots(pg, name: str) -> None:
    """Full-page screenshots of the current page at 1366 px and 390 px wide."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        pg.set_viewport_size({"width": width, "height": 900})
        pg.screenshot(path=str(SCREENS / f"livelihood-{name}-{width}.png"), full_page=True)
    pg.set_viewport_size({"width": 1366, "height": 900})


def _nav(pg, label: str) -> None:
    pg.click(f"nav.mainnav a:text-is('{label}')")


def _open_programme(pg, year: int) -> None:
    """From any page: the menu's 民生实事, then the programme of ``year``."""
    _nav(pg, "民生实事")
    pg.click(f"[data-testid=programme-link-{year}]")


ALL, NEED = -1, -2
"""Symbolic counts for :func:`_ballots`: every present deputy, or the bare majority of all deputies (L4)."""


def _ballots(poll: Poll, yes: dict[int, int], *, value: str = "yes", other: str = "no") -> None:
    """Each present deputy casts a secret ballot; option k gets ``yes[k]`` ``value`` choices (``ALL``,
    ``NEED`` = more than half of the poll's electorate, or a number)."""
    poll.refresh_from_db()
    need = (poll.electorate or 0) // 2 + 1
    yes = {k: {ALL: 10**6, NEED: need}.get(v, v) for k, v in yes.items()}
    options = list(poll.options.order_by("order"))
    for i, deputy in enumerate(mf.members(poll.item.meeting)):
        choices = {o.pk: (value if i < yes.get(k, 0) else other) for k, o in enumerate(options)}
        ms.ballot_cast(poll=poll, voter=deputy, choices=choices, actor=mf.deputy_login(deputy))


def _run_poll(pg, poll: Poll, yes: dict[int, int], **kw: str) -> None:
    """On the meeting page: open the poll, the deputies vote, close it."""
    pg.click(f"[data-testid=poll-{poll.pk}] [data-testid=poll-open]")
    pg.wait_for_selector(f"[data-testid=poll-{poll.pk}] [data-testid=poll-close]")
    _ballots(poll, yes, **kw)
    pg.click(f"[data-testid=poll-{poll.pk}] [data-testid=poll-close]")
    pg.wait_for_selector(f"[data-testid=poll-{poll.pk}] [data-testid=poll-result]")


def test_staff_run_a_programme_on_pages_with_a_tie_revote_and_the_unit_reports_progress(browser, live_server):
    # given staff, two units with an officer, the "三个1" people and a plenary of 9 deputies, all present
    staff = mf.staff(username="lv_staff")
    term = staff.congress.terms.get()
    session = f.SessionFactory(term=term)
    roads = f.HandlingUnitFactory(congress=staff.congress, name="市交通运输局")
    f.HandlingUnitFactory(congress=staff.congress, name="市人力资源和社会保障局")
    officer = lf.unit_officer(roads)
    vc, committee, members = lf.three_ones(staff)
    meeting = mf.plenary(term=term, actor=staff, deputies=9)
    mf.check_in(meeting, meeting.roster_size, actor=staff)
    today = timezone.localdate()
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(20000)

    # when staff start from their home: menu 民生实事 → 新建年度民生实事项目
    login(pg, staff.username, f.TEST_PASSWORD)
    _nav(pg, "民生实事")
    pg.click("[data-testid=programme-new]")
    pg.select_option("[name=session]", str(session.pk))
    pg.fill("[name=year]", "2027")
    pg.fill("[name=title]", "2027年市政府民生实事项目")
    pg.fill("[name=seats]", "2")
    pg.click("[data-testid=form-submit]")
    assert pg.locator("[data-testid=programme-status]").inner_text() == "准备中"
    # and open a 29-day solicitation (refused, L1), then a 59-day one that has just ended
    pg.click("[data-testid=programme-open-solicitation]")
    pg.fill("[name=starts_on]", str(today - timedelta(days=29)))
    pg.fill("[name=ends_on]", str(today - timedelta(days=1)))
    pg.click("[data-testid=form-submit]")
    assert "公开征集期不得少于 30 日" in pg.locator("[data-testid=form-error]").inner_text()
    _shots(pg, "solicitation-error")
    pg.fill("[name=starts_on]", str(today - timedelta(days=60)))
    pg.click("[data-testid=form-submit]")
    assert pg.locator("[data-testid=programme-status]").inner_text() == "公开征集"
    # and add four candidates, the first one with a wrong budget corrected afterwards
    titles = ["修好城区断头路", "新增公办幼儿园学位", "老旧小区加装电梯", "建设口袋公园"]
    for i, title in enumerate(titles):
        pg.click("[data-testid=candidate-new]")
        pg.fill("[name=title]", title)
        pg.fill("[name=budget]", "1000" if i else "1")
        pg.select_option("[name=lead_unit]", str(roads.pk))
        pg.fill("[name=targets]", f"{title}，年底前完成")
        pg.click("[data-testid=form-submit]")
    pg.click("[data-testid=candidate-edit-1]")
    pg.fill("[name=budget]", "3200.50")
    pg.click("[data-testid=form-submit]")
    assert "3200.50" in pg.locator("[data-testid=candidate-1]").inner_text()
    _shots(pg, "soliciting")
    # and close the solicitation and screen: three in, the park out — first without a reason (refused)
    pg.click("[data-testid=programme-close-solicitation]")
    for n in (1, 2, 3):
        pg.click(f"[data-testid=candidate-screen-{n}]")
        pg.check("[name=decision][value=in]")
        pg.click("[data-testid=form-submit]")
    pg.click("[data-testid=candidate-screen-4]")
    pg.check("[name=decision][value=out]")
    pg.click("[data-testid=form-submit]")
    assert "不入围须写明理由" in pg.content()
    _shots(pg, "screen-error")
    pg.fill("[name=note]", "已列入部门年度计划，不再重复安排")
    pg.click("[data-testid=form-submit]")
    _shots(pg, "screened")
    # and submit the list (差额: 3 for 2 seats) and put it to the deputies' secret vote at the plenary
    pg.click("[data-testid=programme-submit]")
    pg.click("[data-testid=programme-vote-start]")
    pg.select_option("[name=meeting]", str(meeting.pk))
    pg.click("[data-testid=form-submit]")
    programme = Programme.objects.get(year=2027)
    assert programme.status == Programme.Status.VOTING
    # and on the meeting page open the vote; 断头路 gets every vote, 幼儿园 and 电梯 tie at the cut line
    pg.click("[data-testid=poll-meeting]")
    poll = selectors.current_poll(programme)
    assert poll is not None and poll.method == Poll.Method.SECRET
    _run_poll(pg, poll, {0: ALL, 1: NEED, 2: NEED})
    _open_programme(pg, 2027)
    pg.click("[data-testid=programme-tally]")
    # then the tie is re-voted (L4): 断头路 chosen, the two tied candidates carry the re-vote badge
    assert "出现得票相同" in pg.content()
    assert pg.locator("[data-testid=revote-badge]").count() == 2
    assert pg.locator("[data-testid=candidate-1]").inner_text().count("当选") == 1
    _shots(pg, "revote")
    # when the re-vote is run on the meeting page: 幼儿园 wins
    revote = selectors.current_poll(programme)
    assert revote is not None and revote.revote_of_id == poll.pk
    pg.click("[data-testid=poll-meeting]")
    _run_poll(pg, revote, {0: NEED})
    _open_programme(pg, 2027)
    pg.click("[data-testid=programme-tally]")
    # then the programme is decided with two projects and staff publish it
    assert pg.locator("[data-testid=programme-status]").inner_text() == "已票决"
    assert "新增公办幼儿园学位" in pg.locator("[data-testid=programme-result]").inner_text()
    pg.click("[data-testid=programme-publish]")
    assert pg.locator("[data-testid=programme-status]").inner_text() == "已公布"
    _shots(pg, "decided")
    assert set(Project.objects.filter(programme=programme).values_list("title", flat=True)) == {
        "修好城区断头路",
        "新增公办幼儿园学位",
    }

    # when staff publish the plan of 断头路, set its "三个1", add a milestone and start it
    pg.click("[data-testid=project-link-1]")
    assert pg.locator("[data-testid=project-title]").inner_text() == "修好城区断头路"
    pg.click("[data-testid=project-plan]")
    pg.fill("[name=deadline]", str(today + timedelta(days=200)))
    pg.click("[data-testid=form-submit]")
    pg.click("[data-testid=project-supervision]")
    pg.select_option("[name=vice_chair]", str(vc.pk))
    pg.select_option("[name=special_committee]", str(committee.pk))
    pg.fill("[name=group_name]", "第一监督小组")
    pg.select_option("[name=group_members]", [str(d.pk) for d in members])
    pg.click("[data-testid=form-submit]")
    pg.click("[data-testid=milestone-form] summary")
    pg.fill("[data-testid=milestone-title]", "完成施工招标")
    pg.fill("[data-testid=milestone-due]", str(today + timedelta(days=60)))
    pg.click("[data-testid=milestone-submit]")
    pg.click("[data-testid=project-start]")
    # then it is being implemented
    assert pg.locator("[data-testid=project-status]").inner_text() == "实施中"
    _shots(pg, "project")

    # when the responsible unit's officer logs in and reports progress from the unit's own menu
    unit_ctx = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    up = unit_ctx.new_page()
    up.set_default_timeout(20000)
    login(up, officer.username, f.TEST_PASSWORD)
    _nav(up, "民生实事")
    project = Project.objects.get(title="修好城区断头路")
    _shots(up, "unit-projects")
    up.click(f"[data-testid=report-progress-{project.pk}]")
    milestone = project.milestones.get()
    up.fill(f"[name=progress-{milestone.pk}]", "60")
    up.fill("[name=text]", "施工招标文件已发布，投标截止在即")
    _shots(up, "unit-progress-form")
    up.click("[data-testid=form-submit]")
    # then the report is on the project with the weighted percentage
    assert up.locator("[data-testid=project-percent]").inner_text() == "60.0%"
    _shots(up, "unit-progress-done")
    unit_ctx.close()

    # when staff hold the year-end satisfaction evaluation at the plenary and record its result
    _open_programme(pg, 2027)
    pg.click("[data-testid=programme-satisfaction-start]")
    pg.select_option("[name=meeting]", str(meeting.pk))
    pg.click("[data-testid=form-submit]")
    pg.click("[data-testid=satisfaction-meeting]")
    sat = selectors.satisfaction_poll(programme)
    assert sat is not None
    _run_poll(pg, sat, {0: ALL, 1: ALL}, value="satisfied", other="dissatisfied")
    _open_programme(pg, 2027)
    pg.click("[data-testid=programme-satisfaction-record]")
    # then each project carries its result (L7)
    assert pg.locator("[data-testid=project-satisfaction]").count() == 2
    assert Project.objects.filter(programme=programme, satisfaction_passed=True).count() == 2
    _shots(pg, "satisfaction")
    assert Candidate.objects.get(title="建设口袋公园").screening_note == "已列入部门年度计划，不再重复安排"
    ctx.close()


def test_a_unit_proposes_a_candidate_project_from_its_home_on_a_phone(page):
    # given a programme collecting candidates (L1) and an officer of one of the congress's units
    from decimal import Decimal

    staff = mf.staff()
    p = lf.soliciting(staff)
    officer = lf.unit_officer(f.HandlingUnitFactory(congress=staff.congress, name="市住房和城乡建设局"))
    pg = page
    pg.set_viewport_size({"width": 390, "height": 844})
    # when the officer logs in, follows the home page's 征集 panel and fills in the form
    login(pg, officer.username, f.TEST_PASSWORD)
    _shots(pg, "unit-home-solicitation")
    pg.set_viewport_size({"width": 390, "height": 844})  # _shots leaves it at 1366
    pg.click("a:text-is('2027年民生实事项目')")
    assert pg.locator("select[name=lead_unit] option").all_inner_texts() == ["市住房和城乡建设局"]
    pg.fill("[name=title]", "老旧小区加装电梯")
    pg.fill("[name=budget]", "1200")
    pg.fill("[name=targets]", "全年加装电梯100部")
    _shots(pg, "unit-candidate-form")
    pg.set_viewport_size({"width": 390, "height": 844})  # _shots leaves it at 1366
    pg.click("[data-testid=form-submit]")
    # then the candidate is stored in the unit's name and listed on the unit's page
    cand = Candidate.objects.get(programme=p)
    assert (cand.title, cand.budget, cand.lead_unit_id) == (
        "老旧小区加装电梯",
        Decimal("1200"),
        officer.handling_unit_id,
    )
    _nav(pg, "民生实事")
    assert "老旧小区加装电梯" in pg.locator("[data-testid=unit-candidates]").inner_text()
    _shots(pg, "unit-candidates")
