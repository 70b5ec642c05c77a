"""The Phiếu giải quyết văn bản đến of one document as it is printed (Decree 30 Appendix IV): the header naming the
document, (1) the agency leader's direction (bút phê: lead, supports, people kept informed, deadlines, date),
(2) the unit leaders' re-assignments, (3) the handlers' proposals — from direction.reports.slip — and under them
the whole chain of assignments as the system keeps it: each part's role, unit or person, deadline, whom it was
re-assigned from, its status and what was recorded on it. Nothing here renders (outputs.pdf, outputs.xlsx)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from apps.core.text import strip_accents
from apps.documents.models import IncomingDocument
from apps.registers.exports import day, markings, person_name

from .. import reports
from ..models import Assignment, Note, Work
from ..status import status_of, today
from .printing import Letterhead


def when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


@dataclass(frozen=True)
class ChainLine:
    """One assignment of the chain, as printed."""

    number: str  # 1, 1.1, 1.2, 2 … (a re-assignment under the part it came from)
    role: str
    assignee: str
    due_on: str
    assigned: str  # by whom and when
    status: str
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SlipPrintout:
    head: Letterhead
    fields: list[tuple[str, str]]
    slip: reports.Slip
    direction: list[tuple[str, str]]
    chain: list[ChainLine]

    @property
    def title(self) -> str:
        return "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN"

    @property
    def filename_stem(self) -> str:
        document = self.slip.document
        return slugify(strip_accents(f"phieu-giai-quyet-{document.year}-{document.arrival_number_display}"))


def _fields(document: IncomingDocument) -> list[tuple[str, str]]:
    kind = document.document_type.name if document.document_type_id else ""
    marks = ", ".join(w for w in markings(document) if w)
    fields = [
        ("Số đến", f"{document.arrival_number_display} ({document.register.name})"),
        ("Ngày đến", day(document.arrival_date)),
        ("Tác giả", document.issuer_name),
        ("Số, ký hiệu văn bản", document.number_and_notation),
        ("Ngày tháng văn bản", day(document.issued_date)),
        ("Tên loại và trích yếu nội dung", f"{kind}: {document.subject}" if kind else document.subject),
        ("Người ký", " ".join(p for p in (document.signer_position, document.signer) if p)),
        ("Độ khẩn, độ mật", marks),
        ("Hạn giải quyết của văn bản", day(document.due_on)),
        ("Ghi chú", document.cancellation_note or document.description),
    ]
    return [(label, value) for label, value in fields if value]


def _direction(work: Work | None) -> list[tuple[str, str]]:
    """Under the leader's opinion: the deadline of the whole and where it stands."""
    if work is None:
        return []
    lines = [("Hạn giải quyết", day(work.due_on))] if work.due_on else []
    started = work.assignments.filter(started_at__isnull=False).exists()
    status = status_of(state=work.state, due_on=work.due_on, done_at=work.done_at, started=started, when=today())
    return [*lines, ("Tình trạng", str(status.label) + (f" {when(work.done_at)}" if work.done_at else ""))]


def _note_text(note: Note) -> str:
    """ "Ý kiến — Nguyễn Văn A, 09:30 05/03/2026: 50% · the text · the reply"."""
    details = [f"{note.percent}%" if note.percent is not None else "", note.text]
    if note.reply_id:
        details.append(f"Văn bản trả lời: {note.reply.subject}")
    said = " · ".join(d for d in details if d)
    return f"{note.get_kind_display()} — {person_name(note.author)}, {when(note.created_at)}" + (
        f": {said}" if said else ""
    )


def _chain(work: Work | None) -> list[ChainLine]:
    """The assignments in the order of the chain: each part, then what was re-assigned from it, depth first."""
    if work is None:
        return []
    notes = Note.objects.select_related("author", "reply").order_by("created_at", "id")
    parts = list(
        work.assignments.select_related("unit", "user", "assigned_by")
        .prefetch_related(Prefetch("notes", queryset=notes))
        .order_by("assigned_at", "id")
    )
    children: dict[int | None, list[Assignment]] = {}
    for part in parts:
        children.setdefault(part.parent_id, []).append(part)
    moment, lines = today(), []

    def walk(parent: int | None, prefix: str) -> None:
        for n, part in enumerate(children.get(parent, []), start=1):
            number = f"{prefix}{n}"
            status = status_of(
                state=part.state, due_on=part.due_on, done_at=part.done_at, started=bool(part.started_at), when=moment
            )
            done = f" {when(part.done_at)}" if part.done_at else ""
            lines.append(
                ChainLine(
                    number=number,
                    role=str(part.get_role_display()),
                    assignee=str(part.unit or person_name(part.user)),
                    due_on=day(part.due_on),
                    assigned=f"{person_name(part.assigned_by)}, {when(part.assigned_at)}",
                    status=f"{status.label}{done}",
                    notes=[_note_text(note) for note in part.notes.all()],
                )
            )
            walk(part.pk, f"{number}.")

    walk(None, "")
    return lines


def build_slip(document: IncomingDocument, head: Letterhead) -> SlipPrintout:
    work = Work.objects.filter(document=document).select_related("directed_by", "on_behalf_of").first()
    return SlipPrintout(
        head=head,
        fields=_fields(document),
        slip=reports.slip(document),
        direction=_direction(work),
        chain=_chain(work),
    )
