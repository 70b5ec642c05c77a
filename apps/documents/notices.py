"""Who hears of a registered document, and what they are told (the notify queue's work, called by tasks.py)."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.people.access import agency_leaders, heads_of_units
from apps.people.models import Membership, Role
from apps.registers.models import Secrecy, SecrecyClearance, Urgency

from .models import IncomingDocument

URGENCY_WORDS = {
    Urgency.URGENT: "Khẩn",
    Urgency.VERY_URGENT: "Thượng khẩn",
    Urgency.FLASH: "Hỏa tốc",
}


def urgent_readers(document: IncomingDocument) -> set[int]:
    """Who hears of an urgent document at once: the agency's leaders (people.access.agency_leaders), the leaders of
    the units it is sent to and the leaders it is sent to personally — not every leader of the agency. A secret one
    only reaches those cleared for it, or sent it personally."""
    named = set(document.recipient_user_ids)
    leaders = (
        agency_leaders()
        .values_list("user_id", flat=True)
        .union(heads_of_units(document.recipient_unit_ids).values_list("user_id", flat=True))
    )
    leader_ids = set(leaders)
    if named:
        leader_ids |= set(
            Membership.objects.filter(user_id__in=named, is_active=True, roles__contains=[Role.LEADER]).values_list(
                "user_id", flat=True
            )
        )
    if document.secrecy == Secrecy.NONE:
        return leader_ids
    cleared = set(
        SecrecyClearance.objects.filter(
            user_id__in=leader_ids, level__in=Secrecy.values[Secrecy.rank(document.secrecy) :]
        ).values_list("user_id", flat=True)
    )
    return cleared | (leader_ids & named)


def notify_urgent_incoming(document: IncomingDocument) -> int:
    """Tell the leaders concerned about an urgent incoming document at once (Đ4.2c: urgent documents are
    registered, submitted and handed over immediately): ``urgent_readers``. Nothing for a cancelled registration.
    Returns how many notifications were made; running it again makes none."""
    if document.is_cancelled:
        return 0
    with override(settings.LANGUAGE_CODE):
        message = _("%(urgency)s: incoming document no. %(arrival)s from %(issuer)s — %(subject)s") % {
            "urgency": URGENCY_WORDS.get(document.urgency, document.urgency),
            "arrival": document.arrival_number_display,
            "issuer": document.issuer_name,
            "subject": document.subject,
        }
    readers = sorted(urgent_readers(document))
    return notify(readers, kind=Notification.Kind.URGENT_INCOMING, message=message, about=document)
