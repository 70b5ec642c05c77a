"""The audit trail is append-only and names who did what (Decree 30, Appendix VI §III.5)."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from apps.audit.models import AppendOnlyError, AuditEvent
from apps.audit.services import diff, events_for, record_event
from apps.people.access import Person
from apps.people.models import Unit
from apps.people.tests.factories import MembershipFactory, UnitFactory
from tests.support import committed


@pytest.fixture
def alpha(agency_a, in_agency):
    with in_agency(agency_a):
        yield agency_a


def raw_unit() -> Unit:
    """A unit saved as a row, outside the people services: these tests watch the trail alone, so the unit's own
    creation must leave no event and no alert."""
    return Unit.objects.create(name="Phòng Ghi vết", abbreviation="PGV")


@pytest.mark.django_db
def test_an_event_keeps_who_what_when_and_the_changes_as_json(alpha):
    person = Person.for_user(MembershipFactory().user)
    unit = raw_unit()
    event = record_event(unit, "created", by=person, changes={"on": datetime.date(2026, 1, 1), "unit": unit})
    assert (event.actor_id, event.actor_name) == (person.user.pk, person.user.full_name)
    assert (event.object_type, event.object_id) == ("people.unit", str(unit.pk))
    assert AuditEvent.objects.get(pk=event.pk).changes == {"on": "2026-01-01", "unit": unit.pk}
    assert list(events_for(unit)) == [event]
    assert record_event(unit, "checked", by=None).actor_name == ""


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted(alpha):
    event = record_event(UnitFactory(), "created", by=None)
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "created"


def test_diff_lists_only_the_fields_that_changed():
    assert diff({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1, 3], "c": "x"}) == {"b": [[1, 2], [1, 3]], "c": [None, "x"]}


@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_audit_events_whatever_the_path(alpha):
    event = record_event(raw_unit(), "created", by=None)
    for statement in (
        "UPDATE audit_auditevent SET action = 'forged' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "TRUNCATE audit_auditevent CASCADE",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk] if "%s" in statement else None)
    assert AuditEvent.objects.get(pk=event.pk).action == "created"


@pytest.mark.django_db(transaction=True)
def test_the_committed_tests_clean_up_removes_audit_events_and_leaves_the_guard_on(agency_a):
    mark = committed.take_watermark()
    with schema_context(agency_a.schema_name):
        event = record_event(UnitFactory(), "created", by=None)  # committed: autocommit
    committed.restore_watermark(mark)
    with schema_context(agency_a.schema_name):
        assert not AuditEvent.objects.filter(pk=event.pk).exists()
        with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE c.relname IN ('audit_auditevent', 'tenants_agencyevent') AND t.tgenabled <> 'O'"
            " AND NOT t.tgisinternal"
        )
        assert cursor.fetchone()[0] == 0, "every append-only trigger is enabled again"
