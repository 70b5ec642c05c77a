"""Login throttling behind the shipped nginx: the client's address comes from our proxy's header only, failures
count per username and address, and the lock ends after the cool-off."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from apps.people.models import Role
from apps.people.tests.factories import PASSWORD, MembershipFactory

PROXY = "127.0.0.1"  # every request reaches gunicorn from nginx on loopback
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def person(agency_a, in_agency):
    with in_agency(agency_a):
        return MembershipFactory(roles=[Role.SPECIALIST]).user


def log_in(client, username: str, forwarded_for: str, password: str = PASSWORD):
    return client.post(
        "/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def lock_out(settings, client, username: str, forwarded_for: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, username, forwarded_for, "sai-mat-khau")


@pytest.mark.django_db
def test_an_attacker_on_another_address_cannot_lock_a_person_out(settings, behind_nginx, person, agency_a, client_for):
    lock_out(settings, client_for(agency_a), person.username, ATTACKER)
    assert log_in(client_for(agency_a), person.username, ATTACKER).status_code == 429
    owner = client_for(agency_a)
    assert log_in(owner, person.username, OWNER).status_code == 302
    assert "_auth_user_id" in owner.session


@pytest.mark.django_db
def test_addresses_the_client_wrote_before_our_proxy_are_ignored(settings, behind_nginx, person, agency_a, client_for):
    client = client_for(agency_a)
    for n in range(settings.AXES_FAILURE_LIMIT):
        # A new forged address each time, left of what nginx appended: still one attacker.
        log_in(client, person.username, f"10.0.0.{n}, {ATTACKER}", "sai-mat-khau")
    assert log_in(client, person.username, f"10.9.9.9, {ATTACKER}").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    # Nor can the attacker pose as the owner's address to lock the owner out.
    assert log_in(client_for(agency_a), person.username, OWNER).status_code == 302


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_header_is_ignored(settings, person, agency_a, client_for):
    settings.TRUSTED_PROXY_COUNT = 0
    client = client_for(agency_a)
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, person.username, f"10.0.0.{n}", "sai-mat-khau")
    assert log_in(client, person.username, "10.9.9.9").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(settings, behind_nginx, person, agency_a, client_for):
    client = client_for(agency_a)
    lock_out(settings, client, person.username, ATTACKER)
    assert log_in(client, person.username, ATTACKER).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME, seconds=5))
    assert log_in(client, person.username, ATTACKER).status_code == 302


def test_the_shipped_proxy_overwrites_the_clients_header_and_is_trusted_once():
    root = Path(settings.BASE_DIR)
    nginx = (root / "ops/nginx/qlvb.conf.j2").read_text()
    forwarded = re.findall(r"proxy_set_header\s+X-Forwarded-For\s+(\S+);", nginx)
    assert forwarded == ["$remote_addr"]  # never $proxy_add_x_forwarded_for: that keeps what the client wrote
    env = (root / "ansible/roles/app/templates/env.j2").read_text()
    assert re.search(r"^TRUSTED_PROXY_COUNT=1$", env, re.M)
