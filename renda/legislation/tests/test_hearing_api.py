"""G19: the read-only API of the hearings register mirrors the page — staff of the congress list its hearings
and open one with its deputies; other roles are refused (403) and another congress's hearing is 404."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from renda.legislation import hearings
from renda.legislation.models import Hearing
from renda.legislation.tests import factories as lf
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def _client(user: User) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_g19_staff_list_and_open_hearings_with_the_reports_person_times():
    # given a hearing with two city deputies and five others
    w = lf.world()
    a, b = (f.DeputyFactory(term=w.body.term) for _ in range(2))
    h = hearings.hearing_record(
        congress=w.draft.congress, kind=Hearing.Kind.ARGUMENT, title="流域补偿立法论证会", held_on=date(2025, 5, 8),
        deputies=[a, b], other_participants=5, draft=w.draft, actor=w.staff,
    )  # fmt: skip
    # when staff list and open it
    rows = _client(w.staff).get("/api/legislation/hearings/").json()
    one = _client(w.staff).get(f"/api/legislation/hearings/{h.pk}/").json()
    # then the list and the detail carry the counts the work report sums (2 + 5 人次)
    assert [(r["title"], r["deputy_count"], r["participants"], r["draft_title"]) for r in rows] == [
        ("流域补偿立法论证会", 2, 7, w.draft.title)
    ]
    assert sorted(d["id"] for d in one["deputies"]) == sorted([a.pk, b.pk])


def test_g19_a_deputy_is_refused_and_another_congress_hearing_is_not_found():
    # given a hearing of one congress, a deputy of it and staff of another congress
    w = lf.world()
    d = f.DeputyFactory(term=w.body.term)
    h = hearings.hearing_record(
        congress=w.draft.congress, kind=Hearing.Kind.ARGUMENT, title="论证会", held_on=date(2025, 5, 8),
        deputies=[d], actor=w.staff,
    )  # fmt: skip
    deputy = f.UserFactory(role=User.Role.DEPUTY, congress=w.draft.congress, deputy=d)
    other = f.UserFactory(role=User.Role.STAFF, congress=f.CongressFactory(region_code="990300", name="另一市人大"))
    # when / then: the deputy gets 403 on both routes, the other staff an empty list and 404, a bad id 404
    assert _client(deputy).get("/api/legislation/hearings/").json()["code"] == "permission_denied"
    assert _client(deputy).get(f"/api/legislation/hearings/{h.pk}/").status_code == 403
    assert _client(other).get("/api/legislation/hearings/").json() == []
    assert _client(other).get(f"/api/legislation/hearings/{h.pk}/").status_code == 404
    assert _client(w.staff).get("/api/legislation/hearings/abc/").status_code == 404
