"""The dashboards' indexes (figures.py): the lead parts by the day they were assigned, covering every column a
leader's figures count (partial: lead parts only), and the few secret works a dashboard leaves out for a leader not
cleared for them. Built CONCURRENTLY on a roll-out (a million assignments keep being read and written while it
builds); inside a transaction (the tests migrate a schema in theirs), where PostgreSQL refuses CONCURRENTLY, built
plainly."""

from django.db import migrations, models

INDEXES = {
    "assignment_lead_assigned": "direction_assignment (assigned_at)"
    " INCLUDE (parent_id, unit_id, user_id, state, due_on, done_at, work_id) WHERE role = 'lead'",
    "work_secret": "direction_work (secrecy) WHERE NOT (secrecy = 'none')",
}


def create_indexes(apps, schema_editor) -> None:
    concurrently = "" if schema_editor.connection.in_atomic_block else "CONCURRENTLY "
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {concurrently}IF NOT EXISTS {name} ON {target}")


def drop_indexes(apps, schema_editor) -> None:
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("direction", "0001_submissions_works_assignments"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create_indexes, drop_indexes, atomic=False)],
            state_operations=[
                migrations.AddIndex(
                    model_name="assignment",
                    index=models.Index(
                        condition=models.Q(("role", "lead")),
                        fields=["assigned_at"],
                        include=("parent", "unit", "user", "state", "due_on", "done_at", "work"),
                        name="assignment_lead_assigned",
                    ),
                ),
                migrations.AddIndex(
                    model_name="work",
                    index=models.Index(
                        condition=models.Q(("secrecy", "none"), _negated=True),
                        fields=["secrecy"],
                        name="work_secret",
                    ),
                ),
            ],
        ),
    ]
