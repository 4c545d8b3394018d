"""PostgreSQL: ``search_vector``'s statistics target 10,000 → 1,000 (issue 17, opinion search page).

The planner reads the column's most-common-elements array at every plan of a full-text query; at
10,000 (migration 0002) that array is ~366 KB and planning the ranked search took ~3 ms of a ~45 ms
page at 1,000,000 opinions (``EXPLAIN (SUMMARY)``: median 2.9–3.0 ms → 0.35–0.43 ms at 1,000).
1,000 still keeps rare words' estimates low enough for the GIN index to be chosen (the reason for
raising the default of 100 in 0002): ``bench/liaison_search.py`` over 1,000,000 opinions measured
relevance median 29.6 → 25.7 ms and newest-first median 14.2 → 11.3 ms (p90/p99 unchanged within
noise). Takes effect at the next ANALYZE (autovacuum's, or the operator's). SQLite: nothing.
"""

from django.db import migrations


def _target(value: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE liaison_opinion ALTER COLUMN search_vector SET STATISTICS {value}")

    return run


class Migration(migrations.Migration):
    dependencies = [("liaison", "0019_opinion_fk_indexes")]

    operations = [migrations.RunPython(_target(1000), _target(10000))]
