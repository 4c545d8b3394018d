# The public replies page in publication order (S21; issue 17 item 3): its first page starts at the
# replies public today in this index instead of walking the newest replies not yet public.
# After it, on a large database: VACUUM (ANALYZE) proposals_reply (the index-only scan reads the
# visibility map).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("proposals", "0011_public_masked_text"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="reply",
            index=models.Index(
                fields=["-publish_on", "-replied_on", "-id"], include=("assignment",), name="reply_public_published_idx"
            ),
        ),
    ]
