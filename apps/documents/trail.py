"""The audit trail of a document as people read it: who, when, what, with field names and values in words
(registers, units and people by name, dates as dd/mm/yyyy) instead of the ids the events store."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.audit.models import AuditEvent
from apps.audit.services import events_for
from apps.people.models import Unit
from apps.registers.models import DocumentType, Register, Secrecy, Urgency

from .models import IncomingDocument

ACTIONS = {
    "registered": pgettext_lazy("audit action", "Registered"),
    "updated": pgettext_lazy("audit action", "Changed"),
    "assigned": pgettext_lazy("audit action", "Assigned"),
    "recalled": pgettext_lazy("audit action", "Recalled"),
    "corrected": pgettext_lazy("audit action", "Corrected"),
    "cancelled": pgettext_lazy("audit action", "Registration cancelled"),
    # Recorded on the document by the handling of its direction (documents.handling and the app that directs).
    "submitted": pgettext_lazy("audit action", "Submitted to the leader"),
    "submission_withdrawn": pgettext_lazy("audit action", "Submission withdrawn"),
    "handling_changed": pgettext_lazy("audit action", "Handling status changed"),
    "transferred": pgettext_lazy("audit action", "Transferred to those assigned"),
}
EXTRA_LABELS = {
    "recipient_units": _("Recipient units"),
    "recipient_users": _("Recipient people"),
    "files": _("Files"),
    "reason": _("Reason"),
    "leader": _("Leader"),
    "note": _("Note for the leader"),
    "to": _("Transferred to"),
}
CHOICES = {"urgency": Urgency, "secrecy": Secrecy, "status": IncomingDocument.Status}


@dataclass
class TrailEntry:
    at: datetime.datetime
    actor: str
    action: str
    changes: list[tuple[str, str]] = field(default_factory=list)


def _label(key: str) -> str:
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    try:
        return str(IncomingDocument._meta.get_field(key.removesuffix("_id")).verbose_name).capitalize()
    except FieldDoesNotExist:
        return key


class _Names:
    """Names of what the events refer to by id, each table read once per page."""

    def __init__(self, document: IncomingDocument, events: list[AuditEvent]) -> None:
        def flat(value) -> list:
            return [x for item in value for x in flat(item)] if isinstance(value, list) else [value]

        def ids(key: str) -> set:
            return {i for event in events for i in flat(event.changes.get(key)) if i is not None}

        self.by_key = {
            "register_id": dict(Register.objects.filter(pk__in=ids("register_id")).values_list("pk", "name")),
            "document_type_id": {t.pk: str(t) for t in DocumentType.objects.filter(pk__in=ids("document_type_id"))},
            "recipient_units": dict(Unit.objects.filter(pk__in=ids("recipient_units")).values_list("pk", "name")),
            "recipient_users": dict(
                get_user_model().objects.filter(pk__in=ids("recipient_users")).values_list("pk", "full_name")
            ),
            "files": dict(document.files.values_list("file__sha256", "name")),
        }

    def show(self, key: str, value) -> str:
        if value in (None, "", []):
            return "—"
        if isinstance(value, list):
            return ", ".join(self.show(key, v) for v in value)
        if key in self.by_key:
            return str(self.by_key[key].get(value, value))
        return _plain(key, value)


def _plain(key: str, value: Any) -> str:
    """A value shown by its kind: a choice by its label, a date as dd/mm/yyyy, an arrival number with two digits."""
    if key in CHOICES:
        try:
            return str(CHOICES[key](value).label)
        except ValueError:
            return str(value)
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return _day_or_moment(value)
    if key == "arrival_number" and isinstance(value, int):
        return f"{value:02d}"
    return str(value)


def _day_or_moment(value: str) -> str:
    """An ISO date as dd/mm/yyyy, an ISO date and time as dd/mm/yyyy hh:mm in local time; anything else as it is."""
    try:
        if len(value) == 10:
            return date_format(datetime.date.fromisoformat(value), "d/m/Y")
        return date_format(timezone.localtime(datetime.datetime.fromisoformat(value)), "d/m/Y H:i")
    except ValueError:
        return value


def trail_for(document: IncomingDocument) -> list[TrailEntry]:
    """Every event of the document, oldest first. A registration lists the values it recorded; a change lists
    ``old → new`` for each field that changed."""
    events = list(events_for(document).order_by("at", "id"))
    names = _Names(document, events)
    entries = []
    for event in events:
        changes = []
        for key, value in event.changes.items():
            if event.action != "registered" and isinstance(value, list) and len(value) == 2:
                shown = f"{names.show(key, value[0])} → {names.show(key, value[1])}"
            else:
                shown = names.show(key, value)
            changes.append((_label(key), shown))
        action = str(ACTIONS.get(event.action, event.action))
        actor = event.actor_name or str(_("the system"))
        entries.append(TrailEntry(at=event.at, actor=actor, action=action, changes=changes))
    return entries
