"""履职学习培训: staff record trainings with the deputies who attended; the deputy's activity record counts
each training attended, the metric ``deputies_trained`` each deputy once; refused input writes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.reports import metrics, training
from renda.reports.models import RecordKind, Training
from renda.reports.periods import year_period
from renda.reports.records import deputy_record

pytestmark = pytest.mark.django_db


def _world():  # type: ignore[no-untyped-def]
    term = f.TermFactory()
    staff = f.UserFactory(role=User.Role.STAFF, congress=term.congress)
    deputies = [f.DeputyFactory(term=term) for _ in range(3)]
    return term.congress, staff, deputies


def test_two_batches_count_each_deputy_once_in_the_metric_and_each_training_in_the_record():
    # given three deputies, two of them at both trainings of 2025 and one at a 2026 training
    congress, staff, (a, b, c) = _world()
    training.training_record(congress=congress, title="第1期", held_on=date(2025, 3, 1), deputies=[a, b], actor=staff)
    training.training_record(congress=congress, title="第2期", held_on=date(2025, 4, 1), deputies=[a, b], actor=staff)
    training.training_record(congress=congress, title="次年", held_on=date(2026, 1, 9), deputies=[c], actor=staff)
    # when the year 2025 is counted
    period = year_period(2025)
    # then 2 deputies were trained (not 4 人次), and a's record shows both trainings, c's none
    assert metrics.BY_ID["deputies_trained"].value(congress.pk, period) == 2
    assert deputy_record(deputy=a, period=period).count(RecordKind.TRAINING) == 2
    assert deputy_record(deputy=c, period=period).count(RecordKind.TRAINING) == 0


def test_a_deputy_cannot_record_a_training_and_boundaries_are_refused_without_writing():
    congress, staff, (a, _b, _c) = _world()
    deputy_user = f.UserFactory(role=User.Role.DEPUTY, congress=congress, deputy=a)
    with pytest.raises(PermissionDeniedError):
        training.training_record(
            congress=congress, title="x", held_on=date(2025, 3, 1), deputies=[a], actor=deputy_user
        )
    today = timezone.localdate()
    assert training.training_record(congress=congress, title="今天", held_on=today, deputies=[a], actor=staff)
    other = f.DeputyFactory(term=f.TermFactory(congress=f.CongressFactory(region_code="990300", name="另一市人大")))
    for kw, code in (
        ({"held_on": today + timedelta(days=1), "deputies": [a]}, "future"),
        ({"held_on": today, "deputies": []}, "no_deputies"),
        ({"held_on": today, "deputies": [other]}, "wrong_deputy"),
    ):
        with pytest.raises(RuleViolation) as exc:
            training.training_record(congress=congress, title="培训", actor=staff, **kw)
        assert exc.value.code == code
    assert Training.objects.count() == 1


def test_staff_record_a_training_on_its_page_from_the_menu_and_others_are_refused():
    congress, staff, (a, b, _c) = _world()
    c = Client()
    c.force_login(staff)
    assert reverse("reports:trainings") in c.get("/", follow=True).content.decode()
    assert "data-picker" in c.get(reverse("reports:training-new")).content.decode()
    r = c.post(
        reverse("reports:training-new"), {"title": "履职培训", "held_on": "2025-03-01", "deputies": [a.pk, b.pk]}
    )
    assert r.status_code == 302
    assert "履职培训" in c.get(reverse("reports:trainings")).content.decode()
    bad = c.post(reverse("reports:training-new"), {"title": "x", "held_on": "2025-03-01"})
    assert bad.status_code == 200 and "请选择参加培训的代表" in bad.content.decode()
    d = Client()
    d.force_login(f.UserFactory(role=User.Role.DEPUTY, congress=congress, deputy=a))
    assert d.get(reverse("reports:trainings")).status_code == 403
    assert d.post(reverse("reports:training-new"), {"title": "x"}).status_code == 403
    assert Training.objects.count() == 1
