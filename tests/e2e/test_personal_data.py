"""Browser: what a co-handling unit sees of a suggestion that quotes a citizen's phone (issue 12 item 4).

The co-handler opens the suggestion from its inbox: title and body show the phone and ID number masked,
the timeline shows neither the lead unit's consultation with the deputy nor the deputy's rating; at
1366 px and 390 px wide. Screenshots: artifacts/screens/pipl-cohandler-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.organization.tests import factories as f
from renda.proposals import services
from renda.proposals.tests.factories import at, submit_reply, world
from renda.proposals.tests.test_personal_data import ID_NUMBER, MASKED_PHONE, PERSONAL_BODY, PHONE, TITLE
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


def test_cohandler_reads_the_suggestion_masked_and_no_lead_consultation(page):
    # given a suggestion quoting a citizen, lead unit 0 consulted, replied and was rated; unit 1 co-handles
    w = world()
    p = services.proposal_create(actor=w.deputy_users[0], title=TITLE, body=PERSONAL_BODY, topic="城乡建设")
    p = services.proposal_submit(proposal=p, actor=w.deputy_users[0], at=at(2026, 3, 19))
    p = services.proposal_register(proposal=p, actor=w.staff, at=at(2026, 3, 19))
    lead, co = services.suggestion_assign(
        proposal=p, actor=w.staff, leads=[w.units[0]], cohandlers=[w.units[1]], at=at(2026, 4, 10)
    )
    lead = services.assignment_receive(assignment=lead, actor=w.unit_users[0], at=at(2026, 4, 13))
    services.assignment_receive(assignment=co, actor=w.unit_users[1], at=at(2026, 4, 13))
    services.consultation_record(
        assignment=lead, actor=w.unit_users[0], method="face_to_face", held_on=at(2026, 4, 20).date(),
        deputy_views="代表希望月底前完工",
    )  # fmt: skip
    reply = submit_reply(w, lead)
    services.evaluation_submit(reply=reply, actor=w.deputy_users[0], attitude="satisfied", result="satisfied")
    SCREENS.mkdir(parents=True, exist_ok=True)
    # when the co-handler opens it from its inbox, on a desktop and on a phone
    login(page, w.unit_users[1].username, f.TEST_PASSWORD)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/proposals/inbox/")
        page.get_by_role("link", name=TITLE.replace(PHONE, MASKED_PHONE)).click()
        page.wait_for_selector("[data-testid=timeline]")
        page.screenshot(path=str(SCREENS / f"pipl-cohandler-{width}.png"), full_page=True)
        # then the numbers are masked and the lead's consultation and the rating are not on the timeline
        text = page.content()
        assert PHONE not in text and ID_NUMBER not in text and MASKED_PHONE in text
        timeline = page.locator("[data-testid=timeline]").inner_text()
        assert "代表希望月底前完工" not in timeline and "评价" not in timeline.replace("待评价", "")
        assert "答复" in timeline  # the lead's reply as a fact
