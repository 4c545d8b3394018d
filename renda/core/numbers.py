"""Whole numbers typed into page forms (ids, vote counts): ASCII digits in range, or a Chinese error.

``int()`` on a POSTed value is a 500 for ``abc``, ``1.5``, ``0x10``, ``1e1`` or a 23-digit id, and it
accepts full-width digits (``１２``). Views parse with :func:`form_int` instead (issue 12 item 1).
"""

from __future__ import annotations

from renda.core.exceptions import ApplicationError

#: The largest id a database integer column holds (PostgreSQL bigint).
MAX_ID = 2**63 - 1


def ascii_digits(value: str) -> bool:
    """Whether ``value`` is made of ASCII digits only (``int()`` also takes full-width and other digits)."""
    return value.isascii() and value.isdigit()


def parse_id(value: object) -> int | None:
    """A record id from text: ASCII digits within 1 … :data:`MAX_ID`, else ``None`` (never an exception)."""
    text = str(value if value is not None else "")
    if not ascii_digits(text) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values: list[str]) -> list[int] | None:
    """Record ids from a form's repeated field (``ids=3&ids=7``): every one as :func:`parse_id` accepts it,
    or ``None`` when any is malformed (the caller refuses the request in Chinese)."""
    ids = [parse_id(v) for v in values]
    return None if any(i is None for i in ids) else [i for i in ids if i is not None]


def form_int(
    value: str | None, *, label: str, minimum: int = 0, maximum: int = MAX_ID, default: int | None = None
) -> int:
    """Parse one whole number from a form.

    Args:
        value: the raw POST/GET value (``None`` or '' gives ``default`` when one is set).
        label: the field's Chinese name, used in the error (e.g. ``赞成票数``).
        minimum, maximum: the accepted range (inclusive).
        default: the value of an empty field, or ``None`` to require one.
    Returns:
        The number.
    Raises:
        ApplicationError: code ``invalid`` with a Chinese message naming the field.
    """
    text = (value or "").strip()
    if not text and default is not None:
        return default
    if not ascii_digits(text) or len(text) > len(str(maximum)):
        raise ApplicationError(f"{label}须为 {minimum}–{maximum} 之间的整数", code="invalid")
    number = int(text)
    if not minimum <= number <= maximum:
        raise ApplicationError(f"{label}须为 {minimum}–{maximum} 之间的整数", code="invalid")
    return number
