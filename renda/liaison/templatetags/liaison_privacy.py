"""Template filters masking personal data in opinion titles and texts (个人信息保护法 第28条)."""

from __future__ import annotations

from django import template

from renda.core.privacy import redact_text

register = template.Library()


@register.filter
def redact_unless(text: str | None, full: bool) -> str:
    """``text`` as is when the viewer may see citizens' contacts (``full``), else phones/ID numbers masked."""
    value = text or ""
    return value if full else redact_text(value)
