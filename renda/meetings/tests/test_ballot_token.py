"""The lean ballot path (issue 17): a signed per-member ballot token and ``POST /api/meetings/ballots/``.

Every ballot is still authenticated (the token is signed and issued only to the member's own login),
one per member (the database's unique constraint), refused when the poll is not open or the member is
not present (V1), secret ballots stay unlinkable, and the session is neither read nor written.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.test import Client

from renda.meetings import ballots, services
from renda.meetings.models import Ballot, BallotEntry, Poll, VoteCast
from renda.meetings.tests import factories as mf

pytestmark = pytest.mark.django_db

URL = "/api/meetings/ballots/"


def _token(poll: Poll, deputy) -> str:
    response = mf.api(mf.deputy_login(deputy)).get(f"/api/meetings/polls/{poll.pk}/ballot-token/")
    assert response.status_code == 200, response.content
    assert response.json()["url"] == URL
    return str(response.json()["token"])


def _post(body: object, client: Client | None = None):
    return (client or Client()).post(URL, data=json.dumps(body), content_type="application/json")


def test_v1_token_ballot_is_stored_once_and_a_second_is_refused():
    # given an open electronic vote and a present member holding his token
    staff, _meeting, people, poll = mf.poll_setup()
    services.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    token = _token(poll, people[0])
    # when he posts his ballot twice, without any session or CSRF cookie
    first = _post({"token": token, "choices": {str(option): "no"}})
    second = _post({"token": token, "choices": {str(option): "yes"}})
    # then the first is stored, the second refused (already voted), and the count is his first choice
    assert first.status_code == 201 and first.json()["code"] == "voted"
    assert second.status_code == 409 and second.json()["code"] == "already_voted"
    assert VoteCast.objects.filter(poll=poll, deputy=people[0]).count() == 1
    closed = services.poll_close(poll=poll, actor=staff)
    assert closed.options.get().counts == {"no": 1} and closed.votes_cast == 1


def test_v1_token_ballot_after_close_is_refused():
    # given a member's token, and the poll then closed
    staff, _meeting, people, poll = mf.poll_setup()
    services.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    early = _token(poll, people[1])
    assert _post({"token": _token(poll, people[0]), "choices": {str(option): "yes"}}).status_code == 201
    services.poll_close(poll=poll, actor=staff)
    # when the other member posts with his token
    late = _post({"token": early, "choices": {str(option): "yes"}})
    # then it is refused and nothing is added
    assert late.status_code == 422 and late.json()["code"] == "poll_not_open"
    assert VoteCast.objects.filter(poll=poll).count() == 1
    # and no token is issued for a closed poll
    response = mf.api(mf.deputy_login(people[2])).get(f"/api/meetings/polls/{poll.pk}/ballot-token/")
    assert response.status_code == 404


def test_v1_token_of_a_member_on_leave_is_refused():
    # given a member who took his token, then was recorded on leave
    staff, meeting, people, poll = mf.poll_setup()
    services.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    token = _token(poll, people[3])
    services.attendance_mark_leave(meeting=meeting, deputy=people[3], actor=staff, reason="因病")
    # when he posts, then he is refused (on leave) and nothing is stored
    response = _post({"token": token, "choices": {str(option): "yes"}})
    assert response.status_code == 422 and response.json()["code"] == "on_leave"
    assert not VoteCast.objects.filter(poll=poll).exists()


def test_token_is_issued_only_to_the_members_own_login_and_cannot_be_forged():
    # given an open vote
    staff, _meeting, people, poll = mf.poll_setup()
    services.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    # when staff ask for a token, then 404 (only a member's login votes)
    assert mf.api(staff).get(f"/api/meetings/polls/{poll.pk}/ballot-token/").status_code == 404
    # when a token is tampered with (another member's id) or signed with another key, then 403
    login = mf.deputy_login(people[0])
    other = mf.deputy_login(people[1])
    payload = [poll.pk, people[1].pk, other.pk]
    tampered = _token(poll, people[0]).replace(signing.dumps([poll.pk, people[0].pk, login.pk]).split(":")[0], "x")
    forged = signing.dumps(payload, key="not-the-secret-key", salt=ballots.BALLOT_TOKEN_SALT)
    for bad in (tampered, forged, "", "a:b:c"):
        response = _post({"token": bad, "choices": {str(option): "yes"}})
        assert response.status_code == 403 and response.json()["code"] == "bad_ballot_token"
    # and a deactivated login's token is refused
    token = _token(poll, people[1])
    other.is_active = False
    other.save(update_fields=["is_active"])
    assert _post({"token": token, "choices": {str(option): "yes"}}).status_code == 403
    assert not VoteCast.objects.filter(poll=poll).exists()


def test_malformed_ballot_bodies_answer_400_not_500():
    # given a valid token
    staff, _meeting, people, poll = mf.poll_setup()
    services.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    token = _token(poll, people[0])
    bodies = [
        b"not json",
        b"[1, 2]",
        json.dumps({"token": token}).encode(),
        json.dumps({"token": token, "choices": {"x1": "yes"}}).encode(),
        json.dumps({"token": token, "choices": {str(2**70): "yes"}}).encode(),
        json.dumps({"token": token, "choices": {str(option): 1}}).encode(),
        "\udcff".encode("utf-8", "surrogatepass"),
    ]
    for body in bodies:
        response = Client().post(URL, data=body, content_type="application/json")
        assert response.status_code == 400, body
    # unknown option and a bad choice: rule refusals (422), and GET is not allowed
    assert _post({"token": token, "choices": {str(option + 999): "yes"}}).status_code == 422
    assert _post({"token": token, "choices": {str(option): "maybe"}}).status_code == 422
    assert Client().get(URL).status_code == 405
    assert not VoteCast.objects.filter(poll=poll).exists()
    # the valid ballot still goes through
    assert _post({"token": token, "choices": {str(option): "abstain"}}).status_code == 201


def test_token_ballot_neither_needs_csrf_nor_writes_the_session():
    # given a member whose browser also holds a logged-in session (SESSION_SAVE_EVERY_REQUEST is on)
    staff, _meeting, people, poll = mf.poll_setup()
    services.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(mf.deputy_login(people[0]))
    key = browser.cookies["sessionid"].value
    before = Session.objects.get(session_key=key).expire_date
    token = _token(poll, people[0])
    # when the browser posts the ballot with its cookies but no CSRF token
    response = _post({"token": token, "choices": {str(option): "yes"}}, client=browser)
    # then it is stored and the session row is untouched (no write per ballot)
    assert response.status_code == 201
    assert Session.objects.get(session_key=key).expire_date == before
    # while an ordinary page request does rewrite it
    browser.get(f"/meetings/polls/{poll.pk}/vote/")
    assert Session.objects.get(session_key=key).expire_date != before


def test_v1_secret_token_and_page_ballots_are_unlinkable_to_their_voters():
    # given an open secret ballot of ten present members
    staff, _meeting, people, poll = mf.poll_setup(method=Poll.Method.SECRET, present=10, size=10)
    services.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    # when they vote in order, half by token and half through the page
    for i, deputy in enumerate(people):
        choice = "yes" if i % 2 else "no"
        if i < 5:
            assert _post({"token": _token(poll, deputy), "choices": {str(option): choice}}).status_code == 201
        else:
            mf.client(mf.deputy_login(deputy)).post(f"/meetings/polls/{poll.pk}/vote/", {f"option-{option}": choice})
    # then every member has a cast row, and the ballots name nobody
    assert VoteCast.objects.filter(poll=poll).count() == 10
    assert Ballot.objects.filter(poll=poll).count() == 10
    assert not Ballot.objects.filter(poll=poll, voter__isnull=False).exists()
    # the ballot and entry tables have no column that could order or time them against the cast rows
    for model, allowed in (
        (Ballot, {"id", "poll_id", "voter_id"}),
        (BallotEntry, {"id", "ballot_id", "option_id", "choice"}),
    ):
        with connection.cursor() as cur:
            columns = {c.name for c in connection.introspection.get_table_description(cur, model._meta.db_table)}
        assert columns == allowed
    # their keys are random (UUID4), so ordering by key does not replay the order of voting
    ids = list(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    assert all(uuid.UUID(str(i)).version == 4 for i in ids)
    entries = BallotEntry.objects.filter(ballot__poll=poll)
    assert all(uuid.UUID(str(e.id)).version == 4 for e in entries)
    cast_order = ["yes" if i % 2 else "no" for i in range(10)]
    assert [e.choice for e in entries.order_by("ballot_id")] != cast_order or [
        e.choice for e in entries.order_by("id")
    ] != cast_order
