import pytest

from apps.documents.tests.factories import make_person
from apps.people.models import Role

BACKEND = "apps.people.backends.MembershipBackend"


@pytest.fixture
def alpha(agency_a, in_agency):
    """The test runs in agency alpha's schema."""
    with in_agency(agency_a):
        yield agency_a


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def clerk(alpha):
    return make_person(Role.CLERK)


@pytest.fixture
def api_as(client_for, in_agency):
    """A client logged in on ``agency``'s host as ``person`` (made in that agency)."""

    def make(agency, person):
        client = client_for(agency)
        with in_agency(agency):  # the session lives in the agency's schema
            client.force_login(person.user, backend=BACKEND)
        return client

    return make
