"""The agency's own exceptions to the working-day calendar (tenant schema).

A working day is Monday to Friday, minus Vietnam's public holidays (the ``holidays`` library: the Labour Code's
days, the lunar ones included, and the swaps it knows), then corrected by two levels of exceptions: the
province's (``apps.workdays.public``: the government's yearly schedule, entered once for every agency) and, above
it, the agency's own (this table: an extra day off, a make-up working day). ``apps.workdays.calendar`` combines
them; docs/workdays.md states the rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    OFF = "off", _("Day off")
    WORKING = "working", _("Working day")


class DayException(models.Model):
    """One date whose kind differs from what the levels below say, with the reason people read."""

    REASON_MAX_LENGTH = 200

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.reason}"

    @property
    def is_working(self) -> bool:
        return self.kind == DayKind.WORKING


class AgencyDayException(DayException):
    """An exception the agency's administrator made for this agency only (it overrides the province's)."""

    class Meta(DayException.Meta):
        verbose_name = _("agency calendar exception")
        verbose_name_plural = _("agency calendar exceptions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DayKind.values), name="workdays_agency_kind_valid"),
            models.CheckConstraint(condition=~Q(reason=""), name="workdays_agency_reason_not_empty"),
        ]
