"""What the documents app adds to the shell (its menu entry, sections of the clerk's and the leader's home) and to
the full-text index (its incoming documents: ``INCOMING_FULLTEXT``)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.registry import NavItem, figure
from apps.people.access import Person
from apps.people.models import Role

from .access import incoming_visible_to
from .fulltext import Source
from .models import IncomingAttachment, IncomingDocument

READERS = (Role.CLERK, Role.LEADER, Role.SPECIALIST)
# Home counts stop here ("99+"): the home page must stay fast in an agency with a million documents.
HOME_CAP = 99


def documents_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    if any(person.has_role(role) for role in READERS):
        return [NavItem(reverse("documents:incoming-list"), _("Incoming documents"), "inbox")]
    return []


def _capped_count(queryset) -> str:
    count = queryset.order_by()[: HOME_CAP + 1].count()
    return f"{HOME_CAP}+" if count > HOME_CAP else str(count)


def clerk_section(person: Person) -> dict:
    """Today's registrations (arrival date today, served by the arrival index)."""
    today = timezone.localdate()
    mine = incoming_visible_to(person).filter(arrival_date=today)
    return {"registered_today": _capped_count(mine), "today": today}


def leader_section(person: Person) -> dict:
    """Documents waiting for the leader's direction, urgent ones counted apart: the figure and its list from the app
    that handles directions when one gives it (``incoming.waiting_for_direction``), else the documents still
    registered (not cancelled), from the list filtered by that status."""
    given = figure("incoming.waiting_for_direction", person)
    if given is not None:
        return {"waiting": _capped(given.count), "urgent": _capped(given.urgent), "url": given.url}
    waiting = incoming_visible_to(person).filter(status=IncomingDocument.Status.REGISTERED, cancelled_at__isnull=True)
    url = f"{reverse('documents:incoming-list')}?status={IncomingDocument.Status.REGISTERED.value}"
    return {"waiting": _capped_count(waiting), "urgent": _capped_count(waiting.exclude(urgency="none")), "url": url}


def _capped(count: int) -> str:
    return f"{HOME_CAP}+" if count > HOME_CAP else str(count)


def _incoming_fields(document: IncomingDocument) -> list[str]:
    """What the full-text index holds of an incoming document besides its files: number and notation as written,
    subject, issuer, signer, notes."""
    number, notation = document.number, document.notation
    written = f"{number:02d}/{notation}" if number and notation else str(number or notation or "")
    return [written, document.subject, document.issuer_name, document.signer, document.description]


def _incoming_files(document: IncomingDocument) -> list[int]:
    return list(IncomingAttachment.objects.filter(document=document).values_list("file_id", flat=True))


INCOMING_FULLTEXT = Source(
    model=IncomingDocument,
    fields=_incoming_fields,
    file_ids=_incoming_files,
    holding=lambda file_ids: IncomingAttachment.objects.filter(file_id__in=file_ids).values("document_id"),
)
