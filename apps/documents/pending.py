"""Scans waiting to be registered ("chờ vào sổ", issue 9 points 6–7): the clerk uploads the scans of the day's paper
post at once; each goes through the intake chain like every file; once it is read, "Vào sổ" opens the registration
form pre-filled from its text (ocr.suggest → documents.suggestions), the file already attached. Registering links
the document to the scan; a scan that is not to be registered is dismissed (kept, marked). Every change audited."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record_event
from apps.core.uploads import StagedFile
from apps.people.access import Person
from apps.people.models import Role
from apps.registers import validation as shared
from ocr.suggest import suggest

from . import bulk, storage, validation
from .files import stored_files
from .inputs import Upload
from .models import IncomingDocument, PendingRegistration, StoredFileText
from .suggestions import Prefill, prefill

# At most this many scans in one upload (a day's post, or a zip of it).
MAX_SCANS = bulk.MAX_ENTRIES


def _ensure_clerk(by: Person) -> None:
    if not by.has_role(Role.CLERK):
        raise PermissionDenied(_("Only the clerk (văn thư) registers incoming documents."))


def waiting() -> QuerySet[PendingRegistration]:
    """The agency's scans not registered nor dismissed, oldest first (every clerk of the agency shares them)."""
    return PendingRegistration.objects.filter(document__isnull=True, dismissed_at__isnull=True).select_related("file")


def get_waiting_for(person: Person, pk: int) -> PendingRegistration:
    """The scan ``pk`` still waiting, for a clerk (404 when it is not waiting any more)."""
    _ensure_clerk(person)
    try:
        return waiting().get(pk=pk)
    except PendingRegistration.DoesNotExist as exc:
        raise Http404 from exc


def add_scans(uploads: Iterable[Upload], *, by: Person) -> list[PendingRegistration]:
    """Store the clerk's scans and queue them for the intake chain, each a scan waiting to be registered; a zip of
    scans is opened into its files first (bulk.py), with its limits."""
    _ensure_clerk(by)
    uploads = [part for upload in uploads for part in _unpacked(upload)]
    errors: shared.Errors = {}
    if not uploads:
        shared.add(errors, "files", _("Choose at least one file."))
    if len(uploads) > MAX_SCANS:
        shared.add(errors, "files", _("At most %(max)s files at once.") % {"max": MAX_SCANS})
    return _add(uploads, errors, by=by, source=PendingRegistration.Source.UPLOAD)


def _unpacked(upload: Upload) -> list[Upload]:
    """The upload itself, or the files of a zip (bulk.py, with its limits)."""
    return bulk.expand(upload) if bulk.is_zip(upload) else [upload]


def _add(uploads: list[Upload], errors: shared.Errors, *, by: Person | None, source: str) -> list[PendingRegistration]:
    """Store ``uploads`` (after every error at once) and make each a scan waiting, queued for the intake chain."""
    validation.check_uploads(errors, uploads)
    shared.raise_if_any(errors)
    blobs = [storage.store(u.content, name=u.name, content_type=u.content_type) for u in uploads]
    uploader = by.user if by is not None else None
    with transaction.atomic():
        rows = stored_files(blobs, by=by)
        items = PendingRegistration.objects.bulk_create(
            [
                PendingRegistration(file=rows[b.sha256], name=b.original_name, uploaded_by=uploader, source=source)
                for b in blobs
            ]
        )
        for item in items:
            changes = {"name": item.name, "sha256": item.file.sha256, "source": item.source}
            record_event(item, "added", by=by, changes=changes)
    return items


def form_start(item: PendingRegistration) -> tuple[Prefill, StagedFile]:
    """The registration form's pre-filled values for a scan that has been read, and the scan to attach."""
    if not item.file.is_ready:
        raise ValidationError({"file": _("The scan has not been checked and read yet.")})
    text = StoredFileText.objects.filter(file=item.file).values_list("text", flat=True).first() or ""
    staged = StagedFile(item.file.sha256, item.name, item.file.content_type, item.file.size)
    return prefill(suggest(text)), staged


@transaction.atomic
def registered(item: PendingRegistration, document: IncomingDocument, *, by: Person) -> PendingRegistration:
    _ensure_clerk(by)
    item = PendingRegistration.objects.select_for_update().get(pk=item.pk)
    if item.document_id or item.dismissed_at:
        return item
    item.document = document
    item.save(update_fields=["document"])
    record_event(item, "registered", by=by, changes={"document": document.pk})
    return item


@transaction.atomic
def dismiss(item: PendingRegistration, *, by: Person) -> PendingRegistration:
    """The scan is not to be registered (a duplicate, a page of another letter): kept, marked, audited."""
    _ensure_clerk(by)
    item = PendingRegistration.objects.select_for_update().get(pk=item.pk)
    if item.document_id is None and item.dismissed_at is None:
        item.dismissed_at = timezone.now()
        item.save(update_fields=["dismissed_at"])
        record_event(item, "dismissed", by=by, changes={"dismissed_at": item.dismissed_at})
    return item


def import_folder(schema: str | None = None) -> int:
    """Take the settled files of the agency's watched folder (bulk.py) as scans waiting to be registered (by the
    system: no uploader); each file is removed once its scan is committed. How many scans were added."""
    added = 0
    for path in bulk.settled_files(bulk.watch_folder(schema)):
        try:
            with path.open("rb") as handle:
                parts = _unpacked(Upload(content=handle, name=path.name, content_type=""))
                added += len(_add(parts, {}, by=None, source=PendingRegistration.Source.FOLDER))
        except ValidationError as exc:
            bulk.set_aside(path, " ".join(exc.messages))
            continue
        path.unlink(missing_ok=True)
    return added
