"""Menu entries per role. Apps add theirs with :func:`add` in ``AppConfig.ready()``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Link:
    """A menu entry: a translated label, a URL name (reversed lazily) and, optionally, the menu group it
    joins (a key of ``GROUPS``; by default its URL namespace)."""

    label: StrOrPromise
    url_name: str
    order: int = 100
    group: str = ""

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


# Menu groups, keyed by the URL namespace of a link; public pages form one group of their own.
GROUPS: dict[str, tuple[StrOrPromise, int]] = {
    "proposals": (_("议案建议"), 10),
    "meetings": (_("会议表决"), 20),
    "livelihood": (_("民生实事"), 30),
    "liaison": (_("联络站与群众意见"), 40),
    "legislation": (_("立法与备案审查"), 44),  # renda/legislation and renda/filing join this group
    "oversight": (_("监督与任免"), 46),  # renda/oversight and renda/appointments join this group
    "organization": (_("代表"), 50),
    "office": (_("统计与日历"), 60),
    PUBLIC: (_("信息公开"), 80),
}


@dataclass(frozen=True)
class MenuEntry:
    """A top-level menu entry: a single link (``url``) or a dropdown of ``children``."""

    label: StrOrPromise
    url: str = ""
    children: tuple[Link, ...] = ()


def menu_for(user: Any) -> list[MenuEntry]:
    """The main menu for ``user``: links grouped by area (URL namespace), public pages apart.

    A group with one link shows as that link; a group with several shows as a dropdown. Visitors who
    are not logged in see the public links flat. Links whose URL does not resolve are left out.
    """
    if user is None or not user.is_authenticated:
        return [MenuEntry(link.label, link.url) for link in public_links() if link.url]
    public = set(_links[PUBLIC])
    grouped: dict[str, list[Link]] = {}
    for link in links_for(user):
        if not link.url:
            continue
        key = PUBLIC if link in public else (link.group or link.url_name.split(":", 1)[0])
        grouped.setdefault(key, []).append(link)
    entries: list[tuple[int, MenuEntry]] = []
    for key, links in grouped.items():
        label, order = GROUPS.get(key, (links[0].label, 60))
        if len(links) == 1:
            entries.append((order, MenuEntry(links[0].label, links[0].url)))
        else:
            entries.append((order, MenuEntry(label, children=tuple(links))))
    return [entry for _order, entry in sorted(entries, key=lambda pair: pair[0])]
