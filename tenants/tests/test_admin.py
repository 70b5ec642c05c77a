import pytest

from apps.people.tests.factories import UserFactory
from tenants.models import Agency


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
