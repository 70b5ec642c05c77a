"""Who may see which incoming document. Views, the API and the services ask here and nowhere else.

- clerks see every document of the agency's registers, and leaders every document of the agency, except
  secret ones above their clearance;
- specialists (and anyone else) see what is sent to one of their units or to them personally, secret ones only
  within their clearance;
- a secret document is always visible to the people it is sent to personally (they are assigned to it)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from apps.people.access import Person
from apps.people.models import Role
from apps.registers.access import clearance_of, is_cleared_for
from apps.registers.models import Secrecy

from .models import IncomingDocument


def incoming_visible_to(person: Person, *, clearance: str | None = None) -> QuerySet[IncomingDocument]:
    """``clearance`` saves a query when the caller already knows it (registers.access.clearance_of).

    Who a document is sent to is read from its own copies of the recipients (``recipient_unit_ids``,
    ``recipient_user_ids``, GIN-indexed), so that PostgreSQL combines "sent to my units" with the search box and the
    filters in one bitmap instead of testing every match against the recipients table."""
    if not person.memberships:
        return IncomingDocument.objects.none()
    clearance = clearance_of(person) if clearance is None else clearance
    within_clearance = Q(secrecy__in=Secrecy.up_to(clearance))
    sent_to_me = Q(recipient_user_ids__contains=[person.user.pk])
    if person.has_role(Role.CLERK) or person.has_role(Role.LEADER):
        return IncomingDocument.objects.filter(within_clearance | sent_to_me)
    # What is sent to one of my units or to me, and of that, what my clearance covers or is sent to me personally.
    sent_to_my_units = Q(recipient_unit_ids__overlap=sorted({m.unit_id for m in person.memberships}))
    return IncomingDocument.objects.filter(sent_to_my_units | sent_to_me, within_clearance | sent_to_me)


def get_incoming_for(person: Person, pk: int) -> IncomingDocument:
    """The document if the person may see it; Http404 otherwise (not 403: its existence is not revealed)."""
    try:
        return incoming_visible_to(person).select_related("register", "document_type").get(pk=pk)
    except (IncomingDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can_see_incoming(person: Person, document: IncomingDocument) -> bool:
    """Whether the person may read the document (the same rule as the lists), for a check on one document."""
    return incoming_visible_to(person).filter(pk=document.pk).exists()


def may_correct(person: Person, document: IncomingDocument, *, clearance: str | None = None) -> bool:
    """Who corrects or cancels a registration: a clerk (văn thư, who keeps the registers, Đ22) cleared for the
    document's secrecy level, while it is not cancelled (Appendix VI: add and edit metadata)."""
    return (
        person.has_role(Role.CLERK)
        and not document.is_cancelled
        and is_cleared_for(person, document.secrecy, clearance=clearance)
    )


def ensure_may_correct(person: Person, document: IncomingDocument) -> None:
    if document.is_cancelled:
        raise PermissionDenied(_("This registration was cancelled: it can no longer be changed."))
    if not may_correct(person, document):
        raise PermissionDenied(_("Only a clerk (văn thư) cleared for its secrecy level corrects a registration."))
