"""Browser: one suggestion through every role, from drafting to publication (issue 3).

deputy submits with 2 co-signers → staff registers and assigns to a lead and a co-handler →
co-handler opinion → lead replies class B → deputy rates 不满意 → re-handling → reply class A →
deputy rates 满意 → the public page shows it without the deputy's phone number.
"""

from __future__ import annotations

import pytest

from renda.core.documents import blank_pdf
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.proposals.models import Proposal, Reply
from renda.proposals.workflow import Status
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = "13988887777"


def logout(page) -> None:
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/")


def as_user(page, username: str) -> None:
    if page.locator("[data-testid=logout]").count():
        logout(page)
    login(page, username, f.TEST_PASSWORD)


def test_suggestion_through_every_role(page, screenshot, settings, tmp_path):
    # S21's delay is a setting: publish on the day of the reply so that the test can see it today
    settings.RENDA = {**settings.RENDA, "PUBLISH_DELAY_WORKING_DAYS": 0}
    session = f.SessionFactory()
    congress, term = session.term.congress, session.term
    deputies = [
        f.DeputyFactory(term=term, name=n, phone=PHONE if i == 0 else f"1370000000{i}")
        for i, n in enumerate(["王建国", "李秀英", "张伟"])
    ]
    for i, d in enumerate(deputies):
        f.UserFactory(username=f"e2e_dep{i}", role=User.Role.DEPUTY, deputy=d, congress=congress)
    f.UserFactory(username="e2e_staff", role=User.Role.STAFF, congress=congress, is_staff=True)
    lead_unit = f.HandlingUnitFactory(congress=congress, name="市交通运输局")
    co_unit = f.HandlingUnitFactory(congress=congress, name="市公安局")
    f.UserFactory(username="e2e_lead", role=User.Role.UNIT_OFFICER, handling_unit=lead_unit, congress=congress)
    f.UserFactory(username="e2e_co", role=User.Role.UNIT_OFFICER, handling_unit=co_unit, congress=congress)
    pdf = tmp_path / "答复件.pdf"
    pdf.write_bytes(blank_pdf("盖章答复"))

    # deputy drafts with two co-signers
    as_user(page, "e2e_dep0")
    page.goto("/proposals/new/")
    page.fill("[name=title]", "关于优化城区公交线路的建议")
    page.fill(
        "[name=body]",
        f"城区东部新建小区公交线路少、班次间隔长，群众出行不便。建议增开线路、加密班次。联系人：王建国，电话{PHONE}。",
    )
    page.select_option("[name=topic]", "交通运输")
    page.select_option("[name=cosigners]", [str(deputies[1].pk), str(deputies[2].pk)])
    page.click("[data-testid=save-draft]")
    page.wait_for_selector("[data-testid=proposal-title]")
    detail_url = page.url
    screenshot(page, "proposals-01-draft")
    # the two co-signers confirm
    for u in ("e2e_dep1", "e2e_dep2"):
        as_user(page, u)
        page.goto(detail_url)
        page.click("[data-testid=cosign-accept]")
        assert "已确认联名" in page.content()
    # the deputy submits
    as_user(page, "e2e_dep0")
    page.goto(detail_url)
    page.click("[data-testid=submit]")
    assert page.locator("[data-testid=proposal-status]").inner_text() == "已提交"
    screenshot(page, "proposals-02-submitted")

    # staff register and assign to a lead unit and a co-handler
    as_user(page, "e2e_staff")
    page.goto(detail_url)
    page.click("[data-testid=register]")
    assert "建议第0001号" in page.locator("[data-testid=proposal-number]").inner_text()
    page.select_option("[data-testid=assign-form] [name=leads]", [str(lead_unit.pk)])
    page.select_option("[data-testid=assign-form] [name=cohandlers]", [str(co_unit.pk)])
    screenshot(page, "proposals-03-assign")
    page.click("[data-testid=assign-submit]")
    assert page.locator("[data-testid=proposal-status]").inner_text() == "办理中"
    screenshot(page, "proposals-04-assigned")

    # the co-handler signs for it and sends its opinion to the lead
    as_user(page, "e2e_co")
    page.goto(detail_url)
    page.click("[data-testid=receive]")
    page.fill("[data-testid=opinion-form] [name=text]", "公安交管部门同意配合设置公交港湾和信号优先。")
    page.click("[data-testid=opinion-submit]")
    assert "已提出会办意见" in page.content()

    # the lead unit signs, records the talk with the deputy and replies class B with a commitment
    as_user(page, "e2e_lead")
    page.goto(detail_url)
    page.click("[data-testid=receive]")
    page.select_option("[data-testid=consult-form] [name=method]", "face_to_face")
    page.fill("[data-testid=consult-form] [name=deputy_views]", "代表希望年内开通新线路")
    page.click("[data-testid=consult-submit]")
    assert "已记录沟通情况" in page.content()

    def reply(text: str, cls: str, commitment: bool) -> None:
        page.fill("[data-testid=reply-form] [name=text]", text)
        page.select_option("[data-testid=reply-form] [name=reply_class]", cls)
        page.fill("[data-testid=reply-form] [name=signer_name]", "赵明")
        page.fill("[data-testid=reply-form] [name=signer_title]", "局长")
        page.set_input_files("[data-testid=reply-form] [name=document]", str(pdf))
        if commitment:
            page.fill("[data-testid=reply-form] [name=commitment_what]", "2026年12月底前开通东部环线")
            page.fill("[data-testid=reply-form] [name=commitment_due]", "2026-12-31")
        page.click("[data-testid=reply-submit]")
        assert "已答复代表" in page.content(), page.locator(".messages").inner_text()

    reply(f"已与王建国代表（{PHONE}）面商，东部环线列入年度计划逐步解决。", "B", True)
    screenshot(page, "proposals-05-reply-B")

    # the deputy is not satisfied: re-handling starts with a new one-month deadline
    as_user(page, "e2e_dep0")
    page.goto(detail_url)
    href = page.locator("[data-testid=reply-document]").first.get_attribute("href")  # 答复件, not /media/
    assert href and "/media/" not in href
    doc = page.request.get(href if href.startswith("http") else detail_url.split("/proposals/")[0] + href)
    assert doc.status == 200 and doc.headers["content-type"] == "application/pdf"
    page.select_option("[data-testid=evaluate-form] [name=attitude]", "basically")
    page.select_option("[data-testid=evaluate-form] [name=result]", "dissatisfied")
    page.fill("[data-testid=evaluate-form] [name=comment]", "新线路开通时间不明确")
    page.click("[data-testid=evaluate-submit]")
    assert page.locator("[data-testid=proposal-status]").inner_text() == "重新办理"
    screenshot(page, "proposals-06-rehandling")

    # the lead unit replies again, class A
    as_user(page, "e2e_lead")
    page.goto(detail_url)
    reply("经重新办理，东部环线已于本月开通，发车间隔缩短至10分钟。", "A", False)

    # the deputy and both co-signers are satisfied: the suggestion is closed
    for u in ("e2e_dep0", "e2e_dep1", "e2e_dep2"):
        as_user(page, u)
        page.goto(detail_url)
        page.select_option("[data-testid=evaluate-form] [name=attitude]", "satisfied")
        page.select_option("[data-testid=evaluate-form] [name=result]", "satisfied")
        page.click("[data-testid=evaluate-submit]")
        assert "已提交评价" in page.content(), (u, page.locator(".messages").inner_text())
    assert page.locator("[data-testid=proposal-status]").inner_text() == "办结"
    screenshot(page, "proposals-07-closed")

    # the public page shows the replies without the deputy's phone number
    logout(page)
    page.goto("/proposals/public/")
    html = page.content()
    assert "东部环线已于本月开通" in html and "关于优化城区公交线路的建议" in html
    assert PHONE not in html and "139****7777" in html
    screenshot(page, "proposals-08-public")
    p = Proposal.objects.get(title="关于优化城区公交线路的建议")
    assert p.status == Status.CLOSED
    assert list(Reply.objects.filter(assignment__proposal=p).values_list("reply_class", flat=True)) == ["B", "A"]


def test_demo_boards_for_each_role(page, screenshot):
    """The demo data seen by staff (overdue and key boards), a unit (inbox), a supervisor and a deputy."""
    import io

    from renda.organization import demo as org_demo
    from renda.proposals import demo

    org_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    password = org_demo.DEMO_PASSWORD
    login(page, "staff", password)
    assert page.locator("[data-testid=home-staff]").is_visible()
    screenshot(page, "proposals-demo-staff-home")
    page.goto("/proposals/board/overdue/")
    assert page.locator("[data-testid=overdue-by-unit] tbody tr").count() >= 3
    screenshot(page, "proposals-demo-overdue-board")
    page.goto("/proposals/board/key/")
    assert page.locator("[data-testid=key-board] tbody tr").count() == 10
    screenshot(page, "proposals-demo-key-board")
    page.goto("/proposals/?kind=bill")
    page.click("[data-testid=proposal-table] tbody a")
    assert "议案" in page.locator("[data-testid=proposal-number]").inner_text()
    screenshot(page, "proposals-demo-bill")
    logout(page)
    login(page, "unit", password)
    page.goto("/proposals/inbox/?bucket=overdue")
    assert page.locator("[data-testid=inbox-table] tbody tr").count() >= 1
    screenshot(page, "proposals-demo-unit-inbox")
    logout(page)
    login(page, "supervisor", password)
    screenshot(page, "proposals-demo-supervisor-home")
    page.goto("/proposals/board/key/")
    assert page.locator("[data-testid=key-board] tbody tr").count() >= 1
    logout(page)
    login(page, "deputy", password)
    screenshot(page, "proposals-demo-deputy-home")
    page.goto("/proposals/?scope=to_rate")
    page.click("[data-testid=proposal-table] tbody a")
    assert page.locator("[data-testid=evaluate-form]").is_visible()
    screenshot(page, "proposals-demo-deputy-to-rate")
