"""A new agency's schema is a copy of the template (tenants.cloning); these tests prove the copy is as good
as running every migration. Everything happens inside the test's transaction: PostgreSQL DDL is
transactional, so the scratch schemas vanish with the rollback."""

import datetime
import re
from collections.abc import Callable

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from psycopg import sql

from apps.audit.models import AuditEvent
from apps.audit.services import record_event
from apps.people.models import Position, Unit
from apps.people.tests.factories import UserFactory
from tenants import cloning, schemas
from tenants.cloning import CloneError
from tests.support.factories import model_factories

TEMPLATE = settings.TENANT_TEMPLATE_SCHEMA


def _session() -> Session:
    return Session.objects.create(
        session_key=f"clone-test-{timezone.now().timestamp()}-{Session.objects.count()}",
        session_data="",
        expire_date=timezone.now() + datetime.timedelta(hours=1),
    )


# Models that live in an agency schema without a factory of their own app. Every other tenant model is built
# by the factory its app keeps in <app>/tests/factories.py (tests.support.factories finds it).
SPECIAL_BUILDERS: dict[type[models.Model], Callable[[], models.Model]] = {
    get_user_model(): UserFactory,  # public, but tenant models point at it
    Session: _session,
}


# ---- catalogue facts -------------------------------------------------------------------------------------


def _rows(query: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def catalogue(schema: str) -> dict[str, object]:
    """What a schema is made of, with its own name replaced by <schema> so that two schemas compare."""
    pattern = re.compile(rf'(?<![\w"])("{re.escape(schema)}"|{re.escape(schema)})\.')

    def norm(value: object) -> object:
        if isinstance(value, str):
            return pattern.sub("<schema>.", value)
        if isinstance(value, list | tuple):
            return type(value)(norm(v) for v in value)
        return value

    facts = {
        "relations": _rows(
            "SELECT c.relname, c.relkind FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s ORDER BY 1",
            [schema],
        ),
        "tables": _rows(
            "SELECT c.relname, c.relpersistence, c.reloptions, obj_description(c.oid, 'pg_class')"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY 1",
            [schema],
        ),
        # Column order matters (INSERT … SELECT * and COPY rely on it), so list them in attnum order.
        "columns": _rows(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,"
            " a.attgenerated, pg_get_expr(d.adbin, d.adrelid), co.collname, col_description(c.oid, a.attnum),"
            " a.attstattarget"
            " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            " LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 100"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s"
            " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
            [schema],
        ),
        "constraints": _rows(
            "SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid), con.convalidated"
            " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s ORDER BY 1, 2",
            [schema],
        ),
        "indexes": _rows(
            "SELECT t.relname, c.relname, pg_get_indexdef(c.oid), x.indisunique, x.indisprimary"
            " FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s ORDER BY 2",
            [schema],
        ),
        "sequences": _rows(
            "SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,"
            " s.seqcache, s.seqcycle, t.relname, a.attname, d.deptype"
            " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
            " LEFT JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass"
            "  AND d.refclassid = 'pg_class'::regclass"
            " LEFT JOIN pg_class t ON t.oid = d.refobjid"
            " LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s ORDER BY 1",
            [schema],
        ),
        # Trigger functions and triggers: the audit trail's append-only guard must reach every agency.
        "functions": _rows(
            "SELECT p.proname, pg_get_function_identity_arguments(p.oid), pg_get_functiondef(p.oid)"
            " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %s ORDER BY 1, 2",
            [schema],
        ),
        "triggers": _rows(
            "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t"
            " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND NOT t.tgisinternal ORDER BY 1, 2",
            [schema],
        ),
        "migrations": _rows(
            sql.SQL("SELECT app, name FROM {}.django_migrations ORDER BY 1, 2").format(sql.Identifier(schema)), []
        ),
    }
    return {kind: norm(rows) for kind, rows in facts.items()}


def sequence_positions(schema: str) -> dict[tuple[str, str], tuple[int, bool]]:
    """(table, column) → (last_value, is_called) of every identity column's sequence."""
    positions = {}
    for table, column, sequence in _rows(
        "SELECT t.relname, a.attname, c.relname FROM pg_depend d JOIN pg_class c ON c.oid = d.objid"
        " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'S' AND d.deptype = 'i'",
        [schema],
    ):
        query = sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier(schema, sequence))
        positions[table, column] = _rows(query, [])[0]
    return positions


def tenant_models() -> list[type[models.Model]]:
    """Every model whose table lives in an agency schema, with the many-to-many tables Django makes."""
    return [
        model
        for config in apps.get_app_configs()
        if config.name in settings.TENANT_APPS
        for model in config.get_models(include_auto_created=True)
    ]


def build(model: type[models.Model]) -> models.Model:
    """One saved row of ``model`` in the current schema."""
    if model in SPECIAL_BUILDERS:
        return SPECIAL_BUILDERS[model]()
    if model in model_factories():
        return model_factories()[model]()
    if model._meta.auto_created:  # a many-to-many table: join one new row of each side
        left, right = (f for f in model._meta.get_fields() if isinstance(f, models.ForeignKey))
        return model.objects.create(**{left.name: build(left.related_model), right.name: build(right.related_model)})
    pytest.fail(
        f"No factory for the tenant model {model._meta.label}: add one to its app's tests/factories.py, "
        "so that the clone is proven to accept its rows."
    )


# ---- tests -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cloned_schema_is_identical_to_a_migrated_one():
    schemas.migrate_schema("x_migrated")
    cloning.clone_schema(TEMPLATE, "x_cloned")

    migrated, cloned = catalogue("x_migrated"), catalogue("x_cloned")

    assert migrated["tables"], "the migrated schema has no tables: the comparison would prove nothing"
    assert any(row[2] == "f" for row in migrated["constraints"]), "expected foreign keys to compare"
    assert ("audit_auditevent", "audit_append_only") in [row[:2] for row in migrated["triggers"]]
    for kind in migrated:
        assert cloned[kind] == migrated[kind], f"{kind} differ between a cloned and a migrated schema"


@pytest.mark.django_db
def test_cloned_schema_accepts_inserts_into_every_table_and_its_sequences_continue():
    # A scratch template with rows in every table, as data migrations will leave in the real one.
    cloning.clone_schema(TEMPLATE, "x_seeded_template")
    seeded: dict[type[models.Model], object] = {}
    with schema_context("x_seeded_template"):
        for model in tenant_models():
            seeded[model] = build(model).pk
    template_positions = sequence_positions("x_seeded_template")
    assert template_positions, "the template has no identity columns: nothing to prove about sequences"
    assert all(called for _, called in template_positions.values())

    cloning.clone_schema("x_seeded_template", "x_cloned")

    assert sequence_positions("x_cloned") == template_positions
    with schema_context("x_cloned"):
        for model in tenant_models():
            assert model.objects.filter(pk=seeded[model]).exists(), f"{model._meta.label}: the seeded row was copied"
            row = build(model)
            if isinstance(model._meta.pk, models.AutoField):
                assert row.pk > seeded[model], f"{model._meta.label}: the id must continue after the template's"


@pytest.mark.django_db
def test_build_fails_with_a_clear_message_for_a_tenant_model_without_factory(monkeypatch):
    monkeypatch.delitem(model_factories(), Position)
    with pytest.raises(pytest.fail.Exception, match=r"No factory for the tenant model people\.Position"):
        build(Position)


UNCOPYABLE = {
    "views": "CREATE VIEW x_template.active_units AS SELECT * FROM x_template.people_unit WHERE is_active",
    # Trigger functions are copied; any other function is not.
    "functions": "CREATE FUNCTION x_template.answer() RETURNS integer LANGUAGE sql AS 'SELECT 42'",
    "types": "CREATE TYPE x_template.urgency AS ENUM ('normal', 'urgent')",
    "sequences": "CREATE SEQUENCE x_template.document_number",
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(UNCOPYABLE))
def test_clone_refuses_objects_it_cannot_copy(kind):
    cloning.clone_schema(TEMPLATE, "x_template")
    with connection.cursor() as cursor:
        cursor.execute(UNCOPYABLE[kind])

    with pytest.raises(CloneError, match=rf"x_template has {kind} the clone cannot copy"):
        cloning.clone_schema("x_template", "x_target")
    assert not schemas.schema_exists("x_target")


@pytest.mark.django_db
def test_clone_refuses_a_missing_template():
    with pytest.raises(CloneError, match="x_no_such_template does not exist"):
        cloning.clone_schema("x_no_such_template", "x_target")
    assert not schemas.schema_exists("x_target")


@pytest.mark.django_db
def test_clone_keeps_what_later_migrations_leave_behind():
    """Renamed tables keep their old sequence names, dropped columns leave gaps, models carry comments:
    the clone must still be the template's twin, not a fresh build."""
    cloning.clone_schema(TEMPLATE, "x_template")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE x_template.people_position RENAME TO people_post")
        cursor.execute('ALTER TABLE x_template.people_unit DROP COLUMN "order"')
        cursor.execute("COMMENT ON TABLE x_template.people_post IS 'Chức vụ'")
        cursor.execute("COMMENT ON COLUMN x_template.people_post.rank IS 'Thứ tự'")

    cloning.clone_schema("x_template", "x_cloned")

    template, cloned = catalogue("x_template"), catalogue("x_cloned")
    assert ("people_position_id_seq", "S") in template["relations"]
    for kind in template:
        assert cloned[kind] == template[kind], f"{kind} differ between the template and its clone"


def _refused(statement: str, params: list | None = None) -> bool:
    """Whether the database refuses ``statement`` (run in a savepoint, so the test's transaction goes on)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError as error:
        assert "append-only" in str(error)
        return True
    return False


@pytest.mark.django_db
def test_a_cloned_agency_refuses_to_change_or_delete_its_audit_trail():
    cloning.clone_schema(TEMPLATE, "x_cloned")
    with schema_context("x_cloned"):
        event = record_event(Unit.objects.create(name="Văn phòng", abbreviation="VP"), "created", by=None)
        assert _refused("UPDATE x_cloned.audit_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
        assert _refused("DELETE FROM x_cloned.audit_auditevent WHERE id = %s", [event.pk])
        assert _refused("TRUNCATE x_cloned.audit_auditevent CASCADE")
        assert AuditEvent.objects.get(pk=event.pk).action == "created"
        insert = (
            "INSERT INTO x_cloned.audit_auditevent (at, actor_name, action, object_type, object_id, changes)"
            " VALUES (now(), '', 'checked', 'people.position', '1', '{}')"
        )
        assert not _refused(insert)


@pytest.mark.django_db
def test_clone_copies_a_trigger_whose_function_lives_in_public():
    cloning.clone_schema(TEMPLATE, "x_template")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION public.x_touch_for_clone_test() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN NEW.name := NEW.name || ' (touched)'; RETURN NEW; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER unit_touch BEFORE UPDATE ON x_template.people_unit"
            " FOR EACH ROW EXECUTE FUNCTION public.x_touch_for_clone_test()"
        )

    cloning.clone_schema("x_template", "x_cloned")

    assert catalogue("x_cloned")["triggers"] == catalogue("x_template")["triggers"]
    with schema_context("x_cloned"):
        unit = Unit.objects.create(name="Phòng Thử", abbreviation="PT")
        Unit.objects.filter(pk=unit.pk).update(order=3)
        assert Unit.objects.get(pk=unit.pk).name == "Phòng Thử (touched)"
