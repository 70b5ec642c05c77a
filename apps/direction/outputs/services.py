"""Printing the outputs of work direction (issue 8 point 8; Decree 30 Appendix IV and VI) — the services the pages,
the API and the "exports" worker call.

- ``print_slip``: the Phiếu giải quyết văn bản đến of one document, small, made in the request (xlsx or PDF).
- ``request_report``: a Sổ theo dõi giải quyết văn bản đến or a Báo cáo tình hình giải quyết văn bản đến / đi for a
  period — always an export job of kind ``direction.report`` on the registers' job machinery (the "exports"
  queue, the progress page, the kept file for the person who asked, its audit), made by ``make_report``.

Every printout is recorded as "exported" in the audit trail (Appendix VI §III.6: the use is logged); a request
refused for bad input saves nothing."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from apps.audit.services import record_event
from apps.documents.models import IncomingDocument
from apps.people.access import Person
from apps.registers import exports
from apps.registers.export_jobs import progress_reporter
from apps.registers.export_kinds import ExportKind, JobRequest, Made
from apps.registers.export_services import queue_job
from apps.registers.models import ExportJob
from tenants.models import Agency

from . import books
from .access import may_print_reports, may_print_slip, report_scope
from .pdf import slip_pdf, table_pdf
from .printing import letterhead
from .requests import TRACKING, ReportRequest, parse_report_request
from .slip import build_slip
from .xlsx import slip_xlsx, table_xlsx

REPORT_KIND = "direction.report"


def _file(content: bytes, stem: str, fmt: str, rows: int) -> exports.ExportedFile:
    return exports.ExportedFile(content, f"{stem}.{fmt}", exports.FORMATS[fmt], rows)


def print_slip(document: IncomingDocument, *, by: Person, agency: Agency, fmt: str) -> exports.ExportedFile:
    """The document's Phiếu giải quyết văn bản đến, with its whole chain, as ``fmt`` (xlsx or pdf); for those who
    may read the document and its handling (a secret one: only those cleared for it)."""
    if not may_print_slip(by, document):
        raise PermissionDenied(_("You may not print the handling slip of this document."))
    fmt = str(fmt or "").strip().lower()
    if fmt not in exports.FORMATS:
        raise ValidationError({"format": _("Choose the format: xlsx or pdf.")})
    with override(settings.LANGUAGE_CODE):
        slip = build_slip(document, letterhead(agency, by))
        content = slip_pdf(slip) if fmt == exports.PDF else slip_xlsx(slip)
    with transaction.atomic():
        record_event(document, "exported", by=by, changes={"output": "slip", "format": fmt, "parts": len(slip.chain)})
    return _file(content, slip.filename_stem, fmt, len(slip.chain))


def _checked(params: Mapping[str, Any], by: Person) -> tuple[ReportRequest, books.Limits, int]:
    """The request as the person may make it now, what it covers, and how many documents a tracking book lists
    (0 for a report, whose rows are units or people); the PDF's length checked before any work."""
    scope = report_scope(by)
    request = parse_report_request(params, scope=scope)
    found = books.limits(request, scope)
    rows = books.expected_rows(request, by, found)
    exports.check_format(request.fmt, rows)
    return request, found, rows if request.output == TRACKING else 0


def request_report(params: Mapping[str, Any], *, by: Person) -> ExportJob:
    """Queue a book or report (``params``: ``output``, ``format``, ``from_date``, ``to_date``, ``unit``, ``person``,
    ``per``); every problem with the input is refused at once, by field, and nothing is saved."""
    if not may_print_reports(by):
        raise PermissionDenied(_("Only the clerks and the leaders print the books and reports."))
    request, _found, documents = _checked(params, by)
    asked = JobRequest(REPORT_KIND, request.fmt, request.as_params(), rows=documents, title=request.title)
    return queue_job(asked, by=by)


def make_report(job: ExportJob, by: Person, agency: Agency) -> Made:
    """The job's book or report, as its requester may see it now (run by the "exports" worker)."""
    request, found, documents = _checked({**job.params, "format": job.format}, by)
    with override(settings.LANGUAGE_CODE):
        progress_reporter(job, 0, 5)(1, 1)
        table = books.BUILDERS[request.output](request, by, found, letterhead(agency, by))
        progress_reporter(job, 5, 40)(1, 1)
        render = table_pdf if request.fmt == exports.PDF else table_xlsx
        content = render(table, progress_reporter(job, 40, 95))
    exported = _file(content, table.filename_stem, request.fmt, len(table.rows) if documents else 0)
    return Made(exported, job, {**request.as_params(), "format": request.fmt, "rows": len(table.rows)})


DIRECTION_REPORTS = ExportKind(
    heading=gettext_lazy("Reports and tracking books"),
    page="direction:outputs",
    may_request=may_print_reports,
    refusal=gettext_lazy("You no longer print the books and reports."),
    make=make_report,
)
