"""The incoming register's printed lines (Sổ đăng ký văn bản đến, Decree 30 Appendix IV): the row source this app
plugs into apps.registers.exports from DocumentsConfig.ready()."""

from django.db.models import Prefetch, QuerySet

from apps.people.access import Person
from apps.registers.exports import (
    SECRECY_WORDS,
    URGENCY_WORDS,
    RegisterRange,
    RegisterRow,
    RowSource,
    day,
    notes,
    person_name,
    two_digits,
)
from apps.registers.models import Register
from apps.registers.register_rows import in_range

from .access import incoming_visible_to
from .models import IncomingDocument, IncomingRecipient


def incoming_in_range(person: Person, register: Register, span: RegisterRange) -> QuerySet[IncomingDocument]:
    """The register's documents of the year that the person may see (a secret document never reaches the printout
    of someone not cleared for it), in arrival-number order, with their type and recipients."""
    documents = in_range(
        incoming_visible_to(person).filter(register=register), span, date="arrival_date", number="arrival_number"
    )
    recipients = IncomingRecipient.objects.select_related("unit", "user").order_by("unit_id", "user_id", "pk")
    return (
        documents.select_related("document_type")
        .prefetch_related(Prefetch("recipients", queryset=recipients))
        .order_by("arrival_number")
    )


def incoming_row(doc: IncomingDocument) -> RegisterRow:
    """Ngày chuyển and Ký nhận are left for the hand-over on paper until the direction module records it; Ghi chú
    holds the urgency, the secrecy and the clerk's note made when registering."""
    names = [r.unit.name if r.unit_id else person_name(r.user) for r in doc.recipients.all()]
    return RegisterRow(
        number=doc.arrival_number,
        date=doc.arrival_date,
        cells=(
            day(doc.arrival_date),
            two_digits(doc.arrival_number),
            doc.issuer_name,
            doc.number_and_notation,
            day(doc.issued_date),
            f"{doc.document_type.name}: {doc.subject}",
            "; ".join(names),
            "",
            "",
            notes(URGENCY_WORDS.get(doc.urgency, ""), SECRECY_WORDS.get(doc.secrecy, ""), doc.description),
        ),
    )


INCOMING_ROWS = RowSource(documents=incoming_in_range, row=incoming_row)
