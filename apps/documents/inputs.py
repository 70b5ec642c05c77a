"""What a clerk enters for an incoming document, as one object the services take (instead of twenty arguments):
``IncomingEntry`` with its ``Issuer`` and ``Upload``s. Built by the form, the API and tests alike; text is
normalised once, here (NFC, single spaces), so that every rule and the database see the same value."""

import dataclasses
import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any, Self

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.people.models import Unit
from apps.registers.models import DocumentType, Register, Secrecy, Urgency
from province.directory.models import DirectoryEntry
from tenants.models import Agency

from . import search


class _Coerced:
    """``X.of(value)``: ``value`` itself when it is an X already, else an X made from it (``made_from``)."""

    @classmethod
    def of(cls, value: Any) -> Self:
        return value if isinstance(value, cls) else cls.made_from(value)

    @classmethod
    def made_from(cls, value: Any) -> Self:
        raise NotImplementedError


@dataclass(frozen=True)
class Issuer(_Coerced):
    """Cơ quan ban hành: the agency code (QCVN 102) when it is known, and the name as written."""

    name: str
    code: str = ""

    @classmethod
    def made_from(cls, value: "Agency | DirectoryEntry | str") -> "Issuer":
        if isinstance(value, Agency | DirectoryEntry):
            return cls(name=value.name, code=value.code_102)
        return cls(name=search.normalize(str(value or "")))


@dataclass(frozen=True)
class Reference:
    """How the issuer refers to a document: its number, notation and issuer (số, ký hiệu, cơ quan ban hành). The
    same reference registered twice is a likely duplicate (Appendix VI §III.1)."""

    number: int | None
    notation: str
    issuer: Issuer


def resolve_issuer(*, code: str = "", name: str = "") -> Issuer:
    """An issuer from its agency code (an agency of this deployment first, then the directory), or free text."""
    code = code.strip().upper()
    if code:
        found = Agency.objects.filter(code_102=code).first() or DirectoryEntry.objects.filter(code_102=code).first()
        if found is None:
            raise ValidationError({"issuer_code": _("No agency has the code %(code)s.") % {"code": code}})
        return Issuer.of(found)
    return Issuer.of(name)


@dataclass(frozen=True)
class Upload(_Coerced):
    """A file to attach: its content (a Django UploadedFile or any binary file object) and its name."""

    content: IO[bytes]
    name: str
    content_type: str = ""

    @classmethod
    def made_from(cls, value: IO[bytes]) -> "Upload":
        return cls(content=value, name=getattr(value, "name", ""), content_type=getattr(value, "content_type", ""))


def _unique(items: Iterable) -> tuple:
    return tuple(dict.fromkeys(items or ()))


@dataclass(frozen=True)
class IncomingEntry:
    """Every field of an incoming document the clerk enters (Decree 30 Appendix VI Part II). The arrival number is
    the register's; the arrival date is today unless given (the paper came in earlier)."""

    register: Register | None
    document_type: DocumentType | None
    issuer: Issuer
    issued_date: datetime.date | None
    subject: str
    number: int | None = None
    notation: str = ""
    page_count: int | None = None
    signer: str = ""
    signer_position: str = ""
    urgency: str = Urgency.NONE
    secrecy: str = Secrecy.NONE
    recipient_units: tuple[Unit, ...] = ()
    recipient_users: tuple = ()
    due_on: datetime.date | None = None
    description: str = ""
    language: str = "vi"
    arrival_date: datetime.date | None = None
    files: tuple[Upload, ...] = ()

    def __post_init__(self) -> None:
        normal = {
            "issuer": Issuer.of(self.issuer),
            "notation": search.normalize(self.notation or ""),
            "subject": search.normalize(self.subject or ""),
            "signer": search.normalize(self.signer or ""),
            "signer_position": search.normalize(self.signer_position or ""),
            "description": unicodedata.normalize("NFC", (self.description or "").strip()),
            "language": self.language or "vi",
            "recipient_units": _unique(self.recipient_units),
            "recipient_users": _unique(self.recipient_users),
            "files": tuple(Upload.of(f) for f in self.files or ()),
        }
        for name, value in normal.items():
            object.__setattr__(self, name, value)

    @property
    def reference(self) -> Reference:
        return Reference(self.number, self.notation, self.issuer)

    def with_changes(self, **changes: Any) -> "IncomingEntry":
        """A copy with ``changes`` applied (normalised the same way)."""
        return dataclasses.replace(self, **changes)


# What is written on the document besides its issuer, number and notation (Appendix VI Part II), in the order the
# register, the API and the audit list them: an IncomingDocument's and an IncomingEntry's fields of the same name.
WRITTEN_FIELDS = (
    "issued_date",
    "document_type",
    "subject",
    "language",
    "page_count",
    "signer",
    "signer_position",
    "urgency",
    "secrecy",
    "due_on",
    "description",
)

# What a correction may change (Appendix VI: add and edit metadata). The register, the arrival number and date stay:
# they are the register's own record, printed and bound (Đ22); a wrong one is cancelled and registered again.
CORRECTABLE = ("issuer", "number", "notation", *WRITTEN_FIELDS, "recipient_units", "recipient_users")
