"""An index of the unread notifications by what they are about (services.mark_done_about), built CONCURRENTLY
(reads and writes go on while it builds; partial, so it stays as small as the unread notifications)."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("notifications", "0002_outgoing_kinds"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("read_at__isnull", True)),
                fields=["object_type", "object_id"],
                name="notification_unread_about",
            ),
        ),
    ]
