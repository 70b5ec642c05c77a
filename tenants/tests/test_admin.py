import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from apps.people.tests.factories import UserFactory
from tenants import services
from tenants.models import Agency, AgencyEvent


@pytest.mark.django_db
def test_a_province_admin_suspends_an_agency_and_its_host_says_so(agency_b, client_for):
    admin = UserFactory(is_staff=True, is_superuser=True)
    console = client_for(None)
    console.force_login(admin, backend="apps.people.backends.MembershipBackend")
    response = console.post(
        "/admin/tenants/agency/", {"action": "suspend", "_selected_action": [agency_b.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Agency.objects.get(pk=agency_b.pk).status == Agency.Status.SUSPENDED
    assert client_for(agency_b).get("/").status_code == 503


@pytest.mark.django_db
def test_agencies_cannot_be_added_as_bare_rows_in_the_admin(client_for):
    console = client_for(None)
    console.force_login(UserFactory(is_staff=True, is_superuser=True), backend="apps.people.backends.MembershipBackend")
    assert console.get("/admin/tenants/agency/add/").status_code == 403


@pytest.mark.django_db
def test_suspending_and_reactivating_in_the_admin_goes_through_the_service_and_is_audited(agency_b, client_for):
    admin = UserFactory(is_staff=True, is_superuser=True, full_name="Quản Trị Tỉnh")
    console = client_for(None)
    console.force_login(admin, backend="apps.people.backends.MembershipBackend")
    for action in ("suspend", "reactivate"):
        console.post("/admin/tenants/agency/", {"action": action, "_selected_action": [agency_b.pk]}, follow=True)
    events = list(AgencyEvent.objects.filter(agency=agency_b).order_by("id"))
    assert [(e.action, e.changes, e.actor_id, e.actor_name) for e in events] == [
        ("suspended", {"status": ["active", "suspended"]}, admin.pk, "Quản Trị Tỉnh"),
        ("reactivated", {"status": ["suspended", "active"]}, admin.pk, "Quản Trị Tỉnh"),
    ]
    assert Agency.objects.get(pk=agency_b.pk).status == Agency.Status.ACTIVE


@pytest.mark.django_db
def test_only_a_province_administrator_suspends_and_the_status_is_not_an_admin_form_field(agency_b, client_for):
    with pytest.raises(PermissionDenied):
        services.suspend_agency(agency_b, by=UserFactory())
    assert Agency.objects.get(pk=agency_b.pk).status == Agency.Status.ACTIVE
    assert not AgencyEvent.objects.filter(agency=agency_b).exists()

    console = client_for(None)
    console.force_login(UserFactory(is_staff=True, is_superuser=True), backend="apps.people.backends.MembershipBackend")
    form = console.get(f"/admin/tenants/agency/{agency_b.pk}/change/").content.decode()
    assert 'name="status"' not in form


@pytest.mark.django_db
def test_the_province_agency_trail_is_append_only_in_the_database(agency_b):
    services.suspend_agency(agency_b, by=UserFactory(is_staff=True, is_superuser=True))
    event = AgencyEvent.objects.get(agency=agency_b)
    for statement in ("UPDATE tenants_agencyevent SET action = 'x' WHERE id = %s", "DELETE FROM tenants_agencyevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk] if "%s" in statement else None)
    assert AgencyEvent.objects.get(pk=event.pk).action == "suspended"
