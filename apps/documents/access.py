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
    clearance = clearance_of(person) if clearance is None else clearance
    within_clearance = Q(secrecy__in=Secrecy.up_to(clearance))
    sent_to_me = IncomingRecipient.objects.filter(user_id=user_id).values("document_id")
    if person.has_role(Role.CLERK) or person.has_role(Role.LEADER):
        return IncomingDocument.objects.filter(within_clearance | Q(Exists(sent_to_me.filter(document=OuterRef("pk")))))
    # What is sent to one of my units or to me, and of that, what my clearance covers or is sent to me personally.
    # Written as "pk IN (recipients) AND (...)" so that PostgreSQL joins from the recipients (a few thousand rows
    # for a unit) instead of testing every document of the agency against them.
    unit_ids = sorted({m.unit_id for m in person.memberships})
    sent_to_us = IncomingRecipient.objects.filter(Q(unit_id__in=unit_ids) | Q(user_id=user_id)).values("document_id")
    return IncomingDocument.objects.filter(Q(pk__in=sent_to_us), within_clearance | Q(pk__in=sent_to_me))


def get_incoming_for(person: Person, pk: int) -> IncomingDocument:
    """The document if the person may see it; Http404 otherwise (not 403: its existence is not revealed)."""
    try:
        return incoming_visible_to(person).select_related("register", "document_type").get(pk=pk)
    except (IncomingDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can_see_incoming(person: Person, document: IncomingDocument) -> bool:
    return incoming_visible_to(person).filter(pk=document.pk).exists()
