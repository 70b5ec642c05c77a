"""Make a new agency schema by copying the migrated template schema, from the catalogue.

Running every migration for a new agency takes many seconds and grows with the project; copying the
template's tables takes a fraction of one. The copy keeps every name that migrations refer to later
(constraints, indexes, identity sequences) and the template's rows (seeded data, django_migrations),
so a cloned schema is indistinguishable from a migrated one (tenants/tests/test_cloning.py proves it).

Everything runs on the caller's connection and transaction: a failure leaves nothing behind.
Object kinds the copy does not know (views, triggers, functions, plain sequences, types) make it
refuse with CloneError rather than produce a schema that is silently different.
"""

from django.db import connection, transaction
from psycopg import sql


class CloneError(Exception):
    pass


def _one_column(cursor, query: str, params: list) -> list:
    cursor.execute(query, params)
    return [row[0] for row in cursor.fetchall()]


def _refuse_unknown_objects(cursor, source: str) -> None:
    checks = {
        "views": "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('v', 'm')",
        "functions": "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = %s",
        "triggers": "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal",
        "types": "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
        " WHERE n.nspname = %s AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0",
        # Sequences that are not owned by an identity column (identity ones are copied with their table).
        "sequences": "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind = 'S' AND NOT EXISTS ("
        "  SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')",
    }
    for kind, query in checks.items():
        found = _one_column(cursor, query, [source])
        if found:
            raise CloneError(f"template schema {source} has {kind} the clone cannot copy: {', '.join(found)}")


def clone_schema(source: str, target: str) -> None:
    """Create schema ``target`` as a copy of ``source``: tables, rows, identity sequences (at the same
    position), constraints and indexes under their original names."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [source])
        if cursor.fetchone() is None:
            raise CloneError(f"template schema {source} does not exist")
        _refuse_unknown_objects(cursor, source)

        # Definitions are read with the template alone on the search_path, so that objects inside it
        # come back unqualified and resolve to the new schema when replayed there; anything in public
        # (the user table, for instance) comes back qualified as public.
        cursor.execute(sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(source)))
        tables = _one_column(
            cursor,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname",
            [source],
        )
        cursor.execute(
            "SELECT con.conrelid::regclass::text, con.conname, pg_get_constraintdef(con.oid), con.contype"
            " FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace"
            " WHERE n.nspname = %s AND con.contype IN ('p', 'u', 'c', 'x', 'f')"
            " ORDER BY con.contype = 'f', con.conrelid::regclass::text, con.conname",
            [source],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x"
            " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace"
            " WHERE n.nspname = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid"
            "   AND con.contype IN ('p', 'u', 'x'))"
            " ORDER BY i.relname",
            [source],
        )
        indexes = cursor.fetchall()
        identities = _identity_sequences(cursor, source)
        comments = _table_comments(cursor, source)

        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(target)))
        cursor.execute(sql.SQL("SET LOCAL search_path TO {}, public").format(sql.Identifier(target)))
        src, dst = sql.Identifier(source), sql.Identifier(target)
        for table in tables:
            t = sql.Identifier(table)
            cursor.execute(
                sql.SQL(
                    "CREATE TABLE {dst}.{t} (LIKE {src}.{t} INCLUDING DEFAULTS INCLUDING IDENTITY"
                    " INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS INCLUDING COMPRESSION"
                    " INCLUDING STATISTICS)"
                ).format(dst=dst, src=src, t=t)
            )
            cursor.execute(
                sql.SQL("INSERT INTO {dst}.{t} OVERRIDING SYSTEM VALUE SELECT * FROM {src}.{t}").format(
                    dst=dst, src=src, t=t
                )
            )
        _name_sequences_as_in(cursor, target, identities)
        for (_table, _column), sequence in identities.items():
            # Continue exactly where the template's sequence stands (not at max(id)): what the
            # template consumed stays consumed, as it would after migrations.
            cursor.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier(source, sequence)))
            last_value, is_called = cursor.fetchone()
            cursor.execute(
                "SELECT setval(%s::regclass, %s, %s)",
                [f"{_quote(target)}.{_quote(sequence)}", last_value, is_called],
            )
        for table, comment in comments:
            cursor.execute(
                sql.SQL("COMMENT ON TABLE {} IS {}").format(sql.Identifier(target, table), sql.Literal(comment))
            )
        for table, name, definition, _kind in constraints:
            cursor.execute(
                sql.SQL("ALTER TABLE {dst}.{t} ADD CONSTRAINT {name} ").format(
                    dst=dst, t=sql.Identifier(table.strip('"')), name=sql.Identifier(name)
                )
                + sql.SQL(definition)
            )
        for _name, definition in indexes:
            cursor.execute(_retarget_index(definition, source, target))
    # SET LOCAL above lasts until the transaction ends: make django-tenants set the path again.
    connection.search_path_set_schemas = None


def _identity_sequences(cursor, schema: str) -> dict[tuple[str, str], str]:
    """(table, column) → name of the sequence behind each identity column of ``schema``."""
    cursor.execute(
        "SELECT t.relname, a.attname, s.relname FROM pg_depend d"
        " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
        " JOIN pg_namespace n ON n.oid = s.relnamespace"
        " JOIN pg_class t ON t.oid = d.refobjid"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
        " WHERE n.nspname = %s AND d.deptype = 'i'"
        " AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass",
        [schema],
    )
    return {(table, column): sequence for table, column, sequence in cursor.fetchall()}


def _name_sequences_as_in(cursor, target: str, template: dict[tuple[str, str], str]) -> None:
    """LIKE names each new identity sequence after its table and column; a table renamed by a migration
    still has its old sequence name in the template, so rename the copies to match. Renamed in two steps
    because one copy may have taken the name another must end up with."""
    created = _identity_sequences(cursor, target)
    moves = [(created[key], name) for key, name in template.items() if created[key] != name]
    for step, (current, _final) in enumerate(moves):
        cursor.execute(
            sql.SQL("ALTER SEQUENCE {} RENAME TO {}").format(
                sql.Identifier(target, current), sql.Identifier(f"clone_tmp_{step}")
            )
        )
    for step, (_current, final) in enumerate(moves):
        cursor.execute(
            sql.SQL("ALTER SEQUENCE {} RENAME TO {}").format(
                sql.Identifier(target, f"clone_tmp_{step}"), sql.Identifier(final)
            )
        )


def _table_comments(cursor, schema: str) -> list[tuple[str, str]]:
    """Table comments (a model's db_table_comment); LIKE copies only the columns' ones."""
    cursor.execute(
        "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND obj_description(c.oid, 'pg_class') IS NOT NULL",
        [schema],
    )
    return cursor.fetchall()


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _retarget_index(definition: str, source: str, target: str) -> str:
    """pg_get_indexdef always qualifies the table (``ON schema.table``); point it at the new schema."""
    for on in (" ON ONLY ", " ON "):
        for prefix in (f"{on}{source}.", f"{on}{_quote(source)}."):
            if prefix in definition:
                return definition.replace(prefix, f"{on}{_quote(target)}.", 1)
    raise CloneError(f"cannot retarget index definition: {definition}")
