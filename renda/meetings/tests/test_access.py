"""Access to meetings and polls: missing and forbidden records answer 404 alike, before any validation."""

from __future__ import annotations

import pytest

from renda.meetings.tests import factories as mf

pytestmark = pytest.mark.django_db


def test_missing_and_forbidden_records_answer_404_alike_before_validation():
    # given a meeting and poll a deputy outside the roster may not see
    _staff, meeting, _people, poll = mf.poll_setup()
    outsider = mf.api(mf.deputy_login(mf.f.DeputyFactory()))
    # when they act on it with invalid bodies, and on ids that do not exist
    forbidden = [
        outsider.get(f"/api/meetings/meetings/{meeting.pk}/"),
        outsider.get(f"/api/meetings/polls/{poll.pk}/"),
        outsider.post(f"/api/meetings/meetings/{meeting.pk}/items/", {"co_signers": -4}, format="json"),
        outsider.post(f"/api/meetings/polls/{poll.pk}/counts/", {"yes": -1}, format="json"),
        outsider.post("/api/meetings/polls/", {"item": poll.item_id, "method": "electronic"}, format="json"),
        outsider.post(f"/api/meetings/polls/{poll.pk}/ballots/", {}, format="json"),
    ]
    missing = [
        outsider.get("/api/meetings/meetings/999999/"),
        outsider.get("/api/meetings/polls/999999/"),
        outsider.post("/api/meetings/meetings/999999/items/", {"co_signers": -4}, format="json"),
        outsider.post("/api/meetings/polls/", {"item": 999999, "method": "electronic"}, format="json"),
    ]
    # then every one answers 404
    assert [r.status_code for r in forbidden + missing] == [404] * 10


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_action_next_never_redirects_off_site(client, target):
    # given staff on a meeting page and a poll
    staff, meeting, _people, poll = mf.poll_setup()
    client.force_login(staff)
    # when a meeting action and a poll action are posted with an off-site next=
    meeting_action = client.post(f"/meetings/{meeting.pk}/do/close/", {"next": target})
    poll_action = client.post(f"/meetings/polls/{poll.pk}/do/close/", {"next": target})
    # then both go back to the meeting page, never off-site
    assert meeting_action.url == poll_action.url == f"/meetings/{meeting.pk}/"


def test_action_next_on_site_is_followed(client):
    staff, _meeting, _people, poll = mf.poll_setup()
    client.force_login(staff)
    response = client.post(f"/meetings/polls/{poll.pk}/do/close/", {"next": f"/meetings/polls/{poll.pk}/screen/"})
    assert response.url == f"/meetings/polls/{poll.pk}/screen/"


@pytest.mark.parametrize("value", ["abc", "1.5", "0x10", "1e1", "20.0", "-1", "１２", "9" * 23])
def test_malformed_numbers_in_meeting_and_poll_forms_are_a_message_not_a_500(client, value):
    # given staff on a meeting with a poll
    staff, meeting, _people, poll = mf.poll_setup()
    client.force_login(staff)
    # when a check-in names a malformed deputy id and the counts form a malformed count
    check_in = client.post(f"/meetings/{meeting.pk}/do/check_in/", {"deputy": value}, follow=True)
    counts = client.post(f"/meetings/polls/{poll.pk}/do/counts/", {"yes": value, "no": "0"}, follow=True)
    # then both answer the page with a Chinese message (or 404 for the unknown deputy), never a 500
    assert check_in.status_code in (200, 404)
    assert counts.status_code == 200
    assert "赞成票数须为" in counts.content.decode()
