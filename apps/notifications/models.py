"""Notifications to people of the agency (tenant schema): what the bell in the header will list."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        URGENT_INCOMING = "urgent_incoming", _("Urgent incoming document")
        # Outgoing documents (apps.outgoing): a draft waits for the person's review, format check, approval or
        # issuing; a draft came back to its drafter; a document was issued to or recalled from the person.
        DRAFT_WAITING = "draft_waiting", _("Draft waiting for you")
        DRAFT_RETURNED = "draft_returned", _("Draft returned")
        OUTGOING_ISSUED = "outgoing_issued", _("Outgoing document issued")
        OUTGOING_RECALLED = "outgoing_recalled", _("Outgoing document recalled")
        # Work direction (apps.direction): a document waits for the person's direction; work assigned to them.
        DIRECTION_WAITING = "direction_waiting", _("Waiting for your direction")
        WORK_ASSIGNED = "work_assigned", _("Work assigned to you")
        WORK_DUE_SOON = "work_due_soon", _("Work due soon")
        WORK_OVERDUE = "work_overdue", _("Work overdue")
        # Intake (apps.documents.intake): a file the person uploaded, or one in the agency's quarantine.
        FILE_QUARANTINED = "file_quarantined", _("File quarantined")
        FILE_REFUSED = "file_refused", _("File refused")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    message = models.CharField(_("message"), max_length=600)
    # What the notification is about (app_label.model and id), so the bell can link to it.
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            # The work is done: every unread notification about an object is marked at once (mark_done_about).
            models.Index(
                fields=["object_type", "object_id"], condition=Q(read_at__isnull=True), name="notification_unread_about"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__regex=r"^(urgent_incoming|draft_waiting|draft_returned|outgoing_issued|outgoing_recalled"
                    r"|direction_waiting|work_assigned|work_due_soon|work_overdue|file_quarantined|file_refused)$"
                ),
                name="notification_kind_valid",
            ),
            # One notification per person, kind and object: a retried task must not notify twice.
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_type", "object_id"], name="notification_once_per_object"
            ),
        ]

    def __str__(self) -> str:
        return self.message
