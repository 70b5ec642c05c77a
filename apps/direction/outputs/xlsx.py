"""The printouts of work direction as xlsx workbooks (openpyxl), A4, the system's marking in the footer. Every cell
is written through apps.core.spreadsheets.write_cell: text from users (directions, opinions, subjects) never
becomes a formula."""

import io
from typing import Any

from django.utils import timezone

from apps.core.spreadsheets import header_footer_text, write_cell
from apps.registers.exports.printout import CHUNK, Progress

from .printing import Letterhead, Table
from .slip import SlipPrintout

FONT = "Times New Roman"
# Excel column widths are in characters: about two millimetres each in 11 pt Times New Roman.
CHARS_PER_MM = 0.55


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "plain": Font(name=FONT, size=11),
        "bold": Font(name=FONT, size=11, bold=True),
        "title": Font(name=FONT, size=14, bold=True),
        "italic": Font(name=FONT, size=11, italic=True),
        "wrap": Alignment(vertical="top", wrap_text=True),
        "centre": Alignment(horizontal="center", vertical="top", wrap_text=True),
    }


def _put(sheet: Any, at: tuple[int, int], value: Any, font: Any, alignment: Any = None, border: Any = None) -> Any:
    """Write ``value`` at (row, column) with its style; an empty text leaves the cell empty."""
    cell = write_cell(sheet, *at, value if value != "" else None)
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def _head(sheet: Any, head: Letterhead, title: str, lines: list[str], width: int, s: dict) -> int:
    """The agencies, the title and the lines under it, across ``width`` columns; the next free row."""
    from openpyxl.utils import get_column_letter

    _put(sheet, (1, 1), head.parent_agency.upper(), s["plain"])
    _put(sheet, (2, 1), head.agency.upper(), s["bold"])
    for row, (text, font) in enumerate([(title, s["title"]), *((line, s["plain"]) for line in lines)], start=4):
        _put(sheet, (row, 1), text, font, s["centre"])
        sheet.merge_cells(f"A{row}:{get_column_letter(width)}{row}")
    return 5 + len(lines) + 1


def _page(sheet: Any, head: Letterhead, *, landscape: bool) -> None:
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.left.text = header_footer_text(head.marking)
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "Trang &P/&N"
    sheet.oddFooter.right.size = 9


def _saved(book: Any, title: str, author: str) -> bytes:
    book.properties.title = title
    book.properties.creator = author
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_xlsx(table: Table, progress: Progress | None = None) -> bytes:
    """The book or report on one sheet: headings and their numbers repeated on every page, then the rows and the
    totals; ``progress(rows written, rows)`` after each chunk."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    s = _styles()
    book = Workbook()
    sheet = book.active
    sheet.title = "Báo cáo" if table.totals is not None or "BÁO CÁO" in table.title else "Sổ theo dõi"
    first = _head(sheet, table.head, table.title, table.lines, len(table.columns), s)
    for n, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = round(column.width_mm * CHARS_PER_MM, 1)
        _put(sheet, (first, n), column.heading, s["bold"], s["centre"], s["border"])
        _put(sheet, (first + 1, n), f"({n})", s["plain"], s["centre"], s["border"])
    aligns = [s["centre"] if c.centred else s["wrap"] for c in table.columns]
    rows = [*table.rows, *([table.totals] if table.totals else [])]
    for offset, cells in enumerate(rows):
        font = s["bold"] if table.totals and offset == len(table.rows) else s["plain"]
        for n, (align, value) in enumerate(zip(aligns, cells, strict=True), start=1):
            _put(sheet, (first + 2 + offset, n), value, font, align, s["border"])
        if progress and (offset + 1) % CHUNK == 0:
            progress(offset + 1, len(rows))
    if not rows:
        _put(sheet, (first + 2, 1), table.empty_note, s["italic"])
    sheet.print_title_rows = f"{first}:{first + 1}"
    sheet.freeze_panes = f"A{first + 2}"
    _page(sheet, table.head, landscape=True)
    return _saved(book, table.title, table.head.printed_by)


CHAIN_HEADINGS = ("STT", "Vai trò", "Đơn vị, người nhận", "Hạn", "Người giao, thời điểm", "Tình trạng", "Ý kiến")
CHAIN_WIDTHS = (7, 12, 24, 12, 26, 18, 50)


def _opinion(line: Any) -> str:
    """An opinion in one cell: its text, to whom (with deadlines), then who wrote it and when."""
    text = "\n".join([line.text, *line.assignees]).strip()
    return f"{text}\n({line.author}, {timezone.localtime(line.at):%H:%M %d/%m/%Y})".strip()


def _slip_sections(sheet: Any, slip: SlipPrintout, row: int, s: dict) -> int:
    leader = slip.slip.leader
    sections = [
        ("1. Ý kiến của lãnh đạo cơ quan", [leader] if leader else []),
        ("2. Ý kiến của lãnh đạo đơn vị", slip.slip.units),
        ("3. Ý kiến đề xuất của người giải quyết", slip.slip.handlers),
    ]
    for heading, lines in sections:
        _put(sheet, (row, 1), heading, s["bold"])
        row += 1
        for line in lines or [None]:
            _put(sheet, (row, 2), _opinion(line) if line else "—", s["plain"], s["wrap"])
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
            row += 1
        if heading.startswith("1.") and leader:
            for label, value in slip.direction:
                _put(sheet, (row, 2), f"{label}: {value}", s["plain"])
                row += 1
    return row + 1


def slip_xlsx(slip: SlipPrintout) -> bytes:
    """The slip on one A4 portrait sheet: the header, the document's fields, the three opinions, the chain."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    s = _styles()
    book = Workbook()
    sheet = book.active
    sheet.title = "Phiếu giải quyết"
    for n, width in enumerate(CHAIN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    row = _head(sheet, slip.head, slip.title, [], len(CHAIN_WIDTHS), s)
    for label, value in slip.fields:
        _put(sheet, (row, 1), f"{label}:", s["bold"])
        _put(sheet, (row, 3), value, s["plain"], s["wrap"])
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=7)
        row += 1
    row = _slip_sections(sheet, slip, row + 1, s)
    _put(sheet, (row, 1), "Quá trình giải quyết", s["bold"])
    for n, heading in enumerate(CHAIN_HEADINGS, start=1):
        _put(sheet, (row + 1, n), heading, s["bold"], s["centre"], s["border"])
    for offset, line in enumerate(slip.chain, start=row + 2):
        cells = (line.number, line.role, line.assignee, line.due_on, line.assigned, line.status, "\n".join(line.notes))
        for n, value in enumerate(cells, start=1):
            _put(sheet, (offset, n), value, s["plain"], s["wrap"], s["border"])
    _page(sheet, slip.head, landscape=False)
    return _saved(book, slip.title, slip.head.printed_by)
