"""The books and reports of work direction for a period, as tables with the columns of their forms (Decree 30
Appendix IV and VI): the Sổ theo dõi giải quyết văn bản đến (direction.reports.tracking_rows), the Báo cáo tình
hình giải quyết văn bản đến (direction.reports.figures) and the Báo cáo tình hình giải quyết văn bản đi (drafts
and issued documents per drafting unit or drafter).

Every row is of what the person may see (documents.access, outgoing.access: secrecy included), within their
scope (outputs.access.report_scope) and the unit or person asked for. A unit asked for counts with the units
below it; a person counts what they lead at any depth of a chain (the person a unit re-assigned its part to)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.documents.access import incoming_visible_to
from apps.outgoing.access import drafts_visible_to, outgoing_visible_to
from apps.outgoing.models import Draft
from apps.people.access import Person, units_below
from apps.people.models import Membership, Unit
from apps.registers.exports import Column

from .. import reports
from ..models import Assignment, State, Work
from .access import Scope
from .printing import Letterhead, Table
from .requests import INCOMING_REPORT, OUTGOING_REPORT, OUTPUTS, TRACKING, ReportRequest

User = get_user_model()

# Appendix IV, Sổ theo dõi giải quyết văn bản đến: the seven columns, in the Decree's words.
TRACKING_COLUMNS = (
    Column("Số đến", 14, centred=True),
    Column("Tên loại, số, ký hiệu, ngày tháng, cơ quan ban hành", 62),
    Column("Đơn vị/người nhận", 44),
    Column("Thời hạn giải quyết", 22, centred=True),
    Column("Tiến độ giải quyết", 38),
    Column("Số, ký hiệu văn bản trả lời", 34),
    Column("Ghi chú", 30),
)
INCOMING_COLUMNS = (
    Column("STT", 10, centred=True),
    Column("Đơn vị, cá nhân chủ trì", 60),
    Column("Tổng số văn bản được giao", 25, centred=True),
    Column("Đã giải quyết đúng hạn", 25, centred=True),
    Column("Đã giải quyết quá hạn", 25, centred=True),
    Column("Đang giải quyết trong hạn", 25, centred=True),
    Column("Đang giải quyết quá hạn", 25, centred=True),
    Column("Tỷ lệ đúng hạn (%)", 25, centred=True),
)
OUTGOING_COLUMNS = (
    Column("STT", 10, centred=True),
    Column("Đơn vị, người soạn thảo", 55),
    Column("Dự thảo mới", 21, centred=True),
    Column("Đang soạn thảo, trình duyệt", 26, centred=True),
    Column("Dừng soạn thảo", 21, centred=True),
    Column("Đã ban hành", 21, centred=True),
    Column("Trả lời văn bản đến", 24, centred=True),
    Column("Trả lời đúng hạn", 22, centred=True),
    Column("Trả lời quá hạn", 22, centred=True),
    Column("Đã thu hồi", 20, centred=True),
)


@dataclass(frozen=True)
class Limits:
    """What a book or report covers: the units (with those below them) and the people it is limited to, None for
    no limit on that side; a unit-limited scope with nothing asked limits to the scope's units and the person."""

    units: set[int] | None
    user_id: int | None
    members: set[int] | None  # the people working in ``units``


def limits(request: ReportRequest, scope: Scope) -> Limits:
    units = units_below([request.unit.pk]) if request.unit is not None else None
    if units is None and request.person is None and not scope.is_whole_agency:
        units = set(scope.units or ())
        members = _members(units) | {scope.user_id}
        return Limits(units=units, user_id=None, members=members)
    members = _members(units) if units is not None else None
    return Limits(units=units, user_id=request.person.pk if request.person is not None else None, members=members)


def _members(units: set[int]) -> set[int]:
    return set(Membership.objects.filter(unit_id__in=sorted(units)).values_list("user_id", flat=True))


def _limit(queryset: QuerySet, found: Limits, *, unit: str, user: str) -> QuerySet:
    """``queryset`` limited on its ``unit`` and ``user`` lookups (a unit or one of its people; the person)."""
    if found.units is not None:
        queryset = queryset.filter(
            Q(**{f"{unit}__in": sorted(found.units)}) | Q(**{f"{user}__in": sorted(found.members)})
        )
    if found.user_id is not None:
        queryset = queryset.filter(**{user: found.user_id})
    return queryset


# ---- Sổ theo dõi giải quyết văn bản đến ---------------------------------------------------------------------------


def tracked_works(request: ReportRequest, by: Person, found: Limits) -> QuerySet[Work]:
    """The directed documents of the period the person may see, handled (led or supported) by the unit or person."""
    works = Work.objects.filter(
        kind=Work.Kind.DOCUMENT,
        document__in=incoming_visible_to(by),
        document__arrival_date__range=(request.start, request.end),
    )
    if found.units is None and found.user_id is None:
        return works
    parts = Assignment.objects.exclude(state=State.WITHDRAWN).exclude(role=Assignment.Role.INFO)
    parts = _limit(parts, found, unit="unit_id", user="user_id")
    return works.filter(pk__in=parts.values("work_id"))


def tracking_table(request: ReportRequest, by: Person, found: Limits, head: Letterhead) -> Table:
    rows = reports.tracking_rows(request.start, request.end, works=tracked_works(request, by, found))
    cells = [(r.arrival_number, r.document, r.handled_by, r.due_on, r.progress, r.reply, r.note) for r in rows]
    return _table(request, head, TRACKING_COLUMNS, cells)


# ---- Báo cáo tình hình giải quyết văn bản đến ---------------------------------------------------------------------


def counted_leads(request: ReportRequest, by: Person, found: Limits) -> QuerySet[Assignment]:
    """Per unit: the top of each chain (the lead the leader named); per person: each person's lead part at any
    depth. Of the documents the person may see, directed in the period."""
    if request.per == "unit":
        parts = reports.leads(request.start, request.end)
    else:
        parts = Assignment.objects.filter(
            role=Assignment.Role.LEAD,
            work__kind=Work.Kind.DOCUMENT,
            assigned_at__date__range=(request.start, request.end),
        ).exclude(state=State.WITHDRAWN)
    parts = parts.filter(work__document__in=incoming_visible_to(by))
    return _limit(parts, found, unit="unit_id", user="user_id")


def incoming_table(request: ReportRequest, by: Person, found: Limits, head: Letterhead) -> Table:
    today = timezone.localdate()
    among = counted_leads(request, by, found)
    rows = reports.figures(request.start, request.end, today=today, per=request.per, among=among)
    cells = [
        (n, r.label, r.received, r.done_on_time, r.done_late, r.open_on_time, r.overdue, _rate(r.on_time_rate))
        for n, r in enumerate(rows, start=1)
    ]
    sums = [sum(getattr(r, name) for r in rows) for name in ("received", "done_on_time", "done_late")]
    sums += [sum(r.open_on_time for r in rows), sum(r.overdue for r in rows)]
    done = sums[1] + sums[2]
    totals = ("", "Tổng cộng", *sums, _rate(round(100 * sums[1] / done, 1) if done else None))
    return _table(request, head, INCOMING_COLUMNS, cells, totals=totals if rows else None)


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


# ---- Báo cáo tình hình giải quyết văn bản đi ----------------------------------------------------------------------

IN_HAND = [
    Draft.State.DRAFTING,
    Draft.State.RETURNED,
    Draft.State.CONTENT_REVIEW,
    Draft.State.FORMAT_CHECK,
    Draft.State.AWAITING_APPROVAL,
    Draft.State.APPROVED,
]


def _grouped(queryset: QuerySet, key: str, label: str, **counts) -> dict[int, dict]:
    rows = queryset.order_by().values(key, label).annotate(**counts)
    return {r[key]: r | {"label": r[label]} for r in rows if r[key] is not None}


def outgoing_figures(request: ReportRequest, by: Person, found: Limits) -> list[dict]:
    """One row per drafting unit (or drafter): drafts begun in the period and where they are, documents issued in
    the period, those answering an incoming document on time (by the direction's deadline, else the document's)
    or late, and those since recalled."""
    per_unit = request.per == "unit"
    drafts = _limit(
        drafts_visible_to(by).filter(created_at__date__range=(request.start, request.end)),
        found,
        unit="drafting_unit_id",
        user="drafter_id",
    )
    key, label = ("drafting_unit", "drafting_unit__name") if per_unit else ("drafter", "drafter__full_name")
    begun = _grouped(
        drafts,
        key,
        label,
        begun=Count("id"),
        in_hand=Count("id", filter=Q(state__in=IN_HAND)),
        abandoned=Count("id", filter=Q(state=Draft.State.ABANDONED)),
    )
    issued = _limit(
        outgoing_visible_to(by).filter(issued_date__range=(request.start, request.end)),
        found,
        unit="drafting_unit_id",
        user="draft__drafter_id",
    ).annotate(reply_due=Coalesce(F("draft__in_reply_to__works__due_on"), F("draft__in_reply_to__due_on")))
    key, label = (
        ("drafting_unit", "drafting_unit__name") if per_unit else ("draft__drafter", "draft__drafter__full_name")
    )
    reply = Q(draft__in_reply_to__isnull=False)
    late = reply & Q(reply_due__isnull=False, reply_due__lt=F("issued_date"))
    made = _grouped(
        issued,
        key,
        label,
        issued=Count("id"),
        replies=Count("id", filter=reply),
        late=Count("id", filter=late),
        recalled=Count("id", filter=Q(recalled_at__isnull=False)),
    )
    return _merge(begun, made)


def _merge(begun: dict[int, dict], made: dict[int, dict]) -> list[dict]:
    rows = []
    for key in begun.keys() | made.keys():
        a, b = begun.get(key, {}), made.get(key, {})
        row = {name: a.get(name, 0) for name in ("begun", "in_hand", "abandoned")}
        row |= {name: b.get(name, 0) for name in ("issued", "replies", "late", "recalled")}
        rows.append({"label": a.get("label") or b.get("label") or "", **row})
    return sorted(rows, key=lambda r: (-r["issued"], -r["begun"], r["label"]))


OUTGOING_FIELDS = ("begun", "in_hand", "abandoned", "issued", "replies", "on_time", "late", "recalled")


def outgoing_table(request: ReportRequest, by: Person, found: Limits, head: Letterhead) -> Table:
    rows = [r | {"on_time": r["replies"] - r["late"]} for r in outgoing_figures(request, by, found)]
    cells = [(n, r["label"], *(r[f] for f in OUTGOING_FIELDS)) for n, r in enumerate(rows, start=1)]
    totals = ("", "Tổng cộng", *(sum(r[f] for r in rows) for f in OUTGOING_FIELDS))
    return _table(request, head, OUTGOING_COLUMNS, cells, totals=totals if rows else None)


# ---- the table -------------------------------------------------------------------------------------------------


def _table(request: ReportRequest, head: Letterhead, columns: tuple, rows: list, totals: tuple | None = None) -> Table:
    return Table(
        head=head,
        title=OUTPUTS[request.output].upper(),
        lines=[request.period, *request.limited_to],
        columns=columns,
        rows=rows,
        filename_stem=f"{request.output.replace('_', '-')}-{request.start:%Y%m%d}-{request.end:%Y%m%d}",
        totals=totals,
    )


BUILDERS: dict[str, Callable[[ReportRequest, Person, Limits, Letterhead], Table]] = {
    TRACKING: tracking_table,
    INCOMING_REPORT: incoming_table,
    OUTGOING_REPORT: outgoing_table,
}


def expected_rows(request: ReportRequest, by: Person, found: Limits) -> int:
    """How many rows the output will have, counted before any work (the PDF's limit): the documents of a tracking
    book; a report has a row per unit or person, at most the agency's."""
    if request.output == TRACKING:
        return tracked_works(request, by, found).count()
    return Unit.objects.count() if request.per == "unit" else Membership.objects.values("user_id").distinct().count()
