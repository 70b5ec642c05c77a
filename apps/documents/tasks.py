"""Celery tasks of the documents app: thin, run in the sender's agency schema (tenant-schemas-celery)."""

from celery import shared_task
from django.db import connection
from django_tenants.utils import schema_context

from .models import IncomingDocument
from .notices import notify_urgent_incoming as notify_leaders

# Sent to the "notify" queue by the caller (apply_async(queue=...)): the per-task queue attribute is deprecated.
NOTIFY_QUEUE = "notify"


@shared_task(acks_late=True)
def notify_urgent_incoming(document_id: int) -> dict:
    document = IncomingDocument.objects.filter(pk=document_id).first()
    created = notify_leaders(document) if document else 0
    return {"schema": connection.schema_name, "document": document_id, "notified": created}


# ---- intake (apps/documents/intake.py): each takes the agency's schema name and runs inside it ----------------


@shared_task(acks_late=True)
def scan_file(schema_name: str, file_id: int) -> dict:
    """The scan stage of one file (the "intake" queue)."""
    from . import intake

    with schema_context(schema_name):
        return {"schema": schema_name, "file": file_id, "state": intake.run_scan_stage(file_id)}


@shared_task(acks_late=True)
def read_file(schema_name: str, file_id: int) -> dict:
    """The heavy stage of one file: OCR or conversion (the "ocr" queue, one process per core)."""
    from . import intake

    with schema_context(schema_name):
        return {"schema": schema_name, "file": file_id, "state": intake.run_heavy_stage(file_id)}


@shared_task(acks_late=True)
def sweep_intake(schema_name: str) -> dict:
    """Queue again the files whose worker died, and those stored before the chain existed."""
    from . import intake

    with schema_context(schema_name):
        return {"schema": schema_name, "queued": intake.requeue_stale()}


@shared_task
def sweep_intake_everywhere() -> int:
    from tenants.tasks import fan_out

    return fan_out(sweep_intake, queue="periodic", active_only=False)


@shared_task(acks_late=True)
def import_watched_folder(schema_name: str) -> dict:
    """The agency's watched folder's settled files, as scans waiting to be registered (pending.import_folder)."""
    from . import pending

    with schema_context(schema_name):
        return {"schema": schema_name, "added": pending.import_folder(schema_name)}


@shared_task
def import_watched_folders_everywhere() -> int:
    """One import per agency whose watched folder exists (most agencies have none: nothing is sent for them)."""
    from pathlib import Path

    from django.conf import settings

    from tenants.tasks import agency_schemas

    root = Path(settings.INTAKE_WATCH_ROOT)
    schemas = [s for s in agency_schemas() if (root / s).is_dir()]
    for schema in schemas:
        import_watched_folder.apply_async((schema,), queue="periodic")
    return len(schemas)
