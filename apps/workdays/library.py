"""Vietnam's public holidays from the maintained ``holidays`` library (vacanza/holidays, pinned in pyproject.toml).

The library knows the Labour Code's days off (Bộ luật Lao động 2019, Art. 112: Tết Dương lịch; Tết Nguyên đán,
five days, lunar; Giỗ Tổ Hùng Vương, 10/3 lunar; 30/4; 1/5; Quốc khánh, two days since 2021; Ngày Văn hóa Việt
Nam, 24/11, since 2026), the compensatory day when one falls on a weekend (nghỉ bù), and the swaps the government
decided in the years it records (a weekday off for a make-up working Saturday). Its names are Vietnamese (its
``vi`` localisation; ``en_US`` for English). The government's later yearly schedule goes on top as the province's
exceptions (``apps.workdays.public``)."""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils.translation import get_language

VERSION = holidays.__version__
# The years a calendar answers for: the library's lunar tables end in 2100 (and return nothing after).
MIN_YEAR, MAX_YEAR = 2000, 2099
# Our languages → the library's localisations of Vietnam's holiday names.
_LANGUAGES = {"vi": "vi", "en": "en_US"}


@dataclass(frozen=True)
class LibraryYear:
    """One year of the library: its days off with their names, and the weekend days its swaps make working."""

    days_off: tuple[tuple[datetime.date, str], ...]
    working_weekends: frozenset[datetime.date]

    def is_working(self, day: datetime.date) -> bool:
        """The library's answer for ``day`` (of this year): Monday to Friday or a make-up day, and not a holiday."""
        if any(off == day for off, _name in self.days_off):
            return False
        return day.weekday() < 5 or day in self.working_weekends


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"{year} is outside the working calendar's years ({MIN_YEAR}-{MAX_YEAR})")


def library_language(language: str | None = None) -> str:
    """The library's localisation for ``language`` (the active one by default); Vietnamese otherwise."""
    return _LANGUAGES.get((language or get_language() or "vi").split("-")[0], "vi")


@lru_cache(maxsize=256)
def library_year(year: int, localisation: str = "vi") -> LibraryYear:
    """Vietnam's holidays of ``year``, named in ``localisation`` (``library_language()``). About 25 ms to compute,
    so kept for the life of the process: a year's holidays never change within one version of the library."""
    check_year(year)
    calendar = holidays.country_holidays("VN", years=year, language=localisation)
    days_off = tuple(sorted(calendar.items()))
    # The library keeps every year's make-up days in one set (older years included): this year's only.
    working = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return LibraryYear(days_off=days_off, working_weekends=working)
