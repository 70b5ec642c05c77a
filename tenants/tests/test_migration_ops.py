"""add_index_concurrently: outside a transaction (a roll-out) the index is built CONCURRENTLY and valid, and a
second run (a roll-out run again after an interruption) rebuilds it instead of failing; inside one (the tests'
migrations) it is built plainly."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.state import ProjectState
from django_tenants.utils import schema_context

from tenants.migration_ops import add_index_concurrently

pytestmark = pytest.mark.django_db(transaction=True)
LEAD_PARTS = importlib.import_module("apps.direction.migrations.0002_dashboard_indexes").LEAD_PARTS


def index_validity(schema: str, name: str) -> list[bool]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s",
            [schema, name],
        )
        return [row[0] for row in cursor.fetchall()]


def run(operation, *, atomic: bool) -> None:
    state = ProjectState.from_apps(apps)
    with connection.schema_editor(atomic=atomic) as editor:
        operation.database_forwards("direction", editor, state, state)


def test_the_index_is_built_concurrently_valid_and_again_on_a_second_run(agency_a):
    operation = add_index_concurrently("direction.assignment", LEAD_PARTS)
    with schema_context(agency_a.schema_name):
        assert not connection.in_atomic_block
        run(operation, atomic=False)
        run(operation, atomic=False)
        assert index_validity(agency_a.schema_name, LEAD_PARTS.name) == [True]
        run(operation, atomic=True)
        assert index_validity(agency_a.schema_name, LEAD_PARTS.name) == [True]
