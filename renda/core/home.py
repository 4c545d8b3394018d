"""Home-page panels: what awaits each role when it logs in.

Apps register panel providers for a role in their ``AppConfig.ready()``; the home view asks for the
panels of the logged-in user's role. A provider is a function ``(user) -> Panel``; it must run a
bounded number of queries (it is called on every home-page view).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PanelItem:
    """One line in a panel: a label, an optional link and an optional note (a date, a count)."""

    label: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Panel:
    """A box on a home page: a title, a headline count and up to a few items."""

    title: str
    count: int | None = None
    items: list[PanelItem] = field(default_factory=list)
    url: str = ""
    empty_text: str = ""
    order: int = 100


Provider = Callable[[Any], Panel | None]
_providers: dict[str, list[Provider]] = defaultdict(list)


def register(role: str, provider: Provider) -> Provider:
    """Register ``provider`` for users of ``role`` (a ``User.Role`` value). Returns the provider."""
    if provider not in _providers[role]:
        _providers[role].append(provider)
    return provider


def panels_for(user: Any) -> list[Panel]:
    """Return the panels for ``user``'s role, in ``order``; providers returning ``None`` are skipped."""
    panels = [p for p in (provider(user) for provider in _providers.get(user.role, [])) if p is not None]
    return sorted(panels, key=lambda p: p.order)
