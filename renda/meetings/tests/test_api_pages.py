"""REST API, pages and office files of the meetings domain."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from renda.meetings import services
from renda.meetings.models import AgendaItem, Meeting, Poll, PollEvent, VoteCast
from renda.meetings.tests import factories as mf

pytestmark = pytest.mark.django_db


def _setup(present: int = 46, size: int = 50, method: str = Poll.Method.ELECTRONIC):
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=size), actor=staff, number=3)
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


def test_V5_api_open_without_quorum_answers_422_with_rule():
    # given 20 of 50 present
    staff, _meeting, _people, poll = _setup(present=20)
    # when staff open the poll over the API
    r = _api(staff).post(f"/api/meetings/polls/{poll.pk}/open/")
    # then 422 with the rule id, and no event written
    assert r.status_code == 422
    assert r.json()["code"] == "quorum_not_met" and r.json()["rule"] == "V5"
    assert PollEvent.objects.filter(poll=poll, action="open").count() == 0


def test_api_vote_twice_answers_409_already_voted():
    # given an open electronic vote (opened over the API)
    staff, _meeting, people, poll = _setup()
    assert _api(staff).post(f"/api/meetings/polls/{poll.pk}/open/").status_code == 200
    deputy = _api(mf.deputy_login(people[0]))
    # when a member posts two ballots
    option = poll.options.get().pk
    first = deputy.post(f"/api/meetings/polls/{poll.pk}/ballots/", {"choices": {str(option): "yes"}}, format="json")
    second = deputy.post(f"/api/meetings/polls/{poll.pk}/ballots/", {"choices": {str(option): "no"}}, format="json")
    # then the second answers 409 already_voted and one vote is recorded
    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json() == {"code": "already_voted", "detail": "您已投票，不能重复投票"}
    assert VoteCast.objects.filter(poll=poll).count() == 1


def test_api_full_cycle_show_of_hands_results_and_public_page():
    # given a show-of-hands poll
    staff, _meeting, _people, poll = _setup(method=Poll.Method.SHOW_OF_HANDS)
    # when staff open it, enter 40/2/4, close it, then publish it over the API
    api = _api(staff)
    assert api.post(f"/api/meetings/polls/{poll.pk}/open/").status_code == 200
    assert api.post(f"/api/meetings/polls/{poll.pk}/counts/", {"yes": 40, "no": 2, "abstain": 4}).status_code == 200
    closed = api.post(f"/api/meetings/polls/{poll.pk}/close/").json()
    # then it passed against all 50 members, the files carry the counts, and it is public only once published
    assert closed["passed"] is True
    assert closed["options"][0]["result_text"] == "赞成 40 票，超过全体主席团成员 50 人的半数，通过"
    # results files
    csv_text = api.get(f"/api/meetings/polls/{poll.pk}/results-csv/").content.decode("utf-8-sig")
    assert "关于计划的决议（草案）,40,2,4,通过" in csv_text
    wb = load_workbook(io.BytesIO(api.get(f"/api/meetings/polls/{poll.pk}/results-xlsx/").content))
    assert [c.value for c in wb["表决结果"][4]][:6] == [1, "关于计划的决议（草案）", 40, 2, 4, "通过"]
    # not public before publishing
    anon = APIClient()
    assert anon.get("/api/meetings/public-results/").json()["count"] == 0
    api.post(f"/api/meetings/polls/{poll.pk}/publish/")
    assert anon.get("/api/meetings/public-results/").json()["results"][0]["passed"] is True
    page = Client().get("/meetings/results/")
    assert "赞成 40 票，反对 2 票，弃权 4 票" in page.content.decode()


def test_named_vote_xlsx_has_roll_call_and_secret_has_none():
    # given a closed electronic vote with one ballot
    staff, _meeting, people, poll = _setup()
    services.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    services.ballot_cast(poll=poll, voter=people[0], choices={option: "yes"}, actor=mf.deputy_login(people[0]))
    services.poll_close(poll=poll, actor=staff)
    # when staff download the workbook and the roll call
    wb = load_workbook(io.BytesIO(_api(staff).get(f"/api/meetings/polls/{poll.pk}/results-xlsx/").content))
    # then both name the voter and his choice
    assert [c.value for c in wb["记名表决"][2]][:2] == [people[0].code, people[0].name]
    rc = _api(staff).get(f"/api/meetings/polls/{poll.pk}/roll-call/").json()
    assert rc == [
        {"deputy_code": people[0].code, "deputy": people[0].name, "choices": {"关于计划的决议（草案）": "yes"}}
    ]


def test_minutes_docx_and_pdf_show_attendance_and_outcomes():
    from docx import Document

    # given a meeting with 46 present, one on leave, and a vote closed with 30 赞成
    staff, meeting, people, poll = _setup(present=46)
    services.attendance_mark_leave(meeting=meeting, deputy=mf.members(meeting)[49], reason="因病", actor=staff)
    services.poll_open(poll=poll, actor=staff)
    option = poll.options.get().pk
    for d in people[:30]:
        services.ballot_cast(poll=poll, voter=d, choices={option: "yes"}, actor=mf.deputy_login(d))
    services.poll_close(poll=poll, actor=staff)
    # when staff download the minutes as Word and PDF
    c = Client()
    c.force_login(staff)
    doc = Document(io.BytesIO(c.get(f"/meetings/{meeting.pk}/minutes.docx").content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells
    )
    # then they state attendance, the leave with its reason, and the outcome
    assert "应到 50 人，实到 46 人，请假 1 人，符合法定人数" in text
    assert "请假" in text and "因病" in text
    assert "赞成 30 票，超过全体主席团成员 50 人的半数，通过" in text
    pdf = c.get(f"/meetings/{meeting.pk}/minutes.pdf").content
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    api_pdf = _api(staff).get(f"/api/meetings/meetings/{meeting.pk}/minutes-pdf/")
    assert api_pdf.status_code == 200 and api_pdf.content.startswith(b"%PDF")


def test_meeting_page_quorum_and_query_count(django_assert_max_num_queries):
    # given 46 of 50 present
    staff, meeting, _people, _poll = _setup(present=46)
    # when staff open the meeting page
    c = Client()
    c.force_login(staff)
    with django_assert_max_num_queries(20):
        r = c.get(f"/meetings/{meeting.pk}/")
    # then it shows the quorum and the 50-member roster in at most 20 queries
    html = r.content.decode()
    assert "应到 50 人，实到 46 人，请假 0 人，符合法定人数（至少 26 人）" in html
    assert html.count('data-testid="roster-') == 50


def test_page_open_without_quorum_shows_the_chinese_message():
    # given 20 of 50 present
    staff, _meeting, _people, poll = _setup(present=20)
    # when staff open the vote on the page
    c = Client()
    c.force_login(staff)
    r = c.post(f"/meetings/polls/{poll.pk}/do/open/", follow=True)
    # then the page explains the missing quorum in Chinese
    assert "出席 20 人，不足法定人数（应到 50 人的过半数，至少 26 人），不能开始表决" in r.content.decode()


def test_deputy_votes_on_the_phone_page_and_screen_updates():
    # given an open electronic vote
    staff, _meeting, people, poll = _setup()
    services.poll_open(poll=poll, actor=staff)
    # when a present member votes on the ballot page
    c = Client()
    c.force_login(mf.deputy_login(people[0]))
    option = poll.options.get().pk
    r = c.post(f"/meetings/polls/{poll.pk}/vote/", {f"option-{option}": "no"}, follow=True)
    # then he is thanked and the presiding screen counts 1 vote
    assert "您已投票" in r.content.decode()
    s = Client()
    s.force_login(staff)
    tally = s.get(f"/meetings/polls/{poll.pk}/screen/tally/").content.decode()
    assert 'data-testid="votes-cast">1<' in tally


def test_deputy_cannot_see_a_meeting_they_do_not_sit_in():
    # given a meeting and a deputy not on its roster
    _staff, meeting, _people, _poll = _setup(size=5, present=5)
    outsider = mf.deputy_login(mf.f.DeputyFactory())
    # when he opens it on the page and over the API
    c = Client()
    c.force_login(outsider)
    # then both answer 404
    assert c.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert _api(outsider).get(f"/api/meetings/meetings/{meeting.pk}/").status_code == 404


def test_home_panels_show_open_votes_and_todays_meetings():
    # given an open vote
    staff, _meeting, people, poll = _setup()
    services.poll_open(poll=poll, actor=staff)
    # when a present member opens his home page
    c = Client()
    c.force_login(mf.deputy_login(people[0]))
    # then the vote is listed
    assert "关于计划的决议（草案）" in c.get("/home/").content.decode()


def test_openapi_schema_lists_meetings_and_livelihood_actions():
    # given staff
    staff = mf.staff()
    # when they read the OpenAPI schema
    r = _api(staff).get("/api/schema/")
    body = r.content.decode()
    # then the meetings and livelihood actions are listed
    for path in (
        "/api/meetings/polls/{id}/open/",
        "/api/meetings/polls/{id}/ballots/",
        "/api/meetings/meetings/{id}/check-in/",
        "/api/livelihood/programmes/{id}/tally/",
        "/api/livelihood/projects/{id}/supervision/",
    ):
        assert path in body


def test_staff_home_shows_todays_meetings_and_list_page_query_count(django_assert_max_num_queries):
    from django.utils import timezone

    # given a meeting today and five others
    staff = mf.staff()
    body = mf.body_with_members(size=5)
    today = services.meeting_create(
        kind=Meeting.Kind.PRESIDIUM,
        term=body.term,
        body=body,
        number=9,
        title="今天的主席团会议",
        starts_at=timezone.now(),
        actor=staff,
    )
    for n in range(10, 15):
        mf.meeting_of(body, actor=staff, number=n, start=False)
    # when staff open their home page and the meeting list
    c = Client()
    c.force_login(staff)
    home = c.get("/home/").content.decode()
    # then today's meeting is on the home page, and the list takes at most 8 queries
    assert "今日会议" in home and today.title in home
    with django_assert_max_num_queries(8):
        page = c.get("/meetings/").content.decode()
    assert page.count('href="/meetings/') >= 6


def test_quorum_fragment_is_live(django_assert_max_num_queries):
    # given 25 of 50 present (no quorum)
    staff, meeting, _people, _poll = _setup(present=25)
    c = Client()
    c.force_login(staff)
    # then the fragment says so; when one more member checks in, it shows the quorum met in at most 8 queries
    assert "不足法定人数" in c.get(f"/meetings/{meeting.pk}/quorum/").content.decode()
    services.attendance_check_in(meeting=meeting, deputy=mf.members(meeting)[30], actor=staff)
    with django_assert_max_num_queries(8):
        html = c.get(f"/meetings/{meeting.pk}/quorum/").content.decode()
    assert "实到 26 人" in html and "符合法定人数" in html


def test_meeting_page_shows_staff_the_trail_with_chinese_labels_and_hides_it_from_members():
    # given a meeting where a member was recorded on leave with a reason
    staff, meeting, people, _poll = _setup(present=30)
    services.attendance_mark_leave(meeting=meeting, deputy=mf.members(meeting)[49], reason="因病", actor=staff)
    # when staff and a member open the meeting page
    staff_html = mf.client(staff).get(f"/meetings/{meeting.pk}/").content.decode()
    member_html = mf.client(mf.deputy_login(people[0])).get(f"/meetings/{meeting.pk}/").content.decode()
    # then staff see the record with labels (not codes) and the reason; the member sees no record
    trail = staff_html.split('data-testid="trail"')[1]
    assert "宣布开会" in trail and "请假" in trail and "因病" in trail and "增加议程" in trail
    assert "agenda_add" not in trail and ">start<" not in trail
    assert 'data-testid="trail"' not in member_html
