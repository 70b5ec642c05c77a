"""Every change of the working calendar: the province's exceptions (the government's yearly schedule, by the
province administrator, audited in the public schema) and an agency's own (by its administrator, audited in the
agency's trail through ``core.events.calendar_changed``). Each service checks permission, owns its transaction,
writes the audit event and, once the change is committed, bumps the level's version so that every calendar reads
it (``cache``).

The Labour Code (Bộ luật Lao động 2019, Art. 111–112) sets the days off; the government announces each year how
they fall (swaps, make-up working Saturdays); an agency may add its own (a day off for an event, a make-up day)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.core.events import calendar_changed
from apps.core.text import has_control_characters, strip_invisible
from apps.people.access import Person

from . import cache
from .library import MAX_YEAR, MIN_YEAR
from .models import AgencyDayException, DayException, DayKind
from .public.models import ProvinceCalendarEvent, ProvinceDayException


@dataclass(frozen=True)
class ExceptionEntry:
    """What an administrator enters: a date, whether it is a day off or a working day, and why."""

    date: datetime.date
    kind: str
    reason: str


def editable_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The dates an exception may be entered for: from 1 January of last year (a late correction) to 31 December
    of the year after next (the government announces next year's schedule in the autumn)."""
    year = (today or timezone.localdate()).year
    first, last = max(year - 1, MIN_YEAR), min(year + 2, MAX_YEAR)
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


def clean_entry(entry: ExceptionEntry) -> ExceptionEntry:
    """``entry`` with its reason tidied, or a ValidationError naming each field at fault."""
    errors: dict[str, str] = {}
    first, last = editable_range()
    if not isinstance(entry.date, datetime.date) or not first <= entry.date <= last:
        errors["date"] = _("Choose a date from %(first)s to %(last)s.") % {
            "first": formats.date_format(first, "SHORT_DATE_FORMAT"),
            "last": formats.date_format(last, "SHORT_DATE_FORMAT"),
        }
    if entry.kind not in DayKind.values:
        errors["kind"] = _("Choose a day off or a working day.")
    reason = strip_invisible((entry.reason or "").strip())
    if has_control_characters(reason):
        errors["reason"] = _("Remove the control characters (such as line breaks) from the reason.")
    elif not reason:
        errors["reason"] = _("Say why, e.g. the government's decision on the Tết holiday.")
    elif len(reason) > DayException.REASON_MAX_LENGTH:
        errors["reason"] = _("Keep the reason under %(max)d characters.") % {"max": DayException.REASON_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    return ExceptionEntry(entry.date, entry.kind, reason)


def _create(model: type[DayException], entry: ExceptionEntry, user) -> DayException:
    """The exception row, or a ValidationError when the level already has one on that date (checked first, and
    by the unique constraint when two administrators add the same date at once)."""
    duplicate = ValidationError(
        {"date": _("There is already an exception on %(date)s; remove it first to change it.") % _fmt(entry.date)}
    )
    if model.objects.filter(date=entry.date).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return model.objects.create(date=entry.date, kind=entry.kind, reason=entry.reason, created_by=user)
    except IntegrityError as exc:
        raise duplicate from exc


def _fmt(day: datetime.date) -> dict[str, str]:
    return {"date": formats.date_format(day, "SHORT_DATE_FORMAT")}


def _changes(row: DayException) -> dict[str, str]:
    return {"date": row.date.isoformat(), "kind": row.kind, "reason": row.reason}


# ---- the agency's own exceptions ----------------------------------------------------------------------------------


def ensure_may_manage_agency_calendar(person: Person) -> None:
    if not person.is_admin:
        raise PermissionDenied(_("Only the agency administrator may change the agency's working calendar."))


def _announce(action: str, row: AgencyDayException, by: Person) -> None:
    """The agency's audit event, in this transaction; the new version of its calendars once committed."""
    calendar_changed.send(sender=AgencyDayException, action=action, target=row, by=by, changes=_changes(row))
    schema = connection.schema_name
    transaction.on_commit(lambda: cache.bump(schema))


def _delete(model: type[DayException], row: DayException) -> None:
    """Delete ``row``, or a ValidationError when someone else removed it meanwhile (nothing to audit then)."""
    deleted, _rows = model.objects.filter(pk=row.pk).delete()
    if not deleted:
        raise ValidationError(_("This exception was already removed."))


def add_agency_exception(entry: ExceptionEntry, *, by: Person) -> AgencyDayException:
    """A day off or a working day for this agency only, overriding the province's schedule and the holidays."""
    ensure_may_manage_agency_calendar(by)
    entry = clean_entry(entry)
    with transaction.atomic():
        row = _create(AgencyDayException, entry, by.user)
        _announce("added", row, by)
    return row


def remove_agency_exception(row: AgencyDayException, *, by: Person) -> None:
    """The date goes back to what the province's schedule and the holidays say."""
    ensure_may_manage_agency_calendar(by)
    with transaction.atomic():
        _delete(AgencyDayException, row)
        _announce("removed", row, by)


# ---- the province's exceptions (public schema) --------------------------------------------------------------------


def ensure_may_manage_province_calendar(by) -> None:
    """Province administrators (is_staff on the province host); ``None`` is the command line (the demo loader)."""
    if by is not None and not (by.is_active and by.is_staff):
        raise PermissionDenied(_("Only the province administrator may change the province's working calendar."))


def _record(action: str, row: ProvinceDayException, by) -> None:
    """The province's audit event, in this transaction; every agency's calendars renewed once committed."""
    ProvinceCalendarEvent.objects.create(
        actor=by,
        actor_name=(by.get_full_name() or by.username) if by is not None else _("command line"),
        action=action,
        date=row.date,
        kind=row.kind,
        reason=row.reason,
    )
    transaction.on_commit(lambda: cache.bump(cache.PROVINCE))


def add_province_exception(entry: ExceptionEntry, *, by) -> ProvinceDayException:
    """A day of the government's yearly schedule, for every agency of the province (an agency's own exception on
    the same date still wins there)."""
    ensure_may_manage_province_calendar(by)
    entry = clean_entry(entry)
    with transaction.atomic():
        row = _create(ProvinceDayException, entry, by)
        _record(ProvinceCalendarEvent.Action.ADDED, row, by)
    return row


def remove_province_exception(row: ProvinceDayException, *, by) -> None:
    ensure_may_manage_province_calendar(by)
    with transaction.atomic():
        _delete(ProvinceDayException, row)
        _record(ProvinceCalendarEvent.Action.REMOVED, row, by)
