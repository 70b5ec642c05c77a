"""What a person asks to print — which book or report, for which period, unit or person, in which format — read
from request parameters (the page's form, the API's body, an export job's stored parameters) the same way
everywhere, every problem reported at once, by field. Nothing is saved before this has passed."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.dates import FORMAT_ERROR, parse_date
from apps.people.models import Membership, Unit
from apps.registers import exports

from .access import Scope

User = get_user_model()

TRACKING = "tracking"
INCOMING_REPORT = "incoming_report"
OUTGOING_REPORT = "outgoing_report"
# The printed names (Decree 30 Appendix IV and VI): Vietnamese literals, as the forms print them.
OUTPUTS = {
    TRACKING: "Sổ theo dõi giải quyết văn bản đến",
    INCOMING_REPORT: "Báo cáo tình hình giải quyết văn bản đến",
    OUTGOING_REPORT: "Báo cáo tình hình giải quyết văn bản đi",
}
PER = ("unit", "person")
# The earliest date a period may start on, and how far ahead of today it may end (a typo such as 2062 is refused).
FIRST_DAY = datetime.date(2000, 1, 1)
DAYS_AHEAD = 366
MAX_DAYS = 5 * 366

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class ReportRequest:
    """A book or report asked for: ``output`` (one of OUTPUTS), ``fmt`` (xlsx or pdf), the period, at most one
    unit and one person it is limited to, and ``per``: one row per unit or per person (the reports)."""

    output: str
    fmt: str
    start: datetime.date
    end: datetime.date
    unit: Unit | None = None
    person: Any = None
    per: str = "unit"

    def as_params(self) -> dict[str, str]:
        """As request parameters (what an export job keeps, parsed again by the worker)."""
        params = {"output": self.output, "from_date": self.start.isoformat(), "to_date": self.end.isoformat()}
        if self.unit is not None:
            params["unit"] = str(self.unit.pk)
        if self.person is not None:
            params["person"] = str(self.person.pk)
        if self.output != TRACKING:
            params["per"] = self.per
        return params

    @property
    def period(self) -> str:
        return f"Từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    @property
    def limited_to(self) -> list[str]:
        """The lines saying whom the output is limited to (none: the whole agency, or the person's units)."""
        lines = [f"Đơn vị: {self.unit.name}"] if self.unit is not None else []
        if self.person is not None:
            lines.append(f"Cá nhân: {self.person.full_name or self.person.get_username()}")
        return lines

    @property
    def title(self) -> str:
        return " – ".join([OUTPUTS[self.output], f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}", *self.limited_to])


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _period(raw: Mapping[str, str], errors: Errors, today: datetime.date) -> tuple[Any, Any]:
    dates: dict[str, datetime.date | None] = {}
    last = today + datetime.timedelta(days=DAYS_AHEAD)
    for key in ("from_date", "to_date"):
        dates[key] = None
        if not raw[key]:
            _add(errors, key, _("Enter the first and the last day of the period."))
        elif (day := parse_date(raw[key])) is None:
            _add(errors, key, str(FORMAT_ERROR))
        elif not FIRST_DAY <= day <= last:
            limits = {"first": f"{FIRST_DAY:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"}
            _add(errors, key, _("Enter a date from %(first)s to %(last)s.") % limits)
        else:
            dates[key] = day
    start, end = dates["from_date"], dates["to_date"]
    if start and end and end < start:
        _add(errors, "to_date", _("The end date is before the start date."))
    elif start and end and (end - start).days > MAX_DAYS:
        _add(errors, "to_date", _("A period is at most five years: print it in parts."))
    return start, end


def _id(value: str) -> int | None:
    """An id as typed, or None when it cannot be one (not digits, or past a database id's range)."""
    return int(value) if value.isdigit() and len(value) <= 18 else None


def _unit(value: str, scope: Scope, errors: Errors) -> Unit | None:
    if not value:
        return None
    unit = Unit.objects.filter(pk=_id(value)).first() if _id(value) else None
    if unit is None:
        _add(errors, "unit", _("This unit is not one of the agency's."))
    elif not scope.covers_unit(unit.pk):
        _add(errors, "unit", _("You print the books and reports of the units you lead only."))
    return unit


def _person(value: str, scope: Scope, errors: Errors) -> Any:
    if not value:
        return None
    member = _id(value) and Membership.objects.filter(user_id=_id(value)).exists()
    person = User.objects.filter(pk=_id(value)).first() if member else None
    if person is None:
        _add(errors, "person", _("This person does not work in the agency."))
    elif not scope.covers_person(person.pk):
        _add(errors, "person", _("You print the books and reports of the people of the units you lead only."))
    return person


def parse_report_request(
    params: Mapping[str, Any], *, scope: Scope, today: datetime.date | None = None
) -> ReportRequest:
    """The request from ``params`` (``output``, ``format``, ``from_date``, ``to_date`` as dd/mm/yyyy or
    yyyy-mm-dd, ``unit`` and ``person`` ids, ``per``), within what ``scope`` lets the person print."""
    raw = {k: str(params.get(k) or "").strip() for k in ("output", "format", "from_date", "to_date", "unit")}
    raw |= {k: str(params.get(k) or "").strip() for k in ("person", "per")}
    errors: Errors = {}
    if raw["output"] not in OUTPUTS:
        _add(errors, "output", _("Choose the book or the report to print."))
    fmt = raw["format"].lower()
    if fmt not in exports.FORMATS:
        _add(errors, "format", _("Choose the format: xlsx or pdf."))
    start, end = _period(raw, errors, today or timezone.localdate())
    unit = _unit(raw["unit"], scope, errors)
    person = _person(raw["person"], scope, errors)
    per = raw["per"] or "unit"
    if per not in PER:
        _add(errors, "per", _("Choose one row per unit or one row per person."))
    if errors:
        raise ValidationError(errors)
    return ReportRequest(raw["output"], fmt, start, end, unit=unit, person=person, per=per)
