"""Helpers for view tests: people with roles in an agency, and clients logged in on its host."""

from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from apps.people.models import Membership, Position, Unit
from apps.people.tests.factories import MembershipFactory, UnitFactory, UserFactory

BACKEND = "apps.people.backends.MembershipBackend"


def member(agency, *roles: str, unit: Unit | None = None, position: Position | None = None, **user) -> Membership:
    """A new person holding ``roles`` in ``agency`` (in a new unit unless one is given)."""
    with schema_context(agency.schema_name):
        return MembershipFactory(
            user=UserFactory(**user),
            unit=unit or UnitFactory(),
            roles=list(roles),
            **({"position": position} if position else {}),
        )


def client_as(agency, user, *, language: str | None = None) -> Client:
    """A client on the agency's host (the province host for None), logged in as ``user``. Sessions live in
    the agency's schema, so the login is written there."""
    host = agency.get_primary_domain().domain if agency else settings.PUBLIC_HOSTS[0]
    client = Client(HTTP_HOST=host)
    with schema_context(agency.schema_name if agency else "public"):
        client.force_login(user, backend=BACKEND)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def htmx(target: str) -> dict:
    """Headers htmx sends for a request whose response goes into the element ``#target``."""
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}


def picker_results(client, url: str, q: str, **params) -> list[dict]:
    """What a searchable picker's endpoint (apps.core.pickers) answers for ``q``: never cached, since it lists
    people and agencies the asker may see."""
    response = client.get(url, {"q": q, **params})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    return response.json()["results"]


def assert_keeps_the_sort(response, field: str) -> None:
    """A list sorted by ``field`` says so (the column marked ascending) and keeps the order in its form and links
    (the column's link sorts the other way)."""
    html = response.content.decode()
    assert f'name="ordering" value="{field}"' in html
    assert 'aria-sort="ascending"' in html and f"ordering=-{field}" in html
