"""Everything a printed register shows — cover, rows, the system's marking — gathered once, whatever the file format.

Đ16 and Đ22: a register kept in the system is printed with all its columns, signed and bound. Appendix VI §III.6:
printouts produced from the system are marked as such (the footer names the agency, the time and the person)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core.text import strip_accents
from apps.people.access import Person
from tenants.models import Agency

from ..models import Register
from .ranges import RegisterRange, day, two_digits
from .sources import COLUMNS, Column, RegisterRow, person_name, row_source

TITLES = {
    Register.Kind.INCOMING: "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    Register.Kind.OUTGOING: "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
}
BLANK = ".........."
# Rows are read in chunks of this size; progress is reported after each one.
CHUNK = 250

# progress(done, total): how far a long export has come (export jobs show it in the page).
Progress = Callable[[int, int], None]


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


def documents_to_print(person: Person, register: Register, span: RegisterRange) -> QuerySet:
    """The documents a printout of ``register`` for ``span`` lists, as ``person`` may see them (the caller has
    checked that the person prints registers: registers.access.get_printable_register_for)."""
    source = row_source(register.kind)
    if source is None:
        raise ValidationError(_("Registers of this kind cannot be printed yet."))
    return source.documents(person, register, span)


def read_rows(register: Register, documents: QuerySet, total: int, progress: Progress | None) -> list[RegisterRow]:
    """The lines of the printout, read in chunks (one query per relation and chunk), reporting progress."""
    source = row_source(register.kind)
    width = len(COLUMNS[register.kind])
    rows: list[RegisterRow] = []
    for document in documents.iterator(chunk_size=CHUNK):
        row = source.row(document)
        if len(row.cells) != width:
            raise ValueError(f"a {register.kind} row has {len(row.cells)} cells, the printed form {width}")
        rows.append(row)
        if progress and len(rows) % CHUNK == 0:
            progress(len(rows), total)
    return rows


def build_printout(
    person: Person,
    register: Register,
    span: RegisterRange,
    *,
    agency: Agency,
    volume: int | None = None,
    documents: QuerySet | None = None,
    total: int = 0,
    progress: Progress | None = None,
) -> Printout:
    """The rows and cover of ``register`` for ``span``, as ``person`` may see them (``documents`` and their
    ``total`` when the caller has already counted them)."""
    if documents is None:
        documents = documents_to_print(person, register, span)
    with override(settings.LANGUAGE_CODE):
        rows = read_rows(register, documents, total, progress)
        return Printout(
            register=register,
            span=span,
            parent_agency=agency.parent.name if agency.parent_id else "",
            agency=agency.name,
            rows=rows,
            printed_at=timezone.now(),
            printed_by=person_name(person.user),
            volume=volume,
            columns=COLUMNS[register.kind],
        )
