"""People in several agencies see and switch between them from the header; the list comes from a public index
that the people app keeps in step with memberships (never a query per agency schema)."""

import re

import pytest
from django.core.management import call_command

from apps.core.tests.utils import client_as
from apps.people import services
from apps.people.access import SYSTEM
from apps.people.models import Membership, Role
from apps.people.tests.factories import PositionFactory, UnitFactory, UserFactory
from province.accounts.models import AgencyAccess
from tenants.models import Agency


def switcher_links(html: str) -> list[str]:
    match = re.search(r'<div class="dropdown" id="agency-switcher">(.*?)</ul>', html, re.S)
    return re.findall(r'href="([^"]+)"', match.group(1)) if match else []


def join(agency, user, in_agency) -> Membership:
    with in_agency(agency):
        return services.add_member(
            user=user, unit=UnitFactory(), position=PositionFactory(), roles=[Role.SPECIALIST], by=SYSTEM
        )


@pytest.mark.django_db
def test_the_switcher_lists_exactly_the_persons_active_agencies(agency_a, agency_b, in_agency):
    person = UserFactory()
    join(agency_a, person, in_agency)
    in_b = join(agency_b, person, in_agency)
    with in_agency(agency_b):
        services.add_member(
            user=UserFactory(), unit=UnitFactory(), position=PositionFactory(), roles=[Role.ADMIN], by=SYSTEM
        )
    alpha, beta = (f"http://{a.get_primary_domain().domain}/" for a in (agency_a, agency_b))
    home = client_as(agency_a, person).get("/")
    assert sorted(switcher_links(home.content.decode())) == sorted([alpha, beta])
    assert 'aria-current="true">Sở Alpha' in home.content.decode()

    with in_agency(agency_b):
        services.set_membership_active(in_b, False, by=SYSTEM)
    assert set(AgencyAccess.objects.filter(user=person).values_list("agency__schema_name", flat=True)) == {"alpha"}
    assert switcher_links(client_as(agency_a, person).get("/").content.decode()) == []  # one agency: no switcher

    with in_agency(agency_b):
        services.set_membership_active(in_b, True, by=SYSTEM)
    Agency.objects.filter(pk=agency_b.pk).update(status=Agency.Status.SUSPENDED)
    assert (
        switcher_links(client_as(agency_a, person).get("/").content.decode()) == []
    )  # a suspended agency is not offered


@pytest.mark.django_db
def test_people_of_one_agency_get_no_switcher(agency_a, in_agency):
    person = UserFactory()
    join(agency_a, person, in_agency)
    assert 'id="agency-switcher"' not in client_as(agency_a, person).get("/").content.decode()


@pytest.mark.django_db
def test_the_index_is_rebuilt_from_the_memberships(agency_a, agency_b, in_agency):
    person = UserFactory()
    join(agency_a, person, in_agency)
    join(agency_b, person, in_agency)
    AgencyAccess.objects.all().delete()
    stale = AgencyAccess.objects.create(user=UserFactory(), agency=agency_a).user  # no membership behind it
    call_command("index_agencies", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rows = set(AgencyAccess.objects.values_list("user_id", "agency__schema_name"))
    assert {(person.pk, "alpha"), (person.pk, "beta")} <= rows
    assert (stale.pk, "alpha") not in rows


@pytest.mark.django_db
def test_the_migration_fills_the_index_from_existing_memberships(agency_a, agency_b, in_agency):
    from importlib import import_module
    from types import SimpleNamespace

    from django.db import connection

    migration = import_module("province.accounts.migrations.0002_person_agencies_must_change_password_account_events")
    person = UserFactory()
    join(agency_a, person, in_agency)
    AgencyAccess.objects.all().delete()
    migration.index_existing_memberships(None, SimpleNamespace(connection=connection))
    assert list(AgencyAccess.objects.filter(user=person).values_list("agency__schema_name", flat=True)) == ["alpha"]
