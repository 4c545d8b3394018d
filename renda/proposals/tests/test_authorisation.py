"""Authorise before validating: a refused actor gets 404 before any form or version check."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from renda.proposals.models import ProposalEvent
from renda.proposals.tests.factories import assigned, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_api_other_units_reply_post_is_404_before_validation():
    # given an assignment of unit 0
    w = world()
    _, lead = assigned(w)
    # when unit 2 posts an empty reply to it
    r = client_for(w.unit_users[2]).post(
        f"/api/proposals/assignments/{lead.pk}/reply/", {}, content_type="application/json"
    )
    # then 404, no field errors
    assert r.status_code == 404
    assert "text" not in r.content.decode()


def test_api_deputy_posting_unit_action_on_visible_assignment_is_404():
    # given the lead deputy who can see their assignment
    w = world()
    _, lead = assigned(w)
    before = ProposalEvent.objects.count()
    # when the deputy tries to reply as if a unit
    r = client_for(w.deputy_users[0]).post(
        f"/api/proposals/assignments/{lead.pk}/reply/", {}, content_type="application/json"
    )
    # then 404 and nothing written
    assert r.status_code == 404
    assert ProposalEvent.objects.count() == before


def test_page_deputy_receive_with_stale_version_is_404_not_concurrency_message():
    # given an assignment visible to its lead deputy
    w = world()
    _, lead = assigned(w)
    before = ProposalEvent.objects.count()
    # when the deputy posts "receive" with a wrong version
    r = client_for(w.deputy_users[0]).post(
        reverse("proposals:assignment-act", args=[lead.pk, "receive"]), {"version": 999}
    )
    # then 404 (not "该记录已被他人修改") and nothing is written
    assert r.status_code == 404
    assert ProposalEvent.objects.count() == before


def test_page_unit_receives_its_own_assignment():
    # given an assignment of unit 0
    w = world()
    _, lead = assigned(w)
    # when unit 0 receives it on the page
    r = client_for(w.unit_users[0]).post(reverse("proposals:assignment-act", args=[lead.pk, "receive"]))
    # then it is received
    lead.refresh_from_db()
    assert r.status_code == 302 and lead.status == "received"
