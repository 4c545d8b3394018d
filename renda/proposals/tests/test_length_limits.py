"""Length limits of title and body (S1) in the service, the page and the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from renda.core.exceptions import RuleViolation
from renda.proposals import services
from renda.proposals.models import Proposal
from renda.proposals.tests.factories import BODY, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_S1_api_refuses_overlong_body_and_title():
    # given a deputy
    w = world()
    c = client_for(w.deputy_users[0])
    # when posting a 20,001-character body and a 201-character title
    long_body = c.post(
        "/api/proposals/proposals/",
        {"title": "关于超长内容的建议", "body": "很" * 20_001, "topic": "城乡建设"},
        content_type="application/json",
    )
    long_title = c.post(
        "/api/proposals/proposals/",
        {"title": "长" * 201, "body": BODY, "topic": "城乡建设"},
        content_type="application/json",
    )
    ok = c.post(
        "/api/proposals/proposals/",
        {"title": "关于正常内容的建议", "body": "很" * 20_000, "topic": "城乡建设"},
        content_type="application/json",
    )
    # then both are refused, the boundary case is accepted
    assert long_body.status_code == 400 and long_title.status_code == 400
    assert ok.status_code == 201
    assert list(Proposal.objects.values_list("title", flat=True)) == ["关于正常内容的建议"]


def test_S1_service_and_page_refuse_overlong_body():
    # given a deputy
    w = world()
    # when the service or the page gets a body over 20,000 characters
    with pytest.raises(RuleViolation, match="20000"):
        services.proposal_create(actor=w.deputy_users[0], title="关于超长的建议", body="很" * 20_001)
    r = client_for(w.deputy_users[0]).post(
        reverse("proposals:new"),
        {"kind": "suggestion", "title": "关于超长的建议", "body": "很" * 20_001, "topic": "城乡建设"},
    )
    # then nothing is created and the page shows the form again
    assert r.status_code == 200
    assert Proposal.objects.count() == 0
