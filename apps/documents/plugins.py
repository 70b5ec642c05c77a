"""What the documents app adds to the shell: its menu entry and sections of the clerk's and the leader's home; where
the bell's notifications about an incoming document lead; the incoming register's printed rows; its incoming
documents in the full-text index (``INCOMING_FULLTEXT``)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.registry import NavItem, figure, register_home_section, register_menu
from apps.people.access import Person
from apps.people.models import Role

from .access import incoming_visible_to
from .fulltext import Source
from .models import IncomingAttachment, IncomingDocument, PendingRegistration

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
    scans = PendingRegistration.objects.filter(document__isnull=True, dismissed_at__isnull=True)
    return {"registered_today": _capped_count(mine), "today": today, "scans_waiting": _capped_count(scans)}


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


def register() -> None:
    from apps.notifications.links import register_link
    from apps.registers.exports import register_row_source
    from apps.registers.models import Register

    from .file_views import quarantine_menu
    from .fulltext import register_source
    from .register_rows import INCOMING_ROWS

    register_menu(documents_menu)
    register_menu(quarantine_menu)
    register_home_section(Role.CLERK, "documents/home_clerk.html", clerk_section)
    register_home_section(Role.LEADER, "documents/home_leader.html", leader_section)
    register_link("documents.incomingdocument", lambda pk: reverse("documents:incoming-detail", args=[pk]))
    register_row_source(Register.Kind.INCOMING, INCOMING_ROWS)
    register_source(INCOMING_FULLTEXT)
