"""The issued list's search column and indexes (docs/outgoing.md, "The issued list").

``search_text`` is filled here for documents issued before (the issuing service writes it from now on). It is not
part of the content checksum, so the UPDATE passes the ``outgoing_content_frozen`` CHECK unchanged; the historical
model has a plain manager, so the application's refusal to update frozen rows does not apply to this migration."""

import django.contrib.postgres.indexes
import django.db.models.functions.comparison
from django.db import migrations, models

from apps.outgoing.search import outgoing_search_text

BATCH = 2000


def fill_search_text(apps, schema_editor) -> None:
    OutgoingDocument = apps.get_model("outgoing", "OutgoingDocument")
    rows = OutgoingDocument.objects.only("number", "notation", "subject", "recipients_text").order_by("pk")
    batch = []
    for document in rows.iterator(BATCH):
        document.search_text = outgoing_search_text(
            number=document.number,
            notation=document.notation,
            subject=document.subject,
            recipients_text=document.recipients_text,
        )
        batch.append(document)
        if len(batch) == BATCH:
            OutgoingDocument.objects.bulk_update(batch, ["search_text"])
            batch = []
    OutgoingDocument.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("outgoing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingdocument",
            name="search_text",
            field=models.TextField(blank=True, db_default="", default="", editable=False, verbose_name="search text"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        # Replaced by outgoing_issued_order, which serves the date filters too.
        migrations.RemoveIndex(
            model_name="outgoingdocument",
            name="outgoing_issued_at",
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(
                models.OrderBy(models.F("issued_date"), descending=True),
                models.OrderBy(models.F("issued_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="outgoing_issued_order",
            ),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(
                models.OrderBy(models.F("year"), descending=True),
                models.OrderBy(models.F("number"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="outgoing_number_order",
            ),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(
                django.db.models.functions.comparison.Collate(models.F("subject"), "vi-x-icu"),
                models.F("id"),
                name="outgoing_subject_order",
            ),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(fields=["urgency"], name="outgoing_urgency"),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(fields=["secrecy"], name="outgoing_secrecy"),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(
                models.OrderBy(models.F("issued_date"), descending=True),
                models.OrderBy(models.F("issued_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("recalled_at__isnull", False)),
                name="outgoing_recalled",
            ),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass("search_text", name="gin_trgm_ops"), name="outgoing_search_trgm"
            ),
        ),
    ]
