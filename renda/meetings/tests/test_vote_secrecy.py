"""Secrecy of an open vote (V-rules): while a poll is open, members see only the turnout on the
presiding screen and in the API; counts appear to members once closed, to staff at any time."""

from __future__ import annotations

import pytest

from renda.meetings import services
from renda.meetings.models import Poll
from renda.meetings.tests import factories as mf

pytestmark = pytest.mark.django_db


def test_open_poll_screen_shows_a_deputy_only_the_turnout():
    # given an open electronic poll with 3 votes against, and a present deputy who has not voted
    staff, _meeting, people, poll = mf.open_with_votes()
    deputy = mf.client(mf.deputy_login(people[10]))
    # when the deputy opens the presiding screen and its tally fragment
    screen = deputy.get(f"/meetings/polls/{poll.pk}/screen/").content.decode()
    tally = deputy.get(f"/meetings/polls/{poll.pk}/screen/tally/").content.decode()
    # then only the turnout is shown, no counts
    for html in (screen, tally):
        assert 'data-testid="votes-cast">3<' in html
        assert "赞成" not in html and "反对" not in html
    # and staff still see the live counts
    staff_tally = mf.client(staff).get(f"/meetings/polls/{poll.pk}/screen/tally/").content.decode()
    assert "反对" in staff_tally and '<td class="num">3</td>' in staff_tally


def test_closed_poll_screen_shows_counts_to_members():
    # given a closed electronic poll
    staff, _meeting, people, poll = mf.open_with_votes()
    services.poll_close(poll=poll, actor=staff)
    # when a member opens the tally
    tally = mf.client(mf.deputy_login(people[10])).get(f"/meetings/polls/{poll.pk}/screen/tally/").content.decode()
    # then the counts are there
    assert "反对" in tally and '<td class="num">3</td>' in tally


def test_api_hides_counts_of_an_open_show_of_hands_poll_from_deputies():
    # given an open show-of-hands poll whose counts staff have entered
    staff, meeting, people, poll = mf.open_with_votes(method=Poll.Method.SHOW_OF_HANDS)
    deputy = mf.api(mf.deputy_login(people[10]))
    # when a deputy reads the poll, the meeting, the results files and the roll call
    poll_json = deputy.get(f"/api/meetings/polls/{poll.pk}/").json()
    meeting_json = deputy.get(f"/api/meetings/meetings/{meeting.pk}/").json()
    csv_status = deputy.get(f"/api/meetings/polls/{poll.pk}/results-csv/").status_code
    page_csv_status = mf.client(mf.deputy_login(people[10])).get(f"/meetings/polls/{poll.pk}/results.csv").status_code
    # then no counts are revealed, and the files answer 404
    assert poll_json["options"][0]["counts"] == {}
    assert meeting_json["items"][0]["polls"][0]["options"][0]["counts"] == {}
    assert csv_status == 404 and page_csv_status == 404
    # while staff see them
    assert mf.api(staff).get(f"/api/meetings/polls/{poll.pk}/").json()["options"][0]["counts"]["yes"] == 37


def test_api_shows_counts_to_members_after_close():
    # given the same poll, closed
    staff, _meeting, people, poll = mf.open_with_votes(method=Poll.Method.SHOW_OF_HANDS)
    services.poll_close(poll=poll, actor=staff)
    # when a deputy reads it
    poll_json = mf.api(mf.deputy_login(people[10])).get(f"/api/meetings/polls/{poll.pk}/").json()
    # then the counts are shown
    assert poll_json["options"][0]["counts"] == {"yes": 37, "no": 5, "abstain": 4}
