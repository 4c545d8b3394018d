# The public results page's version row (issue 17 item 3): the page's rows are cached per process
# under its token, which every publication replaces (services.public_results_changed). The row is
# made by the first reader or writer (selectors.public_results_cached), not here: a row made by the
# migration would come back with the same token after every rolled-back test transaction.

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0006_public_results_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicResultsVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.UUIDField(default=uuid.uuid4, verbose_name="版本标识")),
            ],
            options={
                "verbose_name": "公开表决结果版本",
                "verbose_name_plural": "公开表决结果版本",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("id", 1)), name="publicresultsversion_single_row")
                ],
            },
        ),
    ]
