"""Chinese full-text search over opinions: one interface, two backends.

``Opinion.search_text`` holds the segmented text (words separated by spaces, see
``intelligence.segment_for_index``). Migration 0002 creates, per database vendor:

* SQLite — an FTS5 external-content table ``liaison_opinion_fts`` kept in step by triggers;
* PostgreSQL — a stored generated column ``search_vector`` = ``to_tsvector('simple', search_text)``
  with a GIN index (the 'simple' configuration: the words are already segmented).

:func:`match` turns a list of words into a boolean SQL expression that uses whichever index exists,
so callers filter an ordinary queryset and keep their visibility rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from renda.liaison.models import Opinion


def _fts5_query(terms: Sequence[str], *, any_term: bool) -> str:
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    return (" OR " if any_term else " ").join(quoted)


def _tsquery(terms: Sequence[str], *, any_term: bool) -> str:
    quoted = ["'" + t.replace("\\", "").replace("'", "''") + "'" for t in terms]
    return (" | " if any_term else " & ").join(quoted)


def match(terms: Sequence[str], *, any_term: bool = False) -> RawSQL:
    """A boolean expression true for opinions whose indexed words contain all (or any) ``terms``.

    Args:
        terms: words as produced by ``intelligence.query_terms`` (non-empty).
        any_term: match opinions containing at least one term instead of all of them.
    Raises:
        ValueError: ``terms`` is empty.
    """
    if not terms:
        raise ValueError("no search terms")
    if connection.vendor == "postgresql":
        return RawSQL(
            "liaison_opinion.search_vector @@ to_tsquery('simple'::regconfig, %s)",
            [_tsquery(terms, any_term=any_term)],
            output_field=BooleanField(),
        )
    return RawSQL(
        "liaison_opinion.id IN (SELECT rowid FROM liaison_opinion_fts WHERE liaison_opinion_fts MATCH %s)",
        [_fts5_query(terms, any_term=any_term)],
        output_field=BooleanField(),
    )


def search_ids(qs: QuerySet[Opinion], terms: Sequence[str], *, any_term: bool = False, limit: int = 50) -> list[int]:
    """Ids of the newest ``limit`` opinions of ``qs`` matching ``terms`` (see :func:`match`)."""
    if not terms:
        return []
    return list(
        qs.alias(_fts=match(terms, any_term=any_term))
        .filter(_fts=True)
        .order_by("-received_at", "-id")
        .values_list("pk", flat=True)[:limit]
    )
