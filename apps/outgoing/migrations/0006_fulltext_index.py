"""The full-text index of issued documents (documents.fulltext.index_operations), as documents' 0008 adds it to
incoming ones. Outside the content checksum: the frozen content is untouched."""

from django.db import migrations

from apps.documents.fulltext import index_operations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("outgoing", "0005_content_reviewer_and_abandoned_drafts")]

    operations = index_operations("outgoing.outgoingdocument", "outgoing_fulltext")
