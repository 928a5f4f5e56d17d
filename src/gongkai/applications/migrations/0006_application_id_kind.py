"""Applications record the kind of identity document given; existing ones are 居民身份证, or
统一社会信用代码 for an organisation."""

from django.db import migrations, models


def organisations_gave_credit_codes(apps, schema_editor):  # type: ignore[no-untyped-def]
    Application = apps.get_model("applications", "Application")
    Application.objects.exclude(applicant_kind="natural_person").update(id_kind="credit_code")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_appeal_agency"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="id_kind",
            field=models.CharField(
                choices=[
                    ("resident_id", "居民身份证"),
                    ("hmt_residence_permit", "港澳台居民居住证"),
                    ("hk_macao_permit", "港澳居民来往内地通行证"),
                    ("taiwan_permit", "台湾居民来往大陆通行证"),
                    ("foreign_permanent_resident", "外国人永久居留身份证"),
                    ("passport", "护照"),
                    ("credit_code", "统一社会信用代码"),
                ],
                default="resident_id",
                max_length=30,
                verbose_name="证件类型",
            ),
        ),
        migrations.RunPython(organisations_gave_credit_codes, migrations.RunPython.noop),
    ]
