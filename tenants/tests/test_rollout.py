"""The roll-out migrates every schema in parallel worker processes, goes on past a failing schema and resumes
with what is still behind.

The workers are forked processes with their own database connections, so what they must see (the agencies
and their lagging schemas) has to be committed: these tests use ``django_db(transaction=True)``. Django would
end such a test by flushing every table, which would wipe the session's agencies ``alpha`` and ``beta`` from
the registry while their schemas stay; the root conftest replaces that flush with a watermark clean-up
(tests/support/committed.py) that deletes only the rows added by the test and drops the schemas it created.
That clean-up also deletes django_migrations rows a test adds to an older schema, so these tests only ever
make their own agencies lag, never alpha, beta or the template."""

import io
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from psycopg import sql

from tenants import schemas
from tenants.models import Agency
from tenants.rollout import rollout
from tenants.services import AgencySpec, provision_agency
from tests.support.agencies import department

# A leaf app: no other app depends on it, so unapplying it takes nothing else with it (people no longer is one:
# documents point at its units).
LAGGING_APP, LAGGING_TABLE = "notifications", "notifications_notification"


def _migrations_of(app: str) -> list[str]:
    """Every migration of ``app`` on disk, in order (the app may gain migrations as issues land)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{label}.{name}" for label, name in loader.disk_migrations if label == app)


LAGGING_MIGRATIONS = _migrations_of(LAGGING_APP)
LAGGING_MIGRATION = LAGGING_MIGRATIONS[0]  # the first one pending: what "behind: …" starts with


def provision_test_agency(number: int) -> Agency:
    """A real agency (cloned like any other), named rollout<number>."""
    fields = department(
        number, f"Sở Thử nghiệm Roll-out {number}", f"Sở Roll-out {number}", f"SRO{number}", f"rollout{number}"
    )
    return provision_agency(AgencySpec(**fields, schema_name=f"rollout{number}")).agency


def make_lag(schema: str) -> None:
    """Take ``schema`` back to before the lagging app, the way an agency looks when a release adds an app:
    django-tenants' own migrate_schemas unapplies its migrations there (its tables go, its
    django_migrations rows too)."""
    settle_deferred_checks()
    call_command("migrate_schemas", LAGGING_APP, "zero", schema_name=schema, interactive=False, verbosity=0)
    connection.set_schema_to_public()


def settle_deferred_checks() -> None:
    """Inside a test's transaction, rows just inserted leave deferred foreign-key checks pending, and
    PostgreSQL refuses DDL on their tables until the checks have run: run them now."""
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def table_exists(schema: str, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = %s", [schema, table])
        return cursor.fetchone() is not None


def status_line(output: str, schema: str) -> str:
    """The line schema_status printed for ``schema``."""
    (line,) = [line for line in output.splitlines() if line.split(" ", 1)[0] == schema]
    return line


def run_command(name: str, **options) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of a management command, in English."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        try:
            call_command(name, stdout=out, stderr=err, **options)
            code = 0
        except SystemExit as exit_:
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def lagging_agencies(transactional_db):
    """Three committed agencies whose schemas are behind (one migration of the lagging app)."""
    agencies = [provision_test_agency(n) for n in (71, 72, 73)]
    for agency in agencies:
        make_lag(agency.schema_name)
        assert schemas.schema_state(agency.schema_name, schemas.AGENCY).pending == LAGGING_MIGRATIONS
    return agencies


def test_make_lag_really_leaves_the_schema_behind(lagging_agencies):
    # The helper the other tests rely on: no tables of the lagging app, and the state says which migration is missing.
    schema = lagging_agencies[0].schema_name
    assert not table_exists(schema, LAGGING_TABLE)
    assert schemas.schema_state(schema, schemas.AGENCY).behind


def test_rollout_brings_lagging_schemas_up_to_date_in_parallel_workers(lagging_agencies):
    names = [a.schema_name for a in lagging_agencies]
    code, out, _ = run_command("schema_status")
    assert code == 1
    shown = ", ".join(LAGGING_MIGRATIONS[:3])
    assert all(f"behind: {shown}" in status_line(out, name) for name in names)

    outcomes = {o.schema: o for o in rollout(jobs=2)}

    assert {name: outcomes[name].status for name in names} == dict.fromkeys(names, "migrated")
    # The agencies went to forked workers, at least two of them, never the calling process.
    workers = {outcomes[name].worker for name in names}
    assert os.getpid() not in workers
    assert len(workers) == 2
    for name in names:
        assert not schemas.schema_state(name, schemas.AGENCY).behind
        assert table_exists(name, LAGGING_TABLE)
    # Schemas that were already current are recognised and left alone.
    assert outcomes["alpha"].status == outcomes["public"].status == "skipped"
    code, out, _ = run_command("schema_status")
    assert code == 0, out


def test_rollout_reports_a_failing_schema_goes_on_with_the_others_and_resumes(lagging_agencies):
    broken, *others = [a.schema_name for a in lagging_agencies]
    # A table in the way of the migration, as a hand-made change on a production schema would be.
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("CREATE TABLE {}.{} (id integer)").format(sql.Identifier(broken), sql.Identifier(LAGGING_TABLE))
        )

    code, out, err = run_command("rollout", jobs=2)

    assert code == 1
    assert f"[{broken}] failed" in err and "already exists" in err
    assert "Run the roll-out again" in err
    assert "2 migrated" in out and "1 failed" in out
    assert all(not schemas.schema_state(name, schemas.AGENCY).behind for name in others)
    assert schemas.schema_state(broken, schemas.AGENCY).pending == LAGGING_MIGRATIONS

    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE {}.{}").format(sql.Identifier(broken), sql.Identifier(LAGGING_TABLE)))
    code, out, err = run_command("rollout", jobs=2)

    assert code == 0, err
    assert f"[{broken}] migrated" in out
    assert not any(f"[{name}] migrated" in out for name in others)
    assert "1 migrated" in out and "0 failed" in out
    assert table_exists(broken, LAGGING_TABLE)


def test_rollout_with_nothing_behind_migrates_nothing(transactional_db):
    code, out, err = run_command("rollout", jobs=2)

    assert code == 0, err
    assert " 0 migrated" in out and "0 failed" in out
    assert "] migrated" not in out
