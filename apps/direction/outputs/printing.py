"""What every printout of work direction shares: the letterhead (the agency and the system's marking, Appendix VI
§III.6) and, for the books and reports, a table with the columns of its form. The file formats are outputs.pdf
and outputs.xlsx; the columns' widths and alignment are registers.exports.Column, as the printed registers'."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.people.access import Person
from apps.registers.exports import Column, person_name
from tenants.models import Agency


@dataclass(frozen=True)
class Letterhead:
    parent_agency: str
    agency: str
    printed_at: datetime.datetime
    printed_by: str

    @property
    def marking(self) -> str:
        """Appendix VI §III.6: printouts produced from the system say so (the printed registers' words)."""
        with override(settings.LANGUAGE_CODE):
            return _("Printed from the document management system of %(agency)s at %(time)s by %(person)s") % {
                "agency": self.agency,
                "time": timezone.localtime(self.printed_at).strftime("%H:%M %d/%m/%Y"),
                "person": self.printed_by,
            }


def letterhead(agency: Agency, by: Person) -> Letterhead:
    return Letterhead(
        parent_agency=agency.parent.name if agency.parent_id else "",
        agency=agency.name,
        printed_at=timezone.now(),
        printed_by=person_name(by.user),
    )


@dataclass(frozen=True)
class Table:
    """A book or a report: its title and the lines under it (the period, whom it is limited to), the columns of its
    form, the rows (one cell per column) and an optional totals row."""

    head: Letterhead
    title: str
    lines: list[str]
    columns: tuple[Column, ...]
    rows: list[tuple]
    filename_stem: str
    totals: tuple | None = None
    empty_note: str = "Không có văn bản nào trong kỳ đã chọn."
