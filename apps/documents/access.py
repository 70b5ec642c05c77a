"""Who may see which incoming document. Views, the API and the services ask here and nowhere else.

- clerks see every document of the agency's registers, and leaders every document of the agency, except
  secret ones above their clearance;
- specialists (and anyone else) see what is sent to one of their units or to them personally, secret ones only
  within their clearance;
- a secret document is always visible to the people it is sent to personally (they are assigned to it)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from apps.people.access import Person
from apps.people.models import Role
from apps.registers.access import clearance_of
from apps.registers.models import Secrecy

from .models import IncomingDocument, IncomingRecipient


def incoming_visible_to(person: Person, *, clearance: str | None = None) -> QuerySet[IncomingDocument]:
    """``clearance`` saves a query when the caller already knows it (registers.access.clearance_of)."""
    if not person.memberships:
        return IncomingDocument.objects.none()
    user_id = person.user.pk
    to_me = Exists(IncomingRecipient.objects.filter(document=OuterRef("pk"), user_id=user_id))
    if person.has_role(Role.CLERK) or person.has_role(Role.LEADER):
        by_role = Q()
    else:
        unit_ids = sorted({m.unit_id for m in person.memberships})
        to_my_unit = Exists(IncomingRecipient.objects.filter(document=OuterRef("pk"), unit_id__in=unit_ids))
        by_role = Q(to_my_unit) | Q(to_me)
    clearance = clearance_of(person) if clearance is None else clearance
    within_clearance = Q(secrecy__in=Secrecy.up_to(clearance))
    return IncomingDocument.objects.filter((by_role & within_clearance) | Q(to_me))


def get_incoming_for(person: Person, pk: int) -> IncomingDocument:
    """The document if the person may see it; Http404 otherwise (not 403: its existence is not revealed)."""
    try:
        return incoming_visible_to(person).select_related("register", "document_type").get(pk=pk)
    except (IncomingDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can_see_incoming(person: Person, document: IncomingDocument) -> bool:
    return incoming_visible_to(person).filter(pk=document.pk).exists()
