"""A year of the calendar as people read it (the "Lịch làm việc" pages and the API): every day that differs from
the weekend rule, which level says so and why, and whether a higher level overrides it; and the months as weeks
for the page's grid."""

import calendar as weeks
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .calendar import WorkingCalendar
from .library import library_language, library_year
from .models import AgencyDayException, DayException
from .public.models import ProvinceDayException

LIBRARY, PROVINCE, AGENCY = "library", "province", "agency"
LEVELS = {
    LIBRARY: _("Public holiday"),
    PROVINCE: _("Province schedule"),
    AGENCY: _("Agency's own"),
}
RANK = {LIBRARY: 0, PROVINCE: 1, AGENCY: 2}
# The month grid's column heads, Monday first.
WEEKDAYS = [
    pgettext_lazy("weekday", "Mon"),
    pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"),
    pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
]


@dataclass(frozen=True)
class SpecialDay:
    """One level's word on one date."""

    date: datetime.date
    working: bool
    level: str
    label: str
    applies: bool  # False when a higher level decides the date otherwise, or the same way
    exception_id: int | None = None  # the province's or the agency's row

    @property
    def level_label(self) -> str:
        return str(LEVELS[self.level])


@dataclass(frozen=True)
class Day:
    date: datetime.date
    working: bool
    special: bool  # a holiday, a make-up day or an exception (not a plain weekday or weekend day)


@dataclass(frozen=True)
class Month:
    first: datetime.date
    weeks: list[list[Day | None]]


@dataclass(frozen=True)
class YearOverview:
    year: int
    special_days: list[SpecialDay]
    months: list[Month]
    non_working: frozenset[datetime.date]

    @property
    def working_count(self) -> int:
        days = 366 if weeks.isleap(self.year) else 365
        return days - len(self.non_working)


def _library_days(year: int) -> list[SpecialDay]:
    lib = library_year(year, library_language())
    days = [SpecialDay(day, False, LIBRARY, name, True) for day, name in lib.days_off]
    label = str(_("Make-up working day"))
    return days + [SpecialDay(day, True, LIBRARY, label, True) for day in sorted(lib.working_weekends)]


def _exception_days(rows: list[DayException], level: str) -> list[SpecialDay]:
    return [SpecialDay(row.date, row.is_working, level, row.reason, True, row.pk) for row in rows]


def special_days(year: int, *, with_agency: bool) -> list[SpecialDay]:
    """Every level's word on the days of ``year``, by date and level (lowest first); ``applies`` is False for an
    entry that a higher level's entry on the same date replaces."""
    entries = _library_days(year)
    entries += _exception_days(list(ProvinceDayException.objects.filter(date__year=year)), PROVINCE)
    if with_agency:
        entries += _exception_days(list(AgencyDayException.objects.filter(date__year=year)), AGENCY)
    top = {}
    for entry in entries:
        if RANK[entry.level] >= RANK.get(top.get(entry.date), -1):
            top[entry.date] = entry.level
    entries = [entry if top[entry.date] == entry.level else _overridden(entry) for entry in entries]
    return sorted(entries, key=lambda e: (e.date, RANK[e.level]))


def _overridden(entry: SpecialDay) -> SpecialDay:
    return SpecialDay(entry.date, entry.working, entry.level, entry.label, False, entry.exception_id)


def months(year: int, non_working: frozenset[datetime.date], special: set[datetime.date]) -> list[Month]:
    """The twelve months as weeks from Monday, each day with its kind (None pads the first and last weeks)."""
    grid = weeks.Calendar(firstweekday=0)
    result = []
    for number in range(1, 13):
        rows = [
            [Day(day, day not in non_working, day in special) if day.month == number else None for day in week]
            for week in grid.monthdatescalendar(year, number)
        ]
        result.append(Month(datetime.date(year, number, 1), rows))
    return result


def year_overview(calendar: WorkingCalendar, year: int, *, with_agency: bool = True) -> YearOverview:
    """``year`` of ``calendar``: ValueError outside the calendar's years."""
    non_working = calendar.non_working_days(year)
    entries = special_days(year, with_agency=with_agency)
    grid = months(year, non_working, {entry.date for entry in entries})
    return YearOverview(year, entries, grid, non_working)
