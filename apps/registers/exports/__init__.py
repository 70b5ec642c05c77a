"""Registers printed as Decree 30/2020/NĐ-CP requires: Sổ đăng ký văn bản đến / đi with the columns and the cover of
Appendix IV, to xlsx (openpyxl) and PDF (weasyprint), in Vietnamese.

The register is the thing printed, so printing lives here, one module per responsibility:

- ``ranges``: the part of the year printed, parsed from what was typed; dates and numbers as the Decree writes them;
- ``sources``: the columns of each kind of register and the registry of row sources that the apps holding the
  documents (documents, outgoing) plug into from their AppConfig.ready() — registers never imports them;
- ``printout``: the cover, the rows and the system's marking, gathered once;
- ``xlsx`` and ``pdf``: the two file formats; ``files``: formats, limits and the download.

Nothing here changes state: ``services.export_register`` checks who prints, renders (or queues an export job for
a long printout, ``jobs``) and records the audit event."""

from .files import (
    FORMATS,
    PDF,
    XLSX,
    ExportedFile,
    check_format,
    download_response,
    http_response,
    in_request_max_rows,
    pdf_max_rows,
    render,
)
from .printout import Printout, Selection, build_printout, documents_to_print
from .ranges import RegisterRange, day, parse_range, parse_volume, two_digits
from .sources import (
    COLUMNS,
    SECRECY_WORDS,
    URGENCY_WORDS,
    Column,
    RegisterRow,
    RowSource,
    is_printable,
    markings,
    notes,
    person_name,
    register_row_source,
    row_source,
)

__all__ = [
    "COLUMNS",
    "FORMATS",
    "PDF",
    "SECRECY_WORDS",
    "URGENCY_WORDS",
    "XLSX",
    "Column",
    "ExportedFile",
    "Printout",
    "RegisterRange",
    "RegisterRow",
    "RowSource",
    "Selection",
    "build_printout",
    "check_format",
    "day",
    "documents_to_print",
    "download_response",
    "http_response",
    "in_request_max_rows",
    "is_printable",
    "markings",
    "notes",
    "parse_range",
    "parse_volume",
    "pdf_max_rows",
    "person_name",
    "register_row_source",
    "render",
    "row_source",
    "two_digits",
]
