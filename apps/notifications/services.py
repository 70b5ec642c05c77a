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
    return notify_each(kind, [(user_ids, message, about)])


def notify_each(kind: str, items: Iterable[tuple[Iterable[int], str, models.Model | None]]) -> int:
    """Notifications of one kind, each item (people, message, object) about its own object, in one statement (a
    reminder run's hundreds at once); returns how many new ones were made, duplicates skipped as ``notify`` does."""
    rows, about = [], {}
    for user_ids, message, obj in items:
        object_type = obj._meta.label_lower if obj is not None else ""
        object_id = str(obj.pk) if obj is not None else ""
        about.setdefault(object_type, set()).add(object_id)
        rows += [
            Notification(recipient_id=u, kind=kind, message=message[:600], object_type=object_type, object_id=object_id)
            for u in dict.fromkeys(user_ids)
        ]
    if not rows:
        return 0
    concerned = models.Q()
    for object_type, object_ids in about.items():
        concerned |= models.Q(object_type=object_type, object_id__in=sorted(object_ids))
    # New rows are unread and rows already there do not change: counting the unread ones before and after gives the
    # new ones, through the partial index of unread notifications by object (notification_unread_about).
    made = Notification.objects.filter(concerned, kind=kind, read_at__isnull=True)
    before = made.count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return made.count() - before


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


def mark_done_about(
    object_type: str, object_ids: Iterable[object], *, user_id: int | None = None, kinds: Iterable[str] = ()
) -> int:
    """Mark done (read) the unread notifications about these objects — the work they announce is done, or the person
    has opened what they are about, from whatever page: ``user_id`` limits it to one person's, ``kinds`` to some
    kinds. Returns how many there were. Served by notification_about (object_type, object_id)."""
    ids = [str(i) for i in object_ids]
    if not ids:
        return 0
    unread = Notification.objects.filter(object_type=object_type, object_id__in=ids, read_at__isnull=True)
    if user_id is not None:
        unread = unread.filter(recipient_id=user_id)
    kinds = list(kinds)
    if kinds:
        unread = unread.filter(kind__in=kinds)
    return unread.update(read_at=timezone.now())


def mark_seen(obj: models.Model, *, by: Person) -> int:
    """The person opened the page of ``obj``: their notifications about it are done."""
    if not by.memberships:
        return 0
    return mark_done_about(obj._meta.label_lower, [obj.pk], user_id=by.user.pk)
