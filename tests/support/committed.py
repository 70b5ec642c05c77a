"""Clean-up for tests whose data must be committed (Celery workers, the browser's live server, forked
roll-out workers), which Django runs as TransactionTestCase.

Django ends such a test by flushing every table, which here would truncate the agency registry and the
identities that the session's test agencies (and their memberships, in other schemas) depend on. Instead, a
watermark of every table's highest id is taken before the test, and afterwards the rows above it are deleted
and the schemas created meanwhile are dropped; sessions (keyed, not numbered) are kept by key.
Django's foreign keys are deferrable, so deleting in one transaction needs no ordering. Rows that existed
before and were changed by the test are not restored: committed tests must leave shared rows alone.

Append-only tables (the audit trail) refuse DELETE with a trigger. The clean-up, and only it, switches their
triggers off inside its own transaction (``ALTER TABLE … DISABLE TRIGGER USER``, which needs the table's owner:
DDL, not a setting the application could send) and on again before committing, so no other session ever sees
them off."""

from django.db import connection, transaction
from django.test import TransactionTestCase
from psycopg import sql

Watermark = dict[str, object]


def _schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%%' AND nspname <> 'information_schema'"
        )
        return {row[0] for row in cursor.fetchall()}


def _session_schemas() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname FROM pg_tables WHERE tablename = 'django_session'")
        return [row[0] for row in cursor.fetchall()]


def _id_tables() -> list[tuple[str, str]]:
    """(schema, table) of every table with an integer ``id`` column."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_schema, c.table_name FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE c.column_name = 'id' AND c.data_type IN ('bigint', 'integer') AND t.table_type = 'BASE TABLE'"
            " AND c.table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        return cursor.fetchall()


def _tables_with_triggers() -> set[tuple[str, str]]:
    """(schema, table) of every table with a trigger of its own (not a foreign key's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT n.nspname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal"
        )
        return set(cursor.fetchall())


def take_watermark() -> Watermark:
    connection.set_schema_to_public()
    highest = {}
    with connection.cursor() as cursor:
        for schema, table in _id_tables():
            cursor.execute(
                sql.SQL("SELECT coalesce(max(id), 0) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            )
            highest[(schema, table)] = cursor.fetchone()[0]
        sessions = {}
        for schema in _session_schemas():
            cursor.execute(sql.SQL("SELECT session_key FROM {}.django_session").format(sql.Identifier(schema)))
            sessions[schema] = [row[0] for row in cursor.fetchall()]
    return {"schemas": _schemas(), "highest": highest, "sessions": sessions}


def restore_watermark(mark: Watermark) -> None:
    connection.set_schema_to_public()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for schema in sorted(_schemas() - mark["schemas"]):
            cursor.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
        guarded = [sql.Identifier(*table) for table in sorted(_tables_with_triggers()) if table[0] in mark["schemas"]]
        for name in guarded:
            cursor.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(name))
        for (schema, table), highest in mark["highest"].items():
            if schema in mark["schemas"]:
                cursor.execute(
                    sql.SQL("DELETE FROM {}.{} WHERE id > %s").format(sql.Identifier(schema), sql.Identifier(table)),
                    [highest],
                )
        # The foreign keys' checks fire now, so that no event is pending when the triggers are switched back on.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in guarded:
            cursor.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER USER").format(name))
        # Sessions have no id: keep exactly the keys each schema had before.
        for schema, keys in mark["sessions"].items():
            delete = sql.SQL("DELETE FROM {}.django_session WHERE NOT (session_key = ANY(%s))")
            cursor.execute(delete.format(sql.Identifier(schema)), [keys])
    connection.set_schema_to_public()


def install() -> None:
    """Replace TransactionTestCase's flush with the watermark clean-up (TestCase keeps its rollback)."""

    def _fixture_setup(cls) -> None:  # a classmethod in Django 5.2
        cls._watermark = take_watermark()

    def _fixture_teardown(self) -> None:
        restore_watermark(self._watermark)

    TransactionTestCase._fixture_setup = classmethod(_fixture_setup)
    TransactionTestCase._fixture_teardown = _fixture_teardown
