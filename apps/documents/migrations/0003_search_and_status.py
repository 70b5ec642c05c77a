import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models

from apps.documents.search import incoming_search_text, issuer_key


def fill_search_keys(apps, schema_editor):
    """Documents registered before this migration get their search keys (the service keeps them from now on)."""
    IncomingDocument = apps.get_model("documents", "IncomingDocument")
    batch = []
    for document in IncomingDocument.objects.only("number", "notation", "subject", "issuer_name").iterator(2000):
        document.search_text = incoming_search_text(document)
        document.issuer_key = issuer_key(document.issuer_name)
        batch.append(document)
        if len(batch) == 2000:
            IncomingDocument.objects.bulk_update(batch, ["search_text", "issuer_key"])
            batch = []
    IncomingDocument.objects.bulk_update(batch, ["search_text", "issuer_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_duplicate_lookup_index"),
        ("registers", "0003_document_type_abbreviation_validator"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="incomingdocument",
            options={
                "ordering": ["-arrival_date", "-arrival_number", "-id"],
                "verbose_name": "incoming document",
                "verbose_name_plural": "incoming documents",
            },
        ),
        migrations.RemoveIndex(
            model_name="incomingdocument",
            name="incoming_arrival_date",
        ),
        migrations.AddField(
            model_name="incomingdocument",
            name="issuer_key",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=200, verbose_name="issuer search key"
            ),
        ),
        migrations.AddField(
            model_name="incomingdocument",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search text"),
        ),
        migrations.AddField(
            model_name="incomingdocument",
            name="status",
            field=models.CharField(
                choices=[
                    ("registered", "Registered"),
                    ("assigned", "Assigned"),
                    ("in_progress", "In progress"),
                    ("done", "Done"),
                ],
                default="registered",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(
                models.OrderBy(models.F("arrival_date"), descending=True),
                models.OrderBy(models.F("arrival_number"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="incoming_arrival_order",
            ),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(
                models.OrderBy(models.F("issued_date"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="incoming_issued_order",
            ),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(fields=["issuer_key", "id"], name="incoming_issuer_order"),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(fields=["due_on", "id"], name="incoming_due_order"),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(
                models.F("status"),
                models.OrderBy(models.F("arrival_date"), descending=True),
                models.OrderBy(models.F("arrival_number"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="incoming_status",
            ),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(fields=["urgency"], name="incoming_urgency"),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(fields=["secrecy"], name="incoming_secrecy"),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(
                condition=models.Q(("issuer_code", ""), _negated=True),
                fields=["issuer_code"],
                name="incoming_issuer_code",
            ),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass("search_text", name="gin_trgm_ops"), name="incoming_search_trgm"
            ),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass("issuer_key", name="gin_trgm_ops"), name="incoming_issuer_trgm"
            ),
        ),
        migrations.AddConstraint(
            model_name="incomingdocument",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__regex", "^(registered|assigned|in_progress|done)$")),
                name="incoming_status_valid",
            ),
        ),
    ]
