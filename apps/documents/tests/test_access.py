"""Who sees which incoming document (apps/documents/access.py)."""

import pytest
from django.http import Http404

from apps.documents.access import get_incoming_for, incoming_visible_to
from apps.documents.tests.factories import RegisteredIncomingFactory, default_register, make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Secrecy


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
