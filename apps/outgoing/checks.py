"""The rules on an outgoing draft's input, reported field by field (every problem at once, nothing saved), and the
checks each step makes before it changes anything (Decree 30/2020/NĐ-CP, Đ10–16). services.py calls them."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.text import normalize
from apps.documents.access import incoming_visible_to
from apps.documents.inputs import Upload
from apps.documents.validation import check_uploads as check_upload_sizes
from apps.people.access import Person
from apps.people.models import Membership, Role, Unit
from apps.registers import validation as shared
from apps.registers.models import DocumentType, Register
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


add = shared.add


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
    document_type = draft.document_type if draft.document_type_id is not None else None
    shared.check_document_type(errors, document_type)
    if document_type is not None and document_type.is_active and document_type.is_copy_form:
        add(errors, "document_type", _("Copies are made from issued documents, not drafted."))
    if not draft.subject:
        add(errors, "subject", _("Enter the subject."))
    shared.check_marks(errors, urgency=draft.urgency, secrecy=draft.secrecy)
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
        shared.merge(errors, exc)


def check_recipients(recipients: list[RecipientSpec], errors: dict[str, list[str]]) -> None:
    shared.check_recipients(
        errors,
        units=[r.unit for r in recipients if r.unit is not None],
        users=[r.user for r in recipients if r.user is not None],
        units_key="recipients",
        users_key="recipients",
    )
    for r in recipients:
        if not r.name:
            add(errors, "recipients", _("Enter the name of each place the document goes to."))
        elif len(r.name) > 200:
            add(errors, "recipients", _("A recipient's name has at most 200 characters."))


def check_uploads(uploads: list[Upload], errors: dict[str, list[str]]) -> None:
    check_upload_sizes(errors, uploads)


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
    if not access.reviewers_for(draft):
        add(errors, "reviewer", _("The agency has no leader to review the content: ask the administrator."))
    return errors


def check_reviewer(draft: Draft, reviewer: Any, errors: dict[str, list[str]]) -> Any:
    """The content reviewer the drafter chose, among ``access.reviewers_for`` (the best placed when none is chosen)."""
    allowed = access.reviewers_for(draft)
    if not allowed:
        return None  # reported by submission_errors
    if reviewer is None:
        return allowed[0].user
    if getattr(reviewer, "pk", None) not in {m.user_id for m in allowed}:
        add(errors, "reviewer", _("Choose the reviewer among the heads of the drafting unit or the agency's leaders."))
        return None
    return reviewer


def check_issue_register(by: Person, draft: Draft, register: Register | None) -> Register:
    """The register the clerk issues into covers the draft's type and secrecy level (the same rule as for
    incoming documents: registers.validation)."""
    errors: dict[str, list[str]] = {}
    shared.check_register(
        errors, by, register, kind=Register.Kind.OUTGOING, secrecy=draft.secrecy, document_type=draft.document_type
    )
    shared.raise_if_any(errors)
    return register
