"""An index of the unread notifications by what they are about (services.mark_done_about); partial, so it stays as
small as the unread notifications. Built CONCURRENTLY on a roll-out (reads and writes go on while it builds); inside
a transaction (the tests migrate a schema in theirs), where PostgreSQL refuses CONCURRENTLY, built plainly."""

from django.db import migrations, models

INDEX = "notification_unread_about"


def create_index(apps, schema_editor) -> None:
    concurrently = "" if schema_editor.connection.in_atomic_block else "CONCURRENTLY "
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS {INDEX} ON notifications_notification (object_type, object_id)"
        " WHERE read_at IS NULL"
    )


def drop_index(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("notifications", "0002_outgoing_kinds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create_index, drop_index, atomic=False)],
            state_operations=[
                migrations.AddIndex(
                    model_name="notification",
                    index=models.Index(
                        condition=models.Q(("read_at__isnull", True)),
                        fields=["object_type", "object_id"],
                        name=INDEX,
                    ),
                ),
            ],
        ),
    ]
