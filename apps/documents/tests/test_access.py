"""Who sees which incoming document (apps/documents/access.py)."""

import importlib

import pytest
from django.db import connection
from django.http import Http404

from apps.documents.access import get_incoming_for, incoming_visible_to
from apps.documents.models import IncomingDocument
from apps.documents.search import search_incoming
from apps.documents.tests.factories import RegisteredIncomingFactory, default_register, make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Secrecy
from tests.support.sql import ids_where


@pytest.fixture
def world(alpha):
    """Two units; an ordinary document to each, a secret one to unit A, a secret one to a person of unit B."""
    unit_a, unit_b = UnitFactory(), UnitFactory()
    clerk = make_person(Role.CLERK, clearance=Secrecy.TOP_SECRET)
    named = make_person(Role.SPECIALIST, unit=unit_b)
    secret = default_register(secret=True)
    docs = {
        "to_a": RegisteredIncomingFactory(by=clerk, recipient_units=[unit_a]),
        "to_b": RegisteredIncomingFactory(by=clerk, recipient_units=[unit_b]),
        "secret_to_a": RegisteredIncomingFactory(
            by=clerk, register=secret, secrecy=Secrecy.CONFIDENTIAL, recipient_units=[unit_a]
        ),
        "top_secret_to_named": RegisteredIncomingFactory(
            by=clerk, register=secret, secrecy=Secrecy.TOP_SECRET, recipient_users=[named.user]
        ),
    }
    return {"units": (unit_a, unit_b), "named": named, "docs": docs}


def seen_by(person, world) -> set[str]:
    ids = set(incoming_visible_to(person).values_list("pk", flat=True))
    return {name for name, doc in world["docs"].items() if doc.pk in ids}


@pytest.mark.django_db
def test_clerks_see_the_agency_registers_except_secret_documents_above_their_clearance(world):
    assert seen_by(make_person(Role.CLERK), world) == {"to_a", "to_b"}
    assert seen_by(make_person(Role.CLERK, clearance=Secrecy.CONFIDENTIAL), world) == {"to_a", "to_b", "secret_to_a"}


@pytest.mark.django_db
def test_leaders_see_every_document_except_secret_ones_they_are_not_cleared_for(world):
    assert seen_by(make_person(Role.LEADER), world) == {"to_a", "to_b"}
    assert seen_by(make_person(Role.LEADER, clearance=Secrecy.TOP_SECRET), world) == set(world["docs"])


@pytest.mark.django_db
def test_specialists_see_what_is_sent_to_their_unit_or_to_them(world):
    unit_a = world["units"][0]
    assert seen_by(make_person(Role.SPECIALIST, unit=unit_a), world) == {"to_a"}
    assert seen_by(make_person(Role.SPECIALIST, unit=unit_a, clearance=Secrecy.SECRET), world) == {
        "to_a",
        "secret_to_a",
    }
    assert seen_by(make_person(Role.SPECIALIST), world) == set()


@pytest.mark.django_db
def test_a_secret_document_reaches_the_person_it_is_assigned_to_without_clearance(world):
    unit_b = world["units"][1]
    assert seen_by(world["named"], world) == {"to_b", "top_secret_to_named"}
    # A colleague of the same unit is not assigned: the secret document stays hidden from them.
    assert seen_by(make_person(Role.SPECIALIST, unit=unit_b), world) == {"to_b"}


@pytest.mark.django_db
def test_an_administrator_alone_reads_no_documents(world):
    assert seen_by(make_person(Role.ADMIN), world) == set()


@pytest.mark.django_db
def test_a_document_one_may_not_see_is_not_found_rather_than_forbidden(world):
    specialist = make_person(Role.SPECIALIST, unit=world["units"][0])
    assert get_incoming_for(specialist, world["docs"]["to_a"].pk) == world["docs"]["to_a"]
    for name in ("to_b", "secret_to_a", "top_secret_to_named"):
        with pytest.raises(Http404):
            get_incoming_for(specialist, world["docs"][name].pk)
    with pytest.raises(Http404):
        get_incoming_for(specialist, "not-a-number")


@pytest.mark.django_db
def test_another_agency_sees_none_of_these_documents(world, agency_b, in_agency):
    pks = [doc.pk for doc in world["docs"].values()]
    with in_agency(agency_b):
        leader = make_person(Role.LEADER, clearance=Secrecy.TOP_SECRET)
        assert not incoming_visible_to(leader).filter(pk__in=pks).exists()


# ---- the recipients' copies on the document (what the rule reads) -----------------------------------------------


def recipient_copies_that_differ() -> list[int]:
    """Documents whose ``recipient_unit_ids`` / ``recipient_user_ids`` are not exactly their IncomingRecipient rows."""
    return ids_where(
        "SELECT d.id FROM documents_incomingdocument d WHERE"
        " d.recipient_unit_ids IS DISTINCT FROM ARRAY(SELECT r.unit_id FROM documents_incomingrecipient r"
        "  WHERE r.document_id = d.id AND r.unit_id IS NOT NULL ORDER BY r.unit_id)::bigint[]"
        " OR d.recipient_user_ids IS DISTINCT FROM ARRAY(SELECT r.user_id FROM documents_incomingrecipient r"
        "  WHERE r.document_id = d.id AND r.user_id IS NOT NULL ORDER BY r.user_id)::bigint[]"
    )


@pytest.mark.django_db
def test_the_recipient_copies_equal_the_recipients_table_after_every_registration(world):
    # register_incoming is the one service that sets recipients: units, people, both, none, a unit given twice.
    clerk = make_person(Role.CLERK)
    units, named = world["units"], world["named"]
    RegisteredIncomingFactory(by=clerk, recipient_units=[units[1], units[0], units[1]], recipient_users=[named.user])
    RegisteredIncomingFactory(by=clerk)
    assert IncomingDocument.objects.count() == 6
    assert recipient_copies_that_differ() == []


@pytest.mark.django_db
def test_the_migration_copies_the_recipients_of_documents_registered_before_it(world):
    with connection.cursor() as cursor:
        # As they were before the columns existed.
        cursor.execute("UPDATE documents_incomingdocument SET recipient_unit_ids = '{}', recipient_user_ids = '{}'")
        assert len(recipient_copies_that_differ()) == len(world["docs"])
        cursor.execute(importlib.import_module("apps.documents.migrations.0005_recipient_arrays").FILL)
    assert recipient_copies_that_differ() == []
    assert seen_by(world["named"], world) == {"to_b", "top_secret_to_named"}


def explain(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few thousand rows: a test table is small
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_a_specialists_units_are_read_from_the_documents_own_index_not_the_recipients_table(world):
    unit_a, unit_b = world["units"]
    with connection.cursor() as cursor:
        # 3,000 more documents sent to unit B (copies of one, through SQL), so that the planner sees an agency where
        # a unit receives a small part of the documents and most are not secret.
        cursor.execute(
            "INSERT INTO documents_incomingdocument (register_id, year, arrival_number, arrival_date, issuer_code,"
            " issuer_name, number, notation, issued_date, document_type_id, subject, language, signer,"
            " signer_position, urgency, secrecy, description, registered_by_id, registered_at, search_text,"
            " issuer_key, recipient_unit_ids)"
            " SELECT register_id, year, arrival_number + 10 + g, arrival_date, issuer_code, issuer_name, number,"
            " notation, issued_date, document_type_id, subject, language, signer, signer_position, urgency, secrecy,"
            " description, registered_by_id, registered_at, 'v/v ban hanh quy che ' || g, issuer_key, ARRAY[%s]"
            " FROM documents_incomingdocument, generate_series(1, 3000) g WHERE id = %s",
            [unit_b.pk, world["docs"]["to_b"].pk],
        )
        cursor.execute(
            "INSERT INTO documents_incomingrecipient (document_id, unit_id) SELECT id, %s FROM"
            " documents_incomingdocument WHERE NOT EXISTS (SELECT FROM documents_incomingrecipient WHERE document_id"
            " = documents_incomingdocument.id)",
            [unit_b.pk],
        )
        cursor.execute("ANALYZE documents_incomingdocument")
    assert recipient_copies_that_differ() == []
    # A unit that receives few documents is read through the documents' index of recipients; the unit of a search is
    # a condition on the row (a bitmap or a filter, whichever the planner prefers), never a subquery on the recipients
    # table. (The trigram index serving the words: test_search.py; at a million documents: docs/benchmarks.md.)
    specialist = make_person(Role.SPECIALIST, unit=unit_a)
    listed = explain(incoming_visible_to(specialist).order_by())
    searched = explain(search_incoming(incoming_visible_to(specialist), "quy che 1234"))
    assert "incoming_recipient_units" in listed, listed
    assert "recipient_unit_ids &&" in searched, searched
    assert "incomingrecipient" not in listed + searched, listed + searched
