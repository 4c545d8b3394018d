"""The PostgreSQL trigger function behind every event table's append-only trigger."""

from typing import Any

from django.db import migrations

from renda.core.audit import TRIGGER_FUNCTION
from renda.core.migration_ops import FUNCTION_SQL


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION_SQL, params=None)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER_FUNCTION}() CASCADE")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
