"""Pluggable SMS backends for one-time codes (``RENDA_LEGISLATION["SMS_BACKEND"]``: a dotted class path).

A backend has ``send(phone, message)``. :class:`ConsoleBackend` (development and the demo) writes the
message to the log and keeps it in :data:`ConsoleBackend.outbox` for tests; a production deployment
names its operator's gateway class here.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from django.utils.module_loading import import_string

from renda.legislation import conf

log = logging.getLogger("renda.legislation.sms")


class BaseBackend:
    """The interface: send ``message`` to ``phone`` (digits); raise ``OSError`` when the gateway fails."""

    def send(self, phone: str, message: str) -> None:
        """Send one text message."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development/demo backend: logs the message and keeps the last 100 in :attr:`outbox`."""

    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, message: str) -> None:
        """Log ``message`` for ``phone`` and append it to :attr:`outbox`."""
        log.warning("SMS to %s: %s", phone, message)
        print(f"[SMS] {phone}: {message}", flush=True)
        ConsoleBackend.outbox.append((phone, message))
        del ConsoleBackend.outbox[:-100]


def backend() -> BaseBackend:
    """An instance of the configured backend class."""
    cls = import_string(str(conf.get("SMS_BACKEND")))
    return cls()
