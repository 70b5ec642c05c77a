"""The province's exceptions to the working-day calendar and their audit trail (public schema).

The government announces the year's schedule (days off swapped, make-up working Saturdays, extra Tết days) once
for the whole country; the province administrator enters it once here and every agency inherits it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.workdays.models import DayException, DayKind


class ProvinceDayException(DayException):
    """An exception for every agency of the province (overridden by an agency's own for the same date)."""

    class Meta(DayException.Meta):
        verbose_name = _("province calendar exception")
        verbose_name_plural = _("province calendar exceptions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DayKind.values), name="workdays_province_kind_valid"),
            models.CheckConstraint(condition=~Q(reason=""), name="workdays_province_reason_not_empty"),
        ]


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a calendar event."""


class CalendarEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("calendar events are append-only")

    def delete(self):
        raise AppendOnlyError("calendar events are append-only")


class ProvinceCalendarEvent(models.Model):
    """The province's audit trail of its calendar: who added or removed which exception, when. Append-only, in
    Python and in the database (a trigger, migration 0001), as the console's account events are."""

    class Action(models.TextChoices):
        ADDED = "added", _("Exception added")
        REMOVED = "removed", _("Exception removed")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Names at the time: names change, the trail must not.
    actor_name = models.CharField(_("done by (name)"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    reason = models.CharField(_("reason"), max_length=DayException.REASON_MAX_LENGTH)

    objects = CalendarEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("province calendar event")
        verbose_name_plural = _("province calendar events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("calendar events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("calendar events are append-only")
