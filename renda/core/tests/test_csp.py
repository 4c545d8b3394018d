"""Content-Security-Policy (issue 12 item 9; OWASP ASVS V14.4.3): every page carries a policy that allows
no inline script, and no template relies on one (inline handlers, script or style elements without the
per-response nonce), so the policy cannot break a page the browser tests do not visit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/liaison/public/", "/api/schema/"])
def test_every_response_carries_a_policy_without_inline_script(url):
    response = Client().get(url)
    header = response.headers.get("Content-Security-Policy", "")
    policy = _directives(header)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert [v for v in policy["script-src"] if not v.startswith("'nonce-")] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE = re.compile(r"<style\b([^>]*)>", re.IGNORECASE)


def _templates() -> list[Path]:
    return [p for p in (ROOT / "renda").rglob("templates/**/*.html")]


def test_templates_exist_to_scan():
    assert len(_templates()) >= 40


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_needs_inline_script(path: Path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_HANDLER.search(text), "inline event handler (onclick=…): use a data- attribute and app.js"
    assert "javascript:" not in text.lower()
    for attrs in SCRIPT.findall(text):
        assert "src=" in attrs or "CSP_NONCE" in attrs or 'type="application/json"' in attrs, (
            "inline <script> without the nonce: move it to a static file"
        )
    for attrs in STYLE.findall(text):
        assert "CSP_NONCE" in attrs, "inline <style> without the nonce: move it to a static .css file"
