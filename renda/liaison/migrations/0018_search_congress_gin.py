"""PostgreSQL: a GIN index on (congress_id, search_vector) for ranking a common word within one congress.

``ts_rank`` must see every match, and the congress's matches were found by walking all its opinions on
the congress_id btree (50,000 rows at provincial scale, ~25 ms for 停车); the composite index (btree_gin
for the congress column, a trusted extension since PostgreSQL 13, so the database owner may create it)
gives the 8,700 matching rows directly (~7 ms). ``renda.liaison.search.ranked_ids`` asks for it. SQLite:
nothing (FTS5 answers there).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX opinion_congress_search_gin ON liaison_opinion USING gin (congress_id, search_vector)",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS opinion_congress_search_gin"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("liaison", "0017_list_order_indexes")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
