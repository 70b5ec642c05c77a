"""Tables whose rows are never changed or removed, in the database itself: the SQL of the append-only guards,
written once, that each trail's migration runs (``AppendOnly(...).operation()``).

A trail's guard is a trigger function that raises, and triggers that call it before UPDATE, DELETE and TRUNCATE,
whoever sends them (Decree 30, Appendix VI §III.5 for the audit trail). The guards of an agency's schema live in
that schema, so the template clone copies them into new agencies (tenants/cloning.py).

Migrations that ran call this: the SQL returned for their arguments must never change (existing databases have
it); a new guard or a different one is a new migration with new arguments. The SQL builds nothing but the guard,
from identifiers and messages written in the migrations (no input from elsewhere)."""

from dataclasses import dataclass

from django.db import migrations


@dataclass(frozen=True)
class AppendOnly:
    """The guard of one table.

    ``per_row``: the account events' form (province/accounts, migration 0002, written first) — a row trigger
    for UPDATE and DELETE, a statement trigger ``<table>_no_truncate`` for TRUNCATE, and the bare message; the
    others use one statement trigger for all three and raise ``insufficient_privilege`` naming the operation
    and the table (``the audit trail is append-only: UPDATE on audit_auditevent refused``)."""

    table: str
    function: str
    trigger: str
    message: str
    per_row: bool = False

    def _raise(self) -> str:
        if self.per_row:
            return f"RAISE EXCEPTION '{self.message}';"
        return (
            f"RAISE EXCEPTION '{self.message}: % on % refused', TG_OP, TG_TABLE_NAME\n"
            "        USING ERRCODE = 'insufficient_privilege';"
        )

    def _triggers(self) -> list[tuple[str, str, str]]:
        """(name, events, level) of each trigger."""
        if self.per_row:
            return [(self.trigger, "UPDATE OR DELETE", "ROW"), (f"{self.table}_no_truncate", "TRUNCATE", "STATEMENT")]
        return [(self.trigger, "UPDATE OR DELETE OR TRUNCATE", "STATEMENT")]

    def sql(self) -> str:
        # The function's body is stored as written (pg_proc.prosrc): the account events' guard ends "END $$"
        # as its migration wrote it, so that every database holds the same text.
        end = "END $$;" if self.per_row else "END\n$$;"
        function = (
            f"CREATE FUNCTION {self.function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n    {self._raise()}\n{end}\n"
        )
        triggers = "".join(
            f"CREATE TRIGGER {name} BEFORE {events} ON {self.table}\n"
            f"    FOR EACH {level} EXECUTE FUNCTION {self.function}();\n"
            for name, events, level in self._triggers()
        )
        return function + triggers

    def reverse_sql(self) -> str:
        drops = "".join(f"DROP TRIGGER {name} ON {self.table};\n" for name, _events, _level in self._triggers())
        return drops + f"DROP FUNCTION {self.function}();\n"

    def operation(self) -> migrations.RunSQL:
        return migrations.RunSQL(self.sql(), self.reverse_sql())


AUDIT_EVENTS = AppendOnly(
    table="audit_auditevent",
    function="audit_refuse_change",
    trigger="audit_append_only",
    message="the audit trail is append-only",
)
AGENCY_EVENTS = AppendOnly(
    table="tenants_agencyevent",
    function="tenants_refuse_change",
    trigger="agency_event_append_only",
    message="the agency trail is append-only",
)
ACCOUNT_EVENTS = AppendOnly(
    table="accounts_accountevent",
    function="accounts_accountevent_append_only",
    trigger="accounts_accountevent_append_only",
    message="account events are append-only",
    per_row=True,
)
GUARDS = (AUDIT_EVENTS, AGENCY_EVENTS, ACCOUNT_EVENTS)
