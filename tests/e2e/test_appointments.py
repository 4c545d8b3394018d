"""Browser: an appointment from the organ's nomination through the law exam and the Standing
Committee's secret vote (more than half of all members) to the oath ceremony and the register
(RULES.md A1, A8, A9, A10, A13, A17)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from renda.appointments.models import Appointment, Tenure
from renda.appointments.tests import factories as af
from renda.meetings import ballots
from renda.meetings import services as ms
from renda.meetings.tests import factories as mf
from renda.organization.tests import factories as f
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _context(browser, live_server, width):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(15000)
    return ctx, pg


def test_appointment_from_nomination_to_oath_and_register(browser, live_server, screenshot):
    # given a Standing Committee of 10 in session on 21 March and the government's officer
    w = af.world(size=10)
    octx, organ = _context(browser, live_server, 390)
    login(organ, w["officer"].username, f.TEST_PASSWORD)
    # when the officer opens 提请任免 from his menu and files a bureau head nominated by the mayor
    organ.goto("/appointments/organ/")
    organ.click("[data-testid=appointment-new]")
    organ.select_option("select[name=post_type]", "bureau_head")
    organ.fill("input[name=post_title]", "市交通运输局局长")
    organ.fill("input[name=person_name]", "王建国")
    organ.select_option("select[name=nominator]", "mayor")
    organ.fill("input[name=signed_by]", "李市长")
    organ.fill("textarea[name=reasons]", "工作需要")
    for box in ("has_form", "has_assessment", "has_publicity"):
        organ.check(f"input[name={box}]")
    organ.select_option("select[name=meeting]", str(w["meeting"].pk))
    organ.click("[data-testid=form-submit]")
    organ.click("[data-testid=do-file]")
    # a filing 6 days before the meeting is refused (A8), 11 days is accepted
    organ.fill("input[name=filed_on]", "2026-03-15")
    organ.click("[data-testid=form-submit]")
    assert "10日前提请" in organ.locator("[data-testid=form-error]").inner_text()
    organ.fill("input[name=filed_on]", "2026-03-10")
    organ.click("[data-testid=form-submit]")
    assert "已提请" in organ.content()
    screenshot(organ, "appointments-organ-filed-390")
    case = Appointment.objects.get()

    sctx, staff = _context(browser, live_server, 1366)
    login(staff, w["staff"].username, f.TEST_PASSWORD)
    # then the board refuses to list it before the law exam (A9)
    staff.goto("/appointments/")
    staff.check(f"input[name=cases][value='{case.pk}']")
    staff.click("[data-testid=list-submit]")
    assert "任前法律知识考试" in staff.locator("[data-testid=form-error]").inner_text()
    # when staff record the exam (passed, 88) and the statement (A10), then list it for the vote
    for step, result in (("law_exam", "passed"), ("statement", "done")):
        staff.goto(f"/appointments/{case.pk}/")
        staff.click("[data-testid=do-step]")
        staff.select_option("select[name=step]", step)
        staff.fill("input[name=on]", "2026-03-12")
        staff.select_option("select[name=result]", result)
        if step == "law_exam":
            staff.fill("input[name=score]", "88")
        staff.click("[data-testid=form-submit]")
    staff.goto("/appointments/")
    staff.check(f"input[name=cases][value='{case.pk}']")
    with staff.expect_navigation():  # the listing request has committed before the test reads the case
        staff.click("[data-testid=list-submit]")
    case.refresh_from_db()
    assert case.status == Appointment.Status.LISTED and case.poll.method == "secret"
    # when the meeting opens the secret poll, 6 of the 10 members vote yes and the poll closes
    people = mf.members(w["meeting"])
    ms.attendance_check_in_many(meeting=w["meeting"], deputies=people, actor=w["staff"])
    accounts = [mf.deputy_login(d) for d in people]  # written before the page's requests (one SQLite writer)
    option = case.poll.options.get().pk
    staff.goto(f"/meetings/{w['meeting'].pk}/")
    staff.click("[data-testid=poll-open]")
    staff.wait_for_selector("[data-testid=poll-close]")  # the open request has committed
    for i, (d, account) in enumerate(zip(people, accounts, strict=True)):
        ballots.ballot_cast(poll=case.poll, voter=d, choices={option: "yes" if i < 6 else "no"}, actor=account)
    staff.click("[data-testid=poll-close]")
    # then staff record the result: adopted with 6 of all 10 (A13)
    staff.goto(f"/appointments/{case.pk}/")
    staff.click("[data-testid=do-vote]")
    assert "已通过" in staff.locator("hgroup").inner_text()
    assert "尚未宣誓" in staff.locator("[data-testid=oath-status]").inner_text()
    screenshot(staff, "appointments-case-adopted-1366")
    # when staff record the oath ceremony (A17)
    staff.goto("/appointments/oaths/")
    assert "王建国" in staff.locator("[data-testid=unsworn]").inner_text()
    staff.click("[data-testid=oath-new]")
    staff.fill("input[name=supervisor]", "张主任")
    staff.check(f"input[name=cases][value='{case.pk}']")
    staff.click("[data-testid=form-submit]")
    assert "王建国" in staff.locator("[data-testid=ceremonies]").inner_text()
    screenshot(staff, "appointments-oaths-1366")
    # then the register shows him in office, and the public list names him
    staff.goto("/appointments/register/")
    assert "王建国" in staff.locator("[data-testid=register]").inner_text()
    screenshot(staff, "appointments-register-1366")
    assert Tenure.objects.get(appointment=case).ended_on is None
    # A15: the board lists the formal notice due to the organ; staff send it from there
    staff.goto("/appointments/")
    staff.click(f"[data-testid=notices-pending] a[href='/appointments/{case.pk}/notify/']")
    staff.fill("input[name=on]", timezone.localdate().isoformat())
    with staff.expect_navigation():  # the notice request has committed before the page is read
        staff.click("[data-testid=form-submit]")
    assert timezone.localdate().isoformat() in staff.locator("[data-testid=notice-status]").inner_text()
    organ.goto("/appointments/public/")
    assert "王建国" in organ.locator("[data-testid=public-cases]").inner_text()
    organ.goto(f"/appointments/{case.pk}/")
    screenshot(organ, "appointments-case-390")
    staff.goto("/appointments/")
    screenshot(staff, "appointments-board-1366")
    _m, mobile = _context(browser, live_server, 390)
    login(mobile, w["staff"].username, f.TEST_PASSWORD)
    mobile.goto("/appointments/")
    screenshot(mobile, "appointments-board-390")
    octx.close()
    sctx.close()


def test_removal_jointly_by_one_fifth_of_members_with_the_defence(browser, live_server, screenshot):
    # given a Standing Committee of 10 (one fifth: 2) and a bureau head in office
    w = af.world(size=10)
    tenure = Tenure.objects.get(appointment=af.appoint(w))
    members = mf.members(w["meeting"])
    account = mf.deputy_login(members[0])
    mctx, member = _context(browser, live_server, 390)
    login(member, account.username, f.TEST_PASSWORD)
    # when a member opens 联名提出撤职案 from his 任免案 page and signs alone: refused (M26)
    member.goto("/appointments/member/")
    member.click("[data-testid=removal-new]")
    member.select_option("select[name=tenure]", str(tenure.pk))
    member.check(f"input[name=signers][value='{members[0].pk}']")
    member.fill("textarea[name=reasons]", "严重失职")
    member.check("input[name=has_materials]")
    member.click("[data-testid=form-submit]")
    assert "2人以上" in member.locator("[data-testid=form-error]").inner_text()
    screenshot(member, "appointments-removal-refused-390")
    # then with a second member it is filed
    member.check(f"input[name=signers][value='{members[1].pk}']")
    with member.expect_navigation():
        member.click("[data-testid=form-submit]")
    assert members[1].name in member.locator("[data-testid=signers]").inner_text()
    screenshot(member, "appointments-removal-filed-390")
    case = Appointment.objects.get(kind=Appointment.Kind.DISMISS)
    # when staff file it, the board refuses the vote before the person's defence, then records it
    sctx, staff = _context(browser, live_server, 1366)
    login(staff, w["staff"].username, f.TEST_PASSWORD)
    staff.goto(f"/appointments/{case.pk}/")
    staff.click("[data-testid=do-file]")
    staff.fill("input[name=filed_on]", "2026-03-10")
    staff.select_option("select[name=meeting]", str(w["meeting"].pk))
    with staff.expect_navigation():
        staff.click("[data-testid=form-submit]")
    staff.goto("/appointments/")
    staff.check(f"input[name=cases][value='{case.pk}']")
    staff.click("[data-testid=list-submit]")
    assert "申辩" in staff.locator("[data-testid=form-error]").inner_text()
    staff.goto(f"/appointments/{case.pk}/")
    staff.click("[data-testid=do-step]")
    staff.select_option("select[name=step]", "defence")
    staff.fill("input[name=on]", "2026-03-12")
    staff.select_option("select[name=result]", "written")
    with staff.expect_navigation():
        staff.click("[data-testid=form-submit]")
    staff.goto("/appointments/")
    staff.check(f"input[name=cases][value='{case.pk}']")
    with staff.expect_navigation():
        staff.click("[data-testid=list-submit]")
    case.refresh_from_db()
    assert case.status == Appointment.Status.LISTED
    staff.goto(f"/appointments/{case.pk}/")
    screenshot(staff, "appointments-removal-listed-1366")
    mctx.close()
    sctx.close()
