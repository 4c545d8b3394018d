"""Template filter showing a suggestion's text as the viewer may read it (个人信息保护法 第6条)."""

from __future__ import annotations

from typing import Any

from django import template

from renda.proposals.selectors import shown_text

register = template.Library()


@register.filter
def seen_by(text: str | None, viewer: Any) -> str:
    """``text`` (a title, a body) through :func:`renda.proposals.selectors.shown_text` for ``viewer``:
    as written for staff and deputies, phone and ID numbers masked for handling units and others."""
    return shown_text(viewer, text)
