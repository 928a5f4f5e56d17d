"""Throttling counts in a table of their own, counted with one atomic statement (gongkai.core.throttle)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_calendar_year'),
    ]

    operations = [
        migrations.CreateModel(
            name='ThrottleCount',
            fields=[
                ('key', models.CharField(max_length=100, primary_key=True, serialize=False)),
                ('count', models.IntegerField(default=0)),
                ('expires_at', models.DateTimeField(db_index=True)),
            ],
            options={
                'verbose_name': '限流计数',
                'verbose_name_plural': '限流计数',
            },
        ),
    ]
