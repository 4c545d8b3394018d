"""``next`` after a POST never leaves the site (issue 12 item 7)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from renda.core.redirects import safe_next


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "http://testserver.evil/"],
)
def test_off_site_next_falls_back_to_the_default(target):
    request = RequestFactory().post("/meetings/1/", {"next": target})
    assert safe_next(request, "/meetings/1/") == "/meetings/1/"


@pytest.mark.parametrize("target", ["/meetings/polls/3/", "/liaison/?page=2"])
def test_on_site_next_is_followed(target):
    request = RequestFactory().post("/meetings/1/", {"next": target})
    assert safe_next(request, "/home/") == target


def test_missing_next_is_the_default():
    assert safe_next(RequestFactory().post("/x/", {}), "/home/") == "/home/"
