"""The open parts by deadline, for the morning reminder run, which read the whole assignments table (a million rows in
a large agency: docs/benchmarks.md); partial, so it stays as small as the open work. Built CONCURRENTLY on a roll-out,
so that the table is read and written meanwhile; plainly inside a transaction (the tests migrate a schema in
theirs, where PostgreSQL refuses CONCURRENTLY). An index an interrupted build left invalid is dropped first."""

from django.db import migrations, models

INDEX = models.Index(condition=models.Q(("state", "open")), fields=["due_on"], name="assignment_open_by_deadline")


def create(apps, schema_editor) -> None:
    concurrently = not schema_editor.connection.in_atomic_block
    drop = "DROP INDEX CONCURRENTLY IF EXISTS" if concurrently else "DROP INDEX IF EXISTS"
    schema_editor.execute(f"{drop} {schema_editor.quote_name(INDEX.name)}")
    model = apps.get_model("direction", "Assignment")
    schema_editor.execute(INDEX.create_sql(model, schema_editor, concurrently=concurrently))


def remove(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX.name)}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("direction", "0001_submissions_works_assignments")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create, remove, atomic=False)],
            state_operations=[migrations.AddIndex(model_name="assignment", index=INDEX)],
        ),
    ]
