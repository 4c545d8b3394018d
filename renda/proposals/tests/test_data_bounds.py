"""Issue 12 item 8 in the proposals app: a free-text ``topic`` longer than its column (or not a
category at all) was stored by SQLite through the API. The API and the service refuse it; the
database refuses it on both engines."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from rest_framework.test import APIClient

from renda.core.exceptions import ApplicationError
from renda.proposals import services
from renda.proposals.models import Proposal
from renda.proposals.tests.factories import BODY, world

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.mark.parametrize("topic", ["交通" * 15, "不存在的分类"])
def test_api_refuses_a_topic_that_is_not_a_category(topic):
    # given staff entering a suggestion for a deputy over the API
    w = world()
    data = {"title": "关于加强校园安全的建议", "body": BODY, "topic": topic, "lead_deputy": w.deputies[0].pk}
    # when the topic is 30 characters of free text, or an unknown category
    r = _api(w.staff).post("/api/proposals/proposals/", data, format="json")
    # then 400 with a code, and nothing is stored
    assert r.status_code == 400 and r.json()["code"] == "invalid"
    assert not Proposal.objects.exists()


def test_service_refuses_an_unknown_topic_and_institution():
    w = world()
    for extra in ({"topic": "不存在的分类"}, {"institution": "nonsense"}):
        with pytest.raises(ApplicationError) as err:
            services.proposal_create(
                actor=w.staff, title="关于加强校园安全的建议", body=BODY, lead_deputy=w.deputies[0], **extra
            )
        assert err.value.code == "invalid_choice"
    assert not Proposal.objects.exists()


def test_database_refuses_a_topic_that_is_not_a_category_or_too_long():
    w = world()
    p = services.proposal_create(actor=w.staff, title="关于加强校园安全的建议", body=BODY, lead_deputy=w.deputies[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=p.pk).update(topic="不存在的分类")
    # longer than varchar(20): PostgreSQL's column refuses it first (DataError), SQLite the CHECK
    with pytest.raises(DatabaseError), transaction.atomic():
        Proposal.objects.filter(pk=p.pk).update(topic="交通" * 15)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=p.pk).update(kind="nonsense")
    assert Proposal.objects.get(pk=p.pk).topic == ""
