"""Test set-up shared by every app: a real PostgreSQL database (settings province.settings.test → qlvb_test),
migrated by the roll-out, with two agencies provisioned once per session through the real service
(a clone of the template).
Tests run inside a transaction that is rolled back; tests that need committed data (Celery, the browser)
use transactional_db, cleaned up by tests/support/committed.py instead of Django's flush."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from tests.support.agencies import department

TEST_AGENCIES = {
    "alpha": department(91, "Sở Thử nghiệm Alpha", "Sở Alpha", "SAL", "alpha"),
    "beta": department(92, "Sở Thử nghiệm Beta", "Sở Beta", "SBE", "beta"),
}


def pytest_configure(config) -> None:
    from tests.support import committed

    committed.install()


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker) -> None:
    """Use the configured database as it is (ops/test creates it fresh) instead of a throw-away copy,
    so that the Celery worker and the browser see the same data as the tests."""
    from tenants.rollout import rollout
    from tenants.services import AgencySpec, provision_agency

    with django_db_blocker.unblock():
        failed = [o for o in rollout(jobs=1) if o.status == "failed"]
        assert not failed, failed
        for schema, spec in TEST_AGENCIES.items():
            provision_agency(AgencySpec(schema_name=schema, **spec))


@pytest.fixture(autouse=True)
def _public_schema_around_each_test() -> Iterator[None]:
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


def _agency(schema: str):
    from tenants.models import Agency

    return Agency.objects.get(schema_name=schema)


@pytest.fixture
def agency_a(db):
    return _agency("alpha")


@pytest.fixture
def agency_b(db):
    return _agency("beta")


@pytest.fixture
def in_agency():
    """``with in_agency(agency):`` runs ORM calls in that agency's schema."""
    return lambda agency: schema_context(agency.schema_name)


def host_of(agency) -> str:
    return agency.get_primary_domain().domain


@pytest.fixture
def client_for():
    """A test client whose requests go to the agency's host (or the province host for None)."""

    def make(agency=None) -> Client:
        from django.conf import settings

        return Client(HTTP_HOST=host_of(agency) if agency else settings.PUBLIC_HOSTS[0])

    return make


CELERY_QUEUES = "default,intake,ocr,interop,notify,periodic,exports"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, tmp_path_factory) -> Iterator[Path]:
    """A real Celery worker process on the test broker and the test database, for the whole session. Yields the
    worker's MEDIA_ROOT (a test that reads the files it writes points settings.MEDIA_ROOT there)."""
    import os
    import subprocess
    import sys
    import time

    from province.celery import app

    name = f"test-{os.getpid()}@localhost"
    media = tmp_path_factory.mktemp("worker-media")
    app.control.purge()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "province",
            "worker",
            "-P",
            "solo",
            "-Q",
            CELERY_QUEUES,
            "-n",
            name,
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=Path(__file__).parent,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "province.settings.test", "MEDIA_ROOT": str(media)},
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[name], timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start")
        yield media
    finally:
        worker.terminate()
        worker.wait(timeout=30)


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
    from apps.documents.tests.factories import make_person
    from apps.people.models import Role

    return make_person(Role.CLERK)


@pytest.fixture
def api_as():
    """``api_as(agency, person)``: a client on the agency's host logged in as ``person`` (apps.people.access.Person)."""
    from apps.core.tests.utils import client_as

    return lambda agency, person: client_as(agency, person.user)
