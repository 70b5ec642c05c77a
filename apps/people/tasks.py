from celery import shared_task
from django.db import connection

from .models import Membership, Unit


@shared_task
def agency_headcount() -> dict:
    """Active units and members of the agency the task was sent from (tenant-schemas-celery switches the
    worker to the sender's schema). A building block of the daily usage facts the console will read."""
    return {
        "schema": connection.schema_name,
        "units": sorted(Unit.objects.filter(is_active=True).values_list("abbreviation", flat=True)),
        "members": Membership.objects.filter(is_active=True).values("user").distinct().count(),
    }
