"""Celery tasks of the outgoing app: thin, run in the sender's agency schema (tenant-schemas-celery), sent to the
"notify" queue by the services after their transaction commits."""

from celery import shared_task
from django.db import connection

from . import notices
from .models import OutgoingDocument, ReviewStep


@shared_task(acks_late=True)
def notify_step(step_id: int) -> dict:
    step = ReviewStep.objects.select_related("draft").filter(pk=step_id).first()
    created = notices.notify_step(step) if step else 0
    return {"schema": connection.schema_name, "step": step_id, "notified": created}


@shared_task(acks_late=True)
def notify_document(document_id: int, event: str) -> dict:
    document = OutgoingDocument.objects.select_related("draft").filter(pk=document_id).first()
    created = notices.notify_document(document, event) if document else 0
    return {"schema": connection.schema_name, "document": document_id, "event": event, "notified": created}
