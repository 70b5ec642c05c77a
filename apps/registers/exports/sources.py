"""What a printed register holds: the columns of each kind of register (Decree 30, Appendix IV) and the registry of
*row sources*, one per kind, that the apps holding the documents plug into from their AppConfig.ready().

Registers sits below documents and outgoing: it never imports them. ``apps.documents`` registers the incoming row
source, ``apps.outgoing`` the outgoing one::

    register_row_source(Register.Kind.OUTGOING, RowSource(documents=issued_in_range, row=register_row))

A source gives the documents of a range that a person may see (a queryset, ordered by number, with what its rows
need prefetched) and turns one of them into the ten cells of its line. The column headings are fixed by the
Decree's forms, in Vietnamese: they are Vietnamese literals here on purpose."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from apps.people.access import Person

from ..models import Register, Secrecy, Urgency
from .ranges import RegisterRange


@dataclass(frozen=True)
class Column:
    """A column of a printed register: its heading, its width on the A4 landscape page (265 mm between margins)
    and whether its cells are centred (dates and numbers). Every width fits the longest word of its heading in
    the PDF's bold 10.5 pt heading font, so a heading never breaks inside a word (test_exports_layout)."""

    heading: str
    width_mm: int
    centred: bool = False


# Appendix IV, Sổ đăng ký văn bản đến and Sổ đăng ký văn bản đi: the ten columns, in the Decree's order and words.
INCOMING_COLUMNS = (
    Column("Ngày đến", 22, centred=True),
    Column("Số đến", 13, centred=True),
    Column("Tác giả", 33),
    Column("Số, ký hiệu văn bản", 30),
    Column("Ngày tháng văn bản", 23, centred=True),
    Column("Tên loại và trích yếu nội dung", 52),
    Column("Đơn vị hoặc người nhận", 30),
    Column("Ngày chuyển", 21, centred=True),
    Column("Ký nhận", 18),
    Column("Ghi chú", 23),
)
OUTGOING_COLUMNS = (
    Column("Số, ký hiệu văn bản", 26),
    Column("Ngày tháng văn bản", 22, centred=True),
    Column("Tên loại và trích yếu nội dung", 50),
    Column("Người ký", 26),
    Column("Nơi nhận văn bản", 36),
    Column("Đơn vị, người nhận bản lưu", 22),
    Column("Số lượng bản", 16, centred=True),
    Column("Ngày chuyển", 21, centred=True),
    Column("Ký nhận", 16),
    Column("Ghi chú", 30),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    Register.Kind.INCOMING: INCOMING_COLUMNS,
    Register.Kind.OUTGOING: OUTGOING_COLUMNS,
}
URGENCY_WORDS = {Urgency.URGENT: "Khẩn", Urgency.VERY_URGENT: "Thượng khẩn", Urgency.FLASH: "Hỏa tốc"}
SECRECY_WORDS = {Secrecy.CONFIDENTIAL: "Mật", Secrecy.SECRET: "Tối mật", Secrecy.TOP_SECRET: "Tuyệt mật"}


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register: its number and date in the register (for the cover) and the cells as printed."""

    number: int
    date: datetime.date
    cells: tuple[str, ...]


@dataclass(frozen=True)
class RowSource:
    """``documents(person, register, span)``: the register's documents of the span the person may see, ordered by
    their number in the register; ``row(document)``: its line, one cell per column of the register's kind."""

    documents: Callable[[Person, Register, RegisterRange], QuerySet]
    row: Callable[[Any], RegisterRow]


_sources: dict[str, RowSource] = {}


def register_row_source(kind: str, source: RowSource) -> RowSource:
    """Called once per kind of register from the AppConfig.ready() of the app that holds its documents."""
    if kind not in COLUMNS:
        raise ValueError(f"no printed form for registers of kind {kind!r}")
    _sources[kind] = source
    return source


def row_source(kind: str) -> RowSource | None:
    return _sources.get(kind)


def is_printable(register: Register) -> bool:
    return register.kind in _sources


def markings(document: Any) -> tuple[str, str]:
    """A document's urgency and secrecy in the Decree's words ("Khẩn", "Mật"), each empty where it has none."""
    return URGENCY_WORDS.get(document.urgency, ""), SECRECY_WORDS.get(document.secrecy, "")


def notes(*parts: str) -> str:
    """Ghi chú: the parts that apply, joined."""
    return "; ".join(p for p in parts if p)


def person_name(user: Any) -> str:
    return getattr(user, "full_name", "") or user.get_username()
