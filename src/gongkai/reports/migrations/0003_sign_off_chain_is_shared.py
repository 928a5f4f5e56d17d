# The chain and its steps subclass agencies.SignOffChain/SignOffChainStep: only the state changes (no SQL).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0004_disclosure_guide'),
        ('reports', '0002_explanations_under_one_finding_key'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reportchain',
            name='agency',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_chain', to='agencies.agency'),
        ),
    ]
