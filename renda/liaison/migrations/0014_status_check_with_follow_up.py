"""The status CHECK constraint (issue 12 item 8) admits ``follow_up`` (回访复核, 0013). On SQLite the
constraint change rebuilds ``liaison_opinion``, which drops the full-text index's triggers; they are
created again here (as in 0008, 0011, 0012 and 0013)."""

import importlib

from django.db import migrations, models

recreate_fts_triggers = importlib.import_module("renda.liaison.migrations.0013_opinion_follow_up").recreate_fts_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("liaison", "0013_opinion_follow_up"),
        ("organization", "0006_role_check_with_security_admin"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="opinion", name="liaison_opinion_status_in"),
        migrations.AddConstraint(
            model_name="opinion",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["received", "triaged", "routed", "answered", "closed", "follow_up"])),
                name="liaison_opinion_status_in",
            ),
        ),
        migrations.RunPython(recreate_fts_triggers, migrations.RunPython.noop),
    ]
