"""Which schemas exist, how far each is migrated, and migrating one of them.

Every schema records all of the project's migrations in its own django_migrations table (the router
only decides which operations run there), so a schema is up to date exactly when it has recorded every
migration the code holds. That check is one query per schema, which keeps a no-op roll-out over
hundreds of agencies quick."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.utils import get_public_schema_name, get_tenant_base_migrate_command_class
from psycopg import sql

from .models import Agency

PUBLIC = "public"
TEMPLATE = "template"
AGENCY = "agency"


@dataclass
class SchemaState:
    schema: str
    kind: str  # PUBLIC, TEMPLATE or AGENCY
    exists: bool
    applied: int = 0
    pending: list[str] = field(default_factory=list)

    @property
    def behind(self) -> bool:
        return not self.exists or bool(self.pending)


def expected_migrations() -> set[tuple[str, str]]:
    """Every migration the code holds, as (app_label, name)."""
    return set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def known_schemas() -> list[tuple[str, str]]:
    """(schema, kind) for public, the template and every agency, in roll-out order."""
    agencies = Agency.objects.order_by("schema_name").values_list("schema_name", flat=True)
    return [(get_public_schema_name(), PUBLIC), (settings.TENANT_TEMPLATE_SCHEMA, TEMPLATE)] + [
        (name, AGENCY) for name in agencies
    ]


def schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None


def applied_migrations(schema: str) -> set[tuple[str, str]] | None:
    """What ``schema`` has recorded, or None when it has no migrations table (or no schema)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = 'django_migrations'", [schema])
        if cursor.fetchone() is None:
            return None
        cursor.execute(sql.SQL("SELECT app, name FROM {}.django_migrations").format(sql.Identifier(schema)))
        return set(cursor.fetchall())


def schema_state(schema: str, kind: str, expected: set[tuple[str, str]] | None = None) -> SchemaState:
    expected = expected_migrations() if expected is None else expected
    applied = applied_migrations(schema)
    if applied is None:
        return SchemaState(schema, kind, exists=schema_exists(schema), pending=sorted(f"{a}.{n}" for a, n in expected))
    pending = sorted(f"{app}.{name}" for app, name in expected - applied)
    return SchemaState(schema, kind, exists=True, applied=len(applied & expected), pending=pending)


def all_states() -> list[SchemaState]:
    expected = expected_migrations()
    return [schema_state(schema, kind, expected) for schema, kind in known_schemas()]


def migrate_schema(schema: str, *, verbosity: int = 0) -> None:
    """Apply pending migrations to one schema (created if missing), as django-tenants' executors do:
    the migrations table is made inside the schema first, so public's is never mistaken for it."""
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    connection.set_schema(schema, include_public=False)
    MigrationRecorder(connection).ensure_schema()
    if schema == get_public_schema_name():
        connection.set_schema_to_public()
    else:
        connection.set_schema(schema)
    try:
        call_command(
            get_tenant_base_migrate_command_class()(), interactive=False, verbosity=verbosity, skip_checks=True
        )
    finally:
        connection.set_schema_to_public()


def ensure_template_current() -> bool:
    """Create or migrate the template schema when it is behind; True when it had to."""
    template = settings.TENANT_TEMPLATE_SCHEMA
    if not schema_state(template, TEMPLATE).behind:
        return False
    migrate_schema(template)
    return True
