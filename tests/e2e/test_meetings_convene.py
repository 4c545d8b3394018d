"""Browser: staff convene a Standing Committee meeting from the meetings list (the roster of 40 and the
statutory denominator fill themselves), arrange its agenda, check 38 in at once with 2 on leave, run a
named vote and watch who has not voted yet; the vice-chair votes from his phone through his 待投票
panel (issue 13 items 1 and 6). Every step is a click from the staff home page."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.meetings import services
from renda.meetings.models import Meeting, Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, Membership, User
from renda.organization.tests import factories as f
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def _shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def _both_widths(page, name: str) -> None:
    """Full-page screenshots at 390 px (phone) and 1366 px (desk) under artifacts/screens/."""
    page.set_viewport_size(PHONE)
    _shot(page, f"{name}-390")
    page.set_viewport_size(WIDE)
    _shot(page, f"{name}-1366")


def test_staff_convene_a_standing_committee_meeting_check_in_40_and_see_who_has_not_voted(page, browser, live_server):
    # given a Standing Committee of 40 whose second member is a vice-chair with a supervisor login
    staff = mf.staff(username="e2e_sc_staff")
    body = mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=40, term=f.TermFactory())
    body.name = "常务委员会"
    body.save(update_fields=["name"])
    seats = list(Membership.objects.filter(body=body).select_related("deputy").order_by("deputy__code"))
    Membership.objects.filter(pk=seats[1].pk).update(role=Membership.Role.VICE_CHAIR)
    members = [s.deputy for s in seats]
    vice_chair = members[1]
    f.UserFactory(role=User.Role.SUPERVISOR, username="e2e_vice_chair", deputy=vice_chair, congress=staff.congress)
    page.set_viewport_size(WIDE)
    login(page, staff.username, f.TEST_PASSWORD)

    # when staff open 会议与表决 from the menu and press 新建会议, picking the Standing Committee
    page.get_by_role("link", name="会议与表决").first.click()
    page.click("[data-testid=meeting-new]")
    sc_key = f"body-{body.pk}"
    page.select_option("[data-testid=convene-target]", sc_key)
    # then the roster and the statutory denominator show before saving
    preview = page.locator("[data-testid=roster-preview]")
    preview.filter(has_text="组成人员 40 人").wait_for()
    assert "至少 21 人" in preview.inner_text()
    page.fill("[data-testid=meeting-starts-at]", "2026-06-26T09:00")
    page.fill("[data-testid=meeting-location]", "常委会会议室")
    page.fill("[data-testid=meeting-presiding]", "主任")
    _both_widths(page, "meetings-convene-form")
    page.click("[data-testid=meeting-save]")
    # then the meeting exists with its 40 members on the roster
    page.locator("[data-testid=meeting-title]").wait_for()
    meeting = Meeting.objects.get(body=body)
    assert meeting.roster_size == 40 and meeting.attendances.count() == 40
    assert meeting.title == "第16届常务委员会第1次会议" and meeting.number == 1

    # when staff arrange the agenda: two items, the second moved up
    page.click("[data-testid=meeting-agenda]")
    for title in ("关于召开市第十六届人民代表大会第四次会议的决定（草案）", "关于批准2025年市级决算的决议（草案）"):
        page.fill("[data-testid=agenda-title]", title)
        page.click("[data-testid=agenda-add]")
    page.click("[data-testid=item-up-2]")
    assert page.locator("[data-testid=agenda-item-1]").inner_text().startswith("关于批准2025年市级决算")
    _both_widths(page, "meetings-agenda")
    page.click("[data-testid=back-to-meeting]")

    # when staff set a named (electronic) vote on item 1 and open the meeting
    page.select_option("[data-testid=item-1] [data-testid=poll-method]", Poll.Method.ELECTRONIC)
    page.click("[data-testid=item-1] [data-testid=poll-create]")
    page.click("[data-testid=meeting-start]")

    # when staff check in everyone at once, then mark two members on leave with a reason
    page.click("[data-testid=meeting-check-in]")
    page.click("[data-testid=check-in-all]")
    count = page.locator("[data-testid=roll-count]")
    assert "实到 40 人" in count.inner_text()
    away = members[38:40]
    for d, reason in zip(away, ("出国访问", "因病"), strict=True):
        page.check(f"[data-testid=leave-{d.code}]")
        page.fill(f"[data-testid=reason-{d.code}]", reason)
    # then the live count shows 38 present, 2 on leave, quorum met, before anything is saved
    assert "实到 38 人，请假 2 人" in count.inner_text() and "符合法定人数" in count.inner_text()
    _both_widths(page, "meetings-bulk-check-in")
    page.click("[data-testid=check-in-submit]")
    quorum = page.locator("[data-testid=quorum]").inner_text()
    assert "应到 40 人，实到 38 人，请假 2 人" in quorum and "符合法定人数" in quorum

    # when staff open the vote, the vice-chair votes on his phone from his home page's 待投票 panel
    page.click("[data-testid=item-1] [data-testid=poll-open]")
    poll = Poll.objects.get(item__meeting=meeting)
    phone = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="zh-CN")
    mobile = phone.new_page()
    login(mobile, "e2e_vice_chair", f.TEST_PASSWORD)
    assert mobile.get_by_role("link", name="会议与表决").count() >= 1
    panel = mobile.locator("[data-testid=home-supervisor] article.panel", has_text="待投票的表决")
    assert poll.title in panel.inner_text()
    _shot(mobile, "meetings-vice-chair-home-390")
    panel.get_by_role("link", name=poll.title, exact=True).click()
    mobile.check("[data-testid=choice-1-yes]")
    _shot(mobile, "meetings-vice-chair-ballot-390")
    mobile.click("[data-testid=ballot-submit]")
    mobile.get_by_text("投票成功").wait_for()
    phone.close()
    # and 20 more members vote through the service (their phones)
    option = poll.options.get().pk
    for d in members[2:22]:
        services.ballot_cast(poll=poll, voter=d, choices={option: "yes"}, actor=mf.deputy_login(d))

    # then staff see who has not voted yet: 38 present − 21 voted = 17 names, the vice-chair not among them
    pending = page.locator("[data-testid=pending]")
    pending.filter(has_text="未投票 17 人").wait_for(timeout=10000)
    names = page.locator("[data-testid=pending-names]").inner_text()
    assert members[0].name in names and members[30].name in names
    assert vice_chair.name not in names and members[5].name not in names and away[0].name not in names
    _both_widths(page, "meetings-not-yet-voted")

    # when staff close and publish the vote
    page.click("[data-testid=item-1] [data-testid=poll-close]")
    page.click("[data-testid=item-1] [data-testid=poll-publish]")
    # then the result counts 21 yes against all 40 members, and the 未投票 list is gone
    result = page.locator("[data-testid=item-1] [data-testid=poll-result]").inner_text()
    assert "赞成 21 票" in result and "40" in result
    assert page.locator("[data-testid=pending]").count() == 0
    _both_widths(page, "meetings-named-vote-published")
