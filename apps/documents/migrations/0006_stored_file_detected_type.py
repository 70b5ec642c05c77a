from django.db import migrations, models


class Migration(migrations.Migration):
    """The type read from a file's bytes. A constant database default: PostgreSQL records it in the catalogue
    without rewriting the table, so adding the column is instant on a million-row table. Existing files ("",
    "not yet detected") are detected on first serving and are never shown inline before that."""

    dependencies = [
        ("documents", "0005_recipient_arrays"),
    ]

    operations = [
        migrations.AddField(
            model_name="storedfile",
            name="detected_type",
            field=models.CharField(blank=True, db_default="", default="", max_length=100, verbose_name="detected type"),
        ),
    ]
