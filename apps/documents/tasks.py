"""Celery tasks of the documents app: thin, run in the sender's agency schema (tenant-schemas-celery)."""

from celery import shared_task
from django.db import connection

from .models import IncomingDocument
from .notices import notify_urgent_incoming as notify_leaders

# Sent to the "notify" queue by the caller (apply_async(queue=...)): the per-task queue attribute is deprecated.
NOTIFY_QUEUE = "notify"


@shared_task(acks_late=True)
def notify_urgent_incoming(document_id: int) -> dict:
    document = IncomingDocument.objects.filter(pk=document_id).first()
    created = notify_leaders(document) if document else 0
    return {"schema": connection.schema_name, "document": document_id, "notified": created}
