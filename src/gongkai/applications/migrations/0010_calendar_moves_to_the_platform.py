"""The working-day calendar now belongs to the platform (gongkai.core, migration 0001): it leaves
this app's state only; its table and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_registration_counter_and_form_token"),
        ("core", "0001_calendar_year"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CalendarYear")],
            database_operations=[],
        ),
    ]
