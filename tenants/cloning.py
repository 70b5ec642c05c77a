"""Make a new agency schema by copying the migrated template schema, from the catalogue.

Running every migration for a new agency takes many seconds and grows with the project; copying the
template's tables takes a fraction of one. The copy keeps every name that migrations refer to later
(constraints, indexes, identity sequences) and the template's rows (seeded data, django_migrations),
so a cloned schema is indistinguishable from a migrated one (tenants/tests/test_cloning.py proves it).

Trigger functions and triggers are copied too (the audit trail's append-only trigger is one), the functions
before the triggers and both after the rows, so that no trigger fires on the copy itself.

Everything runs on the caller's connection and transaction: a failure leaves nothing behind.
Object kinds the copy does not know (views, functions other than trigger functions, plain sequences, types)
make it refuse with CloneError rather than produce a schema that is silently different.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from psycopg import sql

# What the template may hold besides tables, indexes, constraints, identity sequences, trigger functions and
# triggers; anything found here stops the copy. Identity sequences are recognised by their dependency on their
# column.
UNCOPYABLE = """
SELECT 'views', c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = %(s)s AND c.relkind IN ('v', 'm')
UNION ALL SELECT 'functions', p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = %(s)s AND NOT (p.prokind = 'f' AND p.prorettype = 'trigger'::regtype)
UNION ALL SELECT 'types', t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = %(s)s AND t.typtype IN ('e', 'd', 'c', 'r', 'm') AND t.typrelid = 0
UNION ALL SELECT 'sequences', c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = %(s)s AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d
  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
ORDER BY 1, 2
"""


class CloneError(Exception):
    pass


@dataclass
class _Template:
    """Everything the copy needs to know about the template, read before anything is written."""

    tables: list[str]
    keys: dict[str, list[tuple[str, str]]]  # table → (name, definition) of primary, unique, exclusion
    foreign_keys: dict[str, list[tuple[str, str]]]  # table → (name, definition)
    indexes: list[str]  # definitions of the indexes no constraint owns
    sequences: dict[tuple[str, str], str]  # (table, column) → identity sequence
    positions: dict[str, tuple[int, bool]]  # sequence → (last_value, is_called)
    comments: list[tuple[str, str]]  # (table, comment)
    functions: list[str]  # definitions of the trigger functions (always qualified by the template's name)
    triggers: list[str]  # definitions of the triggers (unqualified: read with the template alone on the path)
    statistics: list[tuple[str, str, int]]  # (table, column, statistics target) set by a migration


def clone_schema(source: str, target: str) -> None:
    """Create schema ``target`` as a copy of ``source``: tables, rows, identity sequences (at the same
    position and under the same names), constraints and indexes under their original names."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [source])
        if cursor.fetchone() is None:
            raise CloneError(f"template schema {source} does not exist")
        cursor.execute(UNCOPYABLE, {"s": source})
        found: dict[str, list[str]] = defaultdict(list)
        for kind, name in cursor.fetchall():
            found[kind].append(name)
        for kind, names in found.items():
            raise CloneError(f"template schema {source} has {kind} the clone cannot copy: {', '.join(names)}")

        # Definitions are read with the template alone on the search_path, so that objects inside it
        # come back unqualified and resolve to the new schema when replayed there; anything in public
        # (the user table, for instance) comes back qualified as public.
        cursor.execute(sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(source)))
        template = _read(cursor, source)

        # The statements go in two batches, one round trip each, because the second needs the names
        # PostgreSQL gave the new identity sequences.
        cursor.execute(sql.SQL(";\n").join(_tables_and_rows(source, target, template)))
        created = _identity_sequences(cursor, target)
        cursor.execute(sql.SQL(";\n").join(_everything_else(source, target, template, created)))
    # SET LOCAL above lasts until the transaction ends: make django-tenants set the path again.
    connection.search_path_set_schemas = None


def _read(cursor, source: str) -> _Template:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname",
        [source],
    )
    tables = [row[0] for row in cursor.fetchall()]
    # CHECK constraints come with the table (LIKE … INCLUDING CONSTRAINTS keeps their names).
    cursor.execute(
        "SELECT c.relname, con.conname, pg_get_constraintdef(con.oid), con.contype"
        " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND con.contype IN ('p', 'u', 'x', 'f')"
        " ORDER BY c.relname, con.contype <> 'p', con.conname",
        [source],
    )
    keys, foreign_keys = defaultdict(list), defaultdict(list)
    for table, name, definition, kind in cursor.fetchall():
        (foreign_keys if kind == "f" else keys)[table].append((name, definition))
    cursor.execute(
        "SELECT pg_get_indexdef(x.indexrelid) FROM pg_index x"
        " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace"
        " WHERE n.nspname = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid"
        "   AND con.contype IN ('p', 'u', 'x'))"
        " ORDER BY i.relname",
        [source],
    )
    indexes = [row[0] for row in cursor.fetchall()]
    sequences = _identity_sequences(cursor, source)
    positions = {}
    if sequences:
        cursor.execute(
            sql.SQL(" UNION ALL ").join(
                sql.SQL("SELECT {}, last_value, is_called FROM {}").format(
                    sql.Literal(name), sql.Identifier(source, name)
                )
                for name in sequences.values()
            )
        )
        positions = {name: (last_value, is_called) for name, last_value, is_called in cursor.fetchall()}
    cursor.execute(
        "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND obj_description(c.oid, 'pg_class') IS NOT NULL",
        [source],
    )
    comments = cursor.fetchall()
    functions, triggers = _read_triggers(cursor, source)
    statistics = _read_statistics(cursor, source)
    return _Template(
        tables, keys, foreign_keys, indexes, sequences, positions, comments, functions, triggers, statistics
    )


def _read_statistics(cursor, source: str) -> list[tuple[str, str, int]]:
    """The columns whose statistics target a migration set (``ALTER COLUMN … SET STATISTICS``, e.g. a full-text
    vector's): ``LIKE … INCLUDING STATISTICS`` copies extended statistics, not these."""
    cursor.execute(
        "SELECT c.relname, a.attname, a.attstattarget FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'p')"
        " AND a.attnum > 0 AND NOT a.attisdropped AND a.attstattarget >= 0 ORDER BY 1, 2",
        [source],
    )
    return cursor.fetchall()


def _read_triggers(cursor, source: str) -> tuple[list[str], list[str]]:
    cursor.execute(
        "SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = %s ORDER BY p.proname, p.oid",
        [source],
    )
    functions = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal"
        " ORDER BY c.relname, t.tgname",
        [source],
    )
    triggers = [row[0] for row in cursor.fetchall()]
    return functions, triggers


def _tables_and_rows(source: str, target: str, template: _Template) -> list[sql.Composable]:
    src, dst = sql.Identifier(source), sql.Identifier(target)
    statements = [
        sql.SQL("CREATE SCHEMA {}").format(dst),
        sql.SQL("SET LOCAL search_path TO {}, public").format(dst),
    ]
    for table in template.tables:
        t = sql.Identifier(table)
        statements.append(
            sql.SQL(
                "CREATE TABLE {dst}.{t} (LIKE {src}.{t} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY"
                " INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS INCLUDING COMPRESSION"
                " INCLUDING STATISTICS)"
            ).format(dst=dst, src=src, t=t)
        )
        statements.append(
            sql.SQL("INSERT INTO {dst}.{t} OVERRIDING SYSTEM VALUE SELECT * FROM {src}.{t}").format(
                dst=dst, src=src, t=t
            )
        )
    return statements


def _everything_else(
    source: str, target: str, template: _Template, created: dict[tuple[str, str], str]
) -> list[sql.Composable]:
    statements = _sequence_names(target, template.sequences, created)
    if template.positions:
        # Continue exactly where the template's sequences stand (not at max(id)): what the template
        # consumed stays consumed, as it would after migrations.
        statements.append(
            sql.SQL("SELECT ")
            + sql.SQL(", ").join(
                sql.SQL("setval({}, {}, {})").format(
                    sql.Literal(f"{_quote(target)}.{_quote(name)}"), sql.Literal(value), sql.Literal(called)
                )
                for name, (value, called) in template.positions.items()
            )
        )
    for table, comment in template.comments:
        statements.append(
            sql.SQL("COMMENT ON TABLE {} IS {}").format(sql.Identifier(target, table), sql.Literal(comment))
        )
    for table, column, target_value in template.statistics:
        statements.append(
            sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET STATISTICS {}").format(
                sql.Identifier(target, table), sql.Identifier(column), sql.Literal(target_value)
            )
        )
    # Keys before foreign keys, which need the referenced key to exist; one ALTER TABLE per table.
    for constraints in (template.keys, template.foreign_keys):
        for table, named in constraints.items():
            statements.append(
                sql.SQL("ALTER TABLE {} ").format(sql.Identifier(target, table))
                + sql.SQL(", ").join(
                    sql.SQL("ADD CONSTRAINT {} ").format(sql.Identifier(name)) + sql.SQL(definition)
                    for name, definition in named
                )
            )
    statements.extend(sql.SQL(_retarget_index(definition, source, target)) for definition in template.indexes)
    statements.extend(sql.SQL(_retarget_function(definition, source, target)) for definition in template.functions)
    statements.extend(sql.SQL(_retarget_trigger(definition, source, target)) for definition in template.triggers)
    return statements


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


def _sequence_names(
    target: str, template: dict[tuple[str, str], str], created: dict[tuple[str, str], str]
) -> list[sql.Composable]:
    """LIKE names each new identity sequence after its table and column; a table renamed by a migration
    still has its old sequence name in the template, so rename the copies to match. Renamed in two steps
    because one copy may have taken the name another must end up with."""
    moves = [(created[key], name) for key, name in template.items() if created[key] != name]
    rename = sql.SQL("ALTER SEQUENCE {} RENAME TO {}")
    return [
        rename.format(sql.Identifier(target, current), sql.Identifier(f"clone_tmp_{step}"))
        for step, (current, _final) in enumerate(moves)
    ] + [
        rename.format(sql.Identifier(target, f"clone_tmp_{step}"), sql.Identifier(final))
        for step, (_current, final) in enumerate(moves)
    ]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _retarget_index(definition: str, source: str, target: str) -> str:
    """pg_get_indexdef always qualifies the table (``ON schema.table``); point it at the new schema."""
    for on in (" ON ONLY ", " ON "):
        for prefix in (f"{on}{source}.", f"{on}{_quote(source)}."):
            if prefix in definition:
                return definition.replace(prefix, f"{on}{_quote(target)}.", 1)
    raise CloneError(f"cannot retarget index definition: {definition}")


def _retarget_function(definition: str, source: str, target: str) -> str:
    """pg_get_functiondef always qualifies the function's name with its schema; name the new schema instead."""
    for prefix in (f"FUNCTION {source}.", f"FUNCTION {_quote(source)}."):
        if definition.startswith(f"CREATE OR REPLACE {prefix}"):
            return definition.replace(prefix, f"FUNCTION {_quote(target)}.", 1)
    raise CloneError(f"cannot retarget function definition: {definition.splitlines()[0]}")


def _retarget_trigger(definition: str, source: str, target: str) -> str:
    """pg_get_triggerdef always qualifies the table (``ON schema.table``): point it at the new schema. The function
    comes back bare when it lives in the template (read with the template alone on the search path) and resolves
    to the new schema's copy when replayed there; any other mention of the template would point the copy back at
    it, so it is refused."""
    retargeted = _retarget_index(definition, source, target)
    if f"{source}." in retargeted or f"{_quote(source)}." in retargeted:
        raise CloneError(f"cannot retarget trigger definition: {definition}")
    return retargeted
