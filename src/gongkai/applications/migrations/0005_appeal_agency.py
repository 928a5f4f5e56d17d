"""Appeals carry a copy of their case's agency (table 四 reads one agency's appeals without a join)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_agency(apps, schema_editor):  # type: ignore[no-untyped-def]
    Appeal = apps.get_model("applications", "Appeal")
    for appeal in Appeal.objects.select_related("application"):
        appeal.agency_id = appeal.application.agency_id
        appeal.save(update_fields=["agency"])


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("applications", "0004_covering_index_for_the_report"),
    ]

    operations = [
        migrations.AddField(
            model_name="appeal",
            name="agency",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appeals",
                to="agencies.agency",
            ),
        ),
        migrations.RunPython(copy_agency, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="appeal",
            name="agency",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appeals",
                to="agencies.agency",
            ),
        ),
        migrations.RemoveIndex(model_name="appeal", name="application_kind_1c8f2b_idx"),
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(fields=["agency", "filed_on"], name="application_agency_appeal_idx"),
        ),
    ]
