from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_search_and_status"),
    ]

    operations = [
        migrations.AlterField(
            model_name="incomingdocument",
            name="issuer_key",
            field=models.CharField(
                blank=True, db_default="", default="", editable=False, max_length=200, verbose_name="issuer search key"
            ),
        ),
        migrations.AlterField(
            model_name="incomingdocument",
            name="search_text",
            field=models.TextField(blank=True, db_default="", default="", editable=False, verbose_name="search text"),
        ),
        migrations.AlterField(
            model_name="incomingdocument",
            name="status",
            field=models.CharField(
                choices=[
                    ("registered", "Registered"),
                    ("assigned", "Assigned"),
                    ("in_progress", "In progress"),
                    ("done", "Done"),
                ],
                db_default="registered",
                default="registered",
                max_length=20,
                verbose_name="status",
            ),
        ),
    ]
