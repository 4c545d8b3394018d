"""The masked public copies of a suggestion's title and body and of a reply's text (S21; issue 17
item 3: the public replies page masked 60 texts on every request). Added empty, filled for the rows
already there with the same function every write uses (``publication.fill_public``), in keyset
batches of 1,000 rows (100,000 suggestions of ~1.6 KB never held at once), then CHECKed: each copy
as long as its original (masking keeps a text's length), so a write that skips the filling fails."""

import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

from renda.proposals.publication import PUBLIC_FIELDS, fill_public

BATCH = 1000


def fill(apps, schema_editor):
    for label in ("proposals.Proposal", "proposals.Reply"):
        model = apps.get_model(label)
        pairs = PUBLIC_FIELDS[label]
        originals, copies = [s for s, _ in pairs], [d for _, d in pairs]
        last = 0
        while True:
            batch = list(model.objects.filter(pk__gt=last).order_by("pk").only("pk", *originals)[:BATCH])
            if not batch:
                break
            for row in batch:
                fill_public(row)
            model.objects.bulk_update(batch, copies)
            last = batch[-1].pk
    if schema_editor.connection.vendor == "postgresql":  # any deferred checks now, before ALTER TABLE
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0007_liaison_station_history'),
        ('proposals', '0010_assignment_congress'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='proposal',
            name='public_body',
            field=models.TextField(blank=True, editable=False, verbose_name='公开内容'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='public_title',
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name='公开标题'),
        ),
        migrations.AddField(
            model_name='reply',
            name='public_text',
            field=models.TextField(blank=True, editable=False, verbose_name='公开答复内容'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.Exact(django.db.models.functions.text.Length('public_title'), django.db.models.functions.text.Length('title')), name='proposal_public_title_filled'),
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.Exact(django.db.models.functions.text.Length('public_body'), django.db.models.functions.text.Length('body')), name='proposal_public_body_filled'),
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=models.Q(('public_title__length__lte', 200)), name='proposals_proposal_public_title_len'),
        ),
        migrations.AddConstraint(
            model_name='reply',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.Exact(django.db.models.functions.text.Length('public_text'), django.db.models.functions.text.Length('text')), name='reply_public_text_filled'),
        ),
    ]
