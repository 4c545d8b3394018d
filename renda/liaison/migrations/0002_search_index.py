"""Full-text search over ``Opinion.search_text`` (segmented words separated by spaces), per vendor.

SQLite: an FTS5 external-content table kept in step by triggers. PostgreSQL: a stored generated
column ``search_vector = to_tsvector('simple', search_text)`` (unknown to the Django model, filled by
the database) with a GIN index; stored so that rechecks never re-parse the text; its statistics
target raised so the planner knows which words are rare. ``renda.liaison.search`` queries whichever exists.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE liaison_opinion_fts USING fts5("
    "search_text, content='liaison_opinion', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER liaison_opinion_fts_ai AFTER INSERT ON liaison_opinion BEGIN "
    "INSERT INTO liaison_opinion_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER liaison_opinion_fts_ad AFTER DELETE ON liaison_opinion BEGIN "
    "INSERT INTO liaison_opinion_fts(liaison_opinion_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER liaison_opinion_fts_au AFTER UPDATE OF search_text ON liaison_opinion BEGIN "
    "INSERT INTO liaison_opinion_fts(liaison_opinion_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO liaison_opinion_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS liaison_opinion_fts_au",
    "DROP TRIGGER IF EXISTS liaison_opinion_fts_ad",
    "DROP TRIGGER IF EXISTS liaison_opinion_fts_ai",
    "DROP TABLE IF EXISTS liaison_opinion_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE liaison_opinion ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX liaison_opinion_search_gin ON liaison_opinion USING gin (search_vector)",
    # Word statistics for the planner: with the default target, rare words are estimated at ~0.5% of
    # the rows and PostgreSQL walks the received_at index instead of the GIN index (seconds at 1M rows).
    "ALTER TABLE liaison_opinion ALTER COLUMN search_vector SET STATISTICS 10000",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS liaison_opinion_search_gin",
    "ALTER TABLE liaison_opinion DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("liaison", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
