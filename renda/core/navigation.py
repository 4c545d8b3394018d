"""Menu entries per role. Apps add theirs with :func:`add` in ``AppConfig.ready()``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Link:
    """A menu entry: a translated label and a URL name (reversed lazily)."""

    label: StrOrPromise
    url_name: str
    order: int = 100

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


_links: dict[str, list[Link]] = defaultdict(list)
PUBLIC = "public"


def add(role: str, link: Link) -> None:
    """Show ``link`` to users of ``role`` (a ``User.Role`` value, or ``"public"`` for everyone)."""
    if link not in _links[role]:
        _links[role].append(link)


def public_links() -> list[Link]:
    """Entries shown to visitors who are not logged in."""
    return sorted(_links[PUBLIC], key=lambda link: link.order)


def links_for(user: Any) -> list[Link]:
    """Entries for a logged-in ``user``: their role's entries plus the public ones."""
    return sorted([*_links[user.role], *_links[PUBLIC]], key=lambda link: link.order)
