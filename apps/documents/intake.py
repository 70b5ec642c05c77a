"""Every stored file through the intake chain (ocr/) before anyone may open it, and what the agency does with the
files the chain stopped (docs/intake.md).

A file row is created ``waiting`` (services.stored_files) and, once its transaction commits, queued on the
``intake`` queue: the scan stage (size, type by content, pixels, clamd, allow-list, PDF inspection) runs there.
A scan or image that passed still has to be read: it is ``reading`` and queued on the ``ocr`` queue, whose worker
runs the heavy stage (OCR into PDF/A, office conversion) and reports "page k of n". A file passed by the scan stage
is safe to open even if reading it fails: it becomes ready without text, the reason kept as a note (flag
``not_read``), and may be read again. Transient failures (clamd down) wait and retry with back-off by themselves.

Quarantined files are never served; the uploader and the agency's administrators are told; an administrator
releases one (with a recorded reason) or deletes its content. Every change is audited on the file."""

import datetime
import io
import logging
from collections.abc import Iterable

from celery import current_app
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.audit.services import record_event
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.people.access import Person, agency_admins
from ocr import chain
from ocr import steps as chain_steps

from . import fulltext, storage
from .models import IntakeState, StoredFile, StoredFileText

log = logging.getLogger(__name__)

INTAKE_QUEUE, OCR_QUEUE = "intake", "ocr"
# A transient failure (clamd down) is retried after 30 s, 1, 2, 4 … minutes, at most this many times in all.
MAX_ATTEMPTS = 8
FIRST_BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 3600
# A file left scanning or reading this long lost its worker: the sweep queues it again.
STALE_AFTER = datetime.timedelta(minutes=30)
# How many files one sweep of one agency queues at most (the backlog command queues the rest at once).
SWEEP_BATCH = 1000
# What a heavy stage refusal means for a file the scan stage already passed: only these keep it closed.
HEAVY_REFUSALS = frozenset({"encrypted", "corrupt"})
ATTENTION = (IntakeState.QUARANTINED, IntakeState.REFUSED, IntakeState.FAILED)


# ---- queueing --------------------------------------------------------------------------------------------------


def queue_after_commit(files: Iterable[StoredFile]) -> None:
    """Queue the files still ``waiting`` for the scan stage once the caller's transaction commits."""
    ids = sorted({f.pk for f in files if f.intake_state == IntakeState.WAITING})
    if ids:
        transaction.on_commit(lambda: _send_scan(ids))


# The tasks (tasks.py) are sent by name: they call this module, which must not import them back.
SCAN_TASK, READ_TASK = "apps.documents.tasks.scan_file", "apps.documents.tasks.read_file"


def _send_scan(ids: list[int], countdown: int = 0) -> None:
    for pk in ids:
        current_app.send_task(SCAN_TASK, (connection.schema_name, pk), queue=INTAKE_QUEUE, countdown=countdown)


def _send_heavy(pk: int) -> None:
    current_app.send_task(READ_TASK, (connection.schema_name, pk), queue=OCR_QUEUE)


def backoff_seconds(attempt: int) -> int:
    """How long to wait before attempt ``attempt + 1`` after a transient failure."""
    return min(FIRST_BACKOFF_SECONDS * 2 ** max(attempt - 1, 0), MAX_BACKOFF_SECONDS)


def requeue_stale(
    now: datetime.datetime | None = None, limit: int | None = SWEEP_BATCH, *, everything: bool = False
) -> int:
    """Queue again up to ``limit`` files whose worker died (``scanning``/``reading`` for too long) or that wait
    without having been queued lately (their message lost, or stored before the chain existed: the backlog).
    Each is marked as queued now, so that the next sweep leaves it alone while it waits its turn. ``everything``
    (the backlog command): every such file, however recently it was queued; ``limit`` None: no limit."""
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    stale = Q() if everything else Q(intake_changed_at__isnull=True) | Q(intake_changed_at__lt=cutoff)
    pending = [IntakeState.WAITING, IntakeState.SCANNING, IntakeState.READING]
    found = StoredFile.objects.filter(stale, intake_state__in=pending).order_by("pk").values_list("pk", "intake_state")
    rows = list(found if limit is None else found[:limit])
    StoredFile.objects.filter(pk__in=[pk for pk, _ in rows]).update(intake_changed_at=now)
    StoredFile.objects.filter(pk__in=[pk for pk, state in rows if state == IntakeState.SCANNING]).update(
        intake_state=IntakeState.WAITING
    )
    _send_scan([pk for pk, state in rows if state != IntakeState.READING])
    for pk in (pk for pk, state in rows if state == IntakeState.READING):
        _send_heavy(pk)
    return len(rows)


# ---- the stages (run by tasks.py on the worker) -------------------------------------------------------------------


def run_scan_stage(pk: int) -> str:
    """The scan stage for file ``pk``; its state afterwards. A file not waiting (done already, or taken by
    another delivery of the same task) is left alone."""
    claimed = StoredFile.objects.filter(pk=pk, intake_state__in=[IntakeState.WAITING, IntakeState.SCANNING])
    if not claimed.update(intake_state=IntakeState.SCANNING, intake_changed_at=timezone.now()):
        return _state_of(pk)
    stored = StoredFile.objects.get(pk=pk)
    data = _read(stored)
    if data is None:
        return _settle(stored, IntakeState.FAILED, code="missing", reason=_("The file's content is missing."))
    result = chain.run(data, stored.original_name, steps=chain_steps.SCAN_STEPS)
    stored.intake_attempts += 1
    _describe(stored, result)
    if result.state == chain.READY and chain_steps.needs_heavy_stage(result.detected_type, result.needs_ocr):
        _save(stored, IntakeState.READING, code="", reason="")
        transaction.on_commit(lambda: _send_heavy(pk))
        return IntakeState.READING
    if result.state == chain.FAILED and result.transient and stored.intake_attempts < MAX_ATTEMPTS:
        return _wait_and_retry(stored, result)
    return _finish(stored, result)


def run_heavy_stage(pk: int) -> str:
    """The heavy stage (OCR, conversion) for file ``pk``, reporting pages read as it goes."""
    stored = StoredFile.objects.filter(pk=pk, intake_state=IntakeState.READING).first()
    if stored is None:
        return _state_of(pk)
    data = _read(stored)
    if data is None:
        return _settle(stored, IntakeState.FAILED, code="missing", reason=_("The file's content is missing."))

    def progress(done: int, total: int) -> None:
        StoredFile.objects.filter(pk=pk).update(pages_read=done, pages=total, intake_changed_at=timezone.now())

    result = chain.run(data, stored.original_name, steps=chain_steps.HEAVY_STEPS, progress=progress)
    stored.refresh_from_db()
    _describe(stored, result)
    if result.state == chain.READY or result.reason_code in HEAVY_REFUSALS:
        return _finish(stored, result)
    # Scanned clean and of an allowed type: it may be opened though it could not be read.
    stored.flags = sorted({*stored.flags, "not_read"})
    return _settle(stored, IntakeState.READY, code=result.reason_code, reason=result.reason, text="")


def _read(stored: StoredFile) -> bytes | None:
    try:
        with storage.open_blob(stored.sha256) as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _describe(stored: StoredFile, result: chain.IntakeResult) -> None:
    stored.intake_run = result.run_id
    stored.detected_type = result.detected_type or stored.detected_type
    stored.pages = result.pages or stored.pages
    stored.flags = sorted({*stored.flags, *result.flags} - {"not_read"})


def _wait_and_retry(stored: StoredFile, result: chain.IntakeResult) -> str:
    delay = backoff_seconds(stored.intake_attempts)
    _save(stored, IntakeState.WAITING, code=result.reason_code, reason=result.reason)
    log.warning(
        "[intake %s] %s: retry in %s s (attempt %s)", result.run_id, result.reason_code, delay, stored.intake_attempts
    )
    pk = stored.pk
    transaction.on_commit(lambda: _send_scan([pk], countdown=delay))
    return IntakeState.WAITING


def _finish(stored: StoredFile, result: chain.IntakeResult) -> str:
    if result.state == chain.READY:
        stored.preview_sha256 = _keep_preview(stored, result.ocr_pdf or result.preview_pdf)
        return _settle(stored, IntakeState.READY, code="", reason="", text=result.text)
    if result.state == chain.QUARANTINED:
        stored.intake_signature = result.signature[:200]
        state = _settle(stored, IntakeState.QUARANTINED, code=result.reason_code, reason=result.reason)
        _tell(stored, Notification.Kind.FILE_QUARANTINED, admins=True)
        return state
    if result.state == chain.REFUSED:
        state = _settle(stored, IntakeState.REFUSED, code=result.reason_code, reason=result.reason)
        _tell(stored, Notification.Kind.FILE_REFUSED, admins=False)
        return state
    return _settle(stored, IntakeState.FAILED, code=result.reason_code, reason=result.reason)


def _keep_preview(stored: StoredFile, pdf: bytes | None) -> str:
    """The OCR'd PDF/A (or converted PDF) stored beside the original; empty when there is none or it cannot be kept."""
    if not pdf:
        return stored.preview_sha256
    try:
        blob = storage.store(io.BytesIO(pdf), name=f"{stored.original_name}.pdf", content_type="application/pdf")
    except ValidationError:
        log.warning("[intake %s] preview copy over the size limit: not kept", stored.intake_run)
        return ""
    return blob.sha256


@transaction.atomic
def _settle(stored: StoredFile, state: str, *, code: str, reason: str, text: str | None = None) -> str:
    """The run's outcome recorded, unless the file was settled meanwhile (a run delivered twice, a worker that took
    too long while the sweep ran it again): the first outcome stands."""
    now = StoredFile.objects.select_for_update().filter(pk=stored.pk).values_list("intake_state", flat=True).first()
    if now in IntakeState.settled():
        return now
    before = stored.intake_state
    _save(stored, state, code=code, reason=reason)
    if text is not None:
        StoredFileText.objects.update_or_create(file=stored, defaults={"text": text})
        if text:  # the documents holding the file are found by its words from now on
            pk = stored.pk
            transaction.on_commit(lambda: fulltext.refresh_for_files([pk]))
    record_event(stored, f"intake_{state}", by=None, changes=_audit_changes(stored, before))
    return state


def _save(stored: StoredFile, state: str, *, code: str, reason: str) -> None:
    stored.intake_state, stored.intake_code, stored.intake_reason = state, code[:40], reason[:300]
    stored.intake_changed_at = timezone.now()
    if state == IntakeState.READY:
        stored.pages_read = stored.pages or 0
    stored.save()


def _audit_changes(stored: StoredFile, before: str) -> dict:
    changes = {"intake_state": [before, stored.intake_state], "run": stored.intake_run, "sha256": stored.sha256}
    for name in ("intake_code", "intake_signature", "detected_type"):
        if getattr(stored, name):
            changes[name] = getattr(stored, name)
    return changes


def _state_of(pk: int) -> str:
    return StoredFile.objects.filter(pk=pk).values_list("intake_state", flat=True).first() or ""


def _tell(stored: StoredFile, kind: str, *, admins: bool) -> None:
    """The uploader (and, for a quarantined file, every administrator of the agency) hears of it."""
    readers = {stored.uploaded_by_id} - {None}
    if admins:
        readers |= set(agency_admins().values_list("user_id", flat=True))
    with override("vi"):
        message = _("File %(name)s: %(reason)s") % {"name": stored.original_name, "reason": stored.intake_reason}
    transaction.on_commit(lambda: notify(readers, kind=kind, message=message[:600], about=stored))


# ---- what people do ---------------------------------------------------------------------------------------------


def may_manage_quarantine(person: Person) -> bool:
    return bool(person.is_admin)


def files_needing_attention() -> QuerySet[StoredFile]:
    """The agency's quarantine: files quarantined, refused or failed, newest first."""
    return StoredFile.objects.filter(intake_state__in=ATTENTION).order_by("-intake_changed_at", "-pk")


def may_retry(person: Person, stored: StoredFile) -> bool:
    """Whether ``person`` may ask for ``stored`` to go through the chain again: its uploader or an administrator,
    for a file that failed or could not be read."""
    retriable = stored.intake_state == IntakeState.FAILED or "not_read" in stored.flags
    return retriable and (person.is_admin or (person.user is not None and person.user.pk == stored.uploaded_by_id))


@transaction.atomic
def retry(stored: StoredFile, *, by: Person) -> StoredFile:
    """Send a failed file (or one that could not be read) through the chain again."""
    stored = StoredFile.objects.select_for_update().get(pk=stored.pk)
    if not may_retry(by, stored):
        raise PermissionDenied(_("This file cannot be processed again."))
    before = stored.intake_state
    stored.flags = [f for f in stored.flags if f != "not_read"]
    _save(stored, IntakeState.WAITING, code="", reason="")
    StoredFile.objects.filter(pk=stored.pk).update(intake_attempts=0)
    record_event(stored, "intake_retried", by=by, changes={"intake_state": [before, IntakeState.WAITING]})
    pk = stored.pk
    transaction.on_commit(lambda: _send_scan([pk]))
    return stored


@transaction.atomic
def release(stored: StoredFile, *, by: Person, reason: str) -> StoredFile:
    """An administrator releases a quarantined file, saying why (a false positive): it becomes ready as it is
    (not read: the chain stopped before). Recorded on the file and in the audit."""
    if not may_manage_quarantine(by):
        raise PermissionDenied(_("Only the agency administrator manages the quarantine."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the file is released.")})
    stored = StoredFile.objects.select_for_update().get(pk=stored.pk)
    if stored.intake_state != IntakeState.QUARANTINED:
        raise ValidationError({"reason": _("Only a quarantined file can be released.")})
    stored.released_at, stored.released_by, stored.release_reason = timezone.now(), by.user, reason[:500]
    stored.flags = sorted({*stored.flags, "released", "not_read"})
    _save(stored, IntakeState.READY, code=stored.intake_code, reason=stored.intake_reason)
    record_event(
        stored,
        "released",
        by=by,
        changes={
            "intake_state": [IntakeState.QUARANTINED, IntakeState.READY],
            "reason": reason,
            "signature": stored.intake_signature,
        },
    )
    return stored


@transaction.atomic
def delete_content(stored: StoredFile, *, by: Person) -> StoredFile:
    """An administrator deletes a quarantined or refused file's content from the agency's storage. The row stays
    (documents still list the file, marked deleted), so nothing that referred to it breaks."""
    if not may_manage_quarantine(by):
        raise PermissionDenied(_("Only the agency administrator manages the quarantine."))
    stored = StoredFile.objects.select_for_update().get(pk=stored.pk)
    if stored.intake_state not in (IntakeState.QUARANTINED, IntakeState.REFUSED):
        raise ValidationError({"file": _("Only a quarantined or refused file can be deleted.")})
    before = stored.intake_state
    _save(stored, IntakeState.DELETED, code=stored.intake_code, reason=stored.intake_reason)
    record_event(stored, "content_deleted", by=by, changes={"intake_state": [before, IntakeState.DELETED]})
    sha256 = stored.sha256
    transaction.on_commit(lambda: storage.remove(sha256))
    return stored
