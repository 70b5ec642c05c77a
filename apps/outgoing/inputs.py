"""What a drafter enters for an outgoing draft, as one object the services take (instead of a dozen arguments):
``DraftEntry`` with its ``RecipientSpec``s (Nơi nhận) and ``Upload``s. Built by the form, the API and tests alike;
text is normalised once, here, so that every rule and the database see the same value."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.text import normalize
from apps.documents.inputs import Upload
from apps.people.models import Unit
from province.directory.models import DirectoryEntry
from tenants.models import Agency

from .models import OutgoingRecipient

# The fields of a draft the drafter fills in (recipients and files come separately), in the order the API lists
# them: what the document says and who signs it (then, in the API, the reviewer and the register the flow gives),
# then its particulars and the documents it answers or corrects.
WRITTEN_FIELDS = ("document_type", "subject", "urgency", "secrecy", "due_on", "signer", "signer_position")
PARTICULAR_FIELDS = (
    "page_count",
    "issued_amount",
    "language",
    "description",
    "in_reply_to",
    "corrects",
    "correction_kind",
)
DRAFT_FIELDS = (*WRITTEN_FIELDS, *PARTICULAR_FIELDS)
# Text fields normalised as they come in (NFC, single spaces, no invisible characters).
_TEXT_FIELDS = ("subject", "signer_position", "description", "language")


@dataclass(frozen=True)
class RecipientSpec:
    """One line of "Nơi nhận": an agency by code, another place written out, a unit or a person of the agency."""

    kind: str
    name: str = ""
    agency_code: str = ""
    unit: Unit | None = None
    user: Any = None

    @classmethod
    def place(cls, name: str) -> "RecipientSpec":
        return cls(kind=OutgoingRecipient.Kind.PLACE, name=normalize(name))

    @classmethod
    def of_unit(cls, unit: Unit) -> "RecipientSpec":
        return cls(kind=OutgoingRecipient.Kind.UNIT, name=unit.name, unit=unit)

    @classmethod
    def person(cls, user: Any) -> "RecipientSpec":
        return cls(kind=OutgoingRecipient.Kind.PERSON, name=user.full_name or user.username, user=user)

    @classmethod
    def agency(cls, code: str) -> "RecipientSpec":
        """An agency of this deployment, or else of the directory, by its QCVN 102 code (name kept as found)."""
        code = code.strip().upper()
        found = Agency.objects.filter(code_102=code).first() or DirectoryEntry.objects.filter(code_102=code).first()
        if found is None:
            raise ValidationError({"recipients": _("No agency has the code %(code)s.") % {"code": code}})
        return cls(kind=OutgoingRecipient.Kind.AGENCY, name=found.name[:200], agency_code=found.code_102)

    @property
    def key(self) -> tuple:
        return (self.kind, self.agency_code, getattr(self.unit, "pk", None), getattr(self.user, "pk", None), self.name)

    def row(self, **extra: Any) -> OutgoingRecipient:
        """The recipient as a row of the draft (``extra``: its draft and position)."""
        return OutgoingRecipient(
            kind=self.kind, agency_code=self.agency_code, name=self.name, unit=self.unit, user=self.user, **extra
        )


def recipients_from(
    *, agency_codes: Iterable[str] = (), places: Iterable[str] = (), units: Iterable[Unit] = (), users: Iterable = ()
) -> list[RecipientSpec]:
    """Recipients from the four kinds of input, in that order, every unknown agency code reported at once."""
    specs, errors = [], []
    for code in agency_codes:
        if code.strip():
            try:
                specs.append(RecipientSpec.agency(code))
            except ValidationError as exc:
                errors += exc.message_dict["recipients"]
    if errors:
        raise ValidationError({"recipients": errors})
    specs += [RecipientSpec.place(p) for p in places if p.strip()]
    specs += [RecipientSpec.of_unit(u) for u in units]
    specs += [RecipientSpec.person(u) for u in users]
    return specs


@dataclass(frozen=True)
class DraftEntry:
    """The drafter's input for a new draft or for the next version of one (Đ10).

    ``fields``: values of ``DRAFT_FIELDS`` (on a change, only those that change); ``recipients``: every line of
    "Nơi nhận" (None: on a change, keep them; on a new draft, none); ``files``: files to add; ``keep_files``: the
    ids of the current version's files to keep (None: all of them); ``note``: what changed, for the reviewers;
    ``drafting_unit``: the unit a new draft is written for (None: the drafter's first unit)."""

    fields: Mapping[str, Any] = field(default_factory=dict)
    recipients: tuple[RecipientSpec, ...] | None = None
    files: tuple[Upload, ...] = ()
    keep_files: frozenset[int] | None = None
    note: str = ""
    drafting_unit: Unit | None = None

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(DRAFT_FIELDS)
        if unknown:
            raise TypeError(f"unknown draft fields: {sorted(unknown)}")
        normal = {
            "fields": MappingProxyType(_normalised(self.fields)),
            "recipients": None if self.recipients is None else _unique(self.recipients),
            "files": tuple(Upload.of(f) for f in self.files or ()),
            "keep_files": None if self.keep_files is None else frozenset(int(pk) for pk in self.keep_files),
            "note": (self.note or "").strip()[:500],
        }
        for name, value in normal.items():
            object.__setattr__(self, name, value)

    @classmethod
    def of(
        cls,
        *,
        recipients: Iterable[RecipientSpec] | None = None,
        files: Iterable["Upload | IO[bytes]"] = (),
        keep_files: Iterable[int] | None = None,
        note: str = "",
        drafting_unit: Unit | None = None,
        **fields: Any,
    ) -> "DraftEntry":
        """An entry from keywords: the draft's fields by name beside the rest."""
        return cls(
            fields=fields,
            recipients=None if recipients is None else tuple(recipients),
            files=tuple(files),
            keep_files=None if keep_files is None else frozenset(keep_files),
            note=note,
            drafting_unit=drafting_unit,
        )


def _normalised(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    for name in _TEXT_FIELDS:
        if isinstance(out.get(name), str):
            out[name] = normalize(out[name])
    if out.get("correction_kind") is None:
        out.pop("correction_kind", None)
    return out


def _unique(recipients: Iterable[RecipientSpec]) -> tuple[RecipientSpec, ...]:
    return tuple({r.key: r for r in recipients}.values())
