"""QA fixes: secrecy of an open vote, co-signer validation, export formats, 404 alike."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from renda.core.exceptions import RuleViolation
from renda.meetings import services
from renda.meetings.models import AgendaItem, Meeting, MeetingEvent, Poll
from renda.meetings.tests import factories as mf
from renda.organization.models import Body

pytestmark = pytest.mark.django_db


def _setup(method: str = Poll.Method.ELECTRONIC, present: int = 46):
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=50), actor=staff, number=3)
    people = mf.check_in(meeting, present, actor=staff)
    item = services.agenda_item_add(
        meeting=meeting, title="关于计划的决议（草案）", kind=AgendaItem.Kind.RESOLUTION, actor=staff
    )
    poll = services.poll_create(item=item, method=method, actor=staff)
    return staff, meeting, people, poll


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _open_with_votes(method: str = Poll.Method.ELECTRONIC):
    staff, meeting, people, poll = _setup(method=method)
    services.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    if method == Poll.Method.SHOW_OF_HANDS:
        services.poll_enter_counts(poll=poll, counts={"yes": 37, "no": 5, "abstain": 4}, actor=staff)
    else:
        for d in people[:3]:
            services.ballot_cast(poll=poll, voter=d, choices={option: "no"}, actor=mf.deputy_login(d))
    return staff, meeting, people, poll


def test_open_poll_screen_shows_a_deputy_only_the_turnout():
    # given an open electronic poll with 3 votes against, and a present deputy who has not voted
    staff, _meeting, people, poll = _open_with_votes()
    deputy = _client(mf.deputy_login(people[10]))
    # when the deputy opens the presiding screen and its tally fragment
    screen = deputy.get(f"/meetings/polls/{poll.pk}/screen/").content.decode()
    tally = deputy.get(f"/meetings/polls/{poll.pk}/screen/tally/").content.decode()
    # then only the turnout is shown, no counts
    for html in (screen, tally):
        assert 'data-testid="votes-cast">3<' in html
        assert "赞成" not in html and "反对" not in html
    # and staff still see the live counts
    staff_tally = _client(staff).get(f"/meetings/polls/{poll.pk}/screen/tally/").content.decode()
    assert "反对" in staff_tally and '<td class="num">3</td>' in staff_tally


def test_closed_poll_screen_shows_counts_to_members():
    # given a closed electronic poll
    staff, _meeting, people, poll = _open_with_votes()
    services.poll_close(poll=poll, actor=staff)
    # when a member opens the tally
    tally = _client(mf.deputy_login(people[10])).get(f"/meetings/polls/{poll.pk}/screen/tally/").content.decode()
    # then the counts are there
    assert "反对" in tally and '<td class="num">3</td>' in tally


def test_api_hides_counts_of_an_open_show_of_hands_poll_from_deputies():
    # given an open show-of-hands poll whose counts staff have entered
    staff, meeting, people, poll = _open_with_votes(method=Poll.Method.SHOW_OF_HANDS)
    deputy = _api(mf.deputy_login(people[10]))
    # when a deputy reads the poll, the meeting, the results files and the roll call
    poll_json = deputy.get(f"/api/meetings/polls/{poll.pk}/").json()
    meeting_json = deputy.get(f"/api/meetings/meetings/{meeting.pk}/").json()
    csv_status = deputy.get(f"/api/meetings/polls/{poll.pk}/results-csv/").status_code
    page_csv_status = _client(mf.deputy_login(people[10])).get(f"/meetings/polls/{poll.pk}/results.csv").status_code
    # then no counts are revealed, and the files answer 404
    assert poll_json["options"][0]["counts"] == {}
    assert meeting_json["items"][0]["polls"][0]["options"][0]["counts"] == {}
    assert csv_status == 404 and page_csv_status == 404
    # while staff see them
    assert _api(staff).get(f"/api/meetings/polls/{poll.pk}/").json()["options"][0]["counts"]["yes"] == 37


def test_api_shows_counts_to_members_after_close():
    # given the same poll, closed
    staff, _meeting, people, poll = _open_with_votes(method=Poll.Method.SHOW_OF_HANDS)
    services.poll_close(poll=poll, actor=staff)
    # when a deputy reads it
    poll_json = _api(mf.deputy_login(people[10])).get(f"/api/meetings/polls/{poll.pk}/").json()
    # then the counts are shown
    assert poll_json["options"][0]["counts"] == {"yes": 37, "no": 5, "abstain": 4}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/meetings/{m}/minutes.pdf", 200),
        ("/meetings/{m}/minutes.docx", 200),
        ("/meetings/{m}/minutes.exe", 404),
        ("/meetings/{m}/minutes.pdfx", 404),
        ("/meetings/polls/{p}/results.csv", 200),
        ("/meetings/polls/{p}/results.xlsx", 200),
        ("/meetings/polls/{p}/results.txt", 404),
    ],
)
def test_export_links_admit_only_the_real_formats(path, status):
    # given a closed poll
    staff, meeting, _people, poll = _open_with_votes()
    services.poll_close(poll=poll, actor=staff)
    # when staff request the file with that extension
    r = _client(staff).get(path.format(m=meeting.pk, p=poll.pk))
    # then only docx/pdf and csv/xlsx are served
    assert r.status_code == status


def _sc_meeting():
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=10), actor=staff)
    return staff, meeting


def _plenary():
    staff = mf.staff()
    term = mf.f.TermFactory()
    for _ in range(3):
        mf.f.DeputyFactory(term=term)
    meeting = services.meeting_create(
        kind=Meeting.Kind.PLENARY,
        term=term,
        body=None,
        session=mf.f.SessionFactory(term=term),
        number=1,
        title="第三次会议第一次全体会议",
        starts_at=mf.STARTS,
        actor=staff,
    )
    return staff, meeting


def test_negative_co_signers_are_refused_and_nothing_is_written():
    # given a Standing Committee meeting
    staff, meeting = _sc_meeting()
    events = MeetingEvent.objects.filter(meeting=meeting).count()
    # when staff add a bill with -4 co-signers over the API
    r = _api(staff).post(
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
    staff, meeting = _sc_meeting()
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
    staff, meeting = _sc_meeting()
    # when 5 members jointly put a bill (allowed) and 4 members do (forbidden)
    ok = _api(staff).post(
        f"/api/meetings/meetings/{meeting.pk}/items/",
        {"title": "关于修改某条例的议案", "kind": "bill", "proposer": "members", "co_signers": 5},
        format="json",
    )
    refused = _api(staff).post(
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
    staff, meeting = _plenary()
    # when staff add a bill from that proposer
    r = _api(staff).post(
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


def test_missing_and_forbidden_records_answer_404_alike_before_validation():
    # given a meeting and poll a deputy outside the roster may not see
    _staff, meeting, _people, poll = _setup()
    outsider = _api(mf.deputy_login(mf.f.DeputyFactory()))
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


def test_V4_page_form_takes_proposer_and_co_signers_and_refuses_negative():
    # given a Standing Committee meeting page
    staff, meeting = _sc_meeting()
    c = _client(staff)
    url = f"/meetings/{meeting.pk}/do/add_item/"
    # when staff add a bill with -4 co-signers, then with 5 members jointly
    bad = c.post(url, {"title": "议案甲", "kind": "bill", "proposer": "members", "co_signers": "-4"}, follow=True)
    ok = c.post(url, {"title": "议案乙", "kind": "bill", "proposer": "members", "co_signers": "5"}, follow=True)
    # then the first is refused in Chinese and writes nothing, the second is stored with its co-signers
    assert "联名人数须为不小于 0 的整数" in bad.content.decode()
    assert "议程已增加" in ok.content.decode()
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("title", "co_signers")) == [("议案乙", 5)]
