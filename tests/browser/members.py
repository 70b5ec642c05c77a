"""Committed people for the browser tests: an identity with a password, and a membership in the agency made by
the people services as the system (audited, as provisioning makes them). The watermark clean-up of
tests/support/committed.py removes them after the test."""

from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from apps.people import services
from apps.people.access import SYSTEM
from apps.people.models import Position, Unit


def office_member(
    agency, username: str, full_name: str, *roles: str, password: str, post: str = "Chuyên viên", unit: str = "VP"
):
    """A new person of ``agency`` holding ``roles`` as ``post`` in the unit abbreviated ``unit`` (the office)."""
    user = get_user_model().objects.create_user(username, full_name=full_name, password=password)
    with schema_context(agency.schema_name):
        services.add_member(
            user=user,
            unit=Unit.objects.get(abbreviation=unit),
            position=Position.objects.get(name=post),
            roles=roles,
            by=SYSTEM,
        )
    return user
