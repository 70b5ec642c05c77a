"""Stored files' rows: the one place a file's row is created and handed to the intake chain (intake.py). Below the
services (every app's services call it inside their transactions) and the tasks alike."""

from apps.people.access import Person

from . import intake, storage
from .models import StoredFile


def stored_files(blobs: list[storage.Blob], *, by: Person | None = None) -> dict[str, StoredFile]:
    """StoredFile rows for ``blobs`` by SHA-256, created race-free (two people may upload the same content at
    once), and new content queued for the intake chain once the transaction commits (intake.py): nobody opens it
    before the chain passes it. Every app that keeps files calls this inside its transaction."""
    if not blobs:
        return {}
    uploader = getattr(by, "user", None)
    StoredFile.objects.bulk_create(
        [
            StoredFile(
                sha256=b.sha256,
                size=b.size,
                content_type=b.content_type,
                detected_type=b.detected_type,
                original_name=b.original_name,
                uploaded_by=uploader if getattr(uploader, "pk", None) else None,
            )
            for b in blobs
        ],
        ignore_conflicts=True,
    )
    rows = {f.sha256: f for f in StoredFile.objects.filter(sha256__in=[b.sha256 for b in blobs])}
    intake.queue_after_commit(rows.values())
    return rows
