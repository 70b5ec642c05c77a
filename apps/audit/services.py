"""Recording the audit trail. Every service that changes state calls ``record_event`` inside its own
transaction, so the event exists exactly when the change does (Decree 30, Appendix VI §III.5: keep the
handling trail; §III.6: log access and use)."""

import datetime
import decimal
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.events import CalendarChange, RightsChange
from apps.people.access import Person, SystemActor, agency_admins

from .models import AuditEvent, RightsAlert


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of ``value`` (dates as ISO strings, model instances as their pk)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _actor(by: Any) -> tuple[int | None, str]:
    """(user id, name) of a Person, a user, or None for the system."""
    user = getattr(by, "user", by)
    if user is None or not getattr(user, "pk", None):
        return None, ""
    name = getattr(user, "full_name", "") or getattr(user, "username", "") or str(user)
    return user.pk, name[:150]


def record_event(obj: models.Model, action: str, *, by: Any, changes: Mapping[str, Any] | None = None) -> AuditEvent:
    """Append one event for ``obj``. ``by`` is a Person, a user or None (the system); ``changes`` maps field
    names to new values (or to ``[old, new]`` pairs for updates)."""
    event = new_event(obj, action, by=by, changes=changes)
    event.save()
    return event


def new_event(obj: models.Model, action: str, *, by: Any, changes: Mapping[str, Any] | None = None) -> AuditEvent:
    """The event ``record_event`` appends, not saved yet: for a service that writes it in the same statement as
    the change (``registers.numbering.insert_numbered``); ``obj`` may be unsaved then."""
    actor_id, actor_name = _actor(by)
    return AuditEvent(
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk) if obj.pk is not None else "",
        changes=_plain(dict(changes or {})),
    )


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as ``{field: [old, new]}``."""
    return {k: [_plain(before.get(k)), _plain(v)] for k, v in after.items() if _plain(before.get(k)) != _plain(v)}


def events_for(obj: models.Model):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


# ---- changes of rights (Decree 30, Appendix VI: the administrators are told of every change of rights) ---------


def record_rights_change(
    obj: models.Model, action: str, *, by: Any, changes: Mapping[str, Any] | None = None, label: str = ""
) -> AuditEvent:
    """Append the event of a change of rights and raise its alert for the agency's administrators, in the
    caller's transaction. Registers (secrecy clearances) call it directly; people's services reach it through
    ``core.events.rights_changed`` (``on_rights_changed``)."""
    event = record_event(obj, action, by=by, changes=changes)
    RightsAlert.objects.create(event=event, label=(label or str(obj))[:255])
    return event


def on_rights_changed(sender: type, *, change: RightsChange, **kwargs: Any) -> None:
    """Subscriber of ``core.events.rights_changed`` (connected in AuditConfig.ready): before → after of every
    field that changed, creations included (from nothing). A change made by the system's set-up (``SYSTEM``:
    provisioning an agency's first administrator, the demo loader) is in the trail like any other, but raises no
    alert: the alert asks another administrator to look at what a person changed, and nobody made this one (the
    province's own trail records who provisioned the agency)."""
    changes = diff(change.before, change.after)
    if isinstance(change.by, SystemActor):
        record_event(change.target, change.action, by=change.by, changes=changes)
    else:
        record_rights_change(change.target, change.action, by=change.by, changes=changes, label=change.label)


def on_calendar_changed(sender: type, *, change: CalendarChange, **kwargs: Any) -> None:
    """Subscriber of ``core.events.calendar_changed`` (connected in AuditConfig.ready): an agency calendar's
    exception added or removed, with its date, kind and reason."""
    record_event(change.target, change.action, by=change.by, changes=change.changes)


def confirm_setup_alerts() -> int:
    """Confirm, as the set-up, the pending alerts of changes the system made before such changes stopped raising
    any (``on_rights_changed``): the demo loader calls it so that a demo loaded earlier does not greet its
    administrators with a dozen alerts about its own set-up. Each confirmation is an audit event by the system."""
    with transaction.atomic():
        pending = RightsAlert.objects.select_for_update(of=("self",)).select_related("event")
        alerts = list(pending.filter(confirmed_at__isnull=True, event__actor_id__isnull=True).order_by("pk"))
        now = timezone.now()
        for alert in alerts:
            alert.confirmed_at, alert.confirmed_by_name = now, _("System (set-up)")
        RightsAlert.objects.bulk_update(alerts, ["confirmed_at", "confirmed_by_name"])
        AuditEvent.objects.bulk_create(
            new_event(alert, "confirmed", by=None, changes={"event": alert.event_id, "label": alert.label})
            for alert in alerts
        )
    return len(alerts)


def other_admins_exist(person: Person) -> bool:
    """Whether an active administrator other than ``person`` could confirm ``person``'s own changes."""
    return agency_admins().exclude(user_id=person.user.pk).exists()


def confirm_alerts(alert_ids: list[int] | None, *, by: Person) -> int:
    """Confirm the pending alerts ``alert_ids`` (None: every pending alert ``by`` may confirm) and return how many
    were confirmed. Only administrators confirm, and not a change of their own while another administrator could
    look at it: the alert exists so that someone else sees it. Each confirmation is an audit event."""
    if not by.is_admin:
        raise PermissionDenied(_("Only the agency administrator may confirm changes of rights."))
    now = timezone.now()
    with transaction.atomic():
        pending = RightsAlert.objects.select_for_update(of=("self",)).select_related("event")
        pending = pending.filter(confirmed_at__isnull=True).order_by("pk")
        if alert_ids is not None:
            pending = pending.filter(pk__in=alert_ids)
        alerts = list(pending)
        if other_admins_exist(by):
            alerts = [alert for alert in alerts if alert.event.actor_id != by.user.pk]
        for alert in alerts:
            alert.confirmed_at, alert.confirmed_by_id = now, by.user.pk
            alert.confirmed_by_name = _actor(by)[1]
        RightsAlert.objects.bulk_update(alerts, ["confirmed_at", "confirmed_by_id", "confirmed_by_name"])
        AuditEvent.objects.bulk_create(
            new_event(alert, "confirmed", by=by, changes={"event": alert.event_id, "label": alert.label})
            for alert in alerts
        )
    return len(alerts)
