"""The read-only API of the trainings register mirrors the page: staff list their congress's trainings and
open one with its deputies; other roles are refused (403), another congress's training is 404."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.reports import training

pytestmark = pytest.mark.django_db


def _client(user: User) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_staff_list_and_open_trainings_and_other_roles_are_refused():
    # given a training of two deputies
    term = f.TermFactory()
    staff = f.UserFactory(role=User.Role.STAFF, congress=term.congress)
    a, b = (f.DeputyFactory(term=term) for _ in range(2))
    t = training.training_record(
        congress=term.congress, title="第1期", held_on=date(2025, 3, 1), deputies=[a, b], actor=staff
    )
    deputy = f.UserFactory(role=User.Role.DEPUTY, congress=term.congress, deputy=a)
    other = f.UserFactory(role=User.Role.STAFF, congress=f.CongressFactory(region_code="990300", name="另一市人大"))
    # when staff list and open it
    rows = _client(staff).get("/api/reports/trainings/").json()
    one = _client(staff).get(f"/api/reports/trainings/{t.pk}/").json()
    # then
    assert [(r["title"], r["deputy_count"]) for r in rows] == [("第1期", 2)]
    assert sorted(d["id"] for d in one["deputies"]) == sorted([a.pk, b.pk])
    # and a deputy is refused, another congress's staff see nothing, a bad id is 404
    assert _client(deputy).get("/api/reports/trainings/").status_code == 403
    assert _client(deputy).get(f"/api/reports/trainings/{t.pk}/").json()["code"] == "permission_denied"
    assert _client(other).get("/api/reports/trainings/").json() == []
    assert _client(other).get(f"/api/reports/trainings/{t.pk}/").status_code == 404
    assert _client(staff).get("/api/reports/trainings/99999999/").status_code == 404
