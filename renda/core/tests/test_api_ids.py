"""Every API route with a record id answers 404 ``not_found`` for a malformed id, never 500 (issue 12 item 1)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def _id_routes() -> list[str]:
    """Every /api/ URL pattern with a ``pk`` argument, as a path with ``{pk}`` in place of the id."""
    out: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and "(?P<pk>" in prefix + str(p.pattern):
                route = re.sub(r"\(\?P<pk>[^)]*\)", "{pk}", prefix + str(p.pattern))
                route = route.replace("^", "").replace("$", "")
                if route.startswith("api/") and "(?P<" not in route and "<" not in route.replace("{pk}", ""):
                    out.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(out))


ROUTES = _id_routes()


def test_the_api_has_id_routes_to_check():
    assert len(ROUTES) > 20


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("bad", ["abc", "1.5", "１２", "9" * 23])
def test_malformed_id_is_not_found_on_get_and_post(route, bad):
    # given staff (the role that may reach the most routes)
    client = APIClient()
    client.force_authenticate(f.UserFactory(username="api_staff", role=User.Role.STAFF, is_staff=True))
    path = route.replace("{pk}", bad)
    # when the route is called with a malformed id / then 404 not_found or 405, never a 500
    for response in (client.get(path), client.post(path, {}, format="json")):
        assert response.status_code in (404, 405), (path, response.status_code)
        if response.status_code == 404:
            assert response.json()["code"] == "not_found"
