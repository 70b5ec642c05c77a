"""Printing registers — the services (Decree 30, Đ16 and Đ22: a register kept in the system is printed with all its
columns, signed and bound; Appendix IV gives the columns and the cover; Appendix VI §III.6: the use is logged).

A short printout is made in the request; a long one (exports.in_request_max_rows) becomes an ExportJob made by the
worker of the "exports" queue (tasks.run_export_job → export_jobs), whose file is kept for
REGISTER_EXPORT_KEEP_HOURS for the person who asked for it only, then removed by the periodic expiry. Requests, the
finished printout and every download are in the audit trail."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from apps.audit.services import record_event
from apps.people.access import Person
from tenants.models import Agency

from . import exports
from .access import may_print_registers
from .export_jobs import parse_export_request, printed_changes
from .export_kinds import JobRequest
from .models import ExportJob, Register

EXPORTS_QUEUE = "exports"


def export_register(
    register: Register, *, by: Person, agency: Agency, params: Mapping[str, Any]
) -> exports.ExportedFile | ExportJob:
    """Print a register to xlsx or PDF. ``params`` carries ``format`` (xlsx or pdf), the range (``year``,
    ``from_date``, ``to_date``, ``from_number``, ``to_number``) and ``volume`` (quyển số); bad input is refused,
    every problem at once. Only clerks and leaders print, and a printout lists only the documents the person may
    see. A short printout is returned as a file (and recorded as "exported"); a long one is queued and its
    ExportJob returned (recorded as "export_requested"): long work never runs in a web request."""
    if not may_print_registers(by):
        raise PermissionDenied(_("Only the clerk and the leaders print the registers."))
    fmt, span, volume = parse_export_request(params)
    documents = exports.documents_to_print(by, register, span)
    total = documents.count()
    exports.check_format(fmt, total)
    if total > exports.in_request_max_rows(fmt):
        return queue_export(register, by=by, fmt=fmt, params=_job_params(span, volume), rows=total)
    selection = exports.Selection(documents, total=total)
    printout = exports.build_printout(by, register, span, agency=agency, volume=volume, selection=selection)
    exported = exports.render(printout, fmt)
    with transaction.atomic():
        record_event(register, "exported", by=by, changes=printed_changes(fmt, span, volume, printout.rows))
    return exported


def _job_params(span: exports.RegisterRange, volume: int | None) -> dict[str, str]:
    """What the job keeps of the request, as request parameters (the worker parses them as the request was)."""
    return {**span.as_params(), **({"volume": str(volume)} if volume else {})}


def queue_export(register: Register, *, by: Person, fmt: str, params: dict[str, str], rows: int) -> ExportJob:
    """Record the job (``params``: its range and volume as request parameters) and hand it to the "exports" queue
    once the transaction commits."""
    asked = JobRequest(ExportJob.REGISTER, fmt, params, rows=rows, register=register)
    return queue_job(asked, by=by)


def queue_job(asked: JobRequest, *, by: Person) -> ExportJob:
    """Record an export job (of any kind: export_kinds) and hand it to the "exports" queue once the transaction
    commits; recorded as "export_requested". The caller has checked that the person may ask for it."""
    from .tasks import run_export_job

    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=by.user,
            kind=asked.kind,
            title=asked.title[:300],
            register=asked.register,
            format=asked.fmt,
            params=asked.params,
            rows=asked.rows,
        )
        named = {"register": asked.register.pk} if asked.register is not None else {"kind": asked.kind}
        changes = {**named, "format": asked.fmt, **asked.params, "rows": asked.rows}
        record_event(job, "export_requested", by=by, changes=changes)
    schema, pk = connection.schema_name, job.pk
    transaction.on_commit(lambda: run_export_job.apply_async((schema, pk), queue=EXPORTS_QUEUE))
    return job


def open_export(job: ExportJob, *, by: Person) -> BinaryIO:
    """The finished job's file, opened for download, recorded as "downloaded" (the caller got the job from
    access.get_export_job_for). A job not ready, or whose file is gone, is refused with a reason."""
    if job.state != ExportJob.State.DONE or not job.file_path:
        raise ValidationError(_("This printout is not ready, or is no longer kept: print it again."))
    try:
        handle = (Path(settings.MEDIA_ROOT) / job.file_path).open("rb")
    except FileNotFoundError as exc:
        raise ValidationError(_("This printout is not ready, or is no longer kept: print it again.")) from exc
    with transaction.atomic():
        record_event(job, "downloaded", by=by, changes={"filename": job.filename, "size": job.size})
    return handle
