"""Keeps the public index of people's agencies (province.accounts.AgencyAccess) in step with this agency's
memberships, so that the header's agency switcher reads one small public table instead of every agency's schema.

Every save or deletion of a membership, whichever path made it (the services, the demo loader, factories),
refreshes the index for that person in this agency, inside the same transaction (same database). A bulk
``queryset.update()`` of memberships bypasses this: call ``refresh_agency_index`` for the people it touched.
``manage.py index_agencies`` rebuilds the whole index."""

from django.db import connection
from django.db.models.signals import post_delete, post_save

from province.accounts.models import AgencyAccess
from tenants.models import Agency

from .models import Membership


def refresh_agency_index(user_id: int) -> None:
    """Record whether ``user_id`` holds an active membership in the agency of the current schema."""
    agency = Agency.objects.filter(schema_name=connection.schema_name).only("pk").first()
    if agency is None:  # the template schema, or the public one: not an agency
        return
    if Membership.objects.filter(user_id=user_id, is_active=True).exists():
        AgencyAccess.objects.get_or_create(user_id=user_id, agency=agency)
    else:
        AgencyAccess.objects.filter(user_id=user_id, agency=agency).delete()


def rebuild_agency_index(agency: Agency) -> int:
    """The index rows of one agency from its memberships (run inside the agency's schema); how many people."""
    users = set(Membership.objects.filter(is_active=True).values_list("user_id", flat=True))
    AgencyAccess.objects.filter(agency=agency).exclude(user_id__in=users).delete()
    known = set(AgencyAccess.objects.filter(agency=agency).values_list("user_id", flat=True))
    AgencyAccess.objects.bulk_create([AgencyAccess(user_id=u, agency=agency) for u in users - known])
    return len(users)


def _membership_changed(sender, instance: Membership, **kwargs) -> None:
    refresh_agency_index(instance.user_id)


def connect() -> None:
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="people.agency_index.save")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="people.agency_index.delete")
