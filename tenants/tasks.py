from celery import current_app, shared_task
from django_tenants.utils import schema_context

from .models import Agency


@shared_task
def for_each_agency(task_name: str, *args) -> int:
    """Periodic work fans out from the public schema: one task per active agency, each sent from inside that
    agency's schema so that it runs there. Returns how many were sent."""
    schemas = list(Agency.objects.filter(status=Agency.Status.ACTIVE).values_list("schema_name", flat=True))
    for schema in schemas:
        with schema_context(schema):
            current_app.send_task(task_name, args=args)
    return len(schemas)
