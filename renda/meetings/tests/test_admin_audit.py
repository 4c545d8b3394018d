"""Audit of the meetings records in the admin and the API: a poll's definition is fixed once it opens,
a closed session's bill cutoff is fixed, other admin edits keep their history with the actor, and
event rows cannot be edited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from renda.meetings import services
from renda.meetings.models import AgendaItem, Meeting, MeetingEvent, Poll, PollEvent, PollOption
from renda.meetings.tests import factories as mf
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def _admin() -> Client:
    c = Client()
    root: Any = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    c.force_login(root)
    return c


def _poll(*, open_it: bool):
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    mf.check_in(meeting, 3, actor=staff)
    item = services.agenda_item_add(
        meeting=meeting, title="关于计划的决议（草案）", kind=AgendaItem.Kind.RESOLUTION, actor=staff
    )
    poll = services.poll_create(item=item, method=Poll.Method.ELECTRONIC, actor=staff)
    if open_it:
        poll = services.poll_open(poll=poll, actor=staff)
    return staff, poll


def _poll_form(poll: Poll, **changes) -> dict[str, str]:
    option = poll.options.get()
    data = {
        "item": str(poll.item_id),
        "title": poll.title,
        "kind": poll.kind,
        "method": poll.method,
        "ballot_form": poll.ballot_form,
        "max_choices": "",
        "threshold": poll.threshold,
        "revote_of": "",
        "options-TOTAL_FORMS": "1",
        "options-INITIAL_FORMS": "1",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "1000",
        "options-0-id": str(option.pk),
        "options-0-poll": str(poll.pk),
        "options-0-order": "1",
        "options-0-label": option.label,
    }
    data.update(changes)
    return data


def test_admin_cannot_change_an_opened_polls_title_threshold_or_options():
    # given an open poll
    _staff, poll = _poll(open_it=True)
    c = _admin()
    # when a superuser opens its admin page and posts a new title, threshold and option label
    page = c.get(f"/admin/meetings/poll/{poll.pk}/change/").content.decode()
    c.post(
        f"/admin/meetings/poll/{poll.pk}/change/",
        _poll_form(poll, title="篡改后的标题", threshold="two_thirds_of_all", **{"options-0-label": "篡改"}),
    )
    # then the form has no inputs for them, and nothing changed
    assert 'name="title"' not in page and 'name="threshold"' not in page and 'name="options-0-label"' not in page
    poll.refresh_from_db()
    assert poll.title == "关于计划的决议（草案）" and poll.threshold == "majority_of_all"
    assert PollOption.objects.get(poll=poll).label == "关于计划的决议（草案）"


def test_admin_may_correct_a_poll_before_it_opens_and_the_change_keeps_history_with_the_actor():
    # given a poll not yet opened
    _staff, poll = _poll(open_it=False)
    c = _admin()
    # when a superuser corrects its title
    r = c.post(f"/admin/meetings/poll/{poll.pk}/change/", _poll_form(poll, title="关于计划的决议（修改稿）"))
    # then it is saved, and the history records who changed it
    assert r.status_code == 302
    poll.refresh_from_db()
    assert poll.title == "关于计划的决议（修改稿）"
    last = poll.history.first()
    assert last.title == "关于计划的决议（修改稿）" and last.history_user.username == "root"


def test_admin_cannot_delete_a_poll_that_has_opened():
    # given an open poll
    _staff, poll = _poll(open_it=True)
    # when a superuser tries to delete it
    r = _admin().post(f"/admin/meetings/poll/{poll.pk}/delete/", {"post": "yes"})
    # then refused, and the poll is still there
    assert r.status_code == 403
    assert Poll.objects.filter(pk=poll.pk).exists()


def test_api_has_no_way_to_change_a_poll_or_a_meeting():
    # given a published poll
    staff, poll = _poll(open_it=True)
    poll = services.poll_publish(poll=services.poll_close(poll=poll, actor=staff), actor=staff)
    api = APIClient()
    api.force_authenticate(staff)
    # when staff PATCH or PUT its title and threshold, or the meeting
    patch = api.patch(
        f"/api/meetings/polls/{poll.pk}/", {"title": "x", "threshold": "two_thirds_of_all"}, format="json"
    )
    put = api.put(f"/api/meetings/polls/{poll.pk}/", {"title": "x"}, format="json")
    meeting = api.patch(f"/api/meetings/meetings/{poll.item.meeting_id}/", {"title": "x"}, format="json")
    # then 405, with the error shape, and nothing changed
    assert (patch.status_code, put.status_code, meeting.status_code) == (405, 405, 405)
    assert set(patch.json()) >= {"code", "detail"}
    poll.refresh_from_db()
    assert poll.title == "关于计划的决议（草案）" and poll.threshold == "majority_of_all"


def test_admin_cannot_change_a_closed_sessions_bill_cutoff():
    # given a session that closed (closing date in the past)
    session = f.SessionFactory()
    assert session.closing_date < timezone.localdate()
    cutoff = session.submission_cutoff
    c = _admin()
    # when a superuser opens it and posts a later cutoff
    page = c.get(f"/admin/organization/session/{session.pk}/change/").content.decode()
    c.post(
        f"/admin/organization/session/{session.pk}/change/",
        {
            "term": str(session.term_id),
            "ordinal": str(session.ordinal),
            "opening_date": "2026-03-18",
            "closing_date": "2099-03-23",
            "submission_cutoff_0": "2099-03-22",
            "submission_cutoff_1": "12:00:00",
        },
    )
    # then the cutoff and dates are not inputs, and nothing changed
    assert 'name="submission_cutoff_0"' not in page and 'name="closing_date"' not in page
    session.refresh_from_db()
    assert session.submission_cutoff == cutoff and session.closing_date.year == 2026


def test_admin_may_change_the_cutoff_of_a_session_not_yet_closed():
    # given a session closing in the future
    today = timezone.localdate()
    session = f.SessionFactory(opening_date=today, closing_date=today + timedelta(days=5))
    # when a superuser opens its admin page
    page = _admin().get(f"/admin/organization/session/{session.pk}/change/").content.decode()
    # then the cutoff is editable
    assert 'name="submission_cutoff_0"' in page


def test_admin_edit_of_a_meeting_and_an_agenda_item_keeps_history_with_the_actor():
    # given a meeting with an agenda item
    staff = mf.staff()
    meeting = mf.meeting_of(mf.body_with_members(size=4), actor=staff)
    item = services.agenda_item_add(meeting=meeting, title="议题一", actor=staff)
    c = _admin()
    # when a superuser changes the meeting's location and the item's title in the admin
    page = c.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        {
            "congress": meeting.congress_id,
            "term": meeting.term_id,
            "session": meeting.session_id,
            "body": meeting.body_id,
            "starts_at_0": "2026-03-21",
            "starts_at_1": "09:00:00",
            "location": "第二会议室",
        }
    )
    data.pop("starts_at", None)
    r = c.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    r = c.post(
        f"/admin/meetings/agendaitem/{item.pk}/change/",
        {
            "meeting": meeting.pk,
            "order": 1,
            "title": "议题一（修改）",
            "kind": item.kind,
            "threshold": item.threshold,
            "proposer": "",
            "co_signers": 0,
            "content_type": "",
            "object_id": "",
        },
    )
    assert r.status_code == 302
    # then both changes are in their history with the superuser as actor
    assert Meeting.history.filter(id=meeting.pk, location="第二会议室").get().history_user.username == "root"
    assert AgendaItem.history.filter(id=item.pk, title="议题一（修改）").get().history_user.username == "root"


@pytest.mark.parametrize("model", [MeetingEvent, PollEvent])
def test_admin_event_rows_are_view_only(model):
    # given an event row of each trail
    _poll(open_it=True)
    event = model.objects.first()
    c = _admin()
    name = model._meta.model_name
    # when a superuser tries to change or delete it
    change = c.post(f"/admin/meetings/{name}/{event.pk}/change/", {"note": "篡改"})
    delete = c.post(f"/admin/meetings/{name}/{event.pk}/delete/", {"post": "yes"})
    # then both are refused and the row is unchanged
    assert change.status_code == 403 and delete.status_code == 403
    assert model.objects.get(pk=event.pk).note == event.note


def test_admin_cannot_change_an_agenda_items_threshold_once_its_poll_opened():
    # given an agenda item whose poll is open
    _staff, poll = _poll(open_it=True)
    item = poll.item
    c = _admin()
    # when a superuser opens the item's admin page
    page = c.get(f"/admin/meetings/agendaitem/{item.pk}/change/").content.decode()
    # then the threshold, kind and title are not inputs, and the item cannot be deleted
    assert 'name="threshold"' not in page and 'name="kind"' not in page and 'name="title"' not in page
    assert c.get(f"/admin/meetings/agendaitem/{item.pk}/delete/").status_code == 403


def test_meetings_polls_and_agenda_items_are_not_added_in_the_admin():
    # given a superuser
    c = _admin()
    # when they open the admin's add pages (an add bypassed the services: a 500 for a meeting, a poll
    # with no record on a closed meeting)
    pages = [c.get(f"/admin/meetings/{m}/add/").status_code for m in ("meeting", "poll", "agendaitem")]
    # then each is refused
    assert pages == [403, 403, 403]
