"""Cancelled registrations (documents.services.cancel_incoming): who cancelled, when and why.

Safe on a register of millions: the columns are added without a table rewrite (nullable, or a constant default),
the foreign key and the check are added NOT VALID (no scan under the exclusive lock), then validated in their own
statements (a lock that lets reads and writes go on), and no index is built (nothing is looked up by canceller).
Not atomic, so that each step commits before the next one waits."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "documents_incomingdocument"
FOREIGN_KEY = "documents_incoming_cancelled_by_fk"
CHECK = "incoming_cancellation_complete"
CHECK_SQL = (
    "(cancelled_at IS NULL AND cancelled_by_id IS NULL AND cancel_reason = '')"
    " OR (cancelled_at IS NOT NULL AND cancelled_by_id IS NOT NULL AND NOT cancel_reason = '')"
)

DATABASE = [
    migrations.RunSQL(
        f"ALTER TABLE {TABLE} ADD COLUMN cancel_reason varchar(500) DEFAULT '' NOT NULL,"
        " ADD COLUMN cancelled_at timestamp with time zone NULL, ADD COLUMN cancelled_by_id bigint NULL",
        f"ALTER TABLE {TABLE} DROP COLUMN cancel_reason, DROP COLUMN cancelled_at, DROP COLUMN cancelled_by_id",
    ),
    migrations.RunSQL(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {FOREIGN_KEY} FOREIGN KEY (cancelled_by_id)"
        " REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED NOT VALID",
        f"ALTER TABLE {TABLE} DROP CONSTRAINT {FOREIGN_KEY}",
    ),
    migrations.RunSQL(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {FOREIGN_KEY}", migrations.RunSQL.noop),
    migrations.RunSQL(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {CHECK} CHECK ({CHECK_SQL}) NOT VALID",
        f"ALTER TABLE {TABLE} DROP CONSTRAINT {CHECK}",
    ),
    migrations.RunSQL(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {CHECK}", migrations.RunSQL.noop),
]

STATE = [
    migrations.AddField(
        model_name="incomingdocument",
        name="cancel_reason",
        field=models.CharField(
            blank=True, db_default="", default="", max_length=500, verbose_name="reason for cancelling"
        ),
    ),
    migrations.AddField(
        model_name="incomingdocument",
        name="cancelled_at",
        field=models.DateTimeField(blank=True, null=True, verbose_name="cancelled at"),
    ),
    migrations.AddField(
        model_name="incomingdocument",
        name="cancelled_by",
        field=models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="+",
            to=settings.AUTH_USER_MODEL,
            verbose_name="cancelled by",
        ),
    ),
    migrations.AddConstraint(
        model_name="incomingdocument",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("cancel_reason", ""), ("cancelled_at__isnull", True), ("cancelled_by__isnull", True)),
                models.Q(
                    ("cancelled_at__isnull", False),
                    ("cancelled_by__isnull", False),
                    models.Q(("cancel_reason", ""), _negated=True),
                ),
                _connector="OR",
            ),
            name=CHECK,
        ),
    ),
]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("documents", "0006_stored_file_detected_type"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=DATABASE, state_operations=STATE)]
