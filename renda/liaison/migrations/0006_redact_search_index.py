"""Re-index opinions with phone and ID numbers masked (个人信息保护法 第28条).

Earlier rows indexed the raw text, so searching for a citizen's phone number confirmed it. Only rows
whose title or text holds a run of 7+ digits can differ; their ``search_text`` is rebuilt from the
redacted text exactly as ``services.opinion_record`` does now. The triggers (SQLite) and the
generated column (PostgreSQL) follow ``search_text`` automatically.
"""

from django.db import migrations
from django.db.models import Q

from renda.core.privacy import redact_text

_DIGITS = r"[0-9]{7,}"


def redact_index(apps, schema_editor):
    reindex_redacted(apps, _DIGITS)


def reindex_redacted(apps, pattern: str) -> None:
    """Rebuild ``search_text`` from the redacted text for opinions whose title or text matches ``pattern``."""
    from renda.liaison import intelligence

    Opinion = apps.get_model("liaison", "Opinion")
    rows = Opinion.objects.filter(Q(title__regex=pattern) | Q(text__regex=pattern)).only(
        "pk", "title", "text", "search_text"
    )
    batch = []
    for op in rows.iterator(chunk_size=2000):
        indexed = intelligence.segment_for_index(redact_text(intelligence.clean(f"{op.title}\n{op.text}")))
        if indexed != op.search_text:
            op.search_text = indexed
            batch.append(op)
        if len(batch) >= 1000:
            Opinion.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Opinion.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("liaison", "0005_suggestion_link_to_proposal")]

    operations = [migrations.RunPython(redact_index, migrations.RunPython.noop)]
