"""Hosts, schemas and people: each agency sees only its own data, and a person only gets in where they belong."""

import pytest
from django.db import connection

from apps.people.models import Role
from apps.people.tasks import agency_headcount
from apps.people.tests.factories import PASSWORD, MembershipFactory, UnitFactory, UserFactory
from tenants.models import Agency


def log_in(client, username: str, password: str = PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


@pytest.fixture
def member_of_a(agency_a, in_agency):
    with in_agency(agency_a):
        return MembershipFactory(roles=[Role.SPECIALIST]).user


@pytest.mark.django_db
def test_each_host_leads_to_its_own_agency_schema(agency_a, agency_b, in_agency, client_for):
    person = UserFactory()
    with in_agency(agency_a):
        MembershipFactory(user=person, unit=UnitFactory(abbreviation="CHIA"))
    with in_agency(agency_b):
        MembershipFactory(user=person, unit=UnitFactory(abbreviation="CHIB"))
    seen = {}
    for agency in (agency_a, agency_b):
        client = client_for(agency)
        assert log_in(client, person.username).status_code == 302
        seen[agency.schema_name] = client.get("/api/v1/me/").json()
    assert seen["alpha"]["schema"] == "alpha"
    assert [m["unit_abbreviation"] for m in seen["alpha"]["memberships"]] == ["CHIA"]
    assert seen["beta"]["schema"] == "beta"
    assert [m["unit_abbreviation"] for m in seen["beta"]["memberships"]] == ["CHIB"]


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["khongco.localhost", "example.com"])
def test_an_unknown_host_is_not_found(client, host):
    assert client.get("/login/", HTTP_HOST=host).status_code == 404


@pytest.mark.django_db
def test_a_person_of_one_agency_cannot_log_in_on_another(agency_a, agency_b, member_of_a, client_for):
    refused = log_in(client_for(agency_b), member_of_a.username)
    assert refused.status_code == 200
    assert "_auth_user_id" not in refused.wsgi_request.session
    assert log_in(client_for(agency_a), member_of_a.username).status_code == 302


@pytest.mark.django_db
def test_a_session_made_on_one_host_opens_nothing_on_another(agency_a, agency_b, member_of_a, client_for):
    own = client_for(agency_a)
    assert log_in(own, member_of_a.username).status_code == 302
    assert own.get("/api/v1/me/").status_code == 200
    stolen = client_for(agency_b)
    stolen.cookies = own.cookies
    assert stolen.get("/").status_code == 302  # to the login page
    assert stolen.get("/api/v1/me/").status_code == 403
    assert stolen.get("/people/").status_code in (302, 403, 404)


@pytest.mark.django_db
def test_a_session_means_nothing_once_the_membership_ends(agency_a, in_agency, member_of_a, client_for):
    client = client_for(agency_a)
    log_in(client, member_of_a.username)
    with in_agency(agency_a):
        from apps.people.models import Membership

        Membership.objects.filter(user=member_of_a).update(is_active=False)
    assert client.get("/api/v1/me/").status_code == 403


@pytest.mark.django_db
def test_a_suspended_agency_host_shows_a_clear_page(agency_b, client_for):
    Agency.objects.filter(pk=agency_b.pk).update(status=Agency.Status.SUSPENDED)
    response = client_for(agency_b).get("/login/")
    assert response.status_code == 503
    assert agency_b.name in response.content.decode()


@pytest.mark.django_db
def test_province_administrators_log_in_on_the_public_host_only(agency_a, member_of_a, client_for):
    admin = UserFactory(is_staff=True)
    assert log_in(client_for(None), admin.username).status_code == 302
    assert log_in(client_for(agency_a), admin.username).status_code == 200  # no membership there
    assert log_in(client_for(None), member_of_a.username).status_code == 200  # not a province administrator


@pytest.mark.django_db
def test_login_attempts_are_throttled(settings, agency_a, member_of_a, client_for):
    client = client_for(agency_a)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, member_of_a.username, "sai-mat-khau")
    locked = log_in(client, member_of_a.username)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_a_celery_task_runs_in_the_schema_it_was_sent_from(celery_worker, agency_a, agency_b, in_agency):
    with in_agency(agency_a):
        UnitFactory(abbreviation="CHIALPHA")
        sent_from_a = agency_headcount.delay()
    with in_agency(agency_b):
        sent_from_b = agency_headcount.delay()
    connection.set_schema_to_public()
    from_a, from_b = sent_from_a.get(timeout=60), sent_from_b.get(timeout=60)
    assert from_a["schema"] == "alpha" and "CHIALPHA" in from_a["units"]
    assert from_b["schema"] == "beta" and "CHIALPHA" not in from_b["units"]
