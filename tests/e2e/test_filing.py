"""Browser: a citizen's review suggestion (审查建议, RULES.md F4) on a phone, worked by the reviewer through
consultation to correction (F5), and the outcome the citizen reads by 查询码. Screenshots at 1366 and 390 px
under artifacts/screens/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from renda.filing import services
from renda.filing.models import Organ, ReviewSuggestion
from renda.filing.workflow import DocStatus, SuggestionStatus
from renda.organization.models import User
from renda.organization.tests import factories as f
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _shot(pg, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def test_citizen_suggestion_through_consultation_to_correction(page, browser, live_server):
    # given: a filed document of the city government, and a reviewer
    congress = f.CongressFactory()
    unit = f.HandlingUnitFactory(congress=congress, name="市政府办公室")
    organ = Organ.objects.create(congress=congress, name="市人民政府", kind=Organ.Kind.GOVERNMENT, handling_unit=unit)
    staff = f.UserFactory(username="e2e_fstaff", role=User.Role.STAFF, congress=congress, display_name="法工委 陈干事")
    doc = services.document_file(
        actor=staff,
        organ=organ,
        title="城市道路停车管理办法",
        number="〔2026〕政发3号",
        published_on=date(2026, 3, 1),
        received_on=date(2026, 3, 20),
        text="第一条 为了规范停车管理，制定本办法。\n第五条 未办理登记的，由主管部门处五千元以上一万元以下罚款。",
    )
    services.document_step(doc=doc, actor=staff, step="formal_pass", on=date(2026, 3, 23))

    # when: a citizen submits a review suggestion on a 390 px phone
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    cp = phone.new_page()
    errors: list[str] = []
    cp.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    cp.goto("/filing/suggest/")
    cp.fill("input[name=name]", "王建国")
    cp.fill("input[name=phone]", "13912345678")
    cp.fill("input[name=document_title]", "城市道路停车管理办法（〔2026〕政发3号）")
    cp.fill("textarea[name=reasons]", "第五条对未办理登记的处以罚款，没有法律、法规依据，建议审查。")
    _shot(cp, "filing-1-citizen-suggest-390")
    assert cp.evaluate("document.documentElement.scrollWidth") <= 390
    cp.click("[data-testid=suggest-submit]")
    code = cp.locator("[data-testid=suggest-code]").inner_text().strip()
    assert len(code) == 10

    # and the reviewer accepts it, consults the issuer and records the correction (1366 px)
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "e2e_fstaff", f.TEST_PASSWORD)
    page.goto("/filing/suggestions/")
    s = ReviewSuggestion.objects.get(tracking_code=code)
    field = f"s{s.pk}_document"
    page.locator(f".ts-wrapper:has(#id_{field}-ts-control) .ts-control").click()
    page.locator(f"#id_{field}-ts-dropdown").wait_for()
    page.keyboard.type("停车")
    page.locator(f"#id_{field}-ts-dropdown .option.active", has_text="城市道路停车管理办法").wait_for()
    page.keyboard.press("Enter")
    page.locator("h1").first.click()
    page.click(f"[data-testid=accept-{s.pk}]")
    page.goto(f"/filing/{doc.pk}/")
    page.click("[data-testid=assist]")
    assert "设定行政处罚" in page.locator("[data-testid=flags]").inner_text()
    page.fill("[data-testid=step-note]", "第五条设定罚款缺少上位法依据，已与市政府办公室沟通")
    page.click("[data-testid=step-consult]")
    assert page.locator("[data-testid=doc-status]").inner_text() == "沟通中"
    _shot(page, "filing-2-reviewer-consulting-1366")
    page.fill("[data-testid=step-note]", "市政府已删除第五条，重新公布")
    page.click("[data-testid=step-corrected]")
    assert page.locator("[data-testid=doc-status]").inner_text() == "已纠正，审查终止"
    page.goto("/filing/suggestions/")
    page.fill(f"[data-testid=feedback-{s.pk}]", "经审查，第五条设定罚款缺少法律依据，制定机关已纠正。感谢您的监督。")
    page.click(f"[data-testid=feedback-submit-{s.pk}]")
    _shot(page, "filing-3-reviewer-suggestions-1366")

    # then the citizen sees the outcome by code
    cp.goto(f"/filing/track/?code={code}")
    assert cp.locator("[data-testid=track-status]").inner_text() == str(SuggestionStatus.ANSWERED.label)
    assert cp.locator("[data-testid=track-progress]").inner_text() == str(DocStatus.ENDED.label)
    assert "制定机关已纠正" in cp.locator("[data-testid=track-feedback]").inner_text()
    _shot(cp, "filing-4-citizen-track-390")
    assert cp.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()
    assert not errors

    # and the reviewer's pages read on a phone too
    page.set_viewport_size({"width": 390, "height": 844})
    for path, name in ((f"/filing/{doc.pk}/", "filing-5-reviewer-detail-390"), ("/filing/", "filing-6-list-390")):
        page.goto(path)
        _shot(page, name)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_committee_member_gives_opinion_on_own_page_and_staff_read_it(page, browser, live_server):
    # given: a document under review sent to the 法制委员会 three days ago, one of its members with a login
    from datetime import timedelta

    from django.utils import timezone

    from renda.organization.models import Body

    congress = f.CongressFactory()
    term = f.TermFactory(congress=congress)
    body = f.BodyFactory(term=term, kind=Body.Kind.SPECIAL_COMMITTEE, name="法制委员会")
    deputy = f.DeputyFactory(term=term, name="张立法")
    f.MembershipFactory(body=body, deputy=deputy)
    f.UserFactory(username="e2e_member", role=User.Role.DEPUTY, deputy=deputy, congress=congress, display_name="张立法")
    unit = f.HandlingUnitFactory(congress=congress, name="市政府办公室")
    organ = Organ.objects.create(congress=congress, name="市人民政府", kind=Organ.Kind.GOVERNMENT, handling_unit=unit)
    staff = f.UserFactory(username="e2e_fstaff2", role=User.Role.STAFF, congress=congress, display_name="法工委 陈干事")
    doc = services.document_file(
        actor=staff,
        organ=organ,
        title="城市供热服务管理办法",
        number="〔2026〕政发8号",
        published_on=date(2026, 3, 1),
        received_on=date(2026, 3, 20),
        text="第一条 为了规范供热服务，制定本办法。\n第六条 用户逾期未缴纳热费的，供热单位可以停止供热并收取滞纳金。",
    )
    for step in ("formal_pass", "start_review"):
        services.document_step(doc=doc, actor=staff, step=step, on=date(2026, 3, 23))
    services.document_ask_committee(doc=doc, actor=staff, committee=body, on=timezone.localdate() - timedelta(days=3))

    # when: the member, on a 390 px phone, follows the panel on the home page and enters the opinion
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    mp = phone.new_page()
    login(mp, "e2e_member", f.TEST_PASSWORD)
    _shot(mp, "filing-7-member-home-390")
    mp.click("a:has-text('城市供热服务管理办法')")
    mp.fill("[data-testid=member-form] textarea[name=text]", "第六条设定滞纳金缺少上位法依据，建议与市政府沟通纠正。")
    _shot(mp, "filing-8-member-opinion-390")
    assert mp.evaluate("document.documentElement.scrollWidth") <= 390
    mp.click("[data-testid=member-submit]")
    assert "滞纳金" in mp.locator("[data-testid=member-mine]").inner_text()
    phone.close()

    # then: staff read the collected opinion on the document (1366 px)
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "e2e_fstaff2", f.TEST_PASSWORD)
    page.goto(f"/filing/{doc.pk}/")
    opinions = page.locator("[data-testid=member-opinions]").inner_text()
    assert "张立法" in opinions and "滞纳金" in opinions
    page.locator("[data-testid=member-opinions]").scroll_into_view_if_needed()
    _shot(page, "filing-9-staff-member-opinions-1366")


def test_organ_sends_its_catalogue_on_a_phone_and_staff_see_the_board(page, browser, live_server):
    # given: the city government (with an officer) and the court in scope; one document filed last year
    congress = f.CongressFactory()
    unit = f.HandlingUnitFactory(congress=congress, name="市政府办公室")
    organ = Organ.objects.create(congress=congress, name="市人民政府", kind=Organ.Kind.GOVERNMENT, handling_unit=unit)
    Organ.objects.create(congress=congress, name="市中级人民法院", kind=Organ.Kind.COURT)
    officer = f.UserFactory(username="e2e_organ", role=User.Role.UNIT_OFFICER, handling_unit=unit, congress=congress)
    f.UserFactory(username="e2e_fstaff3", role=User.Role.STAFF, congress=congress, display_name="法工委 陈干事")
    year = date.today().year - 1
    services.document_file(
        actor=officer,
        organ=organ,
        title="城市道路停车管理办法",
        number=f"〔{year}〕政发3号",
        published_on=date(year, 3, 1),
        received_on=date(year, 3, 20),
        text="第一条 为了规范停车管理，制定本办法。",
    )

    # when: the officer opens 报送年度目录 from the menu on a 390 px phone, adds an unfiled document and sends
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN")
    op = phone.new_page()
    login(op, "e2e_organ", f.TEST_PASSWORD)
    op.goto("/filing/catalogues/new/")
    box = op.locator("textarea[name=entries]")
    assert f"〔{year}〕政发3号" in box.input_value()
    box.fill(box.input_value() + f"\n关于加强夜间经济管理的通知 | 〔{year}〕政发9号 | {year}-10-08")
    _shot(op, "filing-10-organ-catalogue-390")
    assert op.evaluate("document.documentElement.scrollWidth") <= 390
    op.click("[data-testid=catalogue-submit]")
    assert op.locator("[data-testid=entry-unfiled]").count() == 1
    _shot(op, "filing-11-organ-catalogue-sent-390")
    assert op.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()

    # then: staff see the court has not sent its catalogue and the government's 漏报 (1366 px)
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "e2e_fstaff3", f.TEST_PASSWORD)
    page.goto(f"/filing/catalogues/?year={year}")
    board = page.locator("[data-testid=catalogue-board]").inner_text()
    assert "市中级人民法院" in board and "未报送" in board
    assert page.locator("[data-testid=catalogue-unfiled]").inner_text() == "1"
    _shot(page, "filing-12-staff-catalogue-board-1366")
