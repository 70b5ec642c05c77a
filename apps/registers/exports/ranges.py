"""The part of a register's year a printout covers, parsed from what the clerk typed, and the Decree's ways of
writing dates and numbers on it."""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.dates import FORMAT_ERROR as DATE_FORMAT_ERROR
from apps.core.dates import parse_date

from .. import validation


def day(value: datetime.date | None) -> str:
    """dd/mm/yyyy, as Vietnamese forms write dates."""
    return value.strftime("%d/%m/%Y") if value else ""


def two_digits(number: int | None) -> str:
    """Numbers below 10 with a leading zero (Appendix I: 01 … 09)."""
    return f"{number:02d}" if number is not None else ""


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

    def as_params(self) -> dict[str, str]:
        """The range as request parameters again (what an export job keeps, to print it later)."""
        return {
            key: value.isoformat() if isinstance(value, datetime.date) else str(value)
            for key, value in self.as_dict().items()
            if value is not None
        }


def _parse_date(value: str, key: str, errors: validation.Errors) -> datetime.date | None:
    found = parse_date(value)
    if found is None:
        validation.add(errors, key, str(DATE_FORMAT_ERROR))
    return found


def _parse_number(value: str, key: str, errors: validation.Errors) -> int | None:
    if re.fullmatch(r"\d{1,9}", value) and int(value) >= 1:
        return int(value)
    validation.add(errors, key, _("Enter a whole number from 1, e.g. 01 or 25."))
    return None


def _check_order(span: dict[str, Any], errors: validation.Errors) -> None:
    if span["from_date"] and span["to_date"] and span["from_date"] > span["to_date"]:
        validation.add(errors, "to_date", _("The end date is before the start date."))
    if span["from_number"] and span["to_number"] and span["from_number"] > span["to_number"]:
        validation.add(errors, "to_number", _("The last number is smaller than the first."))


def parse_range(params: Mapping[str, Any], *, today: datetime.date | None = None) -> RegisterRange:
    """The range from request parameters (``year``, ``from_date``, ``to_date``, ``from_number``, ``to_number``;
    dates as dd/mm/yyyy or yyyy-mm-dd). Every problem is reported at once, by field. Numbers start again at 01
    every year (Đ15, Đ22.2), so a printout covers one year: the year given, else the year of the dates, else this
    year; dates outside it are refused."""
    today = today or timezone.localdate()
    errors: validation.Errors = {}
    raw = {key: str(params.get(key) or "").strip() for key in RegisterRange.__dataclass_fields__}
    year = None
    if raw["year"]:
        if re.fullmatch(r"\d{4}", raw["year"]) and 1900 <= int(raw["year"]) <= 9999:
            year = int(raw["year"])
        else:
            validation.add(errors, "year", _("Enter the year with four digits, e.g. 2026."))
    span: dict[str, Any] = {}
    for key in ("from_date", "to_date"):
        span[key] = _parse_date(raw[key], key, errors) if raw[key] else None
    for key in ("from_number", "to_number"):
        span[key] = _parse_number(raw[key], key, errors) if raw[key] else None
    _check_order(span, errors)
    if year is None and "year" not in errors:
        year = (span["from_date"] or span["to_date"] or today).year
    for key in ("from_date", "to_date"):
        if span[key] and year and span[key].year != year:
            validation.add(
                errors,
                key,
                _("The dates must lie in the year printed (%(year)s): numbers start again at 01 every year.")
                % {"year": year},
            )
    if errors:
        raise ValidationError(errors)
    return RegisterRange(year, **span)


def parse_volume(value: Any) -> int | None:
    """Quyển số: the volume number the clerk binds the printout as (optional)."""
    value = str(value or "").strip()
    if not value:
        return None
    errors: validation.Errors = {}
    number = _parse_number(value, "volume", errors)
    if errors:
        raise ValidationError(errors)
    return number
