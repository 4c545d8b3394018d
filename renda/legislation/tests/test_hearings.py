"""立法论证会、协商会 (G19): staff register a hearing with its participants; the work report counts the
meetings, their participants in 人次 and the distinct deputies; refused input changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.legislation import hearings
from renda.legislation.models import Hearing
from renda.legislation.tests import factories as lf
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _record(w: lf.World, **kw):  # type: ignore[no-untyped-def]
    args = {
        "congress": w.draft.congress,
        "kind": Hearing.Kind.ARGUMENT,
        "title": "流域补偿立法论证会",
        "held_on": date(2025, 5, 8),
        "actor": w.staff,
        **kw,
    }
    return hearings.hearing_record(**args)


def test_g19_staff_record_hearings_and_the_report_counts_person_times_and_distinct_deputies():
    # given a congress with three deputies
    w = lf.world()
    term = w.body.term
    a, b, c = (f.DeputyFactory(term=term) for _ in range(3))
    # when two hearings are held in the year (a at both) and one the year after
    _record(w, deputies=[a, b], other_participants=5, draft=w.draft)
    _record(w, title="政协委员协商座谈会", kind=Hearing.Kind.CONSULTATION, deputies=[a], other_participants=3)
    _record(w, title="次年论证会", held_on=date(2026, 1, 5), deputies=[c], other_participants=9)
    # then the year has 2 meetings, 2 + 5 + 1 + 3 = 11 人次 and 2 distinct deputies
    span = {"congress_id": w.draft.congress_id, "start": YEAR[0], "end": YEAR[1]}
    held = hearings.hearings_in(**span)
    assert held.count() == 2
    assert hearings.participants(held) == 11
    assert list(hearings.deputies_in(**span)) == sorted([a, b], key=lambda d: d.code)


def test_g19_a_deputy_cannot_record_a_hearing_and_nothing_is_written():
    # given a deputy's login
    w = lf.world()
    deputy = f.DeputyFactory(term=w.body.term)
    user = f.UserFactory(role=User.Role.DEPUTY, congress=w.draft.congress, deputy=deputy)
    # when / then
    with pytest.raises(PermissionDeniedError):
        _record(w, actor=user, deputies=[deputy])
    assert not Hearing.objects.exists()


def test_g19_boundaries_today_allowed_tomorrow_another_congress_and_nobody_refused():
    w = lf.world()
    mine = f.DeputyFactory(term=w.body.term)
    other = f.DeputyFactory(
        term=f.TermFactory(congress=f.CongressFactory(region_code="990200", name="另一市人民代表大会"))
    )
    today = timezone.localdate()
    assert _record(w, held_on=today, deputies=[mine]).held_on == today  # boundary: today is allowed
    for kw, code in (
        ({"held_on": today + timedelta(days=1), "deputies": [mine]}, "future"),
        ({"deputies": [other]}, "wrong_deputy"),
        ({"deputies": [], "other_participants": 0}, "no_participants"),
        ({"deputies": [mine], "other_participants": -1}, "invalid_count"),
        ({"deputies": [mine], "title": "  "}, "required"),
    ):
        with pytest.raises(RuleViolation) as exc:
            _record(w, **kw)
        assert exc.value.code == code
    assert Hearing.objects.count() == 1


def test_g19_staff_page_records_a_hearing_with_the_picker_and_bad_input_is_a_chinese_error():
    # given staff and a deputy of their congress
    w = lf.world()
    deputy = f.DeputyFactory(term=w.body.term)
    c = Client()
    c.force_login(w.staff)
    # when staff open the register from the menu and fill in the form
    home = c.get("/", follow=True).content.decode()
    assert reverse("legislation:hearings") in home
    page = c.get(reverse("legislation:hearing-new")).content.decode()
    assert "data-picker" in page
    r = c.post(
        reverse("legislation:hearing-new"),
        {"kind": "argument", "title": "论证会", "held_on": "2025-05-08", "deputies": [deputy.pk],
         "other_participants": "4"},
    )  # fmt: skip
    # then it is listed
    assert r.status_code == 302
    listing = c.get(reverse("legislation:hearings")).content.decode()
    assert "论证会" in listing
    # bad input: a clear error, nothing more written
    bad = c.post(
        reverse("legislation:hearing-new"),
        {"kind": "argument", "title": "x", "held_on": "2025-05-08", "deputies": ["999999"], "other_participants": "a"},
    )
    assert bad.status_code == 200 and "请输入整数人数" in bad.content.decode()
    assert Hearing.objects.count() == 1


def test_g19_a_deputy_cannot_open_the_hearing_pages():
    w = lf.world()
    user = f.UserFactory(role=User.Role.DEPUTY, congress=w.draft.congress, deputy=f.DeputyFactory(term=w.body.term))
    c = Client()
    c.force_login(user)
    assert c.get(reverse("legislation:hearings")).status_code == 403
    assert c.post(reverse("legislation:hearing-new"), {"title": "x"}).status_code == 403
    assert not Hearing.objects.exists()
