"""The rules on an outgoing draft's input, reported field by field (every problem at once, nothing saved), and the
checks each step makes before it changes anything (Decree 30/2020/NĐ-CP, Đ10–16). services.py calls them."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.documents import storage
from apps.documents.access import incoming_visible_to
from apps.documents.search import normalize
from apps.documents.services import Upload
from apps.people.access import Person
from apps.people.models import Membership, Role, Unit
from apps.registers.access import may_register_into
from apps.registers.models import DocumentType, Register, Secrecy, Urgency
from province.directory.models import DirectoryEntry
from tenants.models import Agency

from . import access
from .models import CorrectionKind, Draft, DraftFile, OutgoingRecipient

# The fields of a draft the drafter fills in (recipients and files come separately).
DRAFT_FIELDS = [
    "document_type",
    "subject",
    "urgency",
    "secrecy",
    "due_on",
    "signer",
    "signer_position",
    "page_count",
    "issued_amount",
    "language",
    "description",
    "in_reply_to",
    "corrects",
    "correction_kind",
]


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


# ---- checks -------------------------------------------------------------------------------------------------------


def add(errors: dict[str, list[str]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def current_agency() -> Agency:
    return Agency.objects.get(schema_name=connection.schema_name)


def register_for(document_type: DocumentType | None, secrecy: str) -> Register | None:
    """The first active outgoing register covering the type and the secrecy level (secret documents have their
    own series, Đ15.1); None when the agency has none."""
    if document_type is None:
        return None
    registers = Register.objects.filter(kind=Register.Kind.OUTGOING, is_active=True).prefetch_related("document_types")
    for register in registers.order_by("order", "name"):
        if secrecy in register.secrecy_levels and register.covers(document_type):
            return register
    return None


def signer_position_of(user: Any) -> str:
    """The post of the signer's leader membership (the highest one), as the signature block names it."""
    membership = (
        Membership.objects.filter(user=user, is_active=True, roles__contains=[Role.LEADER])
        .select_related("position")
        .order_by("position__rank")
        .first()
    )
    return membership.position.name if membership else ""


def check_fields(by: Person, draft: Draft, errors: dict[str, list[str]]) -> None:
    """Every rule on a draft's own fields, reported into ``errors``."""
    today = timezone.localdate()
    if draft.document_type_id is None:
        add(errors, "document_type", _("Choose the document type."))
    elif not draft.document_type.is_active:
        add(errors, "document_type", _("This document type is no longer in use."))
    elif draft.document_type.is_copy_form:
        add(errors, "document_type", _("Copies are made from issued documents, not drafted."))
    if not draft.subject:
        add(errors, "subject", _("Enter the subject."))
    if draft.urgency not in Urgency.values:
        add(errors, "urgency", _("Unknown urgency."))
    if draft.secrecy not in Secrecy.values:
        add(errors, "secrecy", _("Unknown secrecy level."))
    if draft.due_on and draft.due_on < today:
        add(errors, "due_on", _("The reply due date cannot be in the past."))
    if draft.signer_id is not None and not signer_position_of(draft.signer):
        add(errors, "signer", _("The signer must be a leader of the agency."))
    if draft.in_reply_to_id is not None and not incoming_visible_to(by).filter(pk=draft.in_reply_to_id).exists():
        add(errors, "in_reply_to", _("You cannot see this incoming document."))
    if draft.corrects_id is not None:
        if not access.outgoing_visible_to(by).filter(pk=draft.corrects_id).exists():
            add(errors, "corrects", _("You cannot see this outgoing document."))
        if not draft.correction_kind:
            add(errors, "correction_kind", _("Say whether it corrects, amends or replaces the document."))
    elif draft.correction_kind:
        add(errors, "corrects", _("Choose the document it corrects, amends or replaces."))
    if draft.correction_kind and draft.correction_kind not in CorrectionKind.values:
        add(errors, "correction_kind", _("Unknown kind of correction."))
    try:
        draft.full_clean(
            exclude=["drafting_unit", "drafter", "document_type", "signer", "register", "in_reply_to", "corrects"],
            validate_constraints=False,
        )
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            for message in messages:
                if message not in errors.get(key, []):
                    add(errors, key, message)


def check_recipients(recipients: list[RecipientSpec], errors: dict[str, list[str]]) -> None:
    if any(r.unit is not None and not r.unit.is_active for r in recipients):
        add(errors, "recipients", _("A recipient unit is no longer active."))
    users = [r.user for r in recipients if r.user is not None]
    if users:
        members = set(
            Membership.objects.filter(user__in=users, is_active=True).values_list("user_id", flat=True).distinct()
        )
        if any(u.pk not in members for u in users):
            add(errors, "recipients", _("A recipient is not a member of the agency."))
    for r in recipients:
        if not r.name:
            add(errors, "recipients", _("Enter the name of each place the document goes to."))
        elif len(r.name) > 200:
            add(errors, "recipients", _("A recipient's name has at most 200 characters."))


def check_uploads(uploads: list[Upload], errors: dict[str, list[str]]) -> None:
    for upload in uploads:
        try:
            storage.check_size(upload.content, storage.clean_name(upload.name))
        except ValidationError as exc:
            for message in exc.message_dict["files"]:
                add(errors, "files", message)


def ensure_state(draft: Draft, action: str) -> None:
    if draft.state not in access.ACTIONS[action]:
        message = _("The draft is at the step “%(state)s”: this action is not possible now.")
        raise ValidationError({"state": message % {"state": draft.get_state_display()}})


def ensure_version(draft: Draft, version: int | None) -> None:
    """Every action names the version it acts on: a stale page or client must not act on a newer version."""
    if version != draft.version:
        raise ValidationError(
            {
                "version": _(
                    "The draft has changed since you opened it: version %(current)s is the latest. Read it again."
                )
                % {"current": draft.version}
            }
        )


def submission_errors(draft: Draft) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if draft.signer_id is None:
        add(errors, "signer", _("Choose the signer before submitting."))
    if draft.register_id is None:
        add(errors, "register", _("No outgoing register covers this type and secrecy level: ask the administrator."))
    if not DraftFile.objects.filter(version__draft=draft, version__number=draft.version).exists():
        add(errors, "files", _("Attach the draft's file before submitting."))
    if not draft.recipients.exists():
        add(errors, "recipients", _("Say where the document goes (Nơi nhận) before submitting."))
    if not access.heads_of(draft.drafting_unit_id).exists():
        add(errors, "drafting_unit", _("The drafting unit has no leader to review the content."))
    return errors


def check_issue_register(by: Person, draft: Draft, register: Register | None) -> Register:
    if register is None:
        raise ValidationError({"register": _("Choose the register.")})
    if register.kind != Register.Kind.OUTGOING:
        raise ValidationError({"register": _("This is not an outgoing register.")})
    if not may_register_into(by, register, draft.secrecy):
        if draft.secrecy not in register.secrecy_levels:
            raise ValidationError({"register": _("This register does not cover documents of this secrecy level.")})
        raise ValidationError({"register": _("You may not register documents into this register.")})
    if not register.covers(draft.document_type):
        raise ValidationError({"register": _("This register does not cover this document type.")})
    return register
