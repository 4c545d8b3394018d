# The suggestions list's index covers what its total and its search read (status, entered_by,
# lead_deputy, number, title): the congress's 5,000 proposals are counted from the index, not from
# their wide rows (issue 17 item 3). After it, on a large database: VACUUM (ANALYZE) proposals_proposal.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("proposals", "0012_reply_public_published_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="proposal", name="proposal_congress_serial_idx"),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=["congress", "serial", "id"],
                include=("status", "entered_by", "lead_deputy", "number", "title"),
                name="proposal_congress_serial_idx",
            ),
        ),
    ]
