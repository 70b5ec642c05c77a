"""Whose notifications are whose: a person sees only their own. Views ask here."""

from django.db.models import QuerySet
from django.http import Http404

from apps.people.access import Person

from .models import Notification


def notifications_of(person: Person) -> QuerySet[Notification]:
    """The person's notifications in this agency, newest first (none for someone who is not a member)."""
    if not person.memberships:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=person.user.pk).order_by("-created_at", "-id")


def get_notification_for(person: Person, pk: int) -> Notification:
    """One of the person's own notifications; Http404 for anyone else's (its existence is not revealed)."""
    try:
        return notifications_of(person).get(pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc


def unread_count(person: Person) -> int:
    """For the bell (one indexed query: notification_unread on recipient and read_at)."""
    return notifications_of(person).filter(read_at__isnull=True).count() if person.memberships else 0
