"""The province's exceptions to the working-day calendar and their audit trail (public schema).

The government announces the year's schedule (days off swapped, make-up working Saturdays, extra Tết days) once
for the whole country; the province administrator enters it once here and every agency inherits it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.workdays.models import DayException, exception_constraints
from tenants.base_models import AuditRecord


class ProvinceDayException(DayException):
    """An exception for every agency of the province (overridden by an agency's own for the same date)."""

    class Meta(DayException.Meta):
        verbose_name = _("province calendar exception")
        verbose_name_plural = _("province calendar exceptions")
        constraints = exception_constraints("province")


class ProvinceCalendarEvent(AuditRecord):
    """The province's audit trail of its calendar: who added or removed which exception (``changes``: date, kind,
    reason), when. Append-only like every trail (``tenants.base_models.AuditRecord``), and in the database by a
    trigger (migration 0001), as the console's agency events are."""

    ADDED, REMOVED = "added", "removed"

    date = models.DateField(_("date"), db_index=True)

    class Meta(AuditRecord.Meta):
        verbose_name = _("province calendar event")
        verbose_name_plural = _("province calendar events")
        constraints = [AuditRecord.action_check("workdays_province_event_action_not_empty")]

    def __str__(self) -> str:
        return self.as_line(f"{self.date:%d/%m/%Y}")
