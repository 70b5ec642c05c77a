"""Who sees the alerts of changes of rights: the agency's administrators. Views ask here."""

from django.db.models import QuerySet

from apps.people.access import Person, ensure_admin

from .models import RightsAlert


def pending_alerts_for(person: Person) -> QuerySet[RightsAlert]:
    """The alerts no administrator has confirmed yet, newest first; PermissionDenied for anyone but an
    administrator."""
    ensure_admin(person)
    return RightsAlert.objects.filter(confirmed_at__isnull=True).select_related("event").order_by("-event_id")


def pending_count(person: Person) -> int:
    """For the header badge and the home panel (the partial index rights_alert_pending serves it)."""
    return RightsAlert.objects.filter(confirmed_at__isnull=True).count() if person.is_admin else 0
