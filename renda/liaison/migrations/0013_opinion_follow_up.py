"""Follow-up of a low-rated opinion (issue 13 item 4): status ``follow_up`` (回访复核) and
``Opinion.closing_note`` (办结说明). On SQLite adding the NOT NULL ``closing_note`` column rebuilds
``liaison_opinion``, which drops the full-text index's triggers; they are created again here (as in
migrations 0008 and 0011).
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
    dependencies = [
        ('liaison', '0012_field_check_constraints'),
    ]

    operations = [
        migrations.AddField(
            model_name="opinion",
            name="closing_note",
            field=models.TextField(
                blank=True,
                help_text="回访复核后不再交办时，工作人员写给群众的说明（群众在查询页可见）",
                verbose_name="办结说明",
            ),
        ),
        migrations.AlterField(
            model_name="opinion",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "已接收"),
                    ("triaged", "已分类"),
                    ("routed", "已转办"),
                    ("answered", "已答复"),
                    ("closed", "已办结"),
                    ("follow_up", "回访复核"),
                ],
                default="received",
                max_length=16,
                verbose_name="状态",
            ),
        ),
        migrations.RunPython(recreate_fts_triggers, migrations.RunPython.noop),
    ]
