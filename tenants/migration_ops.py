"""Migration operations safe on a large table of every schema, for any app's migrations (the lowest layer)."""

from django.db import migrations, models


def add_index_concurrently(model: str, index: models.Index) -> migrations.SeparateDatabaseAndState:
    """``AddIndex`` for ``model`` (``"app_label.modelname"``) built CONCURRENTLY on a roll-out, so that reads and
    writes of a million-row table go on while it builds; plainly inside a transaction (the tests migrate a schema in
    theirs, where PostgreSQL refuses CONCURRENTLY). An index left invalid by an interrupted build is dropped first,
    so a roll-out may be run again. The migration declares ``atomic = False``."""
    app_label, model_name = model.split(".")

    def create(apps, schema_editor) -> None:
        concurrently = not schema_editor.connection.in_atomic_block
        drop = "DROP INDEX CONCURRENTLY IF EXISTS" if concurrently else "DROP INDEX IF EXISTS"
        schema_editor.execute(f"{drop} {schema_editor.quote_name(index.name)}")
        table = apps.get_model(app_label, model_name)
        schema_editor.execute(index.create_sql(table, schema_editor, concurrently=concurrently))

    def remove(apps, schema_editor) -> None:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index.name)}")

    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.RunPython(create, remove, atomic=False)],
        state_operations=[migrations.AddIndex(model_name=model_name, index=index)],
    )
