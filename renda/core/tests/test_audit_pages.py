"""The audit administrator reads the audit trail and login history; the system administrator does not (三员分立)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from renda.core.workflow import Workflow, record_event
from renda.liaison.tests.factories import OpinionFactory
from renda.liaison.workflow import TRANSITIONS, Status
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db

FLOW = Workflow(statuses=Status, transitions=TRANSITIONS, event_model="liaison.OpinionEvent")


@pytest.fixture
def auditor():
    return f.UserFactory(username="audit1", role=User.Role.AUDITOR)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_auditor_reads_the_integrity_report_and_sees_a_tampered_row(auditor):
    # given an opinion trail of two events, the second changed in raw SQL
    opinion = OpinionFactory(status=Status.RECEIVED)
    record_event(FLOW, opinion, action="triage", note="一")
    second = record_event(FLOW, opinion, action="triage", note="二")
    page = _client(auditor)
    assert 'data-testid="audit-intact"' in page.get(reverse("audit-integrity")).content.decode()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE liaison_opinionevent SET note = 'x' WHERE id = %s", [second.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    # when the auditor opens the report (linked from his home page)
    assert reverse("audit-integrity") in page.get(reverse("home")).content.decode()
    body = page.get(reverse("audit-integrity")).content.decode()
    # then the broken row is named
    assert 'data-testid="audit-broken"' in body and f"#{second.pk}，" in body


def test_auditor_reads_event_trails_and_login_history(auditor, staff_user):
    opinion = OpinionFactory(status=Status.RECEIVED)
    record_event(FLOW, opinion, action="triage", actor=staff_user, note="分类说明")
    Client(REMOTE_ADDR="192.0.2.5").post(reverse("login"), {"username": staff_user.username, "password": "wrong"})
    page = _client(auditor)
    trail = page.get(reverse("audit-trail"), {"table": "liaison_opinionevent", "subject": opinion.pk}).content
    assert "分类说明" in trail.decode() and f"#{opinion.pk}<" in trail.decode()
    assert str(Status.RECEIVED.label) in trail.decode() and ">received<" not in trail.decode()  # labels, not codes
    logins = page.get(reverse("audit-logins"), {"username": staff_user.username}).content.decode()
    assert "192.0.2.5" in logins and "失败" in logins


@pytest.mark.parametrize("query", [{"subject": "abc"}, {"subject": "１２"}, {"table": "auth_user"}, {"page": "x"}])
def test_trail_page_answers_bad_input_with_a_message_not_a_500(auditor, query):
    response = _client(auditor).get(reverse("audit-trail"), query)
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["audit-integrity", "audit-trail", "audit-logins"])
def test_system_administrator_and_staff_cannot_read_the_audit_pages(staff_user, name):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    assert _client(admin).get(reverse(name)).status_code == 403
    assert _client(staff_user).get(reverse(name)).status_code == 403


def test_auditor_cannot_be_an_administrator():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.UserFactory(username="audit2", role=User.Role.AUDITOR, is_staff=True)


def test_auditor_cannot_use_the_admin_or_change_anything(auditor):
    page = _client(auditor)
    assert page.get("/admin/").status_code == 302  # not staff: sent to the admin login
    assert page.post(reverse("lockouts"), {"attempt": 1}).status_code == 403
