"""The incoming register's printed lines (Sổ đăng ký văn bản đến, Decree 30 Appendix IV): the row source this app
plugs into apps.registers.exports from DocumentsConfig.ready().

Columns (8) Ngày chuyển and (9) Ký nhận say when the document was handed over and who received it. This app does
not know: the app that hands documents over (direction: the submission to a leader, the assignments) fills them
through ``register_hand_over`` from its AppConfig.ready(); without it they stay blank for the paper hand-over."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from apps.people.access import Person
from apps.registers.exports import RegisterRange, RegisterRow, RowSource, day, markings, notes, person_name, two_digits
from apps.registers.models import Register
from apps.registers.register_rows import in_range

from .access import incoming_visible_to
from .models import IncomingDocument, IncomingRecipient


@dataclass(frozen=True)
class HandOver:
    """``prefetch(documents)``: the documents with what ``cells`` reads fetched in bulk (once per chunk of the
    printout, never once per document); ``cells(document)``: (Ngày chuyển, Ký nhận) as printed."""

    prefetch: Callable[[QuerySet], QuerySet]
    cells: Callable[[IncomingDocument], tuple[str, str]]


_hand_over: list[HandOver] = []


def register_hand_over(hand_over: HandOver) -> HandOver:
    """Called once from the AppConfig.ready() of the app that hands documents over (the last one counts)."""
    _hand_over[:] = [hand_over]
    return hand_over


def _handed_over(document: IncomingDocument) -> tuple[str, str]:
    return _hand_over[0].cells(document) if _hand_over else ("", "")


def incoming_in_range(person: Person, register: Register, span: RegisterRange) -> QuerySet[IncomingDocument]:
    """The register's documents of the year that the person may see (a secret document never reaches the printout
    of someone not cleared for it), in arrival-number order, with their type and recipients."""
    documents = in_range(incoming_visible_to(person), register, span, date="arrival_date", number="arrival_number")
    recipients = IncomingRecipient.objects.select_related("unit", "user").order_by("unit_id", "user_id", "pk")
    documents = (
        documents.select_related("document_type")
        .prefetch_related(Prefetch("recipients", queryset=recipients))
        .order_by("arrival_number")
    )
    return _hand_over[0].prefetch(documents) if _hand_over else documents


def incoming_row(doc: IncomingDocument) -> RegisterRow:
    """Ngày chuyển and Ký nhận come from the hand-over (``register_hand_over``); Ghi chú holds the urgency, the
    secrecy and the clerk's note made when registering."""
    names = [r.unit.name if r.unit_id else person_name(r.user) for r in doc.recipients.all()]
    handed_on, received_by = _handed_over(doc)
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
            handed_on,
            received_by,
            notes(*markings(doc), doc.description),
        ),
    )


INCOMING_ROWS = RowSource(documents=incoming_in_range, row=incoming_row)
