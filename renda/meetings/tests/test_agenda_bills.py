"""Agenda items that are bills: who may propose them (V4 Standing Committee, B2 congress) and the
co-signer count (a whole number ≥ 0), through the service, the API and the page."""

from __future__ import annotations

import pytest

from renda.core.exceptions import RuleViolation
from renda.meetings import services
from renda.meetings.models import AgendaItem, MeetingEvent
from renda.meetings.tests import factories as mf

pytestmark = pytest.mark.django_db


def test_negative_co_signers_are_refused_and_nothing_is_written():
    # given a Standing Committee meeting
    staff, meeting = mf.sc_meeting()
    events = MeetingEvent.objects.filter(meeting=meeting).count()
    # when staff add a bill with -4 co-signers over the API
    r = mf.api(staff).post(
        f"/api/meetings/meetings/{meeting.pk}/items/",
        {"title": "议案", "kind": "bill", "proposer": "members", "co_signers": -4},
        format="json",
    )
    # then 400, no item and no event
    assert r.status_code == 400
    assert AgendaItem.objects.filter(meeting=meeting).count() == 0
    assert MeetingEvent.objects.filter(meeting=meeting).count() == events


def test_negative_co_signers_are_refused_by_the_service():
    # given a Standing Committee meeting
    staff, meeting = mf.sc_meeting()
    # when the service is called with a negative count
    with pytest.raises(RuleViolation) as err:
        services.agenda_item_add(
            meeting=meeting, title="议案", kind=AgendaItem.Kind.BILL, proposer="government", co_signers=-1, actor=staff
        )
    # then it is refused
    assert err.value.code == "invalid_co_signers"
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_V4_api_bill_from_5_members_is_stored_with_its_co_signers():
    # given a Standing Committee meeting
    staff, meeting = mf.sc_meeting()
    # when 5 members jointly put a bill (allowed) and 4 members do (forbidden)
    ok = mf.api(staff).post(
        f"/api/meetings/meetings/{meeting.pk}/items/",
        {"title": "关于修改某条例的议案", "kind": "bill", "proposer": "members", "co_signers": 5},
        format="json",
    )
    refused = mf.api(staff).post(
        f"/api/meetings/meetings/{meeting.pk}/items/",
        {"title": "另一议案", "kind": "bill", "proposer": "members", "co_signers": 4},
        format="json",
    )
    # then the first is stored and answered with its co-signers, the second refused by V4
    assert ok.status_code == 201
    assert ok.json()["co_signers"] == 5 and ok.json()["proposer"] == "members"
    assert AgendaItem.objects.get(meeting=meeting).co_signers == 5
    assert refused.status_code == 422 and refused.json()["rule"] == "V4"


@pytest.mark.parametrize(
    ("proposer", "co_signers", "allowed"),
    [("deputies", 10, True), ("deputies", 9, False), ("delegation", 0, True), ("presidium", 0, True), ("", 0, False)],
)
def test_B2_congress_bill_needs_10_deputies_or_an_allowed_proposer(proposer, co_signers, allowed):
    # given a congress plenary
    staff, meeting = mf.plenary_of_three()
    # when staff add a bill from that proposer
    r = mf.api(staff).post(
        f"/api/meetings/meetings/{meeting.pk}/items/",
        {"title": "关于制定某条例的议案", "kind": "bill", "proposer": proposer, "co_signers": co_signers},
        format="json",
    )
    # then B2 decides
    if allowed:
        assert r.status_code == 201 and r.json()["co_signers"] == co_signers
    else:
        assert r.status_code == 422 and r.json()["rule"] == "B2"
        assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_V4_page_form_takes_proposer_and_co_signers_and_refuses_negative():
    # given a Standing Committee meeting page
    staff, meeting = mf.sc_meeting()
    c = mf.client(staff)
    url = f"/meetings/{meeting.pk}/do/add_item/"
    # when staff add a bill with -4 co-signers, then with 5 members jointly
    bad = c.post(url, {"title": "议案甲", "kind": "bill", "proposer": "members", "co_signers": "-4"}, follow=True)
    ok = c.post(url, {"title": "议案乙", "kind": "bill", "proposer": "members", "co_signers": "5"}, follow=True)
    # then the first is refused in Chinese and writes nothing, the second is stored with its co-signers
    assert "联名人数须为 0–10000 之间的整数" in bad.content.decode()
    assert "议程已增加" in ok.content.decode()
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("title", "co_signers")) == [("议案乙", 5)]
