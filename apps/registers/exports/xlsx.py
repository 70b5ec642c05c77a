"""A printed register as an xlsx workbook (openpyxl): the cover (A4 portrait) and the register (A4 landscape,
headings repeated on every page, page numbers and the system's marking in the footer). Every cell is written
through apps.core.spreadsheets.write_cell: text from users never becomes a formula."""

import io
from typing import Any

from django.conf import settings
from django.utils.translation import override

from apps.core.spreadsheets import header_footer_text, write_cell

from .printout import CHUNK, Printout, Progress

FONT = "Times New Roman"
# Excel column widths are in characters: about two millimetres each in 11 pt Times New Roman.
XLSX_CHARS_PER_MM = 0.55


def _footer(sheet: Any, marking: str, *, pages: bool) -> None:
    sheet.oddFooter.left.text = header_footer_text(marking)
    sheet.oddFooter.left.size = 8
    if pages:
        sheet.oddFooter.right.text = "Trang &P/&N"
        sheet.oddFooter.right.size = 9


def _cover(book: Any, printout: Printout, marking: str) -> None:
    from openpyxl.styles import Alignment, Font

    cover = book.active
    cover.title = "Bìa sổ"
    cover.column_dimensions["A"].width = 90
    lines: list[tuple[str, Font]] = [
        (printout.parent_agency.upper(), Font(name=FONT, size=13)),
        (printout.agency.upper(), Font(name=FONT, size=13, bold=True)),
        ("", Font(name=FONT)),
        ("", Font(name=FONT)),
        (printout.title, Font(name=FONT, size=20, bold=True)),
        (printout.subtitle, Font(name=FONT, size=14, bold=True)),
        ("", Font(name=FONT)),
        *[(line, Font(name=FONT, size=14)) for line in printout.cover_lines],
    ]
    for number, (text, style) in enumerate(lines, start=1):
        cell = write_cell(cover, number, 1, text or None)
        cell.font = style
        cell.alignment = Alignment(horizontal="left" if number <= 2 else "center")
    cover.page_setup.orientation = "portrait"
    cover.page_setup.paperSize = cover.PAPERSIZE_A4
    _footer(cover, marking, pages=False)


def _headings(sheet: Any, printout: Printout, border: Any) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(printout.columns))
    write_cell(sheet, 1, 1, f"{printout.title} – {printout.year_line}").font = Font(name=FONT, size=14, bold=True)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].alignment = Alignment(horizontal="center")
    for number, column in enumerate(printout.columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = round(column.width_mm * XLSX_CHARS_PER_MM, 1)
        for row, text in ((2, column.heading), (3, f"({number})")):
            cell = write_cell(sheet, row, number, text)
            cell.font = Font(name=FONT, size=11, bold=row == 2)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border


def _body(sheet: Any, printout: Printout, border: Any, empty_note: str, progress: Progress | None) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    body = Font(name=FONT, size=11)
    alignments = [
        Alignment(horizontal="center" if column.centred else "left", vertical="top", wrap_text=True)
        for column in printout.columns
    ]
    total = len(printout.rows)
    for row, line in enumerate(printout.rows, start=4):
        for number, (alignment, text) in enumerate(zip(alignments, line.cells, strict=True), start=1):
            cell = write_cell(sheet, row, number, text or None)
            cell.font = body
            cell.alignment = alignment
            cell.border = border
        if progress and (row - 3) % CHUNK == 0:
            progress(row - 3, total)
    if not printout.rows:
        write_cell(sheet, 4, 1, empty_note).font = Font(name=FONT, size=11, italic=True)
        sheet.merge_cells(f"A4:{get_column_letter(len(printout.columns))}4")
        sheet["A4"].alignment = Alignment(horizontal="center")


def to_xlsx(printout: Printout, progress: Progress | None = None) -> bytes:
    """The workbook's bytes; ``progress(rows written, rows)`` after each chunk of rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    with override(settings.LANGUAGE_CODE):
        marking, empty_note = printout.marking, printout.empty_note
    book = Workbook()
    _cover(book, printout, marking)
    sheet = book.create_sheet("Sổ đăng ký")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    _headings(sheet, printout, border)
    _body(sheet, printout, border, empty_note, progress)
    sheet.print_title_rows = "2:3"
    sheet.freeze_panes = "A4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _footer(sheet, marking, pages=True)
    book.properties.title = printout.title
    book.properties.creator = printout.printed_by
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
