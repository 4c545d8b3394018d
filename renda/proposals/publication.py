"""The public text of suggestions and replies, masked once when written (S21; issue 17 item 3).

The public replies page and its API show a suggestion's title and body and the reply's text with
phones, ID numbers and the household detail of home addresses masked
(:func:`renda.core.privacy.redact_public`). Masking 60 texts on every request cost ~2.7 ms, against
a 3.7 ms bare page at provincial scale; so the masked text is stored beside the original
(``Proposal.public_title``, ``Proposal.public_body``, ``Reply.public_text``) and :func:`fill_public`
is THE one function that sets it: called by ``Proposal.save`` and ``Reply.save`` (every service,
admin and ``objects.create`` write goes through them), by the bulk loaders (``bench/``) before
``bulk_create`` / ``COPY``, and by migration ``proposals/0011_public_masked_text`` for the rows
already there. A database CHECK keeps each public column as long as its original (masking never
changes a text's length), so a row written by a path that forgot to fill it is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from renda.core.privacy import redact_public

#: Original field → its masked public copy, by model label.
PUBLIC_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "proposals.Proposal": (("title", "public_title"), ("body", "public_body")),
    "proposals.Reply": (("text", "public_text"),),
}


def mask(text: str | None) -> str:
    """``text`` as published to everyone (S21): :func:`renda.core.privacy.redact_public`, same length;
    ``None`` gives ``""``."""
    return redact_public(text or "")


def fill_public(obj: Any, update_fields: Iterable[str] | None = None) -> list[str] | None:
    """Set the masked public copies of ``obj``'s texts (a ``Proposal`` or ``Reply``, or their
    historical models in a migration) from its current originals.

    Args:
        obj: the instance about to be saved.
        update_fields: the ``save(update_fields=…)`` being made, or ``None`` for a full save.
    Returns:
        ``None`` for a full save (every copy set); else ``update_fields`` plus the copies of the
        originals it names (only those are recomputed).
    """
    pairs = PUBLIC_FIELDS[obj._meta.label]
    if update_fields is None:
        for src, dst in pairs:
            setattr(obj, dst, mask(getattr(obj, src)))
        return None
    fields = list(update_fields)
    for src, dst in pairs:
        if src in fields:
            setattr(obj, dst, mask(getattr(obj, src)))
            if dst not in fields:
                fields.append(dst)
    return fields


def fill_public_rows(label: str, rows: Iterable[dict[str, Any]]) -> None:
    """The same for plain dict rows about to be bulk-written (``bench/scale_data.py``'s ``COPY``):
    each row's public copies set from its originals, in place. ``label`` is ``"proposals.Proposal"``
    or ``"proposals.Reply"``."""
    pairs = PUBLIC_FIELDS[label]
    seen: dict[str, str] = {}  # generated rows repeat their texts: each distinct text masked once
    for row in rows:
        for src, dst in pairs:
            text = row.get(src) or ""
            if text not in seen:
                seen[text] = mask(text)
            row[dst] = seen[text]
