"""Issue 12 item 8 in the meetings app: agenda items and meetings hold only what both databases accept.

SQLite stored invalid agenda-item kinds, co-signer counts beyond any congress (and PostgreSQL's
integer), titles longer than their column and meetings dated 1900; PostgreSQL refused them, so a
SQLite deployment could not be moved. Now the page, the API and the service refuse them in Chinese /
with a code, and a CHECK constraint refuses them on both engines for any other path.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from renda.core.exceptions import ApplicationError
from renda.meetings import services
from renda.meetings.models import CO_SIGNERS_MAX, AgendaItem, Meeting
from renda.meetings.tests import factories as mf

pytestmark = pytest.mark.django_db


def _item(meeting: Meeting) -> AgendaItem:
    return AgendaItem.objects.create(meeting=meeting, order=99, title="议题")


def _refused(qs, *, errors: tuple[type[Exception], ...] = (IntegrityError,), **values) -> None:
    """An ORM write that bypasses forms, serializers and services is refused by the database."""
    with pytest.raises(errors), transaction.atomic():
        qs.update(**values)


def test_database_refuses_an_unknown_agenda_item_kind():
    _staff, meeting = mf.sc_meeting()
    item = _item(meeting)
    _refused(AgendaItem.objects.filter(pk=item.pk), kind="nonsense")
    assert AgendaItem.objects.get(pk=item.pk).kind == AgendaItem.Kind.RESOLUTION


def test_database_refuses_co_signers_over_the_bound():
    _staff, meeting = mf.sc_meeting()
    item = _item(meeting)
    _refused(AgendaItem.objects.filter(pk=item.pk), co_signers=CO_SIGNERS_MAX + 1)
    # a count beyond PostgreSQL's integer: SQLite's CHECK refuses it, PostgreSQL's column type (DataError)
    _refused(AgendaItem.objects.filter(pk=item.pk), co_signers=10**12, errors=(DatabaseError,))
    assert AgendaItem.objects.get(pk=item.pk).co_signers == 0


def test_database_refuses_an_agenda_title_longer_than_its_column():
    _staff, meeting = mf.sc_meeting()
    item = _item(meeting)
    # SQLite: the CHECK constraint (IntegrityError); PostgreSQL: varchar(200) itself (DataError)
    _refused(AgendaItem.objects.filter(pk=item.pk), title="长" * 201, errors=(DatabaseError,))


def test_database_refuses_a_meeting_dated_1900():
    _staff, meeting = mf.sc_meeting()
    _refused(Meeting.objects.filter(pk=meeting.pk), starts_at=datetime(1900, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    "post, message",
    [
        ({"kind": "nonsense"}, "议程类别“nonsense”不存在"),
        ({"co_signers": "651"}, "联名人数须为 0–650 之间的整数"),
        ({"co_signers": "１２"}, "联名人数须为 0–650 之间的整数"),  # full-width digits
        ({"co_signers": "٥"}, "联名人数须为 0–650 之间的整数"),  # Arabic-Indic digit
        ({"co_signers": "²"}, "联名人数须为 0–650 之间的整数"),  # isdigit() but not a number: was a 500
        ({"title": "长" * 201}, "议题不能超过200个字"),
    ],
)
def test_page_refuses_bad_agenda_items_in_chinese_and_writes_nothing(post, message):
    # given a Standing Committee meeting page
    staff, meeting = mf.sc_meeting()
    data = {"title": "议案", "kind": "resolution", "proposer": "", "co_signers": "0", **post}
    # when staff add the item
    r = mf.client(staff).post(f"/meetings/{meeting.pk}/do/add_item/", data, follow=True)
    # then the page says why and nothing is stored
    assert r.status_code == 200 and message in r.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_api_refuses_co_signers_over_the_bound():
    staff, meeting = mf.sc_meeting()
    r = mf.api(staff).post(
        f"/api/meetings/meetings/{meeting.pk}/items/",
        {"title": "议案", "kind": "bill", "proposer": "members", "co_signers": CO_SIGNERS_MAX + 1},
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "invalid"
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_service_refuses_an_unknown_kind_and_a_meeting_dated_1900():
    staff, meeting = mf.sc_meeting()
    with pytest.raises(ApplicationError) as err:
        services.agenda_item_add(meeting=meeting, title="议题", kind="nonsense", actor=staff)
    assert err.value.code == "invalid_choice"
    with pytest.raises(ApplicationError) as err:
        services.meeting_create(
            kind=meeting.kind,
            term=meeting.term,
            body=meeting.body,
            number=9,
            title="常委会第九次会议",
            starts_at=datetime(1900, 1, 1, tzinfo=UTC),
            actor=staff,
        )
    assert err.value.code == "invalid_date"
    assert not Meeting.objects.filter(number=9).exists()
