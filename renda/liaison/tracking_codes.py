"""查询码 (tracking codes): the code a citizen uses to follow and rate their opinion (also given to a
citizen's suggestion on a normative document, ``renda.filing``)."""

from __future__ import annotations

import secrets

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""32 characters without 0/O/1/I (read aloud over the phone without confusion)."""
TRACKING_CODE_LENGTH = 10
_TRACKING_TABLE = bytes(ord(TRACKING_ALPHABET[b % 32]) for b in range(256))
"""Byte → its 查询码 character (``TRACKING_ALPHABET[b % 32]``): 256 is a multiple of 32, so a uniform
random byte gives a uniform character."""


def new_tracking_code() -> str:
    """A random 10-character 查询码 (no 0/O/1/I) the citizen uses to follow and rate their opinion."""
    return new_tracking_codes(1)[0]


def new_tracking_codes(n: int) -> list[str]:
    """``n`` random 查询码 (as :func:`new_tracking_code`), from one read of the system's random source.

    Args:
        n: how many codes (≥ 0).
    Returns:
        ``n`` strings of 10 characters of ``TRACKING_ALPHABET`` (32 characters: 50 bits each).
        Uniqueness is the database's ``UNIQUE`` constraint's job, as for a single code.

    Why (issue 17): an import made one ``secrets`` call and a 10-step generator per opinion;
    here the bytes of a whole batch are drawn at once and mapped with ``bytes.translate``.
    """
    text = secrets.token_bytes(n * TRACKING_CODE_LENGTH).translate(_TRACKING_TABLE).decode("ascii")
    return [text[i : i + TRACKING_CODE_LENGTH] for i in range(0, len(text), TRACKING_CODE_LENGTH)]
