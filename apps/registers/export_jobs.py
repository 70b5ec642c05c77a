"""The work of the "exports" worker: make an export job's printout, keep its file, and expire kept files.

Called by registers.tasks (thin tasks that take the agency's schema name) — never from a web request. The request
side (asking for a printout, queueing the job, the download) is registers.export_services, which also uses the
parsing here, so that a job reads its parameters exactly as the request checked them."""

import datetime
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from apps.audit.services import record_event
from apps.people.access import Person
from tenants.models import Agency

from . import exports
from .access import may_print_registers
from .export_kinds import ExportKind, Made, export_kind
from .exports.printout import Progress
from .models import ExportJob

log = logging.getLogger(__name__)
KEEP_HOURS = 24
# A job still queued or running after this long lost its worker: it is marked failed (the person may ask again).
STALE_HOURS = 6


def keep_for() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "REGISTER_EXPORT_KEEP_HOURS", KEEP_HOURS))


def parse_export_request(params: Mapping[str, Any]) -> tuple[str, exports.RegisterRange, int | None]:
    """(format, range, volume) from request parameters; every problem at once, by field."""
    errors: dict[str, list[str]] = {}
    fmt = str(params.get("format") or "").strip().lower()
    if fmt not in exports.FORMATS:
        errors["format"] = [_("Choose the format: xlsx or pdf.")]
    span = volume = None
    try:
        span = exports.parse_range(params)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        volume = exports.parse_volume(params.get("volume"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return fmt, span, volume


def printed_changes(fmt: str, span: exports.RegisterRange, volume: int | None, rows: list) -> dict[str, Any]:
    numbers = [rows[0].number, rows[-1].number] if rows else []
    return {"format": fmt, **span.as_dict(), "volume": volume, "rows": len(rows), "numbers": numbers}


def export_path(job: ExportJob) -> str:
    return f"{connection.schema_name}/exports/{job.pk}.{job.format}"


def _save_file(relative: str, content: bytes) -> None:
    """Write the file whole or not at all (a reader never sees half of it)."""
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(content)
    os.replace(partial, path)


def progress_reporter(job: ExportJob, start: int, end: int) -> Progress:
    """progress(done, total) → the job's percentage between ``start`` and ``end`` (committed at once: the page
    polling it reads another connection)."""

    def report(done: int, total: int) -> None:
        share = done / total if total else 1
        ExportJob.objects.filter(pk=job.pk).update(progress=min(end, start + round((end - start) * share)))

    return report


def _start(job_id: int) -> ExportJob | None:
    """The job, marked running, or None when it is not waiting any more (already done, failed or expired)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update(of=("self",)).filter(pk=job_id).select_related("register").first()
        if job is None or job.state not in (ExportJob.State.QUEUED, ExportJob.State.RUNNING):
            return None
        job.state, job.started_at, job.progress = ExportJob.State.RUNNING, timezone.now(), 1
        job.save(update_fields=["state", "started_at", "progress"])
    return job


def _fail(job: ExportJob, reason: str) -> None:
    job.state, job.error, job.finished_at = ExportJob.State.FAILED, reason[:500], timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])


def make_register_printout(job: ExportJob, by: Person, agency: Agency) -> Made:
    """The printed register of a job of kind ``register``: its range and volume read as the request checked them,
    the documents as the requester may see them now."""
    fmt, span, volume = parse_export_request({**job.params, "format": job.format})
    documents = exports.documents_to_print(by, job.register, span)
    total = documents.count()
    exports.check_format(fmt, total)
    selection = exports.Selection(documents, total=total, progress=progress_reporter(job, 1, 30))
    printout = exports.build_printout(by, job.register, span, agency=agency, volume=volume, selection=selection)
    exported = exports.render(printout, fmt, progress=progress_reporter(job, 30, 95))
    return Made(exported, job.register, printed_changes(fmt, span, volume, printout.rows))


REGISTER_PRINTOUTS = ExportKind(
    heading=_lazy("Print registers"),
    page="register_exports:print",
    may_request=may_print_registers,
    refusal=_lazy("You no longer print the registers."),
    make=make_register_printout,
)


def run_export_job(job_id: int, *, agency: Agency) -> ExportJob | None:
    """Make the job's printout as its requester may see it now (their rights are checked again: they may have
    lost them since asking), keep the file, and record the printout as "exported". Runs in the agency's schema;
    what is printed is the job's kind's (export_kinds)."""
    job = _start(job_id)
    if job is None:
        return None
    by = Person.for_user(job.requested_by)
    kind = export_kind(job.kind)
    if kind is None or not kind.may_request(by):
        _fail(job, str(kind.refusal) if kind else _("This kind of printout is no longer made."))
        return job
    try:
        made = kind.make(job, by, agency)
        relative = export_path(job)
        _save_file(relative, made.exported.content)
    except ValidationError as exc:
        _fail(job, "; ".join(exc.messages))
        return job
    except Exception:
        log.exception("export job %s failed", job_id)
        _fail(job, _("The printout could not be made: ask again, or print a shorter range."))
        return job
    return _finish(job, by, relative, made)


def _finish(job: ExportJob, by: Person, relative: str, made: Made) -> ExportJob:
    now = timezone.now()
    exported = made.exported
    with transaction.atomic():
        job.state, job.progress, job.rows, job.finished_at = ExportJob.State.DONE, 100, exported.rows, now
        job.file_path, job.filename, job.size = relative, exported.filename, len(exported.content)
        job.expires_at = now + keep_for()
        job.save()
        record_event(made.target, "exported", by=by, changes={**made.changes, "job": job.pk})
    return job


def expire_export_jobs(*, now: datetime.datetime | None = None) -> int:
    """Remove the files kept past their time (the job stays, marked expired) and fail jobs whose worker was lost.
    Returns how many jobs changed. Runs in the agency's schema (tasks.expire_exports, periodic)."""
    now = now or timezone.now()
    changed = 0
    for job in ExportJob.objects.filter(state=ExportJob.State.DONE, expires_at__lte=now):
        if job.file_path:
            (Path(settings.MEDIA_ROOT) / job.file_path).unlink(missing_ok=True)
        changed += ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.DONE).update(
            state=ExportJob.State.EXPIRED, file_path=""
        )
    stale = ExportJob.objects.filter(
        state__in=[ExportJob.State.QUEUED, ExportJob.State.RUNNING],
        created_at__lte=now - datetime.timedelta(hours=STALE_HOURS),
    )
    changed += stale.update(
        state=ExportJob.State.FAILED, finished_at=now, error=_("The printout was not made in time: ask again.")
    )
    return changed
