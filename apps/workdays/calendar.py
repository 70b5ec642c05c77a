"""The working-day calendar every deadline is computed with. Other apps call it like this::

    from apps.workdays.calendar import calendar_for

    calendar = calendar_for(agency)              # an Agency, a schema name, or None for the current schema
    calendar.is_working_day(day)
    calendar.add_working_days(received_on, 7)    # the deadline 7 working days after receipt
    calendar.next_working_day(day)               # "the same day, at the latest the next working day"
    calendar.working_days_between(today, due_on) # working days left (negative: late)
    calendar.non_working_days(2027)

A working day is Monday to Friday, minus Vietnam's public holidays (``library``), each level overriding the one
below for its dates: agency exceptions > province exceptions > the library (holidays and its swaps) > the weekend
rule. A year's non-working days are computed once and kept in Redis (``cache``); a calendar object keeps the
years it read, so asking it about many days costs no query and no round trip after the first of each year. Take
one calendar per agency for a whole run (a reminder job) rather than one per question."""

import datetime
from collections.abc import Iterable, Mapping

from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from . import cache, library
from .library import check_year
from .models import AgencyDayException, DayKind
from .public.models import ProvinceDayException

ONE_DAY = datetime.timedelta(days=1)


def compose(
    year: int,
    lib: library.LibraryYear,
    province: Mapping[datetime.date, bool],
    agency: Mapping[datetime.date, bool],
) -> frozenset[datetime.date]:
    """The non-working days of ``year``: weekends, then the library's days off and make-up days, then the
    province's exceptions, then the agency's (each maps a date to whether it is a working day)."""
    day, days = datetime.date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() >= 5:
            days.add(day)
        day += ONE_DAY
    days -= lib.working_weekends
    days.update(off for off, _name in lib.days_off)
    for level in (province, agency):
        for date, working in level.items():
            if working:
                days.discard(date)
            else:
                days.add(date)
    return frozenset(days)


def _exceptions(model, year: int) -> dict[datetime.date, bool]:
    rows = model.objects.filter(date__year=year).values_list("date", "kind")
    return {date: kind == DayKind.WORKING for date, kind in rows}


def _compute(schema: str, year: int) -> frozenset[datetime.date]:
    """Two queries: the province's exceptions of the year (public schema) and the agency's (its schema)."""
    lib = library.library_year(year)
    province = _exceptions(ProvinceDayException, year)
    agency: dict[datetime.date, bool] = {}
    if schema != get_public_schema_name():
        if connection.schema_name == schema:
            agency = _exceptions(AgencyDayException, year)
        else:
            with schema_context(schema):
                agency = _exceptions(AgencyDayException, year)
    return compose(year, lib, province, agency)


class WorkingCalendar:
    """The working days of one agency (or of the province alone, for the public schema)."""

    def __init__(self, schema: str, versions: tuple[int, int]) -> None:
        self.schema = schema
        self._versions = versions
        self._years: dict[int, frozenset[datetime.date]] = {}

    def __repr__(self) -> str:
        return f"<WorkingCalendar {self.schema}>"

    def non_working_days(self, year: int) -> frozenset[datetime.date]:
        """Every day of ``year`` that is not a working day (weekends included). ValueError outside
        ``library.MIN_YEAR``–``library.MAX_YEAR``."""
        if year not in self._years:
            check_year(year)
            self._years[year] = self._load(year)
        return self._years[year]

    def _load(self, year: int) -> frozenset[datetime.date]:
        key = cache.year_key(self.schema, year, self._versions, library.VERSION)
        stored = cache.store().get(key)
        if stored is not None:
            return frozenset(datetime.date.fromordinal(n) for n in stored)
        days = _compute(self.schema, year)
        cache.store().set(key, sorted(day.toordinal() for day in days))
        return days

    def is_working_day(self, day: datetime.date) -> bool:
        return day not in self.non_working_days(day.year)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """The first working day strictly after ``day``."""
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def working_day_on_or_after(self, day: datetime.date) -> datetime.date:
        """``day`` itself when it is a working day, else the next one."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The deadline ``n`` working days after ``start`` (``n`` ≥ 0). A ``start`` on a non-working day counts
        from the next working day: a document received on a Saturday with 1 working day is due on Tuesday (the
        Monday counts as its day of receipt); with 0, on the Monday."""
        if n < 0:
            raise ValueError("n must be zero or more working days")
        day = self.working_day_on_or_after(start)
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """How many working days come after ``start`` up to ``end`` included; negative when ``end`` is before
        ``start``. ``working_days_between(d, add_working_days(d, n)) == n`` for a working day ``d``; from today to a
        deadline it is the working days left, from a deadline to the day the work was done, how late it was."""
        if end < start:
            return -self.working_days_between(end, start)
        off = sum(1 for year in range(start.year, end.year + 1) for day in self._off_in(year, start, end))
        return (end - start).days - off

    def _off_in(self, year: int, start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
        return (day for day in self.non_working_days(year) if start < day <= end)


def calendar_for(agency: object | str | None = None) -> WorkingCalendar:
    """The working calendar of ``agency`` (an Agency, its schema name, or None for the current schema; the public
    schema gives the province's calendar without any agency's exceptions). One Redis round trip."""
    schema = agency if isinstance(agency, str) else getattr(agency, "schema_name", connection.schema_name)
    return WorkingCalendar(schema, cache.versions(schema))
