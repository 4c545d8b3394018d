"""One form and one thin view per action of the proposal page (same URLs as before)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from renda.proposals.models import ProposalEvent, Reply
from renda.proposals.tests.factories import received, registered, world
from renda.proposals.workflow import Status

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_unknown_proposal_action_is_404():
    # given a registered suggestion
    w = world()
    p = registered(w)
    # when staff post an action that does not exist / then 404
    assert client_for(w.staff).post(reverse("proposals:act", args=[p.pk, "teleport"])).status_code == 404


def test_register_action_view_refuses_a_second_registration():
    # given a registered suggestion
    w = world()
    p = registered(w)
    p.refresh_from_db()
    # when staff post register again with the version they saw
    resp = client_for(w.staff).post(reverse("proposals:act", args=[p.pk, "register"]), {"version": p.version})
    # then back to the page with the refusal, number and status unchanged
    assert resp.status_code == 302
    number = p.number
    p.refresh_from_db()
    assert (p.status, p.number) == (Status.REGISTERED, number)
    assert "不能变更为" in " ".join(str(m) for m in get_messages(resp.wsgi_request))


def test_incomplete_reply_form_names_the_missing_fields_and_writes_nothing():
    # given a received, consulted assignment
    w = world()
    p, a = received(w)
    before = ProposalEvent.objects.count()
    # when the unit posts a reply without text, signer or document
    c = client_for(w.unit_users[0])
    resp = c.post(reverse("proposals:assignment-act", args=[a.pk, "reply"]), {"reply_class": "A", "version": a.version})
    # then back to the page with a message naming the fields, nothing written
    assert resp.status_code == 302 and resp.url == reverse("proposals:detail", args=[p.pk])
    text = " ".join(str(m) for m in get_messages(resp.wsgi_request))
    assert "答复内容" in text and "签发人" in text
    assert not Reply.objects.exists() and ProposalEvent.objects.count() == before
