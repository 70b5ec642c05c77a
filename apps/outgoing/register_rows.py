"""The outgoing register's printed lines (Sổ đăng ký văn bản đi, Decree 30 Appendix IV): the row source this app
plugs into apps.registers.exports from OutgoingConfig.ready()."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.people.access import Person
from apps.registers.exports import RegisterRange, RegisterRow, RowSource, day, markings, notes, two_digits
from apps.registers.models import Register
from apps.registers.register_rows import in_range

from .access import outgoing_visible_to
from .models import OutgoingDocument

CORRECTION_WORDS = {"correction": "Đính chính", "amendment": "Sửa đổi, bổ sung", "replacement": "Thay thế"}


def split_recipients(recipients_text: str) -> tuple[str, str]:
    """(Nơi nhận, Lưu) from the "Nơi nhận" block as printed on the document: one place a line ("- Sở Tài chính;"),
    the last one "- Lưu: VT, VP." naming who keeps the file copies."""
    places, kept = [], []
    for line in recipients_text.splitlines():
        text = line.strip().lstrip("-–").strip().rstrip(";.").strip()
        if not text:
            continue
        if text.lower().startswith("lưu:"):
            kept.append(text[4:].strip())
        else:
            places.append(text)
    return "; ".join(places), "; ".join(kept)


def issued_in_range(person: Person, register: Register, span: RegisterRange) -> QuerySet[OutgoingDocument]:
    """The register's issued documents of the year that the person may see, in number order."""
    documents = in_range(outgoing_visible_to(person), register, span, date="issued_date", number="number")
    return documents.select_related("drafting_unit", "corrects").order_by("number")


def official_notes(doc: OutgoingDocument) -> str:
    """Ghi chú holds only what is official about the issued document: its urgency and secrecy, what it corrects, and
    its recall (a recalled document keeps its line and number, Đ18.4). The notes written on the draft are the
    drafters' own working notes: they are never printed in the register."""
    correction = ""
    if doc.corrects_id:
        correction = _("%(kind)s of document no. %(ref)s") % {
            "kind": CORRECTION_WORDS.get(doc.correction_kind, doc.correction_kind),
            "ref": doc.corrects.number_and_notation,
        }
    recalled = ""
    if doc.recalled_at:
        recalled = _("Recalled on %(date)s") % {"date": day(timezone.localdate(doc.recalled_at))}
    return notes(*markings(doc), correction, recalled)


def issued_row(doc: OutgoingDocument) -> RegisterRow:
    """Ngày chuyển is the day of issue (an electronic document is sent when it is issued, Đ18.1)."""
    places, kept = split_recipients(doc.recipients_text)
    signer = f"{doc.signer_name} ({doc.signer_position})" if doc.signer_position else doc.signer_name
    return RegisterRow(
        number=doc.number,
        date=doc.issued_date,
        cells=(
            doc.number_and_notation,
            day(doc.issued_date),
            f"{doc.type_name}: {doc.subject}",
            signer,
            places,
            kept or doc.drafting_unit.name,
            two_digits(doc.issued_amount),
            day(timezone.localdate(doc.issued_at)),
            "",
            official_notes(doc),
        ),
    )


OUTGOING_ROWS = RowSource(documents=issued_in_range, row=issued_row)
