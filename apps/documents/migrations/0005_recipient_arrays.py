import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

# Documents registered before this migration get the copies of their recipients (the services keep them from now
# on). One statement per column, in the agency's schema (django-tenants sets the search path).
FILL = """
UPDATE documents_incomingdocument d SET
    recipient_unit_ids = ARRAY(
        SELECT r.unit_id FROM documents_incomingrecipient r
        WHERE r.document_id = d.id AND r.unit_id IS NOT NULL ORDER BY r.unit_id
    ),
    recipient_user_ids = ARRAY(
        SELECT r.user_id FROM documents_incomingrecipient r
        WHERE r.document_id = d.id AND r.user_id IS NOT NULL ORDER BY r.user_id
    )
WHERE d.id IN (SELECT document_id FROM documents_incomingrecipient)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_database_defaults"),
    ]

    operations = [
        migrations.AddField(
            model_name="incomingdocument",
            name="recipient_unit_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(),
                blank=True,
                db_default=[],
                default=list,
                editable=False,
                size=None,
                verbose_name="recipient units",
            ),
        ),
        migrations.AddField(
            model_name="incomingdocument",
            name="recipient_user_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(),
                blank=True,
                db_default=[],
                default=list,
                editable=False,
                size=None,
                verbose_name="recipient people",
            ),
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["recipient_unit_ids"], name="incoming_recipient_units"
            ),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["recipient_user_ids"], name="incoming_recipient_users"
            ),
        ),
    ]
