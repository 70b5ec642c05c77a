"""What the outputs and dashboards of work direction show, as plain data (issue 8 points 8–9; Decree 30 Appendix
IV and VI): the Phiếu giải quyết văn bản đến of one document, the rows of the Sổ theo dõi giải quyết văn bản đến
for a period, and the figures of the Báo cáo tình hình giải quyết văn bản đến per unit or person. Printing (PDF,
xlsx, background jobs) and charts read these; nothing here renders.

Figures are counted in SQL over the top of each work's chain (the lead named by the leader): one row per work, so
a re-assignment inside a unit never counts twice."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.documents.models import IncomingDocument
from apps.outgoing.models import OutgoingDocument

from .models import Assignment, Note, State, Work
from .status import Status, Today, status_of
from .status import today as status_today

# ---- Phiếu giải quyết văn bản đến ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlipLine:
    """One opinion on the slip: who, when, what, and to whom with which deadline."""

    author: str
    at: datetime.datetime
    text: str
    assignees: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Slip:
    document: IncomingDocument
    leader: SlipLine | None  # (1) the agency leader's direction
    units: list[SlipLine]  # (2) the unit leaders' re-assignments
    handlers: list[SlipLine]  # (3) the handlers' proposals


def _assignee(assignment: Assignment) -> str:
    name = str(assignment.unit or assignment.user)
    role = assignment.get_role_display()
    due = f" — {assignment.due_on:%d/%m/%Y}" if assignment.due_on else ""
    return f"{role}: {name}{due}"


def slip(document: IncomingDocument) -> Slip:
    """The chain of a document's handling as the Phiếu giải quyết văn bản đến lays it out."""
    work = Work.objects.filter(document=document).select_related("directed_by", "on_behalf_of").first()
    if work is None:
        return Slip(document=document, leader=None, units=[], handlers=[])
    chain = list(
        work.assignments.exclude(state=State.WITHDRAWN).select_related("unit", "user", "assigned_by").order_by("id")
    )
    top = [a for a in chain if a.parent_id is None]
    author = str(work.directed_by) + (f" (TM. {work.on_behalf_of})" if work.on_behalf_of_id else "")
    leader = SlipLine(author=author, at=work.directed_at, text=work.direction, assignees=[_assignee(a) for a in top])
    children: dict[int, list[Assignment]] = {}
    for a in chain:
        if a.parent_id:
            children.setdefault(a.parent_id, []).append(a)
    units = [
        SlipLine(
            author=str(kids[0].assigned_by), at=kids[0].assigned_at, text="", assignees=[_assignee(k) for k in kids]
        )
        for kids in children.values()
    ]
    notes = Note.objects.filter(assignment__in=chain, kind__in=[Note.Kind.OPINION, Note.Kind.RESULT])
    handlers = [SlipLine(author=str(n.author), at=n.created_at, text=n.text) for n in notes.select_related("author")]
    return Slip(document=document, leader=leader, units=units, handlers=handlers)


# ---- Sổ theo dõi giải quyết văn bản đến ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackingRow:
    """The seven columns of the Sổ theo dõi giải quyết văn bản đến (Appendix IV)."""

    arrival_number: str
    document: str  # Tên loại, số, ký hiệu, ngày tháng, cơ quan ban hành
    handled_by: str  # Đơn vị / người nhận
    due_on: str  # Thời hạn giải quyết
    progress: str  # Tiến độ giải quyết
    reply: str  # Số, ký hiệu văn bản trả lời
    note: str  # Ghi chú


def _replies(document_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    issued = OutgoingDocument.objects.filter(draft__in_reply_to_id__in=document_ids).select_related("draft")
    for outgoing in issued.order_by("issued_date", "id"):
        found.setdefault(outgoing.draft.in_reply_to_id, []).append(outgoing.number_and_notation)
    return found


def tracking_rows(
    start: datetime.date, end: datetime.date, *, works: QuerySet[Work] | None = None
) -> list[TrackingRow]:
    """Documents that arrived in the period and were directed, in the order of the register (``works``: among
    these only — what a person may see, of a unit or a person)."""
    works = list(
        (Work.objects.all() if works is None else works)
        .filter(kind=Work.Kind.DOCUMENT, document__arrival_date__range=(start, end))
        .select_related("document", "document__document_type")
        .prefetch_related("assignments__unit", "assignments__user", "assignments__notes")
        .order_by("document__arrival_date", "document__arrival_number", "id")
    )
    replies = _replies([w.document_id for w in works])
    when = status_today()
    return [_tracking_row(work, replies.get(work.document_id, []), when) for work in works]


def _identity(document: IncomingDocument) -> str:
    issued = f"{document.issued_date:%d/%m/%Y}" if document.issued_date else ""
    kind = document.document_type.name if document.document_type_id else ""
    return ", ".join(p for p in [kind, document.number_and_notation, issued, document.issuer_name] if p)


def _handled_by(chain: list[Assignment]) -> str:
    """Đơn vị / người nhận: the lead and whom it was re-assigned to, then the supports."""
    lead = next((a for a in chain if a.role == Assignment.Role.LEAD and a.parent_id is None), None)
    if lead is None:
        return ""
    names = [str(lead.unit or lead.user)]
    names += [str(a.unit or a.user) for a in chain if a.parent_id == lead.pk and a.role == Assignment.Role.LEAD]
    supports = [str(a.unit or a.user) for a in chain if a.parent_id is None and a.role == Assignment.Role.SUPPORT]
    return " → ".join(names) + (f"; phối hợp: {', '.join(supports)}" if supports else "")


def _progress(work: Work, chain: list[Assignment], when: Today) -> str:
    """Tiến độ giải quyết: the derived status, the last percentage recorded, the day it was done."""
    status = status_of(state=work.state, due_on=work.due_on, done_at=work.done_at, started=False, when=when)
    percents = [(n.created_at, n.percent) for a in chain for n in a.notes.all() if n.percent is not None]
    started = any(a.started_at for a in chain) or bool(percents)
    if status == Status.WAITING and started:
        status = Status.IN_PROGRESS
    text = str(status.label)
    if work.state == State.OPEN and percents:
        text += f" ({max(percents)[1]}%)"
    if work.state == State.DONE:
        text = f"{text} {timezone.localtime(work.done_at):%d/%m/%Y}"
    return text


def _tracking_row(work: Work, replies: list[str], when: Today) -> TrackingRow:
    document = work.document
    chain = [a for a in work.assignments.all() if a.state != State.WITHDRAWN]
    return TrackingRow(
        arrival_number=document.arrival_number_display,
        document=_identity(document),
        handled_by=_handled_by(chain),
        due_on=f"{work.due_on:%d/%m/%Y}" if work.due_on else "",
        progress=_progress(work, chain, when),
        reply="; ".join(replies),
        note=document.cancellation_note,
    )


# ---- Báo cáo tình hình giải quyết văn bản đến ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """How the work led by one unit or person stands (Báo cáo tình hình giải quyết; the leaders' dashboard)."""

    key: int
    label: str
    received: int
    done_on_time: int
    done_late: int
    open_on_time: int
    overdue: int

    @property
    def on_time_rate(self) -> float | None:
        """Done on time among what is done, in % (None when nothing is done yet)."""
        done = self.done_on_time + self.done_late
        return round(100 * self.done_on_time / done, 1) if done else None


def leads(start: datetime.date, end: datetime.date, *, documents_only: bool = True) -> QuerySet[Assignment]:
    """The top of each work's chain assigned in the period (what a report counts once)."""
    leads = Assignment.objects.filter(
        role=Assignment.Role.LEAD, parent__isnull=True, assigned_at__date__range=(start, end)
    ).exclude(state=State.WITHDRAWN)
    return leads.filter(work__kind=Work.Kind.DOCUMENT) if documents_only else leads


def figures(
    start: datetime.date,
    end: datetime.date,
    *,
    today: datetime.date,
    per: str = "unit",
    among: QuerySet[Assignment] | None = None,
) -> list[Figures]:
    """One row per lead unit (``per="unit"``) or lead person (``per="person"``), most received first (``among``:
    the lead assignments to count, ``leads(start, end)`` by default)."""
    column = "unit" if per == "unit" else "user"
    done_day = TruncDate("done_at", tzinfo=timezone.get_current_timezone())
    on_time = Q(due_on__isnull=True) | Q(due_on__gte=done_day)
    rows = (
        (leads(start, end) if among is None else among)
        .filter(**{f"{column}__isnull": False})
        .values(column, f"{column}__{'name' if per == 'unit' else 'full_name'}")
        .annotate(
            received=Count("id"),
            done_on_time=Count("id", filter=Q(state=State.DONE) & on_time),
            done_late=Count("id", filter=Q(state=State.DONE) & ~on_time),
            open_on_time=Count("id", filter=Q(state=State.OPEN) & (Q(due_on__isnull=True) | Q(due_on__gte=today))),
            overdue=Count("id", filter=Q(state=State.OPEN, due_on__lt=today)),
        )
        .order_by("-received", column)
    )
    label = f"{column}__{'name' if per == 'unit' else 'full_name'}"
    return [
        Figures(
            key=r[column],
            label=r[label],
            received=r["received"],
            done_on_time=r["done_on_time"],
            done_late=r["done_late"],
            open_on_time=r["open_on_time"],
            overdue=r["overdue"],
        )
        for r in rows
    ]
