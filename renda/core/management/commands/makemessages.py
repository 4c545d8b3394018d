"""``makemessages`` that also extracts ``_l("…")`` (the alias of ``gettext_lazy`` some modules import)."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's ``makemessages`` with ``_l`` added to the gettext keywords, so lazily translated menu
    labels such as ``_l("重点建议")`` reach the catalogue instead of staying Chinese in English pages."""

    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
