"""Gapless yearly numbers and notations (Decree 30, Đ15, Đ22.2; Appendix I Part I §II.3)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.audit.services import events_for, new_event
from apps.documents.models import IncomingDocument, IncomingRecipient
from apps.documents.tests.factories import IncomingDocumentFactory
from apps.people.tests.factories import UnitFactory, UserFactory
from apps.registers.models import DocumentType, Register, RegisterCounter
from apps.registers.numbering import (
    NOTATION_PATTERN,
    NotationError,
    NotInTransaction,
    Series,
    build_notation,
    format_number,
    insert_numbered,
    is_well_formed_notation,
    next_number,
    number_and_notation,
)
from apps.registers.tests.factories import DocumentTypeFactory, RegisterFactory

YEAR = timezone.localdate().year  # the factories' documents arrive today


@pytest.mark.django_db
def test_numbers_start_at_one_each_year_and_follow_on_per_register(alpha):
    first, other = RegisterFactory(), RegisterFactory()
    with transaction.atomic():
        taken = [next_number(first, 2026) for _ in range(3)]
        taken += [next_number(first, 2027), next_number(other, 2026)]
    assert taken == [1, 2, 3, 1, 1]
    assert RegisterCounter.objects.get(register=first, year=2026).last_number == 3


@pytest.mark.django_db
def test_a_number_taken_in_a_transaction_that_fails_is_given_back(alpha):
    register = RegisterFactory()
    with transaction.atomic():
        assert next_number(register, 2026) == 1
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert next_number(register, 2026) == 2
        _ = 1 / 0  # the save of the document fails after the number was taken
    with transaction.atomic():
        assert next_number(register, 2026) == 2


@pytest.mark.django_db(transaction=True)
def test_next_number_refuses_to_run_outside_a_transaction(agency_a, in_agency):
    with in_agency(agency_a):
        register = RegisterFactory()
        with pytest.raises(NotInTransaction):
            next_number(register, 2026)  # in autocommit the number would be committed alone: a gap on failure
        assert not RegisterCounter.objects.filter(register=register).exists()


def unsaved(register: Register, **fields) -> IncomingDocument:
    """A new document of ``register``, its type and clerk saved, itself not yet."""
    return IncomingDocumentFactory.build(
        register=register, document_type=DocumentTypeFactory(), registered_by=UserFactory(), **fields
    )


@pytest.mark.django_db
def test_insert_numbered_saves_the_row_and_its_event_with_the_next_number_at_once(alpha):
    register = RegisterFactory()
    with transaction.atomic():
        assert next_number(register, YEAR) == 1
    first, second = (unsaved(register) for _ in range(2))
    event = new_event(first, "registered", by=None, changes={"subject": first.subject, "arrival_number": None})
    with CaptureQueriesContext(connection) as queries:
        assert insert_numbered(first, "arrival_number", Series(register, YEAR), event=event) == 2
    # One statement; inside the test's transaction, under a savepoint.
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SAVEPOINT", "WITH", "RELEASE"]
    stored = events_for(first).get()
    assert (stored.pk, stored.object_id, stored.action) == (event.pk, str(first.pk), "registered")
    assert stored.changes == event.changes == {"subject": first.subject, "arrival_number": 2}
    with transaction.atomic():
        assert insert_numbered(second, "arrival_number", Series(register.pk, YEAR)) == 3
    saved = IncomingDocument.objects.get(pk=first.pk)
    assert (saved.arrival_number, saved.subject, saved.registered_at) == (2, first.subject, first.registered_at)
    assert saved.registered_at is not None  # the model's pre_save (auto_now_add) ran
    assert not first._state.adding and second.arrival_number == 3
    assert RegisterCounter.objects.get(register=register, year=YEAR).last_number == 3


@pytest.mark.django_db
def test_insert_numbered_takes_no_number_when_the_row_is_refused(alpha):
    register = RegisterFactory()
    refused = unsaved(register, subject="")  # CHECK: a subject is required
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_numbered(refused, "arrival_number", Series(register, YEAR))
    accepted = unsaved(register)
    with transaction.atomic():
        assert insert_numbered(accepted, "arrival_number", Series(register, YEAR)) == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_insert_numbered_commits_the_row_its_event_and_children_at_once(agency_a, in_agency):
    with in_agency(agency_a):
        register, unit = RegisterFactory(), UnitFactory()
        document = unsaved(register)
        event = new_event(document, "registered", by=None, changes={"arrival_number": None})
        children = {"document_id": [IncomingRecipient(unit=unit), IncomingRecipient(user=document.registered_by)]}
        assert insert_numbered(document, "arrival_number", Series(register, YEAR), event=event, children=children) == 1
        assert connection.get_autocommit()  # no transaction was opened: the statement committed as it ended
        stored = IncomingDocument.objects.get(pk=document.pk)
        assert {(r.unit_id, r.user_id) for r in stored.recipients.all()} == {
            (unit.pk, None),
            (None, document.registered_by_id),
        }
        assert events_for(stored).get().changes == {"arrival_number": 1}
        assert all(row.document_id == document.pk and not row._state.adding for row in children["document_id"])


@pytest.mark.django_db(transaction=True)
def test_a_refused_child_fails_the_whole_statement_and_takes_no_number(agency_a, in_agency):
    with in_agency(agency_a):
        register = RegisterFactory()
        document = unsaved(register)
        event = new_event(document, "registered", by=None, changes={})
        nobody = IncomingRecipient()  # CHECK: a unit or a person
        events_before = AuditEvent.objects.count()
        with pytest.raises(IntegrityError):
            insert_numbered(
                document, "arrival_number", Series(register, YEAR), event=event, children={"document_id": [nobody]}
            )
        assert not IncomingDocument.objects.filter(register=register).exists()
        assert not RegisterCounter.objects.filter(register=register, last_number__gt=0).exists()
        assert AuditEvent.objects.count() == events_before and document.pk is None
        saved = IncomingDocumentFactory(register=register)
        with pytest.raises(ValueError):
            insert_numbered(saved, "arrival_number", Series(register, YEAR))  # new rows only


def test_numbers_below_ten_get_a_leading_zero():
    assert format_number(5) == "05"
    assert format_number(10) == "10"
    assert number_and_notation(5, "SNV-VP") == "05/SNV-VP"
    assert number_and_notation(12658, "UBND-KGVX") == "12658/UBND-KGVX"


@pytest.mark.django_db
def test_notation_is_type_and_agency_or_for_cong_van_agency_and_unit(alpha):
    register = Register(notation_pattern="{type}-{agency}", notation_pattern_without_type="{agency}-{unit}")
    decision, letter = DocumentType.objects.get(abbreviation="QĐ"), DocumentType.objects.get(name="Công văn")
    assert build_notation(register, decision, agency_abbreviation="SNV") == "QĐ-SNV"
    assert build_notation(register, letter, agency_abbreviation="SNV", unit_abbreviation="VP") == "SNV-VP"
    notation = build_notation(register, letter, agency_abbreviation="SNV", unit_abbreviation="VP")
    assert number_and_notation(5, notation) == "05/SNV-VP"
    with pytest.raises(NotationError):
        build_notation(register, letter, agency_abbreviation="SNV")


@pytest.mark.parametrize(
    "notation", ["UBND-KGVX", "QĐ-UBND", "TTr-SNV", "BC-UBND-VP", "2020/NĐ-CP", "NQ-HĐND", "KH-BCĐ.PCTT"]
)
def test_well_formed_notations_are_accepted(notation):
    assert is_well_formed_notation(notation)


@pytest.mark.parametrize("notation", ["QĐ UBND", "-UBND", "UBND-", "QĐ--UBND", "QĐ/UBND", "20/NĐ-CP", "UBND_VP", "QĐ-"])
def test_malformed_notations_are_refused(notation):
    assert not is_well_formed_notation(notation)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "notation", ["UBND-KGVX", "TTr-SNV", "2020/NĐ-CP", "QĐ UBND", "QĐ--UBND", "QĐ/UBND", "UBND_VP"]
)
def test_the_database_check_and_python_agree_on_notations(notation):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s ~ %s", [notation, NOTATION_PATTERN])
        assert cursor.fetchone()[0] == is_well_formed_notation(notation)
