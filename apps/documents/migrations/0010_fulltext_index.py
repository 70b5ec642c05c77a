"""The full-text index of incoming documents (documents.fulltext.index_operations): two columns added without a
rewrite, a statistics target, the GIN index built CONCURRENTLY on a roll-out."""

from django.db import migrations

from apps.documents.fulltext import index_operations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("documents", "0009_pending_registrations")]

    operations = index_operations("documents.incomingdocument", "incoming_fulltext")
