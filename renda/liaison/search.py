"""Chinese full-text search over opinions: one interface, two backends.

``Opinion.search_text`` holds the segmented text (words separated by spaces, see
``intelligence.segment_for_index``). Migration 0002 creates, per database vendor:

* SQLite — an FTS5 external-content table ``liaison_opinion_fts`` kept in step by triggers;
* PostgreSQL — a stored generated column ``search_vector`` = ``to_tsvector('simple', search_text)``
  with a GIN index (the 'simple' configuration: the words are already segmented), and (migration
  0018) a GIN index on (congress_id, search_vector) for ranking within one congress.

:func:`match` turns a list of words into a boolean SQL expression that uses whichever index exists,
so callers filter an ordinary queryset and keep their visibility rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from renda.liaison.models import Opinion

FTS_TABLE = "liaison_opinion_fts"
FTS_INSERT_TRIGGER = "liaison_opinion_fts_ai"
"""The SQLite FTS5 table and the trigger that indexes each inserted opinion (migration 0002)."""

BULK_FTS_CONFIG = {"hashsize": 16 * 1024 * 1024, "automerge": 8}
"""FTS5 settings while a bulk import runs (:func:`fts_bulk_settings`); FTS5's defaults are 1 MiB and 4."""

_FTS_DEFAULTS = {"hashsize": 1024 * 1024, "automerge": 4}


@contextmanager
def fts_bulk_settings() -> Iterator[None]:
    """On SQLite, tune the FTS5 index for a bulk import inside the block, then put the settings back.

    * ``hashsize`` 1 MiB → 16 MiB: FTS5 writes its pending terms to a new index segment whenever they
      outgrow ``hashsize``; a batch of 2,000 opinions (~200 words each) overflowed 1 MiB several
      times, each overflow a small segment that the merges then rewrote.
    * ``automerge`` 4 → 8: segments of one level are merged when 8 (instead of 4) have piled up, so
      each term's entries are rewritten fewer times over the import.

    Measured on the search texts of 97,051 imported opinions, 2,000 per transaction (three runs
    each, alternating): FTS5 inserts 7.9–9.0 s → 6.6–6.8 s, commits 1.2 → 1.0 s; the same matches,
    and the match query time over the finished index unchanged (9.3–9.8 ms for five common words).
    The index is the same set of terms either way (``integrity-check`` passes, tested). The settings
    live in the FTS5 table's config row, so other writers during the block use them too (harmless: a
    single opinion never fills 1 MiB). Each setting is restored to the value it had (or FTS5's default).

    Must be used outside a transaction (each change commits on its own). Other databases, or a
    database without the FTS5 table: nothing.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    config = f"{FTS_TABLE}_config"
    with connection.cursor() as cursor:
        if not cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [config]).fetchone():
            yield
            return
        before = dict(_FTS_DEFAULTS)
        before.update(
            (k, int(v))
            for k, v in cursor.execute(
                f"SELECT k, v FROM {config} WHERE k IN ({', '.join(['%s'] * len(BULK_FTS_CONFIG))})",
                list(BULK_FTS_CONFIG),
            ).fetchall()
        )
        _set_fts_config(cursor, BULK_FTS_CONFIG)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            _set_fts_config(cursor, before)


def _set_fts_config(cursor: CursorWrapper, values: dict[str, int]) -> None:
    for key, value in values.items():
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES (%s, %s)", [key, int(value)])


@contextmanager
def indexed_in_bulk() -> Iterator[None]:
    """Index the opinions inserted inside the block with one statement instead of one trigger call per row.

    SQLite only; on PostgreSQL the index is a generated column and this does nothing. Inside the
    caller's transaction the insert trigger is dropped; at the end of the block the new rows
    (``id`` above the largest before the block) go into the FTS5 table with one ``INSERT … SELECT``,
    and the trigger is created again from its own stored SQL. Other connections never see the table
    without its trigger: the drop, the inserts and the re-creation commit together (or roll back
    together), and SQLite lets no other writer in meanwhile.

    Why: SQLite 3.40's FTS5 flushes its pending terms to a new index segment at every statement
    savepoint, and a trigger opens one per row, so per-row indexing writes one tiny segment per
    opinion and then merges them. Measured on 97,051 imported opinions: inserts with the trigger
    24.8 s, without it plus one ``INSERT … SELECT`` per 2,000 rows 14.8 s; the same index
    (``integrity-check`` passes, tested).

    Raises:
        django.db.transaction.TransactionManagementError: on SQLite outside an atomic block (the
            trigger must never be missing in committed state).
    """
    if connection.vendor != "sqlite":
        yield
        return
    from django.db.transaction import TransactionManagementError

    if not connection.in_atomic_block:
        raise TransactionManagementError("indexed_in_bulk() needs an atomic block")
    with connection.cursor() as cursor:
        row = cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [FTS_INSERT_TRIGGER]
        ).fetchone()
        if row is None:  # no trigger (index not migrated yet): nothing to defer
            yield
            return
        before = cursor.execute("SELECT COALESCE(MAX(id), 0) FROM liaison_opinion").fetchone()[0]
        cursor.execute(f"DROP TRIGGER {FTS_INSERT_TRIGGER}")
    done = False
    try:
        yield
        done = True
    finally:
        with connection.cursor() as cursor:
            if done:
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
                    "SELECT id, search_text FROM liaison_opinion WHERE id > %s ORDER BY id",
                    [before],
                )
            cursor.execute(row[0])


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


def search_ids(
    qs: QuerySet[Opinion], terms: Sequence[str], *, any_term: bool = False, limit: int = 50, offset: int = 0
) -> list[int]:
    """Ids of the opinions of ``qs`` matching ``terms`` (see :func:`match`), newest first.

    Args:
        limit: at most this many ids.
        offset: skip this many of the newest matches first (paging).
    """
    if not terms:
        return []
    return list(
        qs.alias(_fts=match(terms, any_term=any_term))
        .filter(_fts=True)
        .order_by("-received_at", "-id")
        .values_list("pk", flat=True)[offset : offset + limit]
    )


@contextmanager
def _bitmap_scans_only() -> Iterator[None]:
    """PostgreSQL: plan the statements of the block without plain index scans (bitmap scans only).

    The planner costs a bitmap heap scan as if a congress's rows lay anywhere in the table, so for a
    common word it prefers walking all the congress's opinions on the congress_id btree (50,000 rows,
    ~25 ms at provincial scale) to the (congress_id, search_vector) GIN index of migration 0018, which
    finds the 8,700 matches directly (~7 ms). Set transaction-locally (``set_config(..., true)``) in a
    (nested) transaction and set back after the block, so nothing else in the request is planned
    differently; an error rolls the savepoint, and the setting with it, back.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_indexscan'), set_config('enable_indexscan', 'off', true)")
        before = cursor.fetchone()[0]
        yield  # an error rolls the savepoint back, and the setting with it
        cursor.execute("SELECT set_config('enable_indexscan', %s, true)", [before])


def ranked_ids(
    qs: QuerySet[Opinion],
    terms: Sequence[str],
    *,
    limit: int = 50,
    offset: int = 0,
    congress_wide: bool = False,
) -> list[int]:
    """Ids of the opinions of ``qs`` containing every one of ``terms``, most relevant first (ties: newest).

    Relevance is the index's own: BM25 on SQLite (FTS5 ``bm25()``, smaller is better), ``ts_rank`` on
    PostgreSQL. On SQLite the ranked matches are joined to ``qs``'s ids in one statement (a per-row
    ``bm25()`` subquery costs ~0.3 ms a match: seconds for a common word over 100,000 opinions).

    Args:
        qs: the opinions the viewer may see. terms: words from ``intelligence.query_terms`` (may be empty).
        limit, offset: one page of the ranked matches.
        congress_wide: ``qs`` is a congress's opinions (``congress_id`` compared as bigint, as
            ``selectors.opinion_visible`` does) with no narrower condition: on PostgreSQL the matches
            are then read from the (congress_id, search_vector) GIN index; the result is the same.
    """
    if not terms:
        return []
    if connection.vendor == "postgresql":
        rank = RawSQL(
            "ts_rank(liaison_opinion.search_vector, to_tsquery('simple'::regconfig, %s))",
            [_tsquery(terms, any_term=False)],
            output_field=FloatField(),
        )
        ranked = qs.alias(_fts=match(terms)).filter(_fts=True).annotate(_rank=rank)
        ids = ranked.order_by("-_rank", "-received_at", "-id").values_list("pk", flat=True)[offset : offset + limit]
        if not congress_wide:
            return list(ids)
        with _bitmap_scans_only():
            return list(ids)
    try:
        visible_sql, visible_params = qs.values("pk").query.sql_with_params()
    except EmptyResultSet:  # the viewer sees no opinion at all
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.rid FROM (SELECT rowid AS rid, bm25({FTS_TABLE}) AS rk FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s) AS f JOIN liaison_opinion o ON o.id = f.rid "
            f"WHERE f.rid IN ({visible_sql}) ORDER BY f.rk, o.received_at DESC, o.id DESC LIMIT %s OFFSET %s",
            [_fts5_query(terms, any_term=False), *visible_params, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def related_ids(qs: QuerySet[Opinion], words: Sequence[str], *, limit: int = 50) -> list[int]:
    """Candidate ids of opinions related to one described by ``words`` (its characteristic words, most
    telling first — ``intelligence.characteristic_words``), for near-duplicate and similarity scoring.

    Three searches, newest first each: the opinions containing *all* of the first three words (an
    exact or near copy always does, however old it is), those containing *any* of the first three
    (mostly title words: 半山壹号 also finds 半山一号), then those containing any of the words. The last
    alone is not enough: common words (小区, 业主, 老百姓) fill its ``limit`` with recent unrelated
    opinions, and an older related one is never compared.

    Returns:
        At most ``3 × limit`` distinct ids, in the order above.
    """
    if not words:
        return []
    ids: list[int] = []
    seen: set[int] = set()
    for terms, any_term in ((words[:3], False), (words[:3], True), (words, True)):
        for i in search_ids(qs, terms, any_term=any_term, limit=limit):
            if i not in seen:
                seen.add(i)
                ids.append(i)
    return ids
