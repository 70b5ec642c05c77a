"""Intake's notification kinds (apps.documents.intake): a file quarantined, a file refused.

Safe on a table of millions, as 0004: the widened check replaces the old one NOT VALID, then is validated in its own
statement. Not atomic, so that each step commits before the next one waits."""

from django.db import migrations, models

TABLE = "notifications_notification"
CHECK = "notification_kind_valid"
OLD = (
    "urgent_incoming|draft_waiting|draft_returned|outgoing_issued|outgoing_recalled"
    "|direction_waiting|work_assigned|work_due_soon|work_overdue"
)
NEW = OLD + "|file_quarantined|file_refused"
KINDS = [
    ("urgent_incoming", "Urgent incoming document"),
    ("draft_waiting", "Draft waiting for you"),
    ("draft_returned", "Draft returned"),
    ("outgoing_issued", "Outgoing document issued"),
    ("outgoing_recalled", "Outgoing document recalled"),
    ("direction_waiting", "Waiting for your direction"),
    ("work_assigned", "Work assigned to you"),
    ("work_due_soon", "Work due soon"),
    ("work_overdue", "Work overdue"),
    ("file_quarantined", "File quarantined"),
    ("file_refused", "File refused"),
]


def _swap(kinds: str) -> str:
    return (
        f"ALTER TABLE {TABLE} DROP CONSTRAINT {CHECK},"
        f" ADD CONSTRAINT {CHECK} CHECK ((kind)::text ~ '^({kinds})$'::text) NOT VALID"
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("notifications", "0004_direction_kinds")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(_swap(NEW), _swap(OLD)),
                migrations.RunSQL(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {CHECK}", migrations.RunSQL.noop),
            ],
            state_operations=[
                migrations.RemoveConstraint(model_name="notification", name=CHECK),
                migrations.AlterField(
                    model_name="notification",
                    name="kind",
                    field=models.CharField(choices=KINDS, max_length=30, verbose_name="kind"),
                ),
                migrations.AddConstraint(
                    model_name="notification",
                    constraint=models.CheckConstraint(condition=models.Q(("kind__regex", f"^({NEW})$")), name=CHECK),
                ),
            ],
        )
    ]
