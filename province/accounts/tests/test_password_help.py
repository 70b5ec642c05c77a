"""No back door for the province administrator: the Django admin sets no password and grants no right; a forgotten
password is helped from the console by a one-time link or a temporary password, told to the person, audited."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from apps.core.tests.utils import client_as, member
from apps.people.models import Role
from apps.people.tests.factories import PASSWORD, UserFactory
from province.accounts import services
from province.accounts.models import AccountEvent, User

from .conftest import body_of

NEW_PASSWORD = "Mat-khau-moi-2027"


@pytest.fixture
def province_admin(db):
    return UserFactory(is_staff=True, is_superuser=True, full_name="Trần Quản Trị Tỉnh")


@pytest.fixture
def person(agency_a):
    return member(agency_a, Role.CLERK, full_name="Lê Thị Quên").user


@pytest.fixture
def console(province_admin):
    return client_as(None, province_admin)


def log_in(client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


# ---- the Django admin ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_django_admin_cannot_set_a_password_or_grant_rights(console, person):
    page = console.get(f"/admin/accounts/user/{person.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="password' not in html and 'name="is_staff"' not in html and 'name="is_superuser"' not in html
    assert 'name="groups"' not in html and 'name="user_permissions"' not in html
    forged = {
        "username": person.username,
        "full_name": person.full_name,
        "phone": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "email": "ke-gian@example.com",
        "password": "md5$x$forged",
    }
    assert console.post(f"/admin/accounts/user/{person.pk}/change/", forged).status_code == 302
    person.refresh_from_db()
    assert not person.is_staff and not person.is_superuser
    assert person.email != "ke-gian@example.com"
    assert person.check_password(PASSWORD)
    # Django's UserAdmin password form does not exist here, nor an add form with a password.
    assert (
        "id_password1" not in console.get(f"/admin/accounts/user/{person.pk}/password/", follow=True).content.decode()
    )
    assert console.get("/admin/accounts/user/add/").status_code == 403
    assert console.get("/admin/auth/group/").status_code == 404


@pytest.mark.django_db
def test_province_rights_change_only_by_command_and_are_audited(person):
    call_command("province_admin", "grant", person.username, stdout=open("/dev/null", "w"))  # noqa: SIM115
    person.refresh_from_db()
    assert person.is_staff and not person.is_superuser
    event = AccountEvent.objects.get(person=person)
    assert event.action == AccountEvent.Action.RIGHTS_CHANGED and event.actor is None
    assert event.details == {
        "before": {"is_staff": False, "is_superuser": False},
        "after": {"is_staff": True, "is_superuser": False},
    }


# ---- the one-time link -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reset_link_is_mailed_works_once_on_the_agency_host_and_is_audited(
    mail, console, province_admin, person, agency_a, client_for
):
    response = console.post(f"/people/{person.pk}/password/", {"method": "link", "agency": "alpha"})
    assert response.status_code == 302
    [message] = mail.messages()
    assert message["To"] == person.email
    body = body_of(message)
    assert province_admin.full_name in body
    link = re.search(r"http://\S+/password/reset/\S+/", body).group(0)
    host = agency_a.get_primary_domain().domain
    assert link.startswith(f"http://{host}")
    event = AccountEvent.objects.get(person=person)
    assert (event.actor, event.action, event.details["sent_to"]) == (
        province_admin,
        AccountEvent.Action.RESET_LINK,
        person.email,
    )
    assert province_admin.full_name in console.get("/people/").content.decode()  # shown in the console's trail

    path = link.split(host, 1)[1].split("/", 1)[1]
    browser = client_for(agency_a)
    form_page = browser.get(f"/{path}", follow=True)
    assert "new_password1" in form_page.content.decode()
    done = browser.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert log_in(client_for(agency_a), person.username, NEW_PASSWORD).status_code == 302
    again = client_for(agency_a).get(f"/{path}", follow=True)
    assert "new_password1" not in again.content.decode()  # single use: the password it was made for is gone


@pytest.mark.django_db
def test_an_expired_reset_link_is_refused(settings, person, agency_a, client_for, province_admin):
    link = services.reset_link(person, "http://x/")
    settings.PASSWORD_RESET_TIMEOUT = -1
    page = client_for(agency_a).get(link.split("x", 1)[1], follow=True)
    assert "new_password1" not in page.content.decode()


@pytest.mark.django_db
def test_nothing_is_recorded_when_the_mail_cannot_be_sent(settings, mail, province_admin, person):
    settings.EMAIL_PORT = 9  # nothing listens there
    with pytest.raises(ValidationError):
        services.send_reset_link(person, by=province_admin, base_url="http://alpha.localhost/")
    assert not AccountEvent.objects.filter(person=person).exists()


# ---- the temporary password ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_temporary_password_must_be_changed_at_the_next_login(mail, console, person, agency_a, client_for):
    page = console.post(f"/people/{person.pk}/password/", {"method": "temporary"})
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    temporary = re.search(r'id="temporary-password">([^<]+)<', page.content.decode()).group(1)
    [message] = mail.messages()
    assert message["To"] == person.email and temporary not in body_of(message)
    assert AccountEvent.objects.get(person=person).action == AccountEvent.Action.TEMPORARY_PASSWORD

    client = client_for(agency_a)
    assert log_in(client, person.username, temporary).status_code == 302
    assert client.get("/").url == "/password/"
    assert client.get("/documents/incoming/").url == "/password/"
    assert client.get("/api/v1/me/").status_code == 403
    changed = client.post(
        "/password/", {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert changed.status_code == 302
    assert client.get("/").status_code == 200
    assert not User.objects.get(pk=person.pk).must_change_password


@pytest.mark.django_db
def test_the_console_helps_agency_people_only(console, province_admin, client_for, agency_a):
    other_admin = UserFactory(is_staff=True)
    with pytest.raises(ValidationError):
        services.issue_temporary_password(other_admin, by=province_admin)
    assert console.post(f"/people/{other_admin.pk}/password/", {"method": "temporary"}).status_code == 400
    assert other_admin.check_password(PASSWORD)
    agency_admin = member(agency_a, Role.ADMIN).user
    help_url = f"/people/{agency_admin.pk}/password/"
    assert client_as(agency_a, agency_admin).post(help_url, {"method": "temporary"}).status_code == 404  # no console
    assert client_as(None, UserFactory()).post(help_url, {"method": "temporary"}).status_code in (302, 403)
    assert not AccountEvent.objects.exists()


@pytest.mark.django_db
def test_account_events_are_append_only_in_the_database(province_admin, person):
    services.set_province_rights(person, staff=False, superuser=False, by=province_admin)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_accountevent SET actor_name = 'x'")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_accountevent")
