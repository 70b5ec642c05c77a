"""The file formats of a printed register, the limits that keep long work out of web requests, and the file as
a download."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .pdf import to_pdf
from .printout import Printout, Progress
from .xlsx import to_xlsx

XLSX = "xlsx"
PDF = "pdf"
FORMATS = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PDF: "application/pdf",
}
RENDERERS: dict[str, Callable[[Printout, Progress | None], bytes]] = {XLSX: to_xlsx, PDF: to_pdf}
# The largest PDF: weasyprint holds the whole table's layout in memory (docs/benchmarks.md, exports).
PDF_MAX_ROWS = 2000
# Up to this many rows a printout is made in the request itself; longer ones go to the "exports" queue as an
# export job (a PDF lays out about 20 rows a second on a 2-core machine, an xlsx about 2,000).
IN_REQUEST_MAX_ROWS = {XLSX: 500, PDF: 40}


def pdf_max_rows() -> int:
    return getattr(settings, "REGISTER_PDF_MAX_ROWS", PDF_MAX_ROWS)


def in_request_max_rows(fmt: str) -> int:
    return getattr(settings, "REGISTER_EXPORT_IN_REQUEST_MAX_ROWS", IN_REQUEST_MAX_ROWS)[fmt]


def check_format(fmt: str, rows: int) -> None:
    """Refuse an unknown format, or a PDF longer than the limit (before any work is done)."""
    if fmt not in RENDERERS:
        raise ValidationError({"format": _("Choose the format: xlsx or pdf.")})
    if fmt == PDF and rows > pdf_max_rows():
        raise ValidationError(
            {
                "format": _(
                    "%(count)s documents are too many for one PDF (at most %(limit)s): print a shorter range, "
                    "or download the xlsx."
                )
                % {"count": rows, "limit": pdf_max_rows()}
            }
        )


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    filename: str
    content_type: str
    rows: int


def render(printout: Printout, fmt: str, progress: Progress | None = None) -> ExportedFile:
    check_format(fmt, len(printout.rows))
    return ExportedFile(
        content=RENDERERS[fmt](printout, progress),
        filename=f"{printout.filename_stem}.{fmt}",
        content_type=FORMATS[fmt],
        rows=len(printout.rows),
    )


def download_response(content: bytes | object, *, filename: str, content_type: str) -> HttpResponse:
    """A file as a download, never cached (the web page and the API answer the same way)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def http_response(exported: ExportedFile) -> HttpResponse:
    return download_response(exported.content, filename=exported.filename, content_type=exported.content_type)
