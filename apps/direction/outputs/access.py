"""Who may print which output of work direction (the pages, the API and the export jobs ask here).

- The Phiếu giải quyết văn bản đến of a document: whoever may read the document and its handling — the agency's
  leaders and clerks, the leader who directed it, the assignees — and, for a secret document, only those cleared
  for its level (a person a secret document was sent to personally reads the document, not its slip, without a
  clearance). Before any direction the slip is the blank form with the document's header.
- The Sổ theo dõi and the Báo cáo tình hình giải quyết: the clerks (who keep the books, Đ24) and the agency's
  leaders for the whole agency; a unit's leaders for the units they lead and the people in them. Agency
  administrators run the system, not the documents: they print nothing here unless they are also one of those.
  Every row is a document the person may see (secrecy included)."""

from dataclasses import dataclass

from apps.documents.access import can_see_incoming
from apps.documents.models import IncomingDocument
from apps.people.access import Person, units_led_by
from apps.people.models import Membership, Role
from apps.registers.access import is_cleared_for

from ..access import is_agency_leader, works_visible_to
from ..models import Work


def may_print_slip(person: Person, document: IncomingDocument) -> bool:
    if not person.memberships or not is_cleared_for(person, document.secrecy):
        return False
    if not can_see_incoming(person, document):
        return False
    work = Work.objects.filter(document=document).values_list("pk", flat=True).first()
    return work is None or works_visible_to(person).filter(pk=work).exists()


def may_print_reports(person: Person) -> bool:
    return person.has_role(Role.CLERK) or person.has_role(Role.LEADER)


@dataclass(frozen=True)
class Scope:
    """What a person's reports may cover: the whole agency (``units`` None) or the units they lead (with the units
    below them) and the people working in them."""

    user_id: int
    units: frozenset[int] | None

    @property
    def is_whole_agency(self) -> bool:
        return self.units is None

    def covers_unit(self, unit_id: int) -> bool:
        return self.units is None or unit_id in self.units

    def covers_person(self, user_id: int) -> bool:
        if self.units is None or user_id == self.user_id:
            return True
        return Membership.objects.filter(user_id=user_id, unit_id__in=sorted(self.units), is_active=True).exists()


def report_scope(person: Person) -> Scope:
    """The clerks and the agency's leaders: the whole agency; another leader: the units they lead."""
    if person.has_role(Role.CLERK) or is_agency_leader(person):
        return Scope(user_id=person.user.pk, units=None)
    return Scope(user_id=person.user.pk, units=frozenset(unit.pk for unit in units_led_by(person)))
