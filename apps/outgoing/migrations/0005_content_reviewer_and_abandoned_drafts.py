"""Drafts name their content reviewer (chosen on submission) and may be abandoned (state ``abandoned``).

Safe on a large drafts table: the column is nullable (no rewrite) and gets no index (the waiting list finds
content reviews by state); the foreign key and the two widened checks are added NOT VALID (no scan under the
exclusive lock) and validated in statements of their own, which let reads and writes go on. Not atomic, so that
each step commits before the next one waits."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "outgoing_draft"
FOREIGN_KEY = "outgoing_draft_reviewer_fk"
STATES = "drafting|returned|content_review|format_check|awaiting_approval|approved|issued|abandoned"
OLD_STATES = "drafting|returned|content_review|format_check|awaiting_approval|approved|issued"


def _check(name: str, condition: str, old_condition: str) -> list[migrations.RunSQL]:
    """Replace the check ``name`` by a NOT VALID one in one statement, then validate it."""
    return [
        migrations.RunSQL(
            f"ALTER TABLE {TABLE} DROP CONSTRAINT {name}, ADD CONSTRAINT {name} CHECK ({condition}) NOT VALID",
            f"ALTER TABLE {TABLE} DROP CONSTRAINT {name}, ADD CONSTRAINT {name} CHECK ({old_condition})",
        ),
        migrations.RunSQL(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {name}", migrations.RunSQL.noop),
    ]


DATABASE = [
    migrations.RunSQL(
        f"ALTER TABLE {TABLE} ADD COLUMN reviewer_id bigint NULL",
        f"ALTER TABLE {TABLE} DROP COLUMN reviewer_id",
    ),
    migrations.RunSQL(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {FOREIGN_KEY} FOREIGN KEY (reviewer_id)"
        " REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED NOT VALID",
        f"ALTER TABLE {TABLE} DROP CONSTRAINT {FOREIGN_KEY}",
    ),
    migrations.RunSQL(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {FOREIGN_KEY}", migrations.RunSQL.noop),
    *_check("draft_state_valid", f"state::text ~ '^({STATES})$'", f"state::text ~ '^({OLD_STATES})$'"),
    *_check(
        "draft_submitted_has_signer_and_register",
        "state::text ~ '^(drafting|returned|abandoned)$' OR (register_id IS NOT NULL AND signer_id IS NOT NULL)",
        "state::text ~ '^(drafting|returned)$' OR (register_id IS NOT NULL AND signer_id IS NOT NULL)",
    ),
]

STATE = [
    migrations.RemoveConstraint(model_name="draft", name="draft_state_valid"),
    migrations.RemoveConstraint(model_name="draft", name="draft_submitted_has_signer_and_register"),
    migrations.AddField(
        model_name="draft",
        name="reviewer",
        field=models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="+",
            to=settings.AUTH_USER_MODEL,
            verbose_name="content reviewer",
        ),
    ),
    migrations.AlterField(
        model_name="draft",
        name="state",
        field=models.CharField(
            choices=[
                ("drafting", "Drafting"),
                ("returned", "Returned for changes"),
                ("content_review", "Content review"),
                ("format_check", "Format check"),
                ("awaiting_approval", "Awaiting the signer's approval"),
                ("approved", "Approved, to be issued"),
                ("issued", "Issued"),
                ("abandoned", "Abandoned"),
            ],
            default="drafting",
            max_length=20,
            verbose_name="state",
        ),
    ),
    migrations.AddConstraint(
        model_name="draft",
        constraint=models.CheckConstraint(
            condition=models.Q(("state__regex", f"^({STATES})$")),
            name="draft_state_valid",
        ),
    ),
    migrations.AddConstraint(
        model_name="draft",
        constraint=models.CheckConstraint(
            condition=models.Q(
                ("state__regex", "^(drafting|returned|abandoned)$"),
                models.Q(("register__isnull", False), ("signer__isnull", False)),
                _connector="OR",
            ),
            name="draft_submitted_has_signer_and_register",
        ),
    ),
]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("outgoing", "0004_issued_order_covers_access"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=DATABASE, state_operations=STATE)]
