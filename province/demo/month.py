"""A month of directed work in a demo agency (issue 8): incoming documents registered and submitted to the
leaders, directed to units and people, re-assigned inside a unit, with opinions and progress, one extension
granted and one waiting, work done on time and late, open and overdue, open and due soon, tasks with sub-tasks and
a delegation in force — so that every role's first screen has something true to show.

Everything goes through the services (documents, direction), so the audit trail, the documents' handling status
and the notifications are the real ones. The month is *replayed at the dates it happened*: each step runs with the
clock set to its day and hour (``time_machine``), counted in the agency's working days back from today (weekends,
holidays and the agency's own days off skipped: ``apps.workdays``). A deadline is therefore never in the past when
it is given, an overdue part became overdue by itself, and the arrival numbers follow the arrival dates.

Loaded once per agency: an agency that already has incoming documents or direction work is left as it is. The
dates are relative to the day of the first load: a demo loaded weeks ago shows more overdue work."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import time_machine
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from apps.direction import delegations, services
from apps.direction.inputs import Assignee, DirectionInput, NoteInput, ReassignInput, TaskInput
from apps.direction.models import Assignment, Submission, Work
from apps.documents import pending
from apps.documents.inputs import IncomingEntry, resolve_issuer
from apps.documents.models import IncomingDocument
from apps.documents.services import register_incoming
from apps.people.access import Person, agency_leaders, heads_of_units
from apps.people.models import Membership, Role, Unit
from apps.registers.models import DocumentType, Register, Secrecy, Urgency
from apps.workdays.calendar import calendar_for
from province.demo import files as demo_files
from tenants.models import Agency

# Issuers of the month's documents (QCVN 102 codes: the demo's agencies and directory entries), the agency's own
# code skipped.
ISSUERS = ("000.00.00.H19", "000.00.00.G22", "000.00.00.G09", "000.00.00.G12", "000.00.00.H20")


@dataclass(frozen=True)
class Cast:
    """Who plays the month in an agency: its clerk, its head and deputy (lãnh đạo cơ quan), a specialist, the head
    of the specialist's unit, and two other units with a head."""

    clerk: Person
    leader: Person
    deputy: Person
    specialist: Person
    head: Person
    unit: Unit
    others: tuple[Unit, Unit]


def _person(membership: Membership) -> Person:
    return Person.for_user(membership.user)


def find_cast() -> Cast | None:
    """The agency's cast, or None when it lacks one of the roles (the month is then not loaded)."""
    active = Membership.objects.filter(is_active=True, unit__is_active=True).select_related("user", "unit")
    top = list(agency_leaders().select_related("user").order_by("position__rank", "pk")[:2])
    clerk = active.filter(roles__contains=[Role.CLERK]).order_by("pk").first()
    specialists = active.filter(roles__contains=[Role.SPECIALIST]).exclude(roles__contains=[Role.ADMIN])
    headed = set(
        heads_of_units(Unit.objects.filter(is_active=True).values_list("pk", flat=True)).values_list(
            "unit_id", flat=True
        )
    )
    specialist = next((m for m in specialists.order_by("user__username") if m.unit_id in headed), None)
    if len(top) < 2 or clerk is None or specialist is None:
        return None
    head = heads_of_units([specialist.unit_id]).select_related("user").order_by("position__rank", "pk").first()
    leadership = {m.unit_id for m in top}
    others = [
        u for u in Unit.objects.filter(pk__in=headed, is_active=True).order_by("order", "pk")
        if u.pk not in leadership and u.pk != specialist.unit_id
    ]  # fmt: skip
    if len(others) < 2:
        return None
    return Cast(
        clerk=_person(clerk),
        leader=_person(top[0]),
        deputy=_person(top[1]),
        specialist=_person(specialist),
        head=_person(head),
        unit=specialist.unit,
        others=(others[0], others[1]),
    )


class Days:
    """Working days counted from today in the agency's calendar: ``day(-3)`` three working days ago, ``day(2)`` two
    working days ahead; ``day(0)`` is today, or the last working day when today is not one."""

    def __init__(self, today: datetime.date) -> None:
        self.calendar = calendar_for()
        self.today = today
        self.base = today
        while not self.calendar.is_working_day(self.base):
            self.base -= datetime.timedelta(days=1)

    def day(self, n: int) -> datetime.date:
        if n >= 0:
            return self.calendar.add_working_days(self.base, n) if n else self.base
        day = self.base
        for _ in range(-n):
            day -= datetime.timedelta(days=1)
            while not self.calendar.is_working_day(day):
                day -= datetime.timedelta(days=1)
        return day

    def moment(self, n: int, hhmm: str) -> datetime.datetime:
        """Day ``n`` at ``hhmm`` (local time); never later than now."""
        hour, minute = (int(x) for x in hhmm.split(":"))
        at = datetime.datetime.combine(self.day(n), datetime.time(hour, minute), timezone.get_current_timezone())
        return min(at, timezone.now() - datetime.timedelta(minutes=1))


@dataclass(frozen=True)
class Step:
    day: int
    hhmm: str
    act: Callable[[], object]


@dataclass
class Month:
    """The month being replayed in one agency: its cast, its days, the documents and work made so far (by key)."""

    cast: Cast
    days: Days
    register: Register
    own_code: str
    documents: dict[str, IncomingDocument] = field(default_factory=dict)
    works: dict[str, Work] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    issued: int = 0

    def at(self, day: int, hhmm: str, act: Callable[[], object]) -> None:
        self.steps.append(Step(day, hhmm, act))

    def replay(self) -> None:
        for step in sorted(self.steps, key=lambda s: (s.day, s.hhmm)):
            with time_machine.travel(self.days.moment(step.day, step.hhmm), tick=True):
                step.act()

    # ---- what the steps do (each through the services) ------------------------------------------------------

    def receive(self, key: str, subject: str, *, kind: str = "CV", urgency: str = Urgency.NONE, file: str = "") -> None:
        """The clerk registers a document that arrived today (issued a day or two before), with its file: ``file``
        "pdf" (born digital), "scan" (an image to be read by OCR) or "eicar" (the anti-virus test file)."""
        self.issued += 1
        today = timezone.localdate()
        codes = [c for c in ISSUERS if c != self.own_code]
        issuer = resolve_issuer(code=codes[self.issued % len(codes)])
        entry = IncomingEntry(
            register=self.register,
            document_type=_document_type(kind),
            issuer=issuer,
            issued_date=today - datetime.timedelta(days=1 + self.issued % 2),
            subject=subject,
            number=entry_number(self.issued),
            notation=_notation(issuer.code, kind),
            urgency=urgency,
            recipient_units=(self.cast.unit,),
            files=_files(file, issuer.name, f"{entry_number(self.issued)}/{_notation(issuer.code, kind)}", subject),
        )
        self.documents[key] = register_incoming(entry, by=self.cast.clerk).document

    def post_scans(self) -> None:
        """This morning's paper post, scanned and uploaded by the clerk, waiting to be registered ("Vào sổ từ bản
        quét"): a scanned letter (read by OCR on the demo's workers) and a born-digital one."""
        self.issued += 1
        lines = demo_files.letter_lines("Sở Tài chính tỉnh Đồng Nai", "2735/STC-NS", "Hướng dẫn lập dự toán năm 2027")
        other = demo_files.letter_lines("Sở Y tế tỉnh Đồng Nai", "1904/SYT-NV", "Tăng cường phòng chống dịch bệnh")
        uploads = [
            demo_files.scanned_png("buu-pham-sang-1.png", lines),
            demo_files.letter_pdf("buu-pham-sang-2.pdf", other),
        ]
        pending.add_scans(uploads, by=self.cast.clerk)

    def submit(self, key: str, leader: Person, note: str = "") -> None:
        services.submit(self.documents[key], leader.user, by=self.cast.clerk, note=note)

    def direct(self, key: str, by: Person, entry: DirectionInput) -> None:
        self.works[key] = services.direct(self.documents[key], entry, by=by).work

    def task(self, key: str, by: Person, entry: TaskInput, parent: str | None = None) -> None:
        parent_work = self.works[parent] if parent else None
        self.works[key] = services.create_task(entry, by=by, parent=parent_work).work

    def part(self, key: str, **which) -> Assignment:
        return Assignment.objects.filter(work=self.works[key], state="open", **which).order_by("pk").first()

    def note(self, key: str, by: Person, kind: str, text: str, percent: int | None = None, **which) -> None:
        services.record_note(self.part(key, **which), NoteInput(kind=kind, text=text, percent=percent), by=by)


def entry_number(issued: int) -> int:
    return 100 + 37 * issued


def _files(kind: str, issuer: str, number: str, subject: str) -> tuple:
    lines = demo_files.letter_lines(issuer, number, subject)
    if kind == "pdf":
        return (demo_files.letter_pdf("cong-van.pdf", lines),)
    if kind == "scan":
        return (demo_files.scanned_png("ban-quet-cong-van.png", lines),)
    if kind == "eicar":
        return (demo_files.eicar("tai-lieu-kem-theo.pdf"),)
    return ()


def _document_type(kind: str) -> DocumentType:
    """A type of the Decree's catalogue by its abbreviation (CV: công văn, which has none)."""
    if kind == "CV":
        return DocumentType.objects.get(name="Công văn")
    return DocumentType.objects.get(abbreviation=kind)


def _notation(issuer_code: str, kind: str) -> str:
    """``UBND-VP`` for a công văn, ``GM-UBND`` for the other kinds (Appendix I Part I §II.3)."""
    issuer = {"000.00.00.G22": "VPCP", "000.00.00.G09": "BNV", "000.00.00.G12": "BTC"}.get(issuer_code, "UBND")
    return f"{issuer}-VP" if kind == "CV" else f"{kind}-{issuer}"


def _lead(unit: Unit | None = None, user=None, due: datetime.date | None = None) -> Assignee:
    return Assignee(unit=unit, user=user, due_on=due)


def plan_documents(m: Month) -> None:
    """Documents directed over the month: done on time (re-assigned inside the unit), done late, open and overdue,
    open and due soon, an extension waiting and one granted, one not started yet."""
    c, d = m.cast, m.days
    spec, head = c.specialist, c.head
    m.at(-21, "08:15", lambda: m.receive(
        "A", "Kế hoạch triển khai công tác cải cách hành chính năm 2027", file="pdf",
    ))  # fmt: skip
    m.at(-21, "08:40", lambda: m.submit("A", c.leader))
    m.at(-20, "09:30", lambda: m.direct("A", c.leader, DirectionInput(
        text="Giao đơn vị chủ trì tham mưu kế hoạch, phối hợp các phòng liên quan; báo cáo trước hạn.",
        lead=_lead(c.unit), supports=(_lead(c.others[0]),), infos=(_lead(user=c.deputy.user),), due_on=d.day(-10),
    )))  # fmt: skip
    m.at(-20, "14:00", lambda: services.reassign(m.part("A", unit=c.unit), ReassignInput(
        handler=_lead(user=spec.user, due=d.day(-11)), text="Đồng chí trực tiếp xây dựng dự thảo kế hoạch.",
    ), by=head))  # fmt: skip
    m.at(
        -18,
        "10:00",
        lambda: m.note("A", spec, "opinion", "Đề xuất lấy ý kiến các phòng trước khi trình.", user=spec.user),
    )
    m.at(-15, "15:00", lambda: m.note("A", spec, "progress", "Đã có dự thảo lần 1.", 60, user=spec.user))
    m.at(-12, "16:00", lambda: services.complete_part(m.part("A", user=spec.user), by=spec))
    m.at(-11, "10:00", lambda: _complete_support(m, "A", c.others[0]))
    m.at(-11, "15:30", lambda: services.complete_work(m.works["A"], by=head))

    m.at(-19, "08:20", lambda: m.receive("B", "Báo cáo kết quả rà soát thủ tục hành chính quý IV năm 2026"))
    m.at(-19, "08:50", lambda: m.submit("B", c.leader))
    m.at(-18, "10:15", lambda: m.direct("B", c.leader, DirectionInput(
        text="Giao chuyên viên tổng hợp, báo cáo đúng hạn.", lead=_lead(user=spec.user),
        supports=(_lead(c.others[1]),), due_on=d.day(-13),
    )))  # fmt: skip
    m.at(-16, "09:00", lambda: m.note("B", spec, "progress", "Đang chờ số liệu của các phòng.", 30, user=spec.user))
    m.at(-11, "09:00", lambda: _complete_support(m, "B", c.others[1]))
    m.at(-10, "16:20", lambda: services.complete_work(m.works["B"], by=spec))

    m.at(
        -15,
        "08:10",
        lambda: m.receive("C", "Góp ý dự thảo Quyết định ban hành quy chế làm việc của Ủy ban nhân dân tỉnh"),
    )
    m.at(-15, "08:35", lambda: m.submit("C", c.leader))
    m.at(-14, "09:45", lambda: m.direct("C", c.leader, DirectionInput(
        text="Nghiên cứu, tham mưu văn bản góp ý.", lead=_lead(user=spec.user), infos=(_lead(c.others[0]),),
        due_on=d.day(-4),
    )))  # fmt: skip
    m.at(-12, "11:00", lambda: m.note("C", spec, "opinion", "Cần làm rõ thẩm quyền ký văn bản.", user=spec.user))

    m.at(-9, "08:05", lambda: m.receive("D", "Đề nghị cung cấp số liệu về chuyển đổi số năm 2026", kind="CV"))
    m.at(-9, "08:30", lambda: m.submit("D", c.deputy, "Đồng chí Phó phụ trách lĩnh vực."))
    m.at(-8, "10:00", lambda: m.direct("D", c.deputy, DirectionInput(
        text="Tổng hợp, cung cấp số liệu theo đề nghị.", lead=_lead(user=spec.user), due_on=d.day(1),
    )))  # fmt: skip
    m.at(-5, "14:00", lambda: m.note("D", spec, "progress", "Đã tổng hợp 3/5 biểu mẫu.", 60, user=spec.user))
    plan_extensions(m)


def _complete_support(m: Month, key: str, unit: Unit) -> None:
    head = heads_of_units([unit.pk]).select_related("user").order_by("position__rank", "pk").first()
    services.complete_part(m.part(key, unit=unit), by=_person(head))


def plan_extensions(m: Month) -> None:
    """An overdue part whose extension waits for the leader; a part whose extension was granted; one not started."""
    c, d = m.cast, m.days
    other_head = heads_of_units([c.others[0].pk]).select_related("user").order_by("position__rank", "pk").first()
    m.at(-12, "08:00", lambda: m.receive("E", "Triển khai kiểm tra công tác phòng cháy, chữa cháy tại trụ sở cơ quan"))
    m.at(-12, "08:45", lambda: m.submit("E", c.leader))
    m.at(-11, "09:00", lambda: m.direct("E", c.leader, DirectionInput(
        text="Chủ trì kiểm tra, báo cáo kết quả.", lead=_lead(c.unit), supports=(_lead(c.others[1]),),
        due_on=d.day(-2),
    )))  # fmt: skip
    m.at(-4, "10:30", lambda: m.note("E", c.head, "progress", "Đã kiểm tra 2/4 khu vực.", 40, unit=c.unit))
    m.at(-3, "15:00", lambda: services.request_extension(
        m.part("E", unit=c.unit), d.day(5), "Chờ kết quả kiểm tra thực tế của các khu vực còn lại.", by=c.head,
    ))  # fmt: skip

    m.at(-13, "08:10", lambda: m.receive("F", "Xây dựng dự toán ngân sách năm 2027 và kế hoạch tài chính 03 năm"))
    m.at(-13, "08:30", lambda: m.submit("F", c.leader))
    m.at(-12, "10:20", lambda: m.direct("F", c.leader, DirectionInput(
        text="Chủ trì xây dựng dự toán, gửi Sở Tài chính đúng hạn.", lead=_lead(c.others[0]), due_on=d.day(-5),
    )))  # fmt: skip
    m.at(-7, "09:00", lambda: services.request_extension(
        m.part("F", unit=c.others[0]), d.day(4), "Chờ hướng dẫn của Bộ Tài chính.", by=_person(other_head),
    ))  # fmt: skip
    m.at(-6, "14:00", lambda: services.decide_extension(
        m.part("F", unit=c.others[0]).extension_requests.get(decision="pending"), grant=True, by=c.leader,
        answer="Đồng ý gia hạn.",
    ))  # fmt: skip
    m.at(-6, "16:00", lambda: m.note("F", _person(other_head), "progress", "Đã lập dự toán chi thường xuyên.", 50,
                                     unit=c.others[0]))  # fmt: skip

    m.at(
        -5,
        "08:15",
        lambda: m.receive("G", "Thông báo kết luận của Chủ tịch UBND tỉnh tại hội nghị giao ban", kind="TB"),
    )
    m.at(-5, "08:40", lambda: m.submit("G", c.leader))
    m.at(-4, "09:10", lambda: m.direct("G", c.leader, DirectionInput(
        text="Triển khai các nội dung kết luận thuộc lĩnh vực phụ trách.", lead=_lead(c.others[1]),
        infos=(_lead(user=c.deputy.user),), due_on=d.day(8),
    )))  # fmt: skip


def plan_waiting(m: Month) -> None:
    """What waits today: documents before the leaders (urgent ones among them, an invitation), two registered this
    morning not submitted yet (the clerk's)."""
    c = m.cast
    m.at(-2, "08:30", lambda: m.receive("W1", "Hướng dẫn quyết toán kinh phí ngân sách năm 2026"))
    m.at(-2, "09:00", lambda: m.submit("W1", c.leader))
    m.at(-1, "09:00", lambda: m.receive("W2", "Giấy mời dự hội nghị trực tuyến tổng kết công tác năm 2026", kind="GM"))
    m.at(-1, "09:20", lambda: m.submit("W2", c.deputy, "Kính chuyển đồng chí Phó dự họp."))
    m.at(-1, "14:00", lambda: m.receive(
        "W3", "Triển khai các biện pháp cấp bách ứng phó với mưa lớn, triều cường", urgency=Urgency.URGENT,
        file="scan",
    ))  # fmt: skip
    m.at(-1, "14:10", lambda: m.submit("W3", c.leader, "Văn bản khẩn."))
    m.at(0, "07:45", lambda: m.receive(
        "W4", "Báo cáo nhanh tình hình thiệt hại do thiên tai gây ra", urgency=Urgency.FLASH,
    ))  # fmt: skip
    m.at(0, "07:50", lambda: m.submit("W4", c.leader, "Hỏa tốc: đề nghị đồng chí cho ý kiến ngay."))
    m.at(0, "07:55", lambda: m.receive("N1", "Đề nghị phối hợp tổ chức Ngày Chuyển đổi số tỉnh", file="eicar"))
    m.at(0, "07:58", lambda: m.receive("N2", "Kế hoạch thanh tra chuyên ngành năm 2027", kind="KH"))
    m.at(0, "08:05", m.post_scans)


def plan_tasks(m: Month) -> None:
    """Tasks (giao việc): one with two sub-tasks split by its lead (one done, one due soon), one done on time; and
    the head's delegation to the deputy, in force this week."""
    c, d = m.cast, m.days
    spec = c.specialist
    m.at(-10, "10:00", lambda: m.task("T1", c.leader, TaskInput(
        title="Xây dựng kế hoạch chuyển đổi số của cơ quan năm 2027",
        description="Rà soát hiện trạng, đề xuất nhiệm vụ và kinh phí.", lead=_lead(c.unit),
        supports=(_lead(c.others[0]),), infos=(_lead(user=c.deputy.user),), due_on=d.day(6),
    )))  # fmt: skip
    m.at(-9, "09:00", lambda: m.task("T1.1", c.head, TaskInput(
        title="Khảo sát hiện trạng hạ tầng công nghệ thông tin", lead=_lead(user=spec.user), due_on=d.day(2),
    ), parent="T1"))  # fmt: skip
    m.at(-9, "09:10", lambda: m.task("T1.2", c.head, TaskInput(
        title="Tổng hợp nhu cầu bồi dưỡng kỹ năng số", lead=_lead(user=spec.user), due_on=d.day(5),
    ), parent="T1"))  # fmt: skip
    m.at(-6, "11:00", lambda: m.note("T1.1", spec, "progress", "Đã khảo sát 4/7 phòng.", 40, user=spec.user))
    m.at(-3, "16:00", lambda: services.complete_work(m.works["T1.2"], by=spec))
    m.at(-16, "15:00", lambda: m.task("T2", c.deputy, TaskInput(
        title="Chuẩn bị báo cáo sơ kết công tác tháng", lead=_lead(user=spec.user), due_on=d.day(-8),
        urgency=Urgency.URGENT,
    )))  # fmt: skip
    m.at(-9, "15:00", lambda: services.complete_work(m.works["T2"], by=spec))
    starts, ends = d.moment(-1, "07:30"), _end_of(d.day(3))
    m.at(-2, "16:30", lambda: delegations.delegate(
        c.deputy.user, starts, ends, "Đi công tác tại Hà Nội", by=c.leader,
    ))  # fmt: skip


def _end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(17, 30), timezone.get_current_timezone())


def has_work() -> bool:
    """The agency already has documents or direction work: the month is not loaded (again)."""
    return IncomingDocument.objects.exists() or Work.objects.exists() or Submission.objects.exists()


def load_month() -> bool:
    """Replay the month in the current agency; False when it was already there or the agency lacks a role."""
    cast = find_cast()
    if cast is None or has_work():
        return False
    register = (
        Register.objects.filter(kind=Register.Kind.INCOMING, is_active=True)
        .filter(Q(secrecy_levels__contains=[Secrecy.NONE]))
        .order_by("order", "pk")
        .first()
    )
    own_code = Agency.objects.get(schema_name=connection.schema_name).code_102
    month = Month(cast=cast, days=Days(timezone.localdate()), register=register, own_code=own_code)
    for plan in (plan_documents, plan_waiting, plan_tasks):
        plan(month)
    month.replay()
    return True


__all__ = ["Cast", "Days", "find_cast", "load_month"]
