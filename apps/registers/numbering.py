"""Gapless yearly numbers and notations (Decree 30/2020/NĐ-CP, Đ15 and Appendix I Part I §II.3; Đ22.2 for
the arrival numbers of incoming documents).

A number is taken by incrementing the register's counter row for the year inside the transaction that
records the document. The row stays locked until that transaction ends: a concurrent registration into the
same register waits, and a rollback gives the number back. The unique constraint (register, year, number)
on the documents backs it."""

import json
import re
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.db.models.sql import InsertQuery
from django.utils.translation import gettext as _

from apps.audit.models import AuditEvent

from .models import NOTATION_PLACEHOLDERS, DocumentType, Register

# One statement creates the year's row race-free (first use on 1 January) and increments it; the upsert locks
# the row exactly as SELECT … FOR UPDATE would, until the transaction ends, in one round trip instead of three.
_NEXT_NUMBER_SQL = (
    "INSERT INTO registers_registercounter AS c (register_id, year, last_number) VALUES (%s, %s, 1)"
    " ON CONFLICT (register_id, year) DO UPDATE SET last_number = c.last_number + 1"
    " RETURNING c.last_number"
)


class NotInTransaction(RuntimeError):
    """next_number() outside a transaction would commit the number on its own and leave a gap on failure."""


def next_number(register: Register | int, year: int) -> int:
    """Take the next number of ``register`` for ``year`` (1 for the first document of the year).

    Must run inside the ``transaction.atomic()`` block that saves the document: the counter row stays locked
    until it commits (the next caller then gets the following number) or rolls back (the number is free again)."""
    if not connection.in_atomic_block:
        raise NotInTransaction("next_number() must run inside the transaction that records the document")
    register_id = register if isinstance(register, int) else register.pk
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_NUMBER_SQL, [register_id, year])
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Series:
    """A register's numbers for one year (its counter row): what a new document takes its number from."""

    register: Register | int
    year: int

    @property
    def register_id(self) -> int:
        return self.register if isinstance(self.register, int) else self.register.pk


def insert_numbered(
    instance: models.Model,
    number_field: str,
    series: Series,
    *,
    event: AuditEvent | None = None,
    children: Mapping[str, Sequence[models.Model]] | None = None,
) -> int:
    """Save the new ``instance`` with the next number of ``series`` in ``number_field``, with its
    audit ``event`` (``audit.services.new_event``: it gets the row's id and the number in its changes) and its
    ``children`` (new rows of other tables, by the name of their key to it: ``{"document_id": [recipients…]}``)
    — all in **one statement** — and return the number::

        WITH n AS (<counter upsert>),
             d AS (INSERT <instance> VALUES (…, (SELECT last_number FROM n), …) RETURNING id, number),
             a AS (INSERT <event> VALUES (…, (SELECT id FROM d), (SELECT <changes + number> FROM d)) RETURNING id),
             c1 AS (INSERT <children> VALUES ((SELECT id FROM d), …), …)
        SELECT …

    The rules of ``next_number`` (gapless: a refused row fails the statement, and the number is not taken), but a
    statement is atomic on its own: outside a transaction PostgreSQL commits it as it ends, so the counter row is
    locked only while it runs — never across a round trip to this process, which under load (32 clerks on two
    cores) may wait for the CPU while every other clerk of the register waits for the lock. Inside a transaction
    it joins it (under a savepoint). The INSERTs are Django's own (each model's columns, defaults and
    ``pre_save``); model signals are not sent (nothing listens to them here); the children's ids are not read
    back."""
    if not instance._state.adding or instance.pk is not None:
        raise ValueError("insert_numbered() saves new rows only")
    pk, number_column = instance._meta.pk, instance._meta.get_field(number_field)
    setattr(instance, number_field, RawSQL("SELECT last_number FROM n", ()))
    row_sql, row_params = _insert_sql([instance], returning=[pk, number_column])
    statement = _Statement([f"n AS ({_NEXT_NUMBER_SQL})", f"d AS ({row_sql})"], [series.register_id, series.year])
    statement.params += row_params
    columns = [connection.ops.quote_name(pk.column), connection.ops.quote_name(number_column.column)]
    changes = event.changes if event is not None else None
    if event is not None:
        statement.add_event(event, columns, number_field)
    statement.add_children(children or {}, id_column=columns[0])
    sql = f"WITH {', '.join(statement.ctes)} SELECT {', '.join(columns)} FROM d"  # noqa: S608 -- quoted names
    # Inside the caller's transaction, a savepoint: a refused row then leaves that transaction usable.
    with transaction.atomic() if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
        cursor.execute(sql, statement.params)
        instance.pk, number, *event_pk = cursor.fetchone()
    _saved(instance, **{number_field: number})
    if event is not None:
        _saved(event, pk=event_pk[0], object_id=str(instance.pk), changes={**changes, number_field: number})
    for key, rows in (children or {}).items():
        for row in rows:
            _saved(row, **{key: instance.pk})
    return number


@dataclass
class _Statement:
    """The common table expressions of ``insert_numbered``'s statement and their parameters, in order."""

    ctes: list[str]
    params: list

    def add_event(self, event: AuditEvent, columns: list[str], number_field: str) -> None:
        """The audit event, with the new row's id and its number in its changes; its id is read back (a column)."""
        event.object_id = _from_new_row(f"{columns[0]}::text")
        event.changes = _from_new_row(
            f"jsonb_set(%s::jsonb, ARRAY[%s], to_jsonb({columns[1]}))", json.dumps(event.changes), number_field
        )
        event_sql, event_params = _insert_sql([event], returning=[event._meta.pk])
        self.ctes.append(f"a AS ({event_sql})")
        self.params += event_params
        columns.append("(SELECT * FROM a)")  # the event's id, its only RETURNING column

    def add_children(self, children: Mapping[str, Sequence[models.Model]], *, id_column: str) -> None:
        """One INSERT per model of the ``children``, each row keyed to the new row by ``id_column``."""
        by_model: dict[type[models.Model], list[models.Model]] = {}
        for key, rows in children.items():
            for row in rows:
                setattr(row, key, _from_new_row(id_column))
                by_model.setdefault(type(row), []).append(row)
        for index, rows in enumerate(by_model.values()):
            child_sql, child_params = _insert_sql(rows, returning=[])
            self.ctes.append(f"c{index} AS ({child_sql})")
            self.params += child_params


def _insert_sql(instances: Sequence[models.Model], *, returning: list[models.Field]) -> tuple[str, list]:
    """Django's INSERT of the new ``instances`` of one model (every local column but the automatic id)."""
    opts = instances[0]._meta
    fields = [f for f in opts.local_concrete_fields if f is not opts.auto_field and not f.generated]
    query = InsertQuery(type(instances[0]))
    query.insert_values(fields, instances)
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = returning or None
    [(sql, params)] = compiler.as_sql()
    return sql, list(params)


def _from_new_row(expression: str, *params: object) -> RawSQL:
    """A value computed from the row ``insert_numbered`` has just inserted (the CTE ``d``); ``expression`` holds
    quoted column names only, values come as ``params``."""
    return RawSQL(f"SELECT {expression} FROM d", params)  # noqa: S608, S611 -- quoted column names, values bound


def _saved(instance: models.Model, **values) -> None:
    for name, value in values.items():
        setattr(instance, name, value)
    instance._state.adding = False
    instance._state.db = connection.alias


def format_number(number: int) -> str:
    """Numbers below 10 get a leading zero: 5 → "05" (Appendix I Part I §II.3)."""
    return f"{number:02d}"


def number_and_notation(number: int | None, notation: str) -> str:
    """``05/SNV-VP``: number and notation joined by "/" with no spaces; the notation alone without a number."""
    if number is None:
        return notation
    return f"{format_number(number)}/{notation}" if notation else format_number(number)


class NotationError(ValueError):
    pass


def build_notation(
    register: Register,
    document_type: DocumentType,
    *,
    agency_abbreviation: str,
    unit_abbreviation: str = "",
) -> str:
    """The notation (ký hiệu) of an outgoing document or copy: the register's pattern for typed documents
    (``{type}-{agency}`` → ``QĐ-SNV``), or its pattern without type for công văn (``{agency}-{unit}`` →
    ``SNV-VP``)."""
    pattern = register.notation_pattern if document_type.abbreviation else register.notation_pattern_without_type
    if not pattern:
        raise NotationError(
            _("The register %(register)s has no notation pattern for this type.") % {"register": register}
        )
    values = {"type": document_type.abbreviation, "agency": agency_abbreviation, "unit": unit_abbreviation}
    missing = [name for name in NOTATION_PLACEHOLDERS if f"{{{name}}}" in pattern and not values[name]]
    if missing:
        raise NotationError(_("The notation needs an abbreviation for: %(missing)s.") % {"missing": ", ".join(missing)})
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], pattern)


# Notations written by other issuers: groups of letters, digits, "&" or "." joined by "-", optionally after the
# year of a legal normative document ("2020/NĐ-CP"). Letters may be lower case (TTr) and carry Đ.
NOTATION_PATTERN = r"^([0-9]{4}/)?[[:alnum:]&.]+(-[[:alnum:]&.]+)*$"  # PostgreSQL (CHECK constraint)
_NOTATION_RE = re.compile(r"^(?:[0-9]{4}/)?(?:[^\W_]|[&.])+(?:-(?:[^\W_]|[&.])+)*$")


def is_well_formed_notation(notation: str) -> bool:
    return bool(_NOTATION_RE.match(notation))
