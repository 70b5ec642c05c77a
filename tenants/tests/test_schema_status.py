"""schema_status lists every schema with its migration state and fails while any is behind.

These tests stay inside the test's transaction (the roll-out runs in-process with jobs=1), so the lagging
schemas they make, even the template, vanish with the rollback; test_rollout.py covers forked workers."""

import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from tenants.tests.test_rollout import (
    LAGGING_MIGRATION,
    make_lag,
    provision_test_agency,
    run_command,
    settle_deferred_checks,
    status_line,
)

TEMPLATE = settings.TENANT_TEMPLATE_SCHEMA


@pytest.mark.django_db
def test_status_shows_a_lagging_schema_as_behind_until_the_rollout_brings_it_up_to_date():
    schema = provision_test_agency(81).schema_name
    make_lag(schema)

    code, out, _ = run_command("schema_status")

    assert code == 1
    assert f"behind: {LAGGING_MIGRATION}" in status_line(out, schema)
    assert "up to date" in status_line(out, "alpha")
    assert out.rstrip().endswith("1 behind.")

    assert run_command("rollout", jobs=1)[0] == 0
    code, out, _ = run_command("schema_status")

    assert code == 0
    assert "up to date" in status_line(out, schema)
    assert out.rstrip().endswith("0 behind.")


@pytest.mark.django_db
def test_status_shows_a_lagging_template_and_the_rollout_migrates_it_first():
    make_lag(TEMPLATE)

    code, out, _ = run_command("schema_status")
    assert code == 1
    assert f"behind: {LAGGING_MIGRATION}" in status_line(out, TEMPLATE)

    code, out, _ = run_command("rollout", jobs=1)
    assert code == 0
    assert out.splitlines()[0].startswith(f"[{TEMPLATE}] migrated")
    assert run_command("schema_status")[0] == 0


@pytest.mark.django_db
def test_status_reports_an_agency_without_its_schema_as_missing():
    schema = provision_test_agency(82).schema_name
    settle_deferred_checks()
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))

    code, out, _ = run_command("schema_status")

    assert code == 1
    assert "missing" in status_line(out, schema)


@pytest.mark.django_db
def test_status_behind_lists_only_the_schemas_behind_and_no_fail_exits_0():
    schema = provision_test_agency(83).schema_name
    make_lag(schema)

    code, out, _ = run_command("schema_status", behind=True, no_fail=True)

    assert code == 0
    listed = [line.split(" ", 1)[0] for line in out.splitlines()[1:-1]]
    assert listed == [schema]
