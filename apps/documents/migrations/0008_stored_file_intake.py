"""The intake chain's state on every stored file (apps/documents/intake.py), the text it read (its own table), the
preview copy, the release from quarantine and who uploaded the file.

Safe on a million stored files: the columns are added without a table rewrite (nullable, or a constant default),
the foreign keys and checks NOT VALID (no scan under the exclusive lock) and then validated in their own statements,
and the index of the files not ready is built CONCURRENTLY. Files stored before are ``waiting``: never served until
``manage.py intake_backlog`` has run them through the chain. Not atomic, so that each step commits before the next."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from tenants.migration_ops import add_index_concurrently

TABLE = "documents_storedfile"
STATES = "waiting|scanning|reading|ready|quarantined|refused|failed|deleted"
CHECKS = {
    "stored_file_intake_state_valid": f"intake_state ~ '^({STATES})$'",
    "stored_file_release_complete": (
        "(released_at IS NULL AND released_by_id IS NULL AND release_reason = '')"
        " OR (released_at IS NOT NULL AND released_by_id IS NOT NULL AND NOT release_reason = '')"
    ),
}
FOREIGN_KEYS = {
    "released_by_id": "documents_stored_file_released_by_fk",
    "uploaded_by_id": "documents_stored_file_uploaded_by_fk",
}
NOT_READY = models.Index(
    condition=~models.Q(intake_state="ready"), fields=["intake_state", "created_at"], name="stored_file_not_ready"
)


def _added_not_valid(name: str, definition: str) -> list[migrations.RunSQL]:
    return [
        migrations.RunSQL(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition} NOT VALID",
            f"ALTER TABLE {TABLE} DROP CONSTRAINT {name}",
        ),
        migrations.RunSQL(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {name}", migrations.RunSQL.noop),
    ]


DATABASE = [
    migrations.RunSQL(
        f"ALTER TABLE {TABLE} ADD COLUMN released_by_id bigint NULL, ADD COLUMN uploaded_by_id bigint NULL",
        f"ALTER TABLE {TABLE} DROP COLUMN released_by_id, DROP COLUMN uploaded_by_id",
    ),
    *[
        op
        for column, name in FOREIGN_KEYS.items()
        for op in _added_not_valid(
            name, f"FOREIGN KEY ({column}) REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED"
        )
    ],
    *[op for name, condition in CHECKS.items() for op in _added_not_valid(name, f"CHECK ({condition})")],
]

STATE = [
    migrations.AddField(
        model_name="storedfile",
        name="released_by",
        field=models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="+",
            to=settings.AUTH_USER_MODEL,
            verbose_name="released by",
        ),
    ),
    migrations.AddField(
        model_name="storedfile",
        name="uploaded_by",
        field=models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="+",
            to=settings.AUTH_USER_MODEL,
            verbose_name="uploaded by",
        ),
    ),
    migrations.AddConstraint(
        model_name="storedfile",
        constraint=models.CheckConstraint(
            condition=models.Q(
                ("intake_state__regex", "^(waiting|scanning|reading|ready|quarantined|refused|failed|deleted)$")
            ),
            name="stored_file_intake_state_valid",
        ),
    ),
    migrations.AddConstraint(
        model_name="storedfile",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("release_reason", ""), ("released_at__isnull", True), ("released_by__isnull", True)),
                models.Q(
                    ("released_at__isnull", False),
                    ("released_by__isnull", False),
                    models.Q(("release_reason", ""), _negated=True),
                ),
                _connector="OR",
            ),
            name="stored_file_release_complete",
        ),
    ),
]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("documents", "0007_cancelled_registrations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StoredFileText",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "file",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="extracted",
                        to="documents.storedfile",
                        verbose_name="file",
                    ),
                ),
                ("text", models.TextField(blank=True, verbose_name="text")),
            ],
            options={
                "verbose_name": "text of a stored file",
                "verbose_name_plural": "texts of stored files",
            },
        ),
        migrations.AddField(
            model_name="storedfile",
            name="flags",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=30),
                blank=True,
                db_default=[],
                default=list,
                size=None,
                verbose_name="flags",
            ),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="intake_attempts",
            field=models.PositiveSmallIntegerField(db_default=0, default=0, verbose_name="attempts"),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="intake_changed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="state changed at"),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="intake_code",
            field=models.CharField(blank=True, db_default="", default="", max_length=40, verbose_name="reason code"),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="intake_reason",
            field=models.CharField(blank=True, db_default="", default="", max_length=300, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="intake_run",
            field=models.CharField(blank=True, db_default="", default="", max_length=36, verbose_name="intake run"),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="intake_signature",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=200, verbose_name="virus signature"
            ),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="intake_state",
            field=models.CharField(
                choices=[
                    ("waiting", "Waiting to be checked"),
                    ("scanning", "Scanning for viruses"),
                    ("reading", "Reading the scan"),
                    ("ready", "Ready"),
                    ("quarantined", "Quarantined"),
                    ("refused", "Refused"),
                    ("failed", "Could not be processed"),
                    ("deleted", "Deleted from quarantine"),
                ],
                db_default="waiting",
                default="waiting",
                max_length=20,
                verbose_name="intake state",
            ),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="pages",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="pages"),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="pages_read",
            field=models.PositiveIntegerField(db_default=0, default=0, verbose_name="pages read"),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="preview_sha256",
            field=models.CharField(blank=True, db_default="", default="", max_length=64, verbose_name="preview copy"),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="release_reason",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=500, verbose_name="reason for release"
            ),
        ),
        migrations.AddField(
            model_name="storedfile",
            name="released_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="released at"),
        ),
        migrations.SeparateDatabaseAndState(database_operations=DATABASE, state_operations=STATE),
        add_index_concurrently("documents.storedfile", NOT_READY),
    ]
