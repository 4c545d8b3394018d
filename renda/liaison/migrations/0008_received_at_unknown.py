"""``Opinion.received_at_unknown``: the import file had no 留言时间 (the import time stands in for it).

Such opinions are left out of hot-topic ranking: before this, a file of old messages without times
(85% of ``messages_labeled.csv``) ranked as today's hot topics.

On SQLite, adding a NOT NULL column rebuilds the table (Django's "remake"), which drops the table's
triggers; the full-text index's triggers (migration 0002) are created again here. The FTS5 rows keep
their rowids (the rebuilt table keeps the ids), so the index stays consistent.
"""

import importlib

from django.db import migrations, models


def recreate_fts_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    index = importlib.import_module("renda.liaison.migrations.0002_search_index")
    with schema_editor.connection.cursor() as cursor:
        for sql in index.SQLITE_FORWARD:
            if sql.startswith("CREATE TRIGGER"):
                name = sql.split()[2]
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("liaison", "0007_redact_separated_numbers")]

    operations = [
        migrations.AddField(
            model_name="opinion",
            name="received_at_unknown",
            field=models.BooleanField(
                default=False,
                help_text="导入文件没有留言时间：反映时间按导入时间记录，不计入热点统计",
                verbose_name="反映时间不详",
            ),
        ),
        migrations.RunPython(recreate_fts_triggers, migrations.RunPython.noop),
    ]
