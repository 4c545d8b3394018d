"""Merged groups (并案, S10, S11): every member's deputy is told, sees the handling and rates."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core.models import Notification
from renda.proposals import services
from renda.proposals.models import Evaluation
from renda.proposals.tests.factories import at, merged_group, registered, world
from renda.proposals.workflow import Status

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_S10_every_member_deputy_is_told_of_the_assignment_with_a_link_to_his_own_suggestion(
    django_capture_on_commit_callbacks,
):
    # given two merged suggestions by different deputies
    w = world()
    primary = registered(w)
    member = registered(w, lead=2, title="关于增设自行车道的建议")
    services.proposals_merge(primary=primary, others=[member], actor=w.staff)
    # when staff assign the group
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_assign(proposal=primary, actor=w.staff, leads=[w.units[0]], at=at(2026, 4, 10))
    # then the member's deputy is told, with a link he can open
    n = Notification.objects.get(recipient=w.deputy_users[2], text__contains="已交办")
    assert n.link == reverse("proposals:detail", args=[member.pk])
    assert client_for(w.deputy_users[2]).get(n.link).status_code == 200


def test_S10_member_deputy_reply_notice_links_to_a_page_showing_unit_reply_and_rating_form(
    django_capture_on_commit_callbacks,
):
    # given a merged group whose reply is delivered today
    w = world()
    with django_capture_on_commit_callbacks(execute=True):
        _primary, member, _a, r = merged_group(w, reply_at=timezone.now())
    # when the member's deputy follows his reply notice
    n = Notification.objects.get(recipient=w.deputy_users[2], text__contains="已答复")
    page = client_for(w.deputy_users[2]).get(n.link)
    # then it is his own suggestion's page with the unit, the reply and the rating form
    assert n.link == reverse("proposals:detail", args=[member.pk])
    html = page.content.decode()
    assert page.status_code == 200
    assert w.units[0].name in html and r.text in html and 'data-testid="evaluate-form"' in html


def test_S10_member_deputy_can_rate_and_his_rating_counts_for_closing():
    # given a merged group replied today
    w = world()
    primary, member, _a, r = merged_group(w, reply_at=timezone.now())
    c = client_for(w.deputy_users[2])
    # when both deputies rate 满意 (the member's deputy through the page)
    services.evaluation_submit(reply=r, actor=w.deputy_users[0], attitude="satisfied", result="satisfied")
    resp = c.post(
        reverse("proposals:evaluate", args=[r.pk]),
        {"attitude": "satisfied", "result": "basically", "comment": "进度偏慢"},
    )
    # then his rating is recorded and the whole group closes
    assert resp.status_code == 302 and resp.url == reverse("proposals:detail", args=[member.pk])
    assert Evaluation.objects.filter(reply=r, deputy=w.deputies[2]).exists()
    primary.refresh_from_db()
    member.refresh_from_db()
    assert (primary.status, member.status) == (Status.CLOSED, Status.CLOSED)


def test_S10_member_deputy_can_rate_through_the_api():
    # given a merged group replied today
    w = world()
    _primary, _member, _a, r = merged_group(w, reply_at=timezone.now())
    # when the member's deputy rates through the API
    resp = client_for(w.deputy_users[2]).post(
        f"/api/proposals/replies/{r.pk}/evaluate/",
        {"attitude": "satisfied", "result": "satisfied"},
        content_type="application/json",
    )
    # then it is accepted
    assert resp.status_code == 201
    assert Evaluation.objects.filter(reply=r, deputy=w.deputies[2]).exists()


def test_S10_a_deputy_outside_the_group_cannot_rate():
    # given a merged group replied today
    w = world()
    _primary, _member, _a, r = merged_group(w, reply_at=timezone.now())
    # when a deputy who received nothing tries to rate
    resp = client_for(w.deputy_users[3]).post(
        reverse("proposals:evaluate", args=[r.pk]), {"attitude": "satisfied", "result": "satisfied"}
    )
    # then 404, nothing recorded
    assert resp.status_code == 404
    assert not Evaluation.objects.filter(reply=r).exists()
