"""“Where to start” (从这里开始) guides on each role's home page and in README.md (issue 13)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast

import pytest
from django.test import Client
from django.urls import reverse

from renda.core import guides
from renda.core.models import GuideDismissal
from renda.organization.models import User
from renda.organization.tests import factories as f

README = Path(__file__).resolve().parents[3] / "README.md"
#: The first demo login named in each README heading → its role (README's “Demo logins” table).
LOGIN_ROLES = {
    "staff": User.Role.STAFF,
    "deputy": User.Role.DEPUTY,
    "unit": User.Role.UNIT_OFFICER,
    "supervisor": User.Role.SUPERVISOR,
    "station": User.Role.STATION_OPERATOR,
    "citizen": User.Role.CITIZEN,
    "auditor": User.Role.AUDITOR,
    "security": User.Role.SECURITY_ADMIN,
}


def _user(role: str) -> User:
    """A login of ``role`` linked to what the role acts for (deputy, unit, station)."""
    congress = f.CongressFactory()
    extra: dict = {}
    if role in (User.Role.DEPUTY, User.Role.SUPERVISOR):
        extra["deputy"] = f.DeputyFactory()
    if role == User.Role.UNIT_OFFICER:
        extra["handling_unit"] = f.HandlingUnitFactory(congress=congress)
    if role == User.Role.STATION_OPERATOR:
        extra["liaison_station"] = f.LiaisonStationFactory(congress=congress)
    return cast(User, f.UserFactory(role=role, congress=congress, username=f"g_{role}", **extra))


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _readme_guides() -> dict[str, list[tuple[str, str, str]]]:
    """README's “Where to start” section: role → [(label, path, hint)] in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Where to start (从这里开始)", 1)[1].split("\n## ", 1)[0]
    found: dict[str, list[tuple[str, str, str]]] = {}
    role = ""
    for line in section.splitlines():
        if heading := re.match(r"### .*\(`([^`]+)`", line):
            role = LOGIN_ROLES[heading.group(1)]
            found[role] = []
        elif step := re.match(r"\d+\. \*\*(.+?)\*\* \(`(.+?)`\)：(.+)$", line):
            found[role].append((step.group(1), step.group(2), step.group(3)))
    return found


def test_every_working_role_has_a_guide_of_3_to_5_steps():
    # then: every role of the demo logins has one, each of 3–5 steps
    assert set(guides.roles()) == set(LOGIN_ROLES.values())
    assert all(3 <= len(guides.steps_for_role(r)) <= 5 for r in guides.roles())


def test_readme_and_pages_list_the_same_steps():
    # given the steps as the pages show them
    pages = {r: [(str(s.label), s.url, str(s.hint)) for s in guides.steps_for_role(r)] for r in guides.roles()}
    # then README's section says exactly the same, role by role
    assert _readme_guides() == pages


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(LOGIN_ROLES.values()))
def test_every_link_of_a_roles_guide_opens_for_that_role(role):
    # given a login of the role
    c = _client(_user(role))
    # when each step's page is opened
    codes = {s.url: c.get(s.url).status_code for s in guides.steps_for_role(role)}
    # then none is refused or missing
    assert codes and all(code == 200 for code in codes.values()), codes


@pytest.mark.django_db
def test_guide_shown_on_first_visit_and_gone_after_dismissing_on_every_device(staff_user):
    # given a first visit
    page = _client(staff_user).get(reverse("home")).content.decode()
    # then the guide shows with its steps and the dismiss button (a plain form POST: no script needed)
    assert 'data-testid="guide"' in page and "从这里开始" in page
    assert reverse("liaison:follow-up") in page and 'action="/home/guide/dismiss/"' in page
    # when dismissed (twice: idempotent)
    r = _client(staff_user).post(reverse("home-guide-dismiss"))
    _client(staff_user).post(reverse("home-guide-dismiss"))
    # then back home without it, and on another device (a new session) too
    assert r.status_code == 302 and r["Location"] == reverse("home")
    assert 'data-testid="guide"' not in _client(staff_user).get(reverse("home")).content.decode()
    assert GuideDismissal.objects.filter(user=staff_user).count() == 1


@pytest.mark.django_db
def test_dismissing_is_per_user_and_needs_post(staff_user):
    # given another staff member
    other = f.UserFactory(role=User.Role.STAFF, username="t_staff2")
    # when the first dismisses; a GET does nothing
    assert _client(staff_user).get(reverse("home-guide-dismiss")).status_code == 405
    _client(staff_user).post(reverse("home-guide-dismiss"))
    # then the other still sees it
    assert 'data-testid="guide"' in _client(other).get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_a_new_role_shows_its_guide_again(staff_user):
    # given a dismissed staff guide
    _client(staff_user).post(reverse("home-guide-dismiss"))
    # when the user becomes a station operator
    staff_user.role = User.Role.STATION_OPERATOR
    staff_user.liaison_station = f.LiaisonStationFactory()
    staff_user.save()
    # then that role's guide shows
    page = _client(staff_user).get(reverse("home")).content.decode()
    assert 'data-testid="guide"' in page and reverse("liaison:record") in page
