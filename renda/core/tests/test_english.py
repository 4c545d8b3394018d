"""The English catalogue is complete and applies to every role's pages (issue 13 item 10).

The catalogue test reads ``locale/en/LC_MESSAGES/django.po`` with a small parser (``polib`` is not a
dependency); the page test chooses English through the header's language switch (the language cookie)
and renders each role's home page and the pages of its menu (at least three).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils.translation import trans_real

from renda.core import navigation
from renda.organization.models import User

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class PoEntry:
    """One message of a .po file: its source, its translations (one per plural form) and its flags
    (such as ``{"fuzzy", "python-format"}``)."""

    msgid: str
    msgid_plural: str | None
    msgstr: list[str]
    flags: set[str]


def po_entries(text: str) -> list[PoEntry]:
    """The entries of a .po file in order; the header and obsolete (``#~``) entries are left out."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        key = ""
        obsolete = False
        for line in block.splitlines():
            if line.startswith("#~"):
                obsolete = True
            elif line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            elif line and not line.startswith("#"):
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if obsolete or not fields.get("msgid"):
            continue
        translations = [v for k, v in fields.items() if k.startswith("msgstr")]
        entries.append(PoEntry(fields["msgid"], fields.get("msgid_plural"), translations, flags))
    return entries


def test_po_parser_sees_untranslated_fuzzy_and_plural_entries():
    # given a small catalogue with one entry of each kind
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        'msgid "好"\nmsgstr "Good"\n\n'
        '#, fuzzy\nmsgid "坏"\nmsgstr "Good"\n\n'
        'msgid ""\n"长"\n"句"\nmsgstr ""\n\n'
        'msgid "%(n)s 件"\nmsgid_plural "%(n)s 件"\nmsgstr[0] "%(n)s item"\nmsgstr[1] ""\n'
    )
    # when it is parsed
    entries = po_entries(text)
    # then the header is skipped and each entry keeps its flags and translations
    assert [e.msgid for e in entries] == ["好", "坏", "长句", "%(n)s 件"]
    assert entries[1].flags == {"fuzzy"}
    assert entries[2].msgstr == [""]
    assert entries[3].msgid_plural == "%(n)s 件"
    assert entries[3].msgstr == ["%(n)s item", ""]


def test_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    # given the English catalogue as makemessages leaves it
    entries = po_entries(PO.read_text(encoding="utf-8"))
    # when entries without a translation, or marked fuzzy (a guess), are collected
    untranslated = [e.msgid for e in entries if not all(e.msgstr)]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    # then there are none
    assert len(entries) > 500
    assert untranslated == []
    assert fuzzy == []


def test_english_catalogue_is_up_to_date_with_the_source(tmp_path, monkeypatch, settings):
    # given a copy of the catalogue beside links to the code and templates (so the real one is untouched),
    # refreshed from them as ``makemessages`` does
    base = Path(settings.BASE_DIR)
    (tmp_path / "renda").symlink_to(base / "renda")
    (tmp_path / "config").symlink_to(base / "config")
    target = tmp_path / "locale" / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_text(PO.read_text(encoding="utf-8"), encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], symlinks=True, no_obsolete=True, verbosity=0)
    # when its entries without a translation or marked fuzzy are collected
    entries = po_entries((target / "django.po").read_text(encoding="utf-8"))
    missing = [e.msgid for e in entries if not all(e.msgstr) or "fuzzy" in e.flags]
    # then every string the pages can show has a checked English translation
    assert missing == []


def test_english_translations_keep_every_placeholder():
    # given the English catalogue
    entries = po_entries(PO.read_text(encoding="utf-8"))
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|%%")
    # when the placeholders of each source string and its translations are compared
    broken = [
        e.msgid
        for e in entries
        for s in e.msgstr
        if sorted(placeholder.findall(e.msgid)) != sorted(placeholder.findall(s))
    ]
    # then none is lost, added or misspelt
    assert broken == []


class _NavAndHeading(HTMLParser):
    """Collects the text inside ``<nav>`` and ``<h1>`` elements of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("nav", "h1"):
            self.depth += 1
        if self.depth:
            self.text += [v or "" for k, v in attrs if k == "aria-label"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("nav", "h1") and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def nav_and_heading(html: str) -> str:
    """The text (and ``aria-label`` values) inside the page's ``<nav>`` and ``<h1>`` elements."""
    parser = _NavAndHeading()
    parser.feed(html)
    return " ".join(parser.text)


@pytest.fixture
def english_catalogue():
    """The compiled catalogue is as new as the .po (``make messages`` does this before the tests)."""
    mo = PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PO.stat().st_mtime:
        call_command("compilemessages", locale=["en"], verbosity=0)
        trans_real._translations = {}
        trans_real._default = None


ROLE_USERS = ["staff_user", "deputy_user", "unit_user", "supervisor_user", "operator_user", "citizen_user"]


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ROLE_USERS)
def test_each_roles_home_and_main_pages_have_no_chinese_in_menu_and_heading_in_english(
    request, user_fixture, english_catalogue
):
    # given a user of the role who chose English in the header's language menu
    user: User = request.getfixturevalue(user_fixture)
    client = Client()
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/home/"})
    pages = ["/home/", *[link.url for link in navigation.links_for(user) if link.url]]
    # when the home page and every page of the role's menu that opens without a query are rendered
    found: dict[str, list[str]] = {}
    for url in pages:
        response = client.get(url)
        if response.status_code == 200:
            found[url] = [w for w in nav_and_heading(response.content.decode()).split() if CJK.search(w)]
    # then the home page and at least three menu pages were seen, and no menu or page heading holds Chinese
    assert "/home/" in found and len(found) >= 4, found
    assert {url: words for url, words in found.items() if words} == {}
