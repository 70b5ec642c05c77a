"""The agency's audit trail (tenant schema): one append-only row per state change.

Decree 30 Appendix VI §III.5 asks the system to keep the whole handling trail and the access history.
Rows are never changed or deleted. The database itself refuses it: a statement trigger on the table
(``audit_append_only``, migration 0002) raises on UPDATE, DELETE and TRUNCATE, whoever sends them; the
template clone copies the trigger and its function into every new agency (tenants/cloning.py). In Python, the
model refuses ``save()`` on an existing row and ``delete()``, and its queryset ``update()`` and ``delete()``,
so the mistake is caught before it reaches the database.

A change of rights (people, memberships, roles, positions, units, secrecy clearances) also raises a
``RightsAlert`` that the agency's administrators see until one of them confirms it (Appendix VI: the
administrators are told of every change of rights); the confirmation is itself an audit event."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenants.base_models import AppendOnlyError, AuditRecord

__all__ = ["AppendOnlyError", "AuditEvent", "RightsAlert"]


class AuditEvent(AuditRecord):
    """Who did what to which object, when, with the values that changed."""

    object_type = models.CharField(_("object type"), max_length=100, help_text=_("app_label.model"))
    object_id = models.CharField(_("object id"), max_length=64)

    class Meta(AuditRecord.Meta):
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        constraints = [
            AuditRecord.action_check("audit_action_not_empty"),
            models.CheckConstraint(condition=~Q(object_type=""), name="audit_object_type_not_empty"),
        ]

    def __str__(self) -> str:
        return self.as_line(f"{self.object_type}#{self.object_id}")


class RightsAlert(models.Model):
    """A change of rights the agency's administrators have not confirmed yet. The event it points at says who
    changed what, when, before → after; this row only records the confirmation (whose own audit event is
    ``confirmed`` on the alert)."""

    event = models.OneToOneField(
        AuditEvent, verbose_name=_("audit event"), on_delete=models.PROTECT, related_name="rights_alert"
    )
    label = models.CharField(
        _("what changed"), max_length=255, help_text=_("Whose rights, or what, as named at the time.")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by_id = models.BigIntegerField(_("confirmed by (id)"), null=True, blank=True)
    confirmed_by_name = models.CharField(_("confirmed by"), max_length=150, blank=True)

    class Meta:
        ordering = ["-event_id"]
        verbose_name = _("rights change alert")
        verbose_name_plural = _("rights change alerts")
        indexes = [models.Index(fields=["event"], condition=Q(confirmed_at__isnull=True), name="rights_alert_pending")]

    def __str__(self) -> str:
        return f"{self.event} ({self.label})"
