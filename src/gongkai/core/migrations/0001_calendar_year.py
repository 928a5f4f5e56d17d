"""The working-day calendar moves from the applications app to the platform: in Django's state
only. The table stays where it is (applications_calendaryear) with every row in it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("applications", "0009_registration_counter_and_form_token"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarYear",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("year", models.PositiveIntegerField(unique=True, verbose_name="年度")),
                        (
                            "holidays",
                            models.JSONField(
                                blank=True,
                                default=dict,
                                help_text='{"2027-01-01": "元旦", …}',
                                verbose_name="法定节假日",
                            ),
                        ),
                        (
                            "workdays",
                            models.JSONField(
                                blank=True,
                                default=dict,
                                help_text='{"2027-02-07": "春节调休", …}',
                                verbose_name="调休上班日",
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                blank=True,
                                help_text="如：国务院办公厅关于2027年部分节假日安排的通知",
                                max_length=200,
                                verbose_name="依据",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "verbose_name": "节假日安排",
                        "verbose_name_plural": "节假日安排",
                        "ordering": ["year"],
                        "db_table": "applications_calendaryear",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
