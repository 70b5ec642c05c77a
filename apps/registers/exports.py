"""Registers printed as Decree 30/2020/NĐ-CP requires: Sổ đăng ký văn bản đến / đi with the columns and the cover of
Appendix IV, to xlsx (openpyxl) and PDF (weasyprint), in Vietnamese.

Đ16 and Đ22: a register kept in the system is printed with all its columns, signed and bound. Appendix VI §III.6:
printouts produced from the system are marked as such (the footer names the agency, the time and the person).

This module lives in ``registers`` because the register is the thing printed: one printout per register, whatever
app holds its documents. Each kind of register has a *row source*, a function returning the rows of its ten
columns for a range (``ROW_SOURCES``); the cover, the table, the marking and both file formats are shared.
Nothing here changes state: ``services.export_register`` checks who prints, renders and records the audit event.

The column headings and the cover's wording are fixed by the Decree's forms, in Vietnamese: they are Vietnamese
literals here on purpose (a printout in English would not be the register). The system's own words on the
printout (the marking, the note on an empty range) are translated messages, rendered in Vietnamese."""

import datetime
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core.dates import FORMAT_ERROR as DATE_FORMAT_ERROR
from apps.core.dates import parse_date
from apps.people.access import Person, strip_accents
from tenants.models import Agency

from .models import Register, Secrecy, Urgency

XLSX = "xlsx"
PDF = "pdf"
FORMATS = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PDF: "application/pdf",
}


@dataclass(frozen=True)
class Column:
    """A column of a printed register: its heading, its width on the A4 landscape page (265 mm between margins)
    and whether its cells are centred (dates and numbers)."""

    heading: str
    width_mm: int
    centred: bool = False


# Appendix IV, Sổ đăng ký văn bản đến and Sổ đăng ký văn bản đi: the ten columns, in the Decree's order and words.
INCOMING_COLUMNS = (
    Column("Ngày đến", 23, centred=True),
    Column("Số đến", 13, centred=True),
    Column("Tác giả", 33),
    Column("Số, ký hiệu văn bản", 30),
    Column("Ngày tháng văn bản", 23, centred=True),
    Column("Tên loại và trích yếu nội dung", 52),
    Column("Đơn vị hoặc người nhận", 30),
    Column("Ngày chuyển", 20, centred=True),
    Column("Ký nhận", 18),
    Column("Ghi chú", 23),
)
OUTGOING_COLUMNS = (
    Column("Số, ký hiệu văn bản", 26),
    Column("Ngày tháng văn bản", 22, centred=True),
    Column("Tên loại và trích yếu nội dung", 52),
    Column("Người ký", 26),
    Column("Nơi nhận văn bản", 36),
    Column("Đơn vị, người nhận bản lưu", 22),
    Column("Số lượng bản", 12, centred=True),
    Column("Ngày chuyển", 21, centred=True),
    Column("Ký nhận", 16),
    Column("Ghi chú", 32),
)
TITLES = {
    Register.Kind.INCOMING: "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    Register.Kind.OUTGOING: "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
}
URGENCY_WORDS = {Urgency.URGENT: "Khẩn", Urgency.VERY_URGENT: "Thượng khẩn", Urgency.FLASH: "Hỏa tốc"}
SECRECY_WORDS = {Secrecy.CONFIDENTIAL: "Mật", Secrecy.SECRET: "Tối mật", Secrecy.TOP_SECRET: "Tuyệt mật"}
BLANK = ".........."
# Excel column widths are in characters: about two millimetres each in 11 pt Times New Roman.
XLSX_CHARS_PER_MM = 0.55


def day(value: datetime.date | None) -> str:
    """dd/mm/yyyy, as Vietnamese forms write dates."""
    return value.strftime("%d/%m/%Y") if value else ""


def two_digits(number: int | None) -> str:
    """Numbers below 10 with a leading zero (Appendix I: 01 … 09)."""
    return f"{number:02d}" if number is not None else ""


# ---- the range printed ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRange:
    """What part of a register's year to print: every bound is optional and they combine."""

    year: int
    from_date: datetime.date | None = None
    to_date: datetime.date | None = None
    from_number: int | None = None
    to_number: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "from_date": self.from_date,
            "to_date": self.to_date,
            "from_number": self.from_number,
            "to_number": self.to_number,
        }


def _parse_date(value: str, key: str, errors: dict[str, list[str]]) -> datetime.date | None:
    found = parse_date(value)
    if found is None:
        errors.setdefault(key, []).append(str(DATE_FORMAT_ERROR))
    return found


def _parse_number(value: str, key: str, errors: dict[str, list[str]]) -> int | None:
    if re.fullmatch(r"\d{1,9}", value) and int(value) >= 1:
        return int(value)
    errors.setdefault(key, []).append(_("Enter a whole number from 1, e.g. 01 or 25."))
    return None


def parse_range(params: Mapping[str, Any], *, today: datetime.date | None = None) -> RegisterRange:
    """The range from request parameters (``year``, ``from_date``, ``to_date``, ``from_number``, ``to_number``;
    dates as dd/mm/yyyy, d/m/yy or yyyy-mm-dd). Every problem is reported at once, by field. Numbers start again at 01
    every year (Đ15, Đ22.2), so a printout covers one year: the year given, else the year of the dates, else this
    year; dates outside it are refused."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    raw = {key: str(params.get(key) or "").strip() for key in RegisterRange.__dataclass_fields__}
    year = None
    if raw["year"]:
        if re.fullmatch(r"\d{4}", raw["year"]) and 1900 <= int(raw["year"]) <= 9999:
            year = int(raw["year"])
        else:
            errors.setdefault("year", []).append(_("Enter the year with four digits, e.g. 2026."))
    from_date = _parse_date(raw["from_date"], "from_date", errors) if raw["from_date"] else None
    to_date = _parse_date(raw["to_date"], "to_date", errors) if raw["to_date"] else None
    from_number = _parse_number(raw["from_number"], "from_number", errors) if raw["from_number"] else None
    to_number = _parse_number(raw["to_number"], "to_number", errors) if raw["to_number"] else None
    if from_date and to_date and from_date > to_date:
        errors.setdefault("to_date", []).append(_("The end date is before the start date."))
    if from_number and to_number and from_number > to_number:
        errors.setdefault("to_number", []).append(_("The last number is smaller than the first."))
    if year is None and "year" not in errors:
        year = (from_date or to_date or today).year
    for key, value in (("from_date", from_date), ("to_date", to_date)):
        if value and year and value.year != year:
            errors.setdefault(key, []).append(
                _("The dates must lie in the year printed (%(year)s): numbers start again at 01 every year.")
                % {"year": year}
            )
    if errors:
        raise ValidationError(errors)
    return RegisterRange(year, from_date, to_date, from_number, to_number)


def parse_volume(value: Any) -> int | None:
    """Quyển số: the volume number the clerk binds the printout as (optional)."""
    value = str(value or "").strip()
    if not value:
        return None
    errors: dict[str, list[str]] = {}
    number = _parse_number(value, "volume", errors)
    if errors:
        raise ValidationError(errors)
    return number


# ---- row sources: one per kind of register -----------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register: its number and date in the register (for the cover) and the ten cells as printed."""

    number: int
    date: datetime.date
    cells: tuple[str, ...]


RowSource = Callable[[Person, Register, RegisterRange], list[RegisterRow]]


def _person_name(user: Any) -> str:
    return getattr(user, "full_name", "") or user.get_username()


def _notes(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def incoming_rows(person: Person, register: Register, span: RegisterRange) -> list[RegisterRow]:
    """Sổ đăng ký văn bản đến: the register's documents of the year that the person may see (a secret document
    never reaches the printout of someone not cleared for it), in arrival-number order, one query per relation.
    Ngày chuyển and Ký nhận are left for the hand-over on paper until the direction module records it."""
    from apps.documents.access import incoming_visible_to
    from apps.documents.models import IncomingRecipient

    documents = incoming_visible_to(person).filter(register=register, year=span.year)
    if span.from_date:
        documents = documents.filter(arrival_date__gte=span.from_date)
    if span.to_date:
        documents = documents.filter(arrival_date__lte=span.to_date)
    if span.from_number:
        documents = documents.filter(arrival_number__gte=span.from_number)
    if span.to_number:
        documents = documents.filter(arrival_number__lte=span.to_number)
    recipients = IncomingRecipient.objects.select_related("unit", "user").order_by("unit_id", "user_id", "pk")
    documents = (
        documents.select_related("document_type")
        .prefetch_related(Prefetch("recipients", queryset=recipients))
        .order_by("arrival_number")
    )
    rows = []
    for doc in documents:
        names = [r.unit.name if r.unit_id else _person_name(r.user) for r in doc.recipients.all()]
        rows.append(
            RegisterRow(
                number=doc.arrival_number,
                date=doc.arrival_date,
                cells=(
                    day(doc.arrival_date),
                    two_digits(doc.arrival_number),
                    doc.issuer_name,
                    doc.number_and_notation,
                    day(doc.issued_date),
                    f"{doc.document_type.name}: {doc.subject}",
                    "; ".join(names),
                    "",
                    "",
                    _notes(URGENCY_WORDS.get(doc.urgency, ""), SECRECY_WORDS.get(doc.secrecy, ""), doc.description),
                ),
            )
        )
    return rows


CORRECTION_WORDS = {"correction": "Đính chính", "amendment": "Sửa đổi, bổ sung", "replacement": "Thay thế"}


def split_recipients(recipients_text: str) -> tuple[str, str]:
    """(Nơi nhận, Lưu) from the "Nơi nhận" block as printed on the document: one place a line ("- Sở Tài chính;"),
    the last one "- Lưu: VT, VP." naming who keeps the file copies."""
    places, kept = [], []
    for line in recipients_text.splitlines():
        text = line.strip().lstrip("-–").strip().rstrip(";.").strip()
        if not text:
            continue
        if text.lower().startswith("lưu:"):
            kept.append(text[4:].strip())
        else:
            places.append(text)
    return "; ".join(places), "; ".join(kept)


def outgoing_rows(person: Person, register: Register, span: RegisterRange) -> list[RegisterRow]:
    """Sổ đăng ký văn bản đi: the register's issued documents of the year that the person may see, in number order.
    Ngày chuyển is the day of issue (an electronic document is sent when it is issued, Đ18.1); recalls and
    corrections are noted in Ghi chú, since a recalled document keeps its line and number (Đ18.4)."""
    from apps.outgoing.access import outgoing_visible_to

    documents = outgoing_visible_to(person).filter(register=register, year=span.year)
    if span.from_date:
        documents = documents.filter(issued_date__gte=span.from_date)
    if span.to_date:
        documents = documents.filter(issued_date__lte=span.to_date)
    if span.from_number:
        documents = documents.filter(number__gte=span.from_number)
    if span.to_number:
        documents = documents.filter(number__lte=span.to_number)
    rows = []
    for doc in documents.select_related("drafting_unit", "corrects").order_by("number"):
        places, kept = split_recipients(doc.recipients_text)
        signer = f"{doc.signer_name} ({doc.signer_position})" if doc.signer_position else doc.signer_name
        correction = (
            _("%(kind)s of document no. %(ref)s")
            % {
                "kind": CORRECTION_WORDS.get(doc.correction_kind, doc.correction_kind),
                "ref": doc.corrects.number_and_notation,
            }
            if doc.corrects_id
            else ""
        )
        recalled = ""
        if doc.recalled_at:
            recalled = _("Recalled on %(date)s") % {"date": day(timezone.localdate(doc.recalled_at))}
        rows.append(
            RegisterRow(
                number=doc.number,
                date=doc.issued_date,
                cells=(
                    doc.number_and_notation,
                    day(doc.issued_date),
                    f"{doc.type_name}: {doc.subject}",
                    signer,
                    places,
                    kept or doc.drafting_unit.name,
                    two_digits(doc.issued_amount),
                    day(timezone.localdate(doc.issued_at)),
                    "",
                    _notes(
                        URGENCY_WORDS.get(doc.urgency, ""),
                        SECRECY_WORDS.get(doc.secrecy, ""),
                        correction,
                        recalled,
                        doc.description,
                    ),
                ),
            )
        )
    return rows


ROW_SOURCES: dict[str, RowSource] = {Register.Kind.INCOMING: incoming_rows, Register.Kind.OUTGOING: outgoing_rows}
COLUMNS: dict[str, tuple[Column, ...]] = {
    Register.Kind.INCOMING: INCOMING_COLUMNS,
    Register.Kind.OUTGOING: OUTGOING_COLUMNS,
}


def is_printable(register: Register) -> bool:
    return register.kind in ROW_SOURCES


# ---- the printout -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Printout:
    """Everything a printed register shows, in Vietnamese, whatever the file format."""

    register: Register
    span: RegisterRange
    parent_agency: str
    agency: str
    rows: list[RegisterRow]
    printed_at: datetime.datetime
    printed_by: str
    volume: int | None = None
    columns: tuple[Column, ...] = field(default=())

    @property
    def title(self) -> str:
        return TITLES[self.register.kind]

    @property
    def subtitle(self) -> str:
        """The register's own name when the agency gave it one other than the form's (e.g. … đến mật)."""
        name = self.register.name.strip()
        return "" if name.upper() == self.title else name

    @property
    def year_line(self) -> str:
        return f"Năm: {self.span.year}"

    @property
    def dates_line(self) -> str:
        """The period printed: the dates asked for, else those of the first and last document."""
        first = self.span.from_date or (self.rows[0].date if self.rows else None)
        last = self.span.to_date or (self.rows[-1].date if self.rows else None)
        return f"Từ ngày {day(first) or BLANK} đến ngày {day(last) or BLANK}"

    @property
    def numbers_line(self) -> str:
        """The numbers printed: those of the first and last document (the ones asked for on an empty range)."""
        first = self.rows[0].number if self.rows else self.span.from_number
        last = self.rows[-1].number if self.rows else self.span.to_number
        return f"Từ số {two_digits(first) or BLANK} đến số {two_digits(last) or BLANK}"

    @property
    def volume_line(self) -> str:
        return f"Quyển số: {two_digits(self.volume) or BLANK}"

    @property
    def headings(self) -> list[str]:
        return [c.heading for c in self.columns]

    @property
    def cover_lines(self) -> list[str]:
        return [self.year_line, self.dates_line, self.numbers_line, self.volume_line]

    @property
    def marking(self) -> str:
        """Appendix VI §III.6: printouts produced from the system say so."""
        return _("Printed from the document management system of %(agency)s at %(time)s by %(person)s") % {
            "agency": self.agency,
            "time": timezone.localtime(self.printed_at).strftime("%H:%M %d/%m/%Y"),
            "person": self.printed_by,
        }

    @property
    def empty_note(self) -> str:
        return _("No document in this register for the range chosen.")

    @property
    def filename_stem(self) -> str:
        stem = slugify(strip_accents(self.register.name)) or "so-dang-ky"
        parts = [stem, str(self.span.year)]
        if self.span.from_date or self.span.to_date:
            parts.append(f"{self.span.from_date or ''}_{self.span.to_date or ''}".replace("-", ""))
        if self.span.from_number or self.span.to_number:
            parts.append(f"so{self.span.from_number or ''}-{self.span.to_number or ''}")
        return "-".join(parts)


def build_printout(
    person: Person, register: Register, span: RegisterRange, *, agency: Agency, volume: int | None = None
) -> Printout:
    """The rows and cover of ``register`` for ``span``, as ``person`` may see them (the caller has checked that the
    person prints registers: registers.access.get_printable_register_for)."""
    if not is_printable(register):
        raise ValidationError(_("Registers of this kind cannot be printed yet."))
    with override(settings.LANGUAGE_CODE):
        return Printout(
            register=register,
            span=span,
            parent_agency=agency.parent.name if agency.parent_id else "",
            agency=agency.name,
            rows=ROW_SOURCES[register.kind](person, register, span),
            printed_at=timezone.now(),
            printed_by=_person_name(person.user),
            volume=volume,
            columns=COLUMNS[register.kind],
        )


# ---- file formats ---------------------------------------------------------------------------------------------------


def to_xlsx(printout: Printout) -> bytes:
    """A workbook of two sheets: the cover (A4 portrait) and the register (A4 landscape, headings repeated on every
    page, page numbers and the system's marking in the footer)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    font = "Times New Roman"
    with override(settings.LANGUAGE_CODE):
        marking, empty_note = printout.marking, printout.empty_note
    book = Workbook()
    cover = book.active
    cover.title = "Bìa sổ"
    cover.column_dimensions["A"].width = 90
    lines: list[tuple[str, Font]] = [
        (printout.parent_agency.upper(), Font(name=font, size=13)),
        (printout.agency.upper(), Font(name=font, size=13, bold=True)),
        ("", Font(name=font)),
        ("", Font(name=font)),
        (printout.title, Font(name=font, size=20, bold=True)),
        (printout.subtitle, Font(name=font, size=14, bold=True)),
        ("", Font(name=font)),
        *[(line, Font(name=font, size=14)) for line in printout.cover_lines],
    ]
    for number, (text, style) in enumerate(lines, start=1):
        cell = cover.cell(row=number, column=1, value=text or None)
        cell.font = style
        cell.alignment = Alignment(horizontal="left" if number <= 2 else "center")
    cover.page_setup.orientation = "portrait"
    cover.page_setup.paperSize = cover.PAPERSIZE_A4
    cover.oddFooter.left.text = marking
    cover.oddFooter.left.size = 8

    sheet = book.create_sheet("Sổ đăng ký")
    count = len(printout.columns)
    last = get_column_letter(count)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.cell(row=1, column=1, value=f"{printout.title} – {printout.year_line}").font = Font(
        name=font, size=14, bold=True
    )
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].alignment = Alignment(horizontal="center")
    for number, column in enumerate(printout.columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = round(column.width_mm * XLSX_CHARS_PER_MM, 1)
        for row, text in ((2, column.heading), (3, f"({number})")):
            cell = sheet.cell(row=row, column=number, value=text)
            cell.font = Font(name=font, size=11, bold=row == 2)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
    body = Font(name=font, size=11)
    for row, line in enumerate(printout.rows, start=4):
        for number, (column, text) in enumerate(zip(printout.columns, line.cells, strict=True), start=1):
            cell = sheet.cell(row=row, column=number, value=text or None)
            cell.font = body
            cell.alignment = Alignment(
                horizontal="center" if column.centred else "left", vertical="top", wrap_text=True
            )
            cell.border = border
    if not printout.rows:
        sheet.cell(row=4, column=1, value=empty_note).font = Font(name=font, size=11, italic=True)
        sheet.merge_cells(f"A4:{last}4")
        sheet["A4"].alignment = Alignment(horizontal="center")
    sheet.print_title_rows = "2:3"
    sheet.freeze_panes = "A4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.left.text = marking
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "Trang &P/&N"
    sheet.oddFooter.right.size = 9
    book.properties.title = printout.title
    book.properties.creator = printout.printed_by
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict:
    """The printout is self-contained: weasyprint is never allowed to fetch anything (no file, no network)."""
    raise ValueError(f"refused to fetch {url}")


def to_pdf(printout: Printout) -> bytes:
    """The cover on an A4 portrait page, the register on A4 landscape pages, in Liberation Serif (metrically Times
    New Roman, with every Vietnamese glyph), headings repeated on every page, page numbers and the marking in the
    footer."""
    from weasyprint import HTML

    total = sum(c.width_mm for c in printout.columns) or 1
    columns = [(c, f"{100 * c.width_mm / total:.2f}") for c in printout.columns]
    rows = [list(zip(printout.columns, row.cells, strict=True)) for row in printout.rows]
    with override(settings.LANGUAGE_CODE):
        html = render_to_string("registers/print/register.html", {"p": printout, "columns": columns, "rows": rows})
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


RENDERERS: dict[str, Callable[[Printout], bytes]] = {XLSX: to_xlsx, PDF: to_pdf}
# weasyprint lays out about 100 rows a second on a 2-core machine: 2,000 rows stay well inside gunicorn's 60 s.
PDF_MAX_ROWS = 2000


def pdf_max_rows() -> int:
    return getattr(settings, "REGISTER_PDF_MAX_ROWS", PDF_MAX_ROWS)


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    filename: str
    content_type: str
    rows: int


def http_response(exported: ExportedFile) -> HttpResponse:
    """The file as a download (the web page and the API answer the same way)."""
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def render(printout: Printout, fmt: str) -> ExportedFile:
    if fmt not in RENDERERS:
        raise ValidationError({"format": _("Choose the format: xlsx or pdf.")})
    if fmt == PDF and len(printout.rows) > pdf_max_rows():
        raise ValidationError(
            {
                "format": _(
                    "%(count)s documents are too many for one PDF (at most %(limit)s): print a shorter range, "
                    "or download the xlsx."
                )
                % {"count": len(printout.rows), "limit": pdf_max_rows()}
            }
        )
    return ExportedFile(
        content=RENDERERS[fmt](printout),
        filename=f"{printout.filename_stem}.{fmt}",
        content_type=FORMATS[fmt],
        rows=len(printout.rows),
    )
