"""Assignment.congress: the proposal's congress copied onto each assignment (issue 17 item 3: the
overdue board aggregates one congress's open assignments from ``assignment_congress_open_idx``
instead of joining every proposal). Added nullable, filled from the proposals (the history rows
too), then made NOT NULL."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    congress_of = Subquery(Proposal.objects.filter(pk=OuterRef("proposal_id")).values("congress_id")[:1])
    for name in ("Assignment", "HistoricalAssignment"):
        apps.get_model("proposals", name).objects.filter(congress__isnull=True).update(congress_id=congress_of)
    if schema_editor.connection.vendor == "postgresql":  # the deferred FK checks now, before ALTER TABLE
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0007_liaison_station_history'),
        ('proposals', '0009_public_and_board_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='assignment',
            name='congress',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organization.congress', verbose_name='人民代表大会'),
        ),
        migrations.AddField(
            model_name='historicalassignment',
            name='congress',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.congress', verbose_name='人民代表大会'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='assignment',
            name='congress',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organization.congress', verbose_name='人民代表大会'),
        ),
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(condition=models.Q(('status__in', ['assigned', 'reassign_requested', 'received', 'rehandling'])), fields=['congress', 'due_date', 'id'], include=('unit',), name='assignment_congress_open_idx'),
        ),
    ]
