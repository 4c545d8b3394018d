"""Browser: issue 13 items 3 and 4, by clicking from the deputy's home.

A deputy drafts a suggestion picking co-signers by typing part of a name (searchable picker), edits the
draft, submits it; the office and the unit handle it (services); the deputy rates the reply 不满意 with a
reason, and the lead unit then sees that reason. Screenshots at 1366 px and 390 px under
artifacts/screens/.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.proposals import services
from renda.proposals.models import Consultation, Evaluation, Proposal
from renda.proposals.tests.factories import pdf
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"
NAMES = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周秀兰", "吴志强"]
REASON = "新线路开通时间不明确，希望给出时间表"


def shoot(page, name: str) -> None:
    """Full-page screenshots of the current page at 1366 px and at 390 px (a phone)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def pick(page, field: str, typed: str, expected: str) -> None:
    """Click the picker of ``field``, type part of a name and choose the match with the keyboard (Enter)."""
    page.locator(f".ts-wrapper:has(#id_{field}-ts-control) .ts-control").click()
    page.locator(f"#id_{field}-ts-dropdown").wait_for()  # open and focused before typing
    page.keyboard.type(typed)
    page.locator(f"#id_{field}-ts-dropdown .option.active", has_text=expected).wait_for()
    page.keyboard.press("Enter")
    page.locator("h1").first.click()  # leave the picker, as a user clicks elsewhere


def menu(page, label: str) -> None:
    """Click the main-menu entry ``label``, opening its group first when it sits in one."""
    link = page.locator(".mainnav a", has_text=label).first
    if not link.is_visible():
        page.locator(".mainnav details", has=page.locator("a", has_text=label)).locator("summary").click()
    link.click()


def logout(page) -> None:
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/")


def test_deputy_edits_draft_picks_cosigners_by_typing_and_rates_with_a_reason_the_unit_sees(page):
    session = f.SessionFactory()
    congress, term = session.term.congress, session.term
    deputies = [f.DeputyFactory(term=term, name=n) for n in NAMES]
    f.UserFactory(username="d_lead", role=User.Role.DEPUTY, deputy=deputies[0], congress=congress)
    staff = f.UserFactory(username="d_staff", role=User.Role.STAFF, congress=congress, is_staff=True)
    unit = f.HandlingUnitFactory(congress=congress, name="市交通运输局")
    officer = f.UserFactory(username="d_unit", role=User.Role.UNIT_OFFICER, handling_unit=unit, congress=congress)
    page.set_viewport_size({"width": 1366, "height": 900})

    # the deputy starts from his home page
    login(page, "d_lead", f.TEST_PASSWORD)
    menu(page, "提出建议")
    page.wait_for_selector("[data-testid=proposal-form]")
    page.fill("[name=title]", "关于优化城区公交线路的建议")
    page.fill("[name=body]", "城区东部新建小区公交线路少、班次间隔长，群众出行不便。建议增开线路、加密班次。")
    pick(page, "topic", "交通", "交通运输")
    # co-signers chosen by typing part of a name: 秀 → 李秀英 (first match), 张 → 张伟
    pick(page, "cosigners", "秀英", "李秀英")
    pick(page, "cosigners", "张", "张伟")
    chosen = page.locator("#id_cosigners option:checked").all_inner_texts()
    assert any("李秀英" in c for c in chosen) and any("张伟" in c for c in chosen) and len(chosen) == 2
    page.locator(".ts-wrapper:has(#id_cosigners-ts-control) .ts-control").click()
    page.locator("#id_cosigners-ts-dropdown").wait_for()
    page.keyboard.type("秀")  # the list narrows to the matches while typing
    # only 周秀兰 is left (李秀英 is chosen already)
    expect(page.locator("#id_cosigners-ts-dropdown .option")).to_have_text(["周秀兰"])
    shoot(page, "drafts-01-new-picker")
    page.keyboard.press("Escape")
    page.click("[data-testid=save-draft]")
    page.wait_for_selector("[data-testid=proposal-title]")
    assert "李秀英" in page.locator("[data-testid=cosigners]").inner_text()

    # back home: 我的草稿 → the list of drafts → 修改
    page.goto("/home/")
    page.locator("a", has_text="我的草稿").first.click()
    p = Proposal.objects.get()
    page.click(f"[data-testid=edit-draft-{p.pk}]")
    page.wait_for_selector("[data-testid=draft-edit-form]")
    page.fill("[name=title]", "关于优化城东公交线路的建议")
    shoot(page, "drafts-02-edit")
    page.click("[data-testid=save-edit]")
    assert page.locator("[data-testid=proposal-title]").inner_text() == "关于优化城东公交线路的建议"
    assert "已保存修改" in page.content()
    page.click("[data-testid=submit]")
    assert page.locator("[data-testid=proposal-status]").inner_text() == "已提交"

    # the office registers and assigns; the unit signs, consults and replies (their own pages are tested elsewhere)
    p = services.proposal_register(proposal=Proposal.objects.get(), actor=staff)
    a = services.suggestion_assign(proposal=p, actor=staff, leads=[unit])[0]
    a = services.assignment_receive(assignment=a, actor=officer)
    services.consultation_record(
        assignment=a, actor=officer, method=Consultation.Method.PHONE, held_on=date.today(), deputy_views="希望尽快开通"
    )
    services.reply_submit(
        assignment=a,
        actor=officer,
        text="经研究，拟于明年增开东部环线。",
        reply_class="B",
        signer_name="赵明",
        signer_title="局长",
        document=pdf(),
        commitments=[services.CommitmentInput("明年开通东部环线", date(2027, 12, 31))],
    )

    # the deputy: home → 待评价答复 → the suggestion → 不满意 with a reason
    page.goto("/home/")
    page.locator("a", has_text="待评价答复").first.click()
    page.locator("[data-testid=proposal-table] tbody a", has_text="城东公交").click()
    page.select_option("[data-testid=evaluate-form] [name=attitude]", "satisfied")
    page.select_option("[data-testid=evaluate-form] [name=result]", "dissatisfied")
    page.click("[data-testid=evaluate-submit]")  # no reason: refused with a Chinese message
    assert "请写明理由" in page.content() and not Evaluation.objects.exists()
    page.select_option("[data-testid=evaluate-form] [name=attitude]", "satisfied")
    page.select_option("[data-testid=evaluate-form] [name=result]", "dissatisfied")
    page.fill("[data-testid=evaluate-form] [name=comment]", REASON)
    shoot(page, "drafts-03-evaluate")
    page.click("[data-testid=evaluate-submit]")
    assert page.locator("[data-testid=proposal-status]").inner_text() == "重新办理"
    logout(page)

    # the lead unit: home → 承办件 → the suggestion: the deputy's reason is on the page
    login(page, "d_unit", f.TEST_PASSWORD)
    menu(page, "承办件")
    page.locator("a", has_text="城东公交").first.click()
    assert REASON in page.locator("[data-testid=evaluation-reason]").inner_text()
    shoot(page, "drafts-04-unit-sees-reason")
    logout(page)

    # staff: the unit pickers of the bulk assignment page, by typing part of a unit's name
    login(page, "d_staff", f.TEST_PASSWORD)
    menu(page, "交办")
    pick(page, "leads", "交通", "市交通运输局")
    assert page.locator("#id_leads option:checked").all_inner_texts() == ["市交通运输局"]
    shoot(page, "drafts-05-staff-unit-picker")


def test_staff_enter_a_paper_evaluation_from_their_home(page):
    session = f.SessionFactory()
    congress, term = session.term.congress, session.term
    deputy = f.DeputyFactory(term=term, name="王建国")
    lead = f.UserFactory(username="p_lead", role=User.Role.DEPUTY, deputy=deputy, congress=congress)
    f.UserFactory(username="p_staff", role=User.Role.STAFF, congress=congress, is_staff=True)
    staff = User.objects.get(username="p_staff")
    unit = f.HandlingUnitFactory(congress=congress, name="市交通运输局")
    officer = f.UserFactory(username="p_unit", role=User.Role.UNIT_OFFICER, handling_unit=unit, congress=congress)
    body = "城区东部新建小区公交线路少、班次间隔长，群众出行不便。建议增开线路、加密班次。"
    p = services.proposal_create(actor=lead, title="关于增设公交站点的建议", body=body, topic="交通运输")
    p = services.proposal_register(proposal=services.proposal_submit(proposal=p, actor=lead), actor=staff)
    a = services.suggestion_assign(proposal=p, actor=staff, leads=[unit])[0]
    a = services.assignment_receive(assignment=a, actor=officer)
    services.consultation_record(
        assignment=a, actor=officer, method=Consultation.Method.PHONE, held_on=date.today(), deputy_views="希望尽快"
    )
    services.reply_submit(
        assignment=a, actor=officer, text="已增设站点。", reply_class="A", signer_name="赵明", signer_title="局长",
        document=pdf(),
    )  # fmt: skip
    page.set_viewport_size({"width": 1366, "height": 900})
    # staff: home → 议案建议 → the suggestion → 代录纸质评价
    login(page, "p_staff", f.TEST_PASSWORD)
    menu(page, "议案建议")
    page.locator("[data-testid=proposal-table] tbody a", has_text="增设公交站点").click()
    page.click("[data-testid=paper-evaluate-box] summary")
    form = page.locator("[data-testid=paper-evaluate-form]")
    form.locator("[name=deputy]").select_option(str(deputy.pk))
    form.locator("[name=attitude]").select_option("satisfied")
    form.locator("[name=result]").select_option("basically")
    form.locator("[name=comment]").fill("纸质评价表：站点位置偏远")
    shoot(page, "drafts-06-staff-paper-evaluation")
    page.click("[data-testid=paper-evaluate-submit]")
    assert "已代录纸质评价" in page.content()
    assert "代录" in page.locator("[data-testid=evaluation]").first.inner_text()
    ev = Evaluation.objects.get()
    assert (ev.deputy, ev.entered_by, ev.paper_date) == (deputy, staff, timezone.localdate())
