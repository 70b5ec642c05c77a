"""Who may use which register and read which secrecy level. Views, the API and the documents app ask here."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from apps.people.access import Person
from apps.people.models import Role

from .export_kinds import kinds_requested_by
from .models import DocumentType, ExportJob, Register, Secrecy, SecrecyClearance


def clearance_of(person: Person) -> str:
    """The highest secrecy level the person is cleared for in this agency (``none`` without a clearance); looked up
    once per Person, that is once per request."""
    user_id = getattr(person.user, "pk", None)
    if user_id is None or not person.memberships:
        return Secrecy.NONE
    if "clearance" not in person.memo:
        level = SecrecyClearance.objects.filter(user_id=user_id).values_list("level", flat=True).first()
        person.memo["clearance"] = level or Secrecy.NONE
    return person.memo["clearance"]


def is_cleared_for(person: Person, secrecy: str, *, clearance: str | None = None) -> bool:
    clearance = clearance_of(person) if clearance is None else clearance
    return Secrecy.rank(secrecy) <= Secrecy.rank(clearance)


def registers_usable_by(person: Person, kind: str = Register.Kind.INCOMING) -> list[Register]:
    """Active registers of ``kind`` the person may record documents into: clerks only (Decree 30 Đ4.2b: every
    document is registered at the agency's văn thư); a secret register only for a clerk cleared for at least
    its lowest level."""
    if not person.has_role(Role.CLERK):
        return []
    clearance = clearance_of(person)
    registers = Register.objects.filter(kind=kind, is_active=True).prefetch_related("document_types")
    return [r for r in registers if Secrecy.rank(r.lowest_secrecy) <= Secrecy.rank(clearance)]


def may_register_into(
    person: Person, register: Register, secrecy: str, *, clearance: str | None = None, even_closed: bool = False
) -> bool:
    """A clerk may record a document of ``secrecy`` into an active register covering it when cleared for it
    (``even_closed``: a register no longer active, for a document already in it)."""
    return (
        person.has_role(Role.CLERK)
        and (register.is_active or even_closed)
        and secrecy in register.secrecy_levels
        and is_cleared_for(person, secrecy, clearance=clearance)
    )


def registers_visible_to(person: Person) -> QuerySet[Register]:
    """Every register of the agency, for its members (registers are configuration, not content)."""
    if not person.memberships:
        return Register.objects.none()
    return Register.objects.prefetch_related("document_types")


def get_register_for(person: Person, pk: int) -> Register:
    try:
        return registers_visible_to(person).get(pk=pk)
    except Register.DoesNotExist as exc:
        raise Http404 from exc


def document_types_visible_to(person: Person) -> QuerySet[DocumentType]:
    if not person.memberships:
        return DocumentType.objects.none()
    return DocumentType.objects.all()


def may_print_registers(person: Person) -> bool:
    """The clerk keeps and prints the registers (Decree 30, Đ16 and Đ22: a register kept in the system is printed
    with all its columns and bound); the agency's leaders may print them too. What a printout lists is still
    limited to the documents the person may see."""
    return person.has_role(Role.CLERK) or person.has_role(Role.LEADER)


def get_printable_register_for(person: Person, pk: int) -> Register:
    """A register the person may print: Http404 for a register that is not the agency's, PermissionDenied for a
    member who does not print registers (a register's existence is configuration every member may read)."""
    register = get_register_for(person, pk)
    if not may_print_registers(person):
        raise PermissionDenied(_("Only the clerk and the leaders print the registers."))
    return register


def export_jobs_of(person: Person, *, kinds: list[str] | None = None) -> QuerySet[ExportJob]:
    """The printouts the person asked for (a printout is made for the person who asked for it and nobody else:
    it lists what they may see), of the kinds they may still ask for (export_kinds), or of ``kinds`` only."""
    allowed = [k for k in kinds_requested_by(person) if kinds is None or k in kinds]
    if not allowed:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by_id=person.user.pk, kind__in=allowed).select_related("register")


def get_export_job_for(person: Person, pk: int) -> ExportJob:
    """The person's own export job; Http404 for anyone else's (revealing nothing)."""
    try:
        return export_jobs_of(person).get(pk=pk)
    except ExportJob.DoesNotExist as exc:
        raise Http404 from exc
