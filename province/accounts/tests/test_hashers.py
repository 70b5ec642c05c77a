"""Passwords are stored with Argon2id at the OWASP cheat sheet's parameters; a hash stored before the switch
(PBKDF2) still logs in and is rehashed with Argon2id at that login (docs/security.md)."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password

from apps.people.models import Role
from apps.people.tests.factories import PASSWORD, MembershipFactory
from province.settings.base import PASSWORD_HASHERS as DEPLOYED_HASHERS


@pytest.fixture
def deployed_hashers(settings) -> None:
    """The hashers every deployment uses (the test settings use a fast one)."""
    settings.PASSWORD_HASHERS = DEPLOYED_HASHERS


@pytest.fixture
def person(agency_a, in_agency):
    with in_agency(agency_a):
        return MembershipFactory(roles=[Role.SPECIALIST]).user


def argon2_parameters(encoded: str) -> tuple[str, str]:
    """``argon2$argon2id$v=19$m=19456,t=2,p=1$salt$hash`` → ("argon2id", "m=19456,t=2,p=1")."""
    _algorithm, variety, _version, parameters, _salt, _hash = encoded.split("$")
    return variety, parameters


@pytest.mark.django_db
def test_a_new_password_is_stored_as_argon2id_with_the_cheat_sheets_parameters(deployed_hashers, person):
    person.set_password("Mat-khau-moi@2026")
    person.save(update_fields=["password"])
    person.refresh_from_db()
    assert argon2_parameters(person.password) == ("argon2id", "m=19456,t=2,p=1")
    assert person.check_password("Mat-khau-moi@2026")
    assert not person.check_password("Mat-khau-khac@2026")


@pytest.mark.django_db
def test_a_password_stored_with_pbkdf2_logs_in_and_is_rehashed_with_argon2id(
    deployed_hashers, person, agency_a, client_for
):
    person.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    person.save(update_fields=["password"])
    client = client_for(agency_a)
    assert client.post("/login/", {"username": person.username, "password": PASSWORD}).status_code == 302
    assert "_auth_user_id" in client.session
    person.refresh_from_db()
    assert identify_hasher(person.password).algorithm == "argon2"
    assert argon2_parameters(person.password) == ("argon2id", "m=19456,t=2,p=1")


@pytest.mark.django_db
def test_an_argon2_hash_with_other_parameters_is_brought_to_ours_at_the_next_login(
    deployed_hashers, person, agency_a, client_for
):
    # Django's stock parameters (100 MiB, 8 lanes): valid, but not what a login should cost here.
    stock = Argon2PasswordHasher()
    person.password = stock.encode(PASSWORD, stock.salt())
    person.save(update_fields=["password"])
    assert argon2_parameters(person.password)[1] != "m=19456,t=2,p=1"
    assert client_for(agency_a).post("/login/", {"username": person.username, "password": PASSWORD}).status_code == 302
    person.refresh_from_db()
    assert argon2_parameters(person.password) == ("argon2id", "m=19456,t=2,p=1")
