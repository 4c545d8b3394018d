"""站内通知 sits in the page header with the unread count (it left the main menu, which holds 9 areas at
1366 px once legislation and oversight joined), for the roles that receive notifications only."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from renda.core.models import Notification

pytestmark = pytest.mark.django_db


def _header(user) -> str:
    c = Client()
    c.force_login(user)
    html = c.get("/home/").content.decode()
    return html.split("<main", 1)[0]


def test_the_header_links_to_notifications_with_the_unread_count(staff_user):
    # given two unread notifications and a read one
    for n in range(3):
        Notification.objects.create(recipient=staff_user, text=f"通知{n}")
    Notification.objects.filter(text="通知0").update(read_at="2026-01-01T00:00:00Z")
    # when a page is shown
    header = _header(staff_user)
    # then the header links to 站内通知 with 2, and the main menu no longer lists it
    assert re.search(r'data-testid="nav-notifications">站内通知 <span class="count">2</span>', header)
    assert "站内通知" not in header.split('class="mainnav', 1)[1]


def test_roles_without_notifications_have_no_link(citizen_user):
    # given a citizen
    # when a page is shown
    # then there is no link
    assert "nav-notifications" not in _header(citizen_user)
