"""The full-text index of issued documents (documents.fulltext), as documents' 0008 adds it to incoming ones: two
columns without a rewrite, a statistics target, the GIN index built CONCURRENTLY on a roll-out. Outside the
content checksum: the frozen content is untouched. Existing documents are indexed by ``manage.py index_fulltext``."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from tenants.migration_ops import add_index_concurrently

FULLTEXT = django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="outgoing_fulltext")
STATISTICS = "ALTER TABLE outgoing_outgoingdocument ALTER COLUMN search_vector SET STATISTICS {}"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("outgoing", "0005_content_reviewer_and_abandoned_drafts")]

    operations = [
        migrations.AddField(
            model_name="outgoingdocument",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True, verbose_name="full-text index"
            ),
        ),
        migrations.AddField(
            model_name="outgoingdocument",
            name="fulltext",
            field=models.TextField(
                blank=True, db_default="", default="", editable=False, verbose_name="text of the files"
            ),
        ),
        migrations.RunSQL(STATISTICS.format(1000), STATISTICS.format(-1)),
        add_index_concurrently("outgoing.outgoingdocument", FULLTEXT),
    ]
