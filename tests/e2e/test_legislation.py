"""Browser: a draft regulation from .docx import to the public feedback page (issue 14).

Staff import a .docx → open it for comment → a citizen on a 390 px phone comments on article 5 with a
code from the console SMS backend → a contact-point operator enters 3 comments → 30 near-identical
comments arrive → the report shows them as one campaign → staff record the responses → the feedback
page is public. Screenshots at 1366 and 390 px under artifacts/screens/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from renda.legislation import comments
from renda.legislation.docstruct import parse_paragraphs, to_docx
from renda.legislation.models import Comment, ContactPoint, DraftVersion
from renda.legislation.sms import ConsoleBackend
from renda.legislation.tests.factories import TEXT
from renda.organization.models import User
from renda.organization.tests import factories as f
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"
CAMPAIGN = "坚决支持第五条从严处罚，往河道倾倒垃圾渣土的必须重罚，建议罚款提高到五万元，请立法机关采纳我们的意见！"


def _context(browser, live_server, width: int):
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(15000)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    return ctx, pg, errors


def _shot(pg, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def test_draft_from_docx_to_public_feedback(browser, live_server, tmp_path):
    # given: staff, a station operator and a contact point of one congress
    station = f.LiaisonStationFactory()
    congress = station.congress
    f.UserFactory(username="leg_staff", role=User.Role.STAFF, congress=congress, display_name="法工委 王干事")
    f.UserFactory(username="leg_op", role=User.Role.STATION_OPERATOR, liaison_station=station, congress=congress)
    ContactPoint.objects.create(congress=congress, name="东街街道基层立法联系点", experts="张教授")
    docx = tmp_path / "草案.docx"
    docx.write_bytes(to_docx("某市河流流域保护条例（草案）", parse_paragraphs(TEXT).articles))

    # when: staff create the draft and import the .docx
    ctx, pg, errors = _context(browser, live_server, 1366)
    login(pg, "leg_staff", f.TEST_PASSWORD)
    pg.goto("/legislation/")
    pg.click("[data-testid=draft-new]")
    pg.fill("input[name=title]", "某市河流流域保护条例")
    pg.select_option("select[name=subject]", "ecology")
    pg.click("[data-testid=form-submit]")
    pg.wait_for_url(re.compile(r".*/legislation/\d+/$"))
    pg.click("[data-testid=act-import]")
    pg.set_input_files("input[name=file]", str(docx))
    pg.click("[data-testid=form-submit]")
    pg.wait_for_url(re.compile(r".*/legislation/versions/\d+/$"))
    assert pg.locator("[data-testid=parse-report-ok]").is_visible()
    assert "第五条" in pg.locator("[data-testid=articles]").inner_text()
    _shot(pg, "legislation-1-imported-1366")
    version = DraftVersion.objects.get()

    # and open it for comment (default 30 days): before the first reading G11 asks for the 主任会议's decision
    pg.click("[data-testid=open-comment]")
    pg.fill("input[name=opens]", timezone.localdate().isoformat())
    pg.click("[data-testid=form-submit]")
    assert "一审前公开须有主任会议决定" in pg.content()
    pg.fill("input[name=early_reason]", "第10次主任会议决定一审前公开征求意见")
    pg.click("[data-testid=form-submit]")
    pg.wait_for_url(re.compile(r".*/legislation/versions/\d+/$"))
    assert "第10次主任会议决定" in pg.content()
    public_url = f"/legislation/public/{version.pk}/"

    # then: a citizen on a 390 px phone gets a code and comments on article 5
    pctx, phone, perrors = _context(browser, live_server, 390)
    phone.goto(public_url)
    ConsoleBackend.outbox.clear()
    phone.fill("[data-testid=code-form] input[name=phone]", "13800001234")
    phone.click("[data-testid=send-code]")
    phone.wait_for_selector("text=验证码已发送")
    code = re.search(r"验证码 (\d{6})", ConsoleBackend.outbox[-1][1]).group(1)  # type: ignore[union-attr]
    phone.click("[data-testid=comment-toggle-5]")
    box = phone.locator("[data-testid=comment-form-5]")
    box.locator("input[name=code]").fill(code)
    box.locator("textarea[name=text]").fill("建议第五条明确“其他废弃物”包括建筑垃圾和餐厨垃圾。")
    _shot(phone, "legislation-2-citizen-comment-390")
    box.locator("button[type=submit]").click()
    phone.wait_for_selector("text=意见已提交")
    assert Comment.objects.get(source="public").article.number == 5
    _shot(phone, "legislation-3-citizen-done-390")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 392

    # and a contact-point operator enters 3 comments
    octx, op, oerrors = _context(browser, live_server, 1366)
    login(op, "leg_op", f.TEST_PASSWORD)
    op.goto(f"/legislation/versions/{version.pk}/")
    op.click("[data-testid=enter-comment]")
    for article, text in (
        (5, "居民反映河边常有人偷倒渣土，建议设置监控。"),
        (6, "农村污水分散，建议允许小型分散处理设施。"),
        (None, "建议增加公众参与和举报奖励的规定。"),
    ):
        op.select_option("select[name=source]", "contact_point")
        op.select_option("select[name=contact_point]", label="东街街道基层立法联系点")
        op.fill("input[name=article]", str(article or ""))
        op.fill("textarea[name=text]", text)
        op.click("[data-testid=form-submit]")
        op.wait_for_selector("text=已保存")
    assert Comment.objects.filter(source="contact_point").count() == 3

    # and 30 near-identical comments arrive
    for i in range(30):
        comments.comment_submit(
            version=version,
            text=CAMPAIGN + ["", "谢谢！", "望采纳。"][i % 3],
            source="public",
            article=5,
            phone=f"1390000{i:04d}",
        )

    # then the report shows them as one campaign; staff record the responses and publish
    pg.goto(f"/legislation/versions/{version.pk}/report/")
    pg.click("[data-testid=analyse]")
    pg.wait_for_selector("[data-testid=campaign]")
    assert pg.locator("[data-testid=campaign]").count() == 1
    assert "30 条近似重复" in pg.locator("[data-testid=campaign]").inner_text()
    forms = pg.locator("[data-testid=respond-form]").count()
    for i in range(forms):
        form = pg.locator("[data-testid=respond-form]").nth(i)
        form.locator("select[name=response]").select_option("partly")
        form.locator("textarea[name=reason]").fill("已在修改稿中部分吸收。")
        form.locator("button[type=submit]").click()
        pg.wait_for_selector("text=已保存")
    _shot(pg, "legislation-4-report-1366")
    pg.click("[data-testid=publish]")
    pg.wait_for_selector("[data-testid=feedback-link]")

    # and the feedback page is public (a visitor not logged in, on a phone)
    phone.goto(f"/legislation/public/{version.pk}/feedback/")
    assert "部分采纳" in phone.locator("main").inner_text()
    _shot(phone, "legislation-5-feedback-390")
    pg.goto(f"/legislation/public/{version.pk}/feedback/")
    _shot(pg, "legislation-5-feedback-1366")
    for c in (ctx, pctx, octx):
        c.close()
    assert not (errors or perrors or oerrors), errors + perrors + oerrors


def test_g14_staff_terminate_a_draft_set_aside_two_years_from_a_phone(browser, live_server):
    # given: a draft read once on 2024-06-03 and never put to the vote (two years reached on 2026-06-03)
    from datetime import date

    from renda.legislation import services
    from renda.legislation.demo import _sc_meeting
    from renda.legislation.models import Draft
    from renda.meetings.tests import factories as mf
    from renda.organization.models import Body

    term = f.TermFactory()
    staff = f.UserFactory(username="leg_staff2", role=User.Role.STAFF, congress=term.congress, is_staff=True)
    body = mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=5, term=term)
    draft = services.draft_create(congress=term.congress, title="某市养犬管理条例", subject="urban", actor=staff)
    version = services.version_create(draft=draft, label="草案", document=parse_paragraphs(TEXT), actor=staff)
    services.draft_submit(draft=draft, proposer="government", actor=staff, submitted_on=date(2024, 4, 1))
    meeting = _sc_meeting(term, body, staff, 9, date(2024, 6, 3))
    services.reading_schedule(draft=draft, version=version, meeting=meeting, actor=staff)

    # when: staff on a 390 px phone open the board from the drafts list and terminate it
    ctx, pg, errors = _context(browser, live_server, 390)
    login(pg, "leg_staff2", f.TEST_PASSWORD)
    pg.goto("/legislation/")
    pg.click("[data-testid=terminations-link]")
    board = pg.locator("[data-testid=termination-board]")
    assert "某市养犬管理条例" in board.inner_text() and "2026-06-03" in board.inner_text()
    _shot(pg, "legislation-6-termination-board-390")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 392
    board.locator("a", has_text="终止审议").click()
    pg.fill("input[name=on]", timezone.localdate().isoformat())
    pg.fill("textarea[name=report]", "主任会议向常委会第30次会议报告")
    pg.click("[data-testid=form-submit]")
    pg.wait_for_url(re.compile(r".*/legislation/\d+/$"))

    # then: the draft is terminated with its event on the timeline
    assert Draft.objects.get(pk=draft.pk).status == "terminated"
    assert "终止审议" in pg.locator("[data-testid=timeline]").inner_text()
    _shot(pg, "legislation-7-terminated-390")
    ctx.close()
    assert not errors, errors


def test_g17_staff_record_publication_of_the_announced_text(browser, live_server):
    # given: a regulation announced by 公告 (its staff log in)
    from renda.legislation.models import Publication
    from renda.legislation.tests import factories as lf
    from renda.legislation.tests.test_g2_g11_g14_g17 import _promulgated

    w = lf.world()
    draft = _promulgated(w)

    # when: staff record the 公报 without the 审议结果报告, then with every material
    ctx, pg, errors = _context(browser, live_server, 1366)
    login(pg, w.staff.username, f.TEST_PASSWORD)
    pg.goto(f"/legislation/{draft.pk}/")
    assert "尚未登记刊登" in pg.locator("[data-testid=publications]").inner_text()
    pg.click("[data-testid=act-publication]")
    pg.select_option("select[name=channel]", "gazette")
    pg.fill("input[name=published_on]", "2026-06-10")
    pg.fill("input[name=reference]", "2026年第3号")
    pg.check("input[name=with_explanation]")
    pg.click("[data-testid=form-submit]")
    assert "公报应当同时刊登" in pg.content() and not Publication.objects.exists()
    pg.check("input[name=with_results_report]")
    pg.click("[data-testid=form-submit]")
    pg.wait_for_url(re.compile(r".*/legislation/\d+/$"))

    # then: the draft page lists the 公报 as the standard text and the channels still missing
    text = pg.locator("[data-testid=publications]").inner_text()
    assert "标准文本" in text and "中国人大网" in text
    _shot(pg, "legislation-8-publication-1366")
    ctx.close()
    assert not errors, errors
