"""PostgreSQL: keep ``search_vector`` in the table's own rows (``STORAGE MAIN``) instead of TOAST (issue 17,
opinion search page).

A search ranks every match with ``ts_rank(search_vector, …)``, so it reads the whole vector of each
matching opinion. With the default ``EXTENDED`` storage an opinion's row (text, search text, vector:
~4–6 KB before compression) is over PostgreSQL's 2 KB TOAST threshold and the vector, its largest
value, went out of line: each match cost a heap page plus a TOAST index look-up and its chunks
(停车 over 1,000,000 opinions, 1,899 matches in congress 1: 8,758 buffers). With ``MAIN`` the toaster
moves the text and the search text out first and keeps the compressed vector (~1.9 KB) in the row:
one heap page a match. Measured on that dataset: the ranked query 8.8 → 5.3 ms, the page 49% → 55% of
its bare view (``bench/pages.py``); on a 100,000-row copy, 小区 (7,988 matches) 70 → 23 ms. At
1,000,000 opinions the heap grows 1.4 → 2.7 GB and the TOAST table shrinks 2.9 → 2.0 GB.

Applies to rows written from now on. Existing rows keep their layout until rewritten: run
``VACUUM FULL liaison_opinion`` and then ``VACUUM ANALYZE liaison_opinion`` (VACUUM FULL leaves the
visibility map empty, and the list pages' index-only scans need it) in a maintenance window; nothing
is wrong meanwhile, only slower. SQLite: nothing (FTS5 keeps its own index).
"""

from django.db import migrations


def _storage(kind: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE liaison_opinion ALTER COLUMN search_vector SET STORAGE {kind}")

    return run


class Migration(migrations.Migration):
    dependencies = [("liaison", "0020_search_vector_statistics")]

    operations = [migrations.RunPython(_storage("MAIN"), _storage("EXTENDED"))]
