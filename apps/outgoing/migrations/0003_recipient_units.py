import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

# Documents issued before this migration get the units they were sent to, from their drafts' recipients (the issuing
# service writes them from now on). The content's CHECK holds: the column is outside the checksum.
FILL = """
UPDATE outgoing_outgoingdocument d SET recipient_unit_ids = ARRAY(
    SELECT r.unit_id FROM outgoing_outgoingrecipient r
    WHERE r.draft_id = d.draft_id AND r.unit_id IS NOT NULL ORDER BY r.unit_id
)
WHERE d.draft_id IN (SELECT draft_id FROM outgoing_outgoingrecipient WHERE unit_id IS NOT NULL)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("outgoing", "0002_search_and_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingdocument",
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
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["recipient_unit_ids"], name="outgoing_recipient_units"
            ),
        ),
    ]
