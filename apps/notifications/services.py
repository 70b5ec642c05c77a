"""Making notifications and marking them read. Callers are services, tasks and the bell's views; a notification
is made once per person, kind and object."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from apps.people.access import Person

from .access import notifications_of
from .models import Notification


def notify(user_ids: Iterable[int], *, kind: str, message: str, about: models.Model | None = None) -> int:
    """Notify every person in ``user_ids``; returns how many new notifications were made."""
    object_type = about._meta.label_lower if about is not None else ""
    object_id = str(about.pk) if about is not None else ""
    rows = [
        Notification(recipient_id=uid, kind=kind, message=message[:600], object_type=object_type, object_id=object_id)
        for uid in dict.fromkeys(user_ids)
    ]
    if not rows:
        return 0
    before = Notification.objects.filter(kind=kind, object_type=object_type, object_id=object_id).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.filter(kind=kind, object_type=object_type, object_id=object_id).count() - before


def unread_for(user_id: int):
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)


def mark_read(notification: Notification, *, by: Person) -> Notification:
    """Mark one of the person's own notifications read (again: the first reading time is kept)."""
    if notification.recipient_id != by.user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, by: Person) -> int:
    """Mark every unread notification of the person read; returns how many there were."""
    return notifications_of(by).filter(read_at__isnull=True).update(read_at=timezone.now())
