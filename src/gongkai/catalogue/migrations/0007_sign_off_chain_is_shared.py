# The chain and its steps subclass agencies.SignOffChain/SignOffChainStep: only the state changes (no SQL).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0004_disclosure_guide'),
        ('catalogue', '0006_event_is_an_audit_event'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reviewchain',
            name='agency',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_chain', to='agencies.agency'),
        ),
        migrations.AlterField(
            model_name='signoffstep',
            name='role',
            field=models.CharField(choices=[('clerk', '经办人'), ('office_head', '公开办负责人'), ('deputy_leader', '分管领导'), ('principal_leader', '主要领导')], max_length=20, verbose_name='签署人角色'),
        ),
    ]
