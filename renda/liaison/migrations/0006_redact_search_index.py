"""Mask phone and ID numbers in the stored search words (个人信息保护法 第28条).

Earlier rows indexed the raw text, so searching for a citizen's phone number confirmed it. The
triggers (SQLite) and the generated column (PostgreSQL) follow ``search_text`` automatically.
"""

from django.db import migrations

from renda.core.privacy import redact_text


def redact_index(apps, schema_editor):
    Opinion = apps.get_model("liaison", "Opinion")
    batch = []
    for op in Opinion.objects.filter(search_text__regex=r"[0-9]{7,}").only("pk", "search_text").iterator(2000):
        masked = redact_text(op.search_text)
        if masked != op.search_text:
            op.search_text = masked
            batch.append(op)
        if len(batch) >= 1000:
            Opinion.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Opinion.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("liaison", "0005_suggestion_link_to_proposal")]

    operations = [migrations.RunPython(redact_index, migrations.RunPython.noop)]
