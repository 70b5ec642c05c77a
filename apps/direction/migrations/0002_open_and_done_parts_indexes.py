"""Two partial indexes on the assignments (a million rows in a large agency; docs/benchmarks.md): the open parts by
deadline, for the morning reminder run (it read the whole table), and the done parts newest first, for "Việc của
tôi"'s done view (a unit head's first page sorted every done part of the unit). Built CONCURRENTLY on a roll-out,
so that the table is read and written meanwhile; plainly inside a transaction (the tests migrate a schema in
theirs, where PostgreSQL refuses CONCURRENTLY). An index an interrupted build left invalid is dropped first."""

from django.db import migrations, models

OPEN_BY_DEADLINE = models.Index(
    condition=models.Q(("state", "open")), fields=["due_on"], name="assignment_open_by_deadline"
)
DONE_NEWEST = models.Index(
    condition=models.Q(("state", "done")), fields=["-done_at", "-id"], name="assignment_done_newest"
)


def create(apps, schema_editor) -> None:
    concurrently = not schema_editor.connection.in_atomic_block
    model = apps.get_model("direction", "Assignment")
    for index in (OPEN_BY_DEADLINE, DONE_NEWEST):
        drop = "DROP INDEX CONCURRENTLY IF EXISTS" if concurrently else "DROP INDEX IF EXISTS"
        schema_editor.execute(f"{drop} {schema_editor.quote_name(index.name)}")
        schema_editor.execute(index.create_sql(model, schema_editor, concurrently=concurrently))


def remove(apps, schema_editor) -> None:
    for index in (OPEN_BY_DEADLINE, DONE_NEWEST):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index.name)}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("direction", "0001_submissions_works_assignments")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create, remove, atomic=False)],
            state_operations=[
                migrations.AddIndex(model_name="assignment", index=OPEN_BY_DEADLINE),
                migrations.AddIndex(model_name="assignment", index=DONE_NEWEST),
            ],
        ),
    ]
