"""Consultation records (S4): dates between the assignment and today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from renda.core.exceptions import RuleViolation
from renda.proposals import services
from renda.proposals.models import Consultation, ProposalEvent
from renda.proposals.tests.factories import received, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_S4_consultation_date_in_the_future_or_before_assignment_is_refused_and_writes_nothing():
    # given a received assignment (assigned 2026-04-10)
    w = world()
    _, a = received(w)
    before = (Consultation.objects.count(), ProposalEvent.objects.count())
    tomorrow = timezone.localdate() + timedelta(days=1)
    # when recording a consultation tomorrow, and one before the assignment date
    # then both are refused with a Chinese message and nothing is written
    with pytest.raises(RuleViolation, match="不能晚于今天"):
        services.consultation_record(
            assignment=a, actor=w.unit_users[0], method="phone", held_on=tomorrow, deputy_views="同意"
        )
    with pytest.raises(RuleViolation, match="不能早于交办日期"):
        services.consultation_record(
            assignment=a, actor=w.unit_users[0], method="phone", held_on=date(2026, 4, 9), deputy_views="同意"
        )
    assert (Consultation.objects.count(), ProposalEvent.objects.count()) == before


def test_S4_consultation_today_is_allowed_and_api_refuses_2099():
    # given a received assignment
    w = world()
    _, a = received(w)
    c = client_for(w.unit_users[0])
    # when the unit records 2099-01-01 through the API, then today
    future = c.post(
        f"/api/proposals/assignments/{a.pk}/consult/",
        {"method": "phone", "held_on": "2099-01-01", "deputy_views": "同意"},
        content_type="application/json",
    )
    today = c.post(
        f"/api/proposals/assignments/{a.pk}/consult/",
        {"method": "phone", "held_on": timezone.localdate().isoformat(), "deputy_views": "同意"},
        content_type="application/json",
    )
    # then the future date is a rule violation, today is recorded
    assert future.status_code == 422 and "不能晚于今天" in future.json()["detail"]
    assert today.status_code == 201
    assert not Consultation.objects.filter(held_on=date(2099, 1, 1)).exists()
