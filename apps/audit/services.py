"""Recording the audit trail. Every service that changes state calls ``record_event`` inside its own
transaction, so the event exists exactly when the change does (Decree 30, Appendix VI §III.5: keep the
handling trail; §III.6: log access and use)."""

import datetime
import decimal
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import models

from .models import AuditEvent


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
