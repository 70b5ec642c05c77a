"""The append-only guards written once (province/append_only.py) are what the database holds on each trail, and
each refuses UPDATE, DELETE and TRUNCATE of a row that exists, whoever sends them."""

from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from apps.audit.services import record_event
from apps.people.tests.factories import UnitFactory, UserFactory
from province.accounts import services as account_services
from province.append_only import ACCOUNT_EVENTS, AGENCY_EVENTS, AUDIT_EVENTS, GUARDS, AppendOnly
from tenants import services as agency_services

pytestmark = pytest.mark.django_db


def an_audit_event(agency_a, agency_b) -> str:
    with schema_context(agency_a.schema_name):
        record_event(UnitFactory(), "created", by=None)
    return agency_a.schema_name


def an_agency_event(agency_a, agency_b) -> str:
    agency_services.suspend_agency(agency_b, by=UserFactory(is_staff=True, is_superuser=True))
    return "public"


def an_account_event(agency_a, agency_b) -> str:
    admin = UserFactory(is_staff=True, is_superuser=True)
    account_services.set_province_rights(UserFactory(), staff=False, superuser=False, by=admin)
    return "public"


ROWS: dict[AppendOnly, Callable] = {
    AUDIT_EVENTS: an_audit_event,
    AGENCY_EVENTS: an_agency_event,
    ACCOUNT_EVENTS: an_account_event,
}


def triggers_on(schema: str, table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s"
            " AND NOT t.tgisinternal",
            [schema, table],
        )
        return dict(cursor.fetchall())


def test_every_guard_has_a_row_maker():
    assert set(ROWS) == set(GUARDS)


@pytest.mark.parametrize("guard", GUARDS, ids=[g.table for g in GUARDS])
def test_the_database_holds_the_guard_as_written_once(agency_a, agency_b, guard):
    schema = ROWS[guard](agency_a, agency_b)
    found = triggers_on(schema, guard.table)
    expected = {name: (events, level) for name, events, level in guard._triggers()}
    assert set(found) == set(expected)
    for name, (events, level) in expected.items():
        definition = found[name]
        assert f" FOR EACH {level} EXECUTE FUNCTION " in definition
        assert definition.endswith((f" {guard.function}()", f".{guard.function}()"))  # qualified in an agency
        assert {e.strip() for e in definition.split(" BEFORE ")[1].split(" ON ")[0].split(" OR ")} == set(
            events.split(" OR ")
        )


@pytest.mark.parametrize("guard", GUARDS, ids=[g.table for g in GUARDS])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET id = id", "DELETE FROM {table}", "TRUNCATE {table} CASCADE"])
def test_the_guard_refuses_changing_or_removing_a_row(agency_a, agency_b, guard, statement):
    schema = ROWS[guard](agency_a, agency_b)
    with schema_context(schema):
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the row's deferred checks, before a TRUNCATE
        with pytest.raises(DatabaseError, match=guard.message), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement.format(table=guard.table))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {guard.table}")  # noqa: S608 -- the guard's own table name
            assert cursor.fetchone()[0] >= 1
