"""What a person gives a direction service: frozen objects the web forms and the API build the same way."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from apps.people.models import Unit


@dataclass(frozen=True)
class Assignee:
    """A unit or a person (exactly one), with an own deadline when it differs from the work's."""

    unit: Unit | None = None
    user: Any = None
    due_on: datetime.date | None = None

    @property
    def key(self) -> tuple[str, int]:
        return ("unit", self.unit.pk) if self.unit is not None else ("user", self.user.pk)

    @property
    def label(self) -> str:
        return str(self.unit) if self.unit is not None else str(self.user)


@dataclass(frozen=True)
class DirectionInput:
    """A leader's direction on a document: the text (ý kiến chỉ đạo), one lead, supports, people kept informed and
    the lead's deadline (Đ23; Phiếu giải quyết văn bản đến, part 1)."""

    text: str
    lead: Assignee | None
    supports: tuple[Assignee, ...] = ()
    infos: tuple[Assignee, ...] = ()
    due_on: datetime.date | None = None


@dataclass(frozen=True)
class NoteInput:
    """What an assignee records: an opinion, progress (0–100 %) or the result."""

    kind: str
    text: str = ""
    percent: int | None = None
    files: tuple = field(default_factory=tuple)
    reply: Any = None  # the outgoing draft that answers the document (outgoing.Draft)


@dataclass(frozen=True)
class ReassignInput:
    """A unit head hands the unit's part to people of the unit: who carries it (the same role as the unit's part)
    and who helps, with their deadlines (Phiếu giải quyết văn bản đến, part 2)."""

    handler: Assignee | None
    helpers: tuple[Assignee, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class TaskInput:
    """A task not born from a document (giao việc): on the same assignment model as a document's direction."""

    title: str
    description: str = ""
    lead: Assignee | None = None
    supports: tuple[Assignee, ...] = ()
    infos: tuple[Assignee, ...] = ()
    due_on: datetime.date | None = None
    urgency: str = "none"
    files: tuple = field(default_factory=tuple)
