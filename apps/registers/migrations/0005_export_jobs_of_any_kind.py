# Export jobs of any kind (registers.export_kinds): direction's reports use the registers' job machinery.
# Safe on any size: the new columns have constant defaults (no table rewrite on PostgreSQL 11+), dropping NOT NULL
# is a catalogue change, and the check holds for every existing row (they are all register printouts).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registers", "0004_export_jobs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="exportjob",
            name="kind",
            field=models.CharField(default="register", max_length=40, verbose_name="kind"),
        ),
        migrations.AddField(
            model_name="exportjob",
            name="title",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="exportjob",
            name="register",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registers.register",
                verbose_name="register",
            ),
        ),
        migrations.AddConstraint(
            model_name="exportjob",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "register"), _negated=True), ("register__isnull", False), _connector="OR"
                ),
                name="exportjob_register_printout_names_it",
            ),
        ),
    ]
