"""Re-index opinions whose phone or ID numbers are written with separators, a prefix or full-width digits.

``redact_text`` now also masks ``138-1234-5678``, ``138 1234 5678``, ``+8613812345678`` and
``１３８…`` (found by QA in the real data: 留言编号 263515 had ``189 7318 7780`` in its index). Rows
whose title or text holds 7 digits with separators allowed between them are re-indexed exactly as
migration 0006 did (same function).
"""

import importlib

from django.db import migrations

_SEPARATED_DIGITS = "[0-9０-９]([- \t\n.－．\u3000]?[0-9０-９]){6}"


def redact_index(apps, schema_editor):
    importlib.import_module("renda.liaison.migrations.0006_redact_search_index").reindex_redacted(
        apps, _SEPARATED_DIGITS
    )


class Migration(migrations.Migration):
    dependencies = [("liaison", "0006_redact_search_index")]

    operations = [migrations.RunPython(redact_index, migrations.RunPython.noop)]
