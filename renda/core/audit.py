"""The audit trail that cannot be rewritten: hash-chained, append-only event rows (等保 2.0 level 3).

Every concrete :class:`~renda.core.models.DomainEvent` table is one audit trail. Each row carries
``hash`` = SHA-256 over its own content and ``prev_hash``, the ``hash`` of the previous row of the
same subject (the proposal, opinion, meeting … the event belongs to) in id order; the first event of
a subject has ``prev_hash = ""``. Changing any stored field, deleting a row in the middle of a chain
or inserting a forged row breaks the chain, and :func:`verify` names the first row that no longer
fits. Rows are also refused UPDATE and DELETE: by the model (``save``/``delete``/queryset guards), by
the admin (view only) and, on PostgreSQL, by a trigger (:func:`append_only_sql`).

The hash covers every concrete column except ``id`` and ``hash`` itself, as canonical JSON: datetimes
in UTC ISO 8601 with microseconds, other values as their database value. Writers lock the subject row
(``select_for_update``) before they add an event, so two concurrent writers cannot fork a chain.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models

if TYPE_CHECKING:
    from renda.core.models import DomainEvent

#: Columns never hashed: the row id (assigned by the database) and the hash itself.
_UNHASHED = {"id", "hash"}

#: Name of the PostgreSQL trigger function refusing UPDATE and DELETE (migration core 0002).
TRIGGER_FUNCTION = "renda_audit_append_only"


def canonical(value: Any) -> Any:
    """A value as hashed: datetimes in UTC ISO 8601 with microseconds, dates ISO, others as they are or text."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def hashed_columns(model: type[models.Model]) -> list[str]:
    """The columns (attribute names) of an event model that its hash covers, in a fixed order."""
    return sorted(f.attname for f in model._meta.concrete_fields if f.attname not in _UNHASHED)


def event_hash(model: type[models.Model], values: Mapping[str, Any]) -> str:
    """SHA-256 (hex, 64 characters) of one event row.

    Args:
        model: the concrete event model (its table name is part of the hash, so a row copied to
            another trail does not verify there).
        values: attribute name → value for every column in :func:`hashed_columns` (``prev_hash``
            included); missing columns count as ``None``.
    Returns:
        The hex digest.
    """
    table, columns = _hash_layout(model)
    get = values.get
    body = {}
    for c in columns:
        value = get(c)
        # canonical() returns these exact types unchanged: skip the call (bulk writers hash one
        # event per imported row, issue 17); subclasses (text choices) still go through it
        body[c] = value if type(value) in _AS_IS else canonical(value)
    text = _ENCODE([table, body])
    return hashlib.sha256(text.encode()).hexdigest()


def event_hasher(model: type[models.Model], fixed: Mapping[str, Any], varying: Sequence[str]) -> Callable[..., str]:
    """:func:`event_hash` for many rows that differ only in a few columns, the rest encoded once.

    ``event_hasher(model, fixed, ("opinion_id", "prev_hash"))(7, "")`` equals
    ``event_hash(model, {**fixed, "opinion_id": 7, "prev_hash": ""})``: the canonical JSON of the row
    with the varying columns left as markers is written once and split at them; each call encodes
    only the varying values and joins the pieces. For bulk writers (the opinion import hashes up to
    three events per row, issue 17); the definition stays :func:`event_hash` (tested equal).

    Args:
        model: the concrete event model.
        fixed: values of the columns that are the same for every row (missing columns count as ``None``).
        varying: the names of the hashed columns passed to each call, in the order of its arguments.
    Returns:
        A function of the varying values (positional, in ``varying`` order) returning the hex digest.
    Raises:
        ValueError: a varying name is not a hashed column of ``model``, is repeated, or a fixed value
            holds the text of a marker (NUL, a number, NUL).
    """
    table, columns = _hash_layout(model)
    if len(set(varying)) != len(varying) or not set(varying) <= set(columns):
        raise ValueError(f"varying columns {list(varying)} must be distinct hashed columns of {table}")
    markers = {c: f"\x00{i}\x00" for i, c in enumerate(varying)}
    body = {c: markers[c] if c in markers else fixed.get(c) for c in columns}
    text = _ENCODE([table, {c: v if type(v) in _AS_IS else canonical(v) for c, v in body.items()}])
    pieces: list[str] = []
    at: list[int] = []  # argument index of each gap between pieces, in the text's (sorted column) order
    for c in (c for c in columns if c in markers):
        head, sep, text = text.partition(_ENCODE(markers[c]))
        if not sep or _ENCODE(markers[c]) in text:
            raise ValueError(f"a fixed value of {table} holds the marker of {c}")
        pieces.append(head)
        at.append(varying.index(c))
    pieces.append(text)
    encode, sha256, as_is = _ENCODE, hashlib.sha256, _AS_IS

    def digest(*values: Any) -> str:
        parts = [pieces[0]]
        for k, i in enumerate(at):
            value = values[i]
            parts.append(encode(value if type(value) in as_is else canonical(value)))
            parts.append(pieces[k + 1])
        return sha256("".join(parts).encode()).hexdigest()

    return digest


_AS_IS = frozenset({str, int, float, bool, type(None)})
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
"""``json.dumps([...], ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` without
building an encoder per call."""


@functools.cache
def _hash_layout(model: type[models.Model]) -> tuple[str, tuple[str, ...]]:
    """The table name and :func:`hashed_columns` of ``model``, computed once per model."""
    return model._meta.db_table, tuple(hashed_columns(model))


def event_models() -> list[type[DomainEvent]]:
    """Every concrete event table of the installed apps (each one audit trail)."""
    from renda.core.models import DomainEvent

    return [m for m in apps.get_models() if issubclass(m, DomainEvent) and not m._meta.abstract]


@dataclass(frozen=True)
class Break:
    """A row that does not fit its chain.

    Attributes:
        table: the event table (e.g. ``proposals_proposalevent``).
        label: the table's Chinese name (e.g. 办理记录).
        event_id: the row's id.
        subject_id: the id of the record whose trail it is in.
        reason: ``content`` (the row's stored hash does not match its content: a field was changed)
            or ``link`` (its ``prev_hash`` is not the hash of the previous row of the subject: a row
            was removed, inserted or reordered).
    """

    table: str
    label: str
    event_id: int
    subject_id: int
    reason: str

    def __str__(self) -> str:
        what = (
            "内容与哈希不符（记录被改动）"
            if self.reason == "content"
            else "与上一条记录的哈希链接断开（记录被删除、插入或调换）"
        )
        return f"{self.label}（{self.table}）#{self.event_id}，所属记录 {self.subject_id}：{what}"


def verify_model(model: type[DomainEvent], *, chunk: int = 5000) -> Iterator[Break]:
    """Check every chain of one event table; yields each row that breaks it (first per subject).

    Reads the table in subject, id order with a server-side cursor (constant memory).
    """
    subject = model.SUBJECT_FIELD + "_id"
    columns = ["id", "hash", *hashed_columns(model)]
    last_subject: Any = object()
    prev = ""
    broken = False
    for row in model.objects.order_by(subject, "id").values(*columns).iterator(chunk_size=chunk):
        if row[subject] != last_subject:
            last_subject, prev, broken = row[subject], "", False
        if broken:
            continue
        reason = ""
        if event_hash(model, row) != row["hash"]:
            reason = "content"
        elif row["prev_hash"] != prev:
            reason = "link"
        if reason:
            broken = True
            yield Break(model._meta.db_table, str(model._meta.verbose_name), row["id"], row[subject], reason)
        prev = row["hash"]


def verify() -> list[Break]:
    """Check the chains of every event table; returns the breaks (empty: the audit trail is intact)."""
    return [b for model in event_models() for b in verify_model(model)]


def append_only_sql(table: str) -> tuple[str, str]:
    """PostgreSQL statements (create, drop) for the trigger refusing UPDATE and DELETE on ``table``.

    TRUNCATE is not refused (a database administrator's act, needed by test teardown); the trigger
    can only be dropped or disabled by the table owner, which the audit check then catches.
    """
    name = f"{table}_append_only"
    create = (
        f'CREATE TRIGGER "{name}" BEFORE UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER_FUNCTION}()"
    )
    return create, f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"'
