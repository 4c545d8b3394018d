"""Opinion foreign keys without an index of their own where another index serves them (issue 17:
each index cost every imported opinion 1.5–2.5 µs of SQLite CPU; measured in docs/benchmarks/liaison.md).

``congress``, ``station`` and ``unit`` lead the composite indexes ``opinion_status_idx`` (and four
others), ``opinion_station_idx`` and ``opinion_unit_idx``: their single-column indexes are dropped.
``reception``, ``topic`` (人工分类), ``duplicate_group`` and ``suggestion`` are empty on most rows: their
indexes become partial (``… IS NOT NULL``), which serve every ``= value`` look-up, join and the
foreign-key checks (both SQLite and PostgreSQL prove ``col = x`` implies ``col IS NOT NULL``).

The field changes are state only: on SQLite Django would rebuild ``liaison_opinion`` once per field
(dropping the full-text index's triggers each time, see 0013); the indexes are dropped by their
generated names instead, the same on both databases.
"""

import django.db.models.deletion
from django.db import migrations, models

FK_COLUMNS = ("congress_id", "station_id", "unit_id", "reception_id", "topic_id", "duplicate_group_id", "suggestion_id")


def _names(schema_editor):
    return [schema_editor._create_index_name("liaison_opinion", [column]) for column in FK_COLUMNS]


def drop_fk_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for name in _names(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")


def create_fk_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for name, column in zip(_names(schema_editor), FK_COLUMNS, strict=True):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {quote(name)} ON liaison_opinion ({quote(column)})")


class Migration(migrations.Migration):
    dependencies = [
        ("liaison", "0018_search_congress_gin"),
        ("organization", "0007_liaison_station_history"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="opinion",
                    name="congress",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organization.congress",
                        verbose_name="人民代表大会",
                    ),
                ),
                migrations.AlterField(
                    model_name="opinion",
                    name="duplicate_group",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="opinions",
                        to="liaison.duplicategroup",
                        verbose_name="相似意见组",
                    ),
                ),
                migrations.AlterField(
                    model_name="opinion",
                    name="reception",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="opinions",
                        to="liaison.reception",
                        verbose_name="接待活动",
                    ),
                ),
                migrations.AlterField(
                    model_name="opinion",
                    name="station",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="opinions",
                        to="organization.liaisonstation",
                        verbose_name="联络站",
                    ),
                ),
                migrations.AlterField(
                    model_name="opinion",
                    name="suggestion",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="opinions",
                        to="liaison.suggestionlink",
                        verbose_name="转为代表建议",
                    ),
                ),
                migrations.AlterField(
                    model_name="opinion",
                    name="topic",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="liaison.topic",
                        verbose_name="人工分类",
                    ),
                ),
                migrations.AlterField(
                    model_name="opinion",
                    name="unit",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organization.handlingunit",
                        verbose_name="承办单位",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_fk_indexes, create_fk_indexes)],
        ),
        migrations.AddIndex(
            model_name="opinion",
            index=models.Index(
                condition=models.Q(("reception__isnull", False)), fields=["reception"], name="opinion_reception_set_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="opinion",
            index=models.Index(
                condition=models.Q(("topic__isnull", False)), fields=["topic"], name="opinion_topic_set_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="opinion",
            index=models.Index(
                condition=models.Q(("duplicate_group__isnull", False)),
                fields=["duplicate_group"],
                name="opinion_group_set_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="opinion",
            index=models.Index(
                condition=models.Q(("suggestion__isnull", False)),
                fields=["suggestion"],
                name="opinion_suggestion_set_idx",
            ),
        ),
    ]
