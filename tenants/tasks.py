"""Periodic work fans out from the public schema: one task per agency, each on the queue its app names."""

from typing import Any

from django.conf import settings
from django_tenants.utils import get_public_schema_name

from .models import Agency


def agency_schemas(*, active_only: bool = True) -> list[str]:
    """The agencies' schema names (never public or the template); suspended agencies only when asked."""
    agencies = Agency.objects.exclude(schema_name__in={get_public_schema_name(), settings.TENANT_TEMPLATE_SCHEMA})
    if active_only:
        agencies = agencies.filter(status=Agency.Status.ACTIVE)
    return list(agencies.order_by("schema_name").values_list("schema_name", flat=True))


def fan_out(task: Any, *, queue: str, active_only: bool = True) -> int:
    """Send ``task(schema_name)`` once per agency on ``queue``; how many were sent. The task enters the schema
    itself (every agency task takes its schema name first)."""
    schemas = agency_schemas(active_only=active_only)
    for schema in schemas:
        task.apply_async((schema,), queue=queue)
    return len(schemas)
