"""The full-text index of incoming documents (documents.fulltext): two columns added without a rewrite (no default
to write into a million rows: the vector is NULL until indexed, the text's default is a constant), the GIN index
built CONCURRENTLY on a roll-out (tenants.migration_ops), and a larger statistics target on the vector, so that the
planner knows how common a word or a pair of words is (whether walking the newest rows or the index finds a page
first). Existing documents are indexed by ``manage.py index_fulltext``."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from tenants.migration_ops import add_index_concurrently

FULLTEXT = django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="incoming_fulltext")
STATISTICS = "ALTER TABLE documents_incomingdocument ALTER COLUMN search_vector SET STATISTICS {}"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("documents", "0007_cancelled_registrations")]

    operations = [
        migrations.AddField(
            model_name="incomingdocument",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True, verbose_name="full-text index"
            ),
        ),
        migrations.AddField(
            model_name="incomingdocument",
            name="fulltext",
            field=models.TextField(
                blank=True, db_default="", default="", editable=False, verbose_name="text of the files"
            ),
        ),
        migrations.RunSQL(STATISTICS.format(1000), STATISTICS.format(-1)),
        add_index_concurrently("documents.incomingdocument", FULLTEXT),
    ]
