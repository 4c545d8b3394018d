"""Personal data in suggestions (issue 12 item 4; 个人信息保护法 第6条, 第28条; docs/architecture.md).

A phone or ID number a deputy quotes in a suggestion's title or body reaches a handling unit masked on every
surface (inbox, lists, search, boards, detail page, API, both xlsx exports, the assignment notice); staff
and the deputy author read it as written (``permissions.can_read_personal_details``, applied by
``selectors.shown_text``). A co-handler does not see the lead unit's consultations with the deputy nor the
deputies' ratings of the lead's reply on the timeline (S8; ``permissions.can_view_event``). Published
replies lose the household detail of home addresses (S21).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from renda.core.models import Notification
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.proposals import services
from renda.proposals.models import Proposal
from renda.proposals.tests.factories import BODY, World, at, received, submit_reply, world

pytestmark = pytest.mark.django_db

PHONE, MASKED_PHONE = "13912345678", "139****5678"
ID_NUMBER, MASKED_ID = "110101199003071234", "110101********1234"
TITLE = f"关于解决城南小区积水的建议（联系人{PHONE}）"
PERSONAL_BODY = f"{BODY}市民王先生（电话{PHONE}，身份证{ID_NUMBER}）反映城南小区门口积水。"


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def assigned_with_personal_data(w: World) -> Proposal:
    """A suggestion by deputy 0 quoting a citizen's phone and ID number, assigned to unit 0 (lead) on
    2026-04-10 (overdue since July) and made a key suggestion supervised by the world's vice-chair."""
    p = services.proposal_create(actor=w.deputy_users[0], title=TITLE, body=PERSONAL_BODY, topic="城乡建设")
    p = services.proposal_submit(proposal=p, actor=w.deputy_users[0], at=at(2026, 3, 19))
    p = services.proposal_register(proposal=p, actor=w.staff, at=at(2026, 3, 19))
    services.suggestion_designate_key(proposal=p, actor=w.staff, vice_chair=w.vice_chair, committee=w.committee)
    services.suggestion_assign(proposal=p, actor=w.staff, leads=[w.units[0]], at=at(2026, 4, 10))
    return Proposal.objects.get(pk=p.pk)


def supervisor(w: World) -> Any:
    return f.UserFactory(
        role=User.Role.SUPERVISOR, username="w_vice", deputy=w.vice_chair, congress=w.session.term.congress
    )


def xlsx_text(resp: Any) -> str:
    ws = load_workbook(io.BytesIO(resp.content)).active
    return "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None)


def assert_masked(text: str) -> None:
    assert PHONE not in text and ID_NUMBER not in text, "a unit/supervisor saw the citizen's number"
    assert MASKED_PHONE in text


# ------------------------------------------------------------------ a handling unit: every surface


def test_unit_inbox_page_and_its_xlsx_mask_the_phone_in_the_title():
    # given a suggestion quoting a citizen's phone, assigned to unit 0
    w = world()
    assigned_with_personal_data(w)
    unit = client_for(w.unit_users[0])
    # when the unit opens its inbox and exports it
    page = unit.get(reverse("proposals:inbox")).content.decode()
    sheet = xlsx_text(unit.get(reverse("proposals:inbox"), {"format": "xlsx"}))
    # then both show the title with the phone masked
    assert_masked(page)
    assert_masked(sheet)


def test_unit_list_search_and_list_xlsx_mask_the_phone():
    w = world()
    p = assigned_with_personal_data(w)
    unit = client_for(w.unit_users[0])
    # when the unit lists, searches and exports
    listed = unit.get(reverse("proposals:list")).content.decode()
    found = unit.get(reverse("proposals:list"), {"q": "积水"}).content.decode()
    sheet = xlsx_text(unit.get(reverse("proposals:list"), {"format": "xlsx"}))
    # then every one shows the masked title
    for text in (listed, found, sheet):
        assert_masked(text)
    # and searching by the phone itself does not confirm it
    by_phone = unit.get(reverse("proposals:list"), {"q": PHONE}).content.decode()
    link = reverse("proposals:detail", args=[p.pk])
    assert link in found and link not in by_phone
    assert unit.get("/api/proposals/proposals/", {"q": PHONE}).json()["count"] == 0


def test_unit_detail_page_masks_phone_and_id_in_title_and_body():
    w = world()
    p = assigned_with_personal_data(w)
    # when the unit opens the suggestion
    page = client_for(w.unit_users[0]).get(reverse("proposals:detail", args=[p.pk])).content.decode()
    # then the title and body carry neither number, masked instead; the place stays
    assert_masked(page)
    assert MASKED_ID in page and "城南小区门口积水" in page


def test_unit_api_list_and_detail_mask_phone_and_id():
    w = world()
    p = assigned_with_personal_data(w)
    unit = client_for(w.unit_users[0])
    # when the unit reads the API
    rows = unit.get("/api/proposals/proposals/").json()["results"]
    one = unit.get(f"/api/proposals/proposals/{p.pk}/").json()
    # then title and body are masked
    assert [r["title"] for r in rows] == [TITLE.replace(PHONE, MASKED_PHONE)]
    assert one["title"] == TITLE.replace(PHONE, MASKED_PHONE)
    assert PHONE not in one["body"] and ID_NUMBER not in one["body"] and MASKED_ID in one["body"]


def test_unit_assignment_notice_masks_the_phone(django_capture_on_commit_callbacks):
    w = world()
    # when the suggestion is assigned (the notice is written on commit)
    with django_capture_on_commit_callbacks(execute=True):
        assigned_with_personal_data(w)
    # then the unit officer's notice has the title masked
    texts = list(Notification.objects.filter(recipient=w.unit_users[0]).values_list("text", flat=True))
    assert texts and all(PHONE not in t for t in texts) and any(MASKED_PHONE in t for t in texts)


# ------------------------------------------------------------------ a supervisor: the boards


def test_supervisor_overdue_and_key_boards_and_overdue_xlsx_mask_the_phone():
    w = world()
    assigned_with_personal_data(w)
    vice = client_for(supervisor(w))
    # when the vice-chair opens the boards (the assignment is overdue since July)
    key = vice.get(reverse("proposals:key-board")).content.decode()
    overdue = vice.get(reverse("proposals:overdue-board")).content.decode()
    sheet = xlsx_text(vice.get(reverse("proposals:overdue-board"), {"format": "xlsx"}))
    # then the title is masked on each
    for text in (key, overdue, sheet):
        assert_masked(text)


# ------------------------------------------------------------------ staff and the deputy author read it whole


def test_staff_and_the_deputy_author_read_the_numbers_as_written():
    w = world()
    p = assigned_with_personal_data(w)
    for user in (w.staff, w.deputy_users[0]):
        c = client_for(user)
        page = c.get(reverse("proposals:detail", args=[p.pk])).content.decode()
        api = c.get(f"/api/proposals/proposals/{p.pk}/").json()
        assert PHONE in page and ID_NUMBER in page
        assert api["title"] == TITLE and ID_NUMBER in api["body"]
    sheet = xlsx_text(client_for(w.staff).get(reverse("proposals:list"), {"format": "xlsx"}))
    assert TITLE in sheet


# ------------------------------------------------------------------ a co-handler's timeline (S8)


def rated_with_cohandler(w: World) -> Proposal:
    """Lead unit 0 consulted the deputy and replied; co-handler unit 1 received; deputy 0 rated the reply."""
    p, lead = received(w, co=True)
    co = p.assignments.get(unit=w.units[1])
    services.assignment_receive(assignment=co, actor=w.unit_users[1], at=at(2026, 4, 13))
    reply = submit_reply(w, lead)
    services.evaluation_submit(
        reply=reply,
        actor=w.deputy_users[0],
        attitude="satisfied",
        result="basically",
        comment="答复基本解决问题，但时间表不明确",
    )
    return Proposal.objects.get(pk=p.pk)


def test_cohandler_timeline_hides_the_leads_consultation_and_the_ratings():
    # given a suggestion whose lead consulted the deputy ("代表希望尽快实施") and was rated
    w = world()
    p = rated_with_cohandler(w)
    # when the co-handler opens the page and the API timeline
    page = client_for(w.unit_users[1]).get(reverse("proposals:detail", args=[p.pk])).content.decode()
    api = client_for(w.unit_users[1]).get(f"/api/proposals/proposals/{p.pk}/timeline/")
    # then neither shows the lead's consultation notes or the deputies' rating
    timeline = page.split('data-testid="timeline"')[1]
    assert "代表希望尽快实施" not in timeline and "态度满意" not in timeline and "· 评价" not in timeline
    assert api.status_code == 200
    actions = [(e["action"], e["unit"]) for e in api.json()]
    assert ("consult", w.units[0].name) not in actions and ("evaluate", w.units[0].name) not in actions
    # but it sees its own assignment and the lead's reply as a fact (S8: it may follow the handling)
    assert ("receive", w.units[1].name) in actions and ("reply", w.units[0].name) in actions


def test_lead_unit_and_staff_still_see_the_consultation_and_ratings():
    w = world()
    p = rated_with_cohandler(w)
    for user in (w.unit_users[0], w.staff):
        actions = [e["action"] for e in client_for(user).get(f"/api/proposals/proposals/{p.pk}/timeline/").json()]
        assert "consult" in actions and "evaluate" in actions
    page = client_for(w.unit_users[0]).get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert "代表希望尽快实施" in page.split('data-testid="timeline"')[1]


def test_timeline_notes_are_masked_for_a_unit():
    # given staff urged the lead unit with a citizen's phone in the note
    w = world()
    p, lead = received(w)
    services.assignment_urge(assignment=lead, actor=w.staff, note=f"群众来电{PHONE}反映未办理")
    # when the unit reads its timeline, then the phone is masked; staff read it whole
    unit_notes = [
        e["note"] for e in client_for(w.unit_users[0]).get(f"/api/proposals/proposals/{p.pk}/timeline/").json()
    ]
    staff_notes = [e["note"] for e in client_for(w.staff).get(f"/api/proposals/proposals/{p.pk}/timeline/").json()]
    assert any(MASKED_PHONE in n for n in unit_notes) and not any(PHONE in n for n in unit_notes)
    assert any(PHONE in n for n in staff_notes)


# ------------------------------------------------------------------ published replies: home addresses (S21)


def test_published_reply_hides_the_household_of_a_home_address():
    # given a reply that names a citizen's home, published 20 working days after 2026-06-01
    w = world()
    _, a = received(w)
    submit_reply(w, a, when=at(2026, 6, 1), text="经查，XX路12号3栋2单元501室门前积水已排除。")
    # when anyone reads the public page and the public API
    page = Client().get(reverse("proposals:public")).content.decode()
    rows = Client().get("/api/proposals/public-replies/").json()["results"]
    # then the road stays and the door does not
    for text in (page, rows[0]["text"]):
        assert "XX路**号*栋*单元***室" in text and "12号3栋2单元501室" not in text
