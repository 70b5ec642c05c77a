"""The rules on an outgoing draft's input, reported field by field into one ``errors`` mapping (every problem at
once, nothing saved), and the checks each step makes before it changes anything (Decree 30/2020/NĐ-CP, Đ10–16).
The rules incoming and outgoing documents share are registers.validation's; services.py calls these. (Not Django's
system checks: this is the drafts' input validation.)"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.documents.access import incoming_visible_to
from apps.people.access import Person
from apps.people.models import Membership, Role
from apps.registers import validation as shared
from apps.registers.models import DocumentType, Register

from . import access
from .inputs import RecipientSpec
from .models import CorrectionKind, Draft, DraftFile

Errors = shared.Errors


def register_for(document_type: DocumentType | None, secrecy: str) -> Register | None:
    """The first active outgoing register covering the type and the secrecy level (``registers.validation.covers``);
    None when the agency has none."""
    if document_type is None:
        return None
    registers = Register.objects.filter(kind=Register.Kind.OUTGOING, is_active=True).prefetch_related("document_types")
    covering = shared.registers_covering(registers.order_by("order", "name"), document_type, secrecy)
    return covering[0] if covering else None


def signer_position_of(user: Any) -> str:
    """The post of the signer's leader membership (the highest one), as the signature block names it."""
    membership = (
        Membership.objects.filter(user=user, is_active=True, roles__contains=[Role.LEADER])
        .select_related("position")
        .order_by("position__rank")
        .first()
    )
    return membership.position.name if membership else ""


def check_fields(by: Person, draft: Draft, errors: Errors) -> None:
    """Every rule on a draft's own fields, reported into ``errors``."""
    document_type = draft.document_type if draft.document_type_id is not None else None
    shared.check_document_type(errors, document_type)
    if document_type is not None and document_type.is_active and document_type.is_copy_form:
        shared.add(errors, "document_type", _("Copies are made from issued documents, not drafted."))
    if not draft.subject:
        shared.add(errors, "subject", _("Enter the subject."))
    shared.check_marks(errors, urgency=draft.urgency, secrecy=draft.secrecy)
    if draft.due_on and draft.due_on < timezone.localdate():
        shared.add(errors, "due_on", _("The reply due date cannot be in the past."))
    if draft.signer_id is not None and not signer_position_of(draft.signer):
        shared.add(errors, "signer", _("The signer must be a leader of the agency."))
    check_links(by, draft, errors)
    exclude = ["drafting_unit", "drafter", "document_type", "signer", "register", "in_reply_to", "corrects"]
    shared.check_model(errors, draft, exclude=exclude)


def check_links(by: Person, draft: Draft, errors: Errors) -> None:
    """The incoming document it answers and the outgoing one it corrects are documents ``by`` may see; a correction
    says its kind (Đ18.3: corrects, amends or replaces)."""
    if draft.in_reply_to_id is not None and not incoming_visible_to(by).filter(pk=draft.in_reply_to_id).exists():
        shared.add(errors, "in_reply_to", _("You cannot see this incoming document."))
    if draft.corrects_id is not None:
        if not access.outgoing_visible_to(by).filter(pk=draft.corrects_id).exists():
            shared.add(errors, "corrects", _("You cannot see this outgoing document."))
        if not draft.correction_kind:
            shared.add(errors, "correction_kind", _("Say whether it corrects, amends or replaces the document."))
    elif draft.correction_kind:
        shared.add(errors, "corrects", _("Choose the document it corrects, amends or replaces."))
    if draft.correction_kind and draft.correction_kind not in CorrectionKind.values:
        shared.add(errors, "correction_kind", _("Unknown kind of correction."))


def check_recipients(recipients: list[RecipientSpec] | tuple[RecipientSpec, ...], errors: Errors) -> None:
    shared.check_recipients(
        errors,
        units=[r.unit for r in recipients if r.unit is not None],
        users=[r.user for r in recipients if r.user is not None],
        units_key="recipients",
        users_key="recipients",
    )
    for r in recipients:
        if not r.name:
            shared.add(errors, "recipients", _("Enter the name of each place the document goes to."))
        elif len(r.name) > 200:
            shared.add(errors, "recipients", _("A recipient's name has at most 200 characters."))


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


def submission_errors(draft: Draft) -> Errors:
    errors: Errors = {}
    if draft.signer_id is None:
        shared.add(errors, "signer", _("Choose the signer before submitting."))
    if draft.register_id is None:
        shared.add(
            errors, "register", _("No outgoing register covers this type and secrecy level: ask the administrator.")
        )
    if not DraftFile.objects.filter(version__draft=draft, version__number=draft.version).exists():
        shared.add(errors, "files", _("Attach the draft's file before submitting."))
    if not draft.recipients.exists():
        shared.add(errors, "recipients", _("Say where the document goes (Nơi nhận) before submitting."))
    if not access.reviewers_for(draft):
        shared.add(errors, "reviewer", _("The agency has no leader to review the content: ask the administrator."))
    return errors


def check_reviewer(draft: Draft, reviewer: Any, errors: Errors) -> Any:
    """The content reviewer the drafter chose, among ``access.reviewers_for`` (the best placed when none is chosen)."""
    allowed = access.reviewers_for(draft)
    if not allowed:
        return None  # reported by submission_errors
    if reviewer is None:
        return allowed[0].user
    if getattr(reviewer, "pk", None) not in {m.user_id for m in allowed}:
        shared.add(
            errors, "reviewer", _("Choose the reviewer among the heads of the drafting unit or the agency's leaders.")
        )
        return None
    return reviewer


def ensure_files_ready(draft: Draft) -> None:
    """Nothing is issued with a file the intake chain has not passed (being checked, quarantined, refused)."""
    files = DraftFile.objects.filter(version__draft=draft, version__number=draft.version).select_related("file")
    waiting = [f.name for f in files if not f.file.is_ready]
    if waiting:
        message = _(
            "These files have not passed the virus and type check, so the document cannot be issued: %(names)s."
        )
        raise ValidationError({"files": message % {"names": ", ".join(waiting)}})


def check_issue_register(by: Person, draft: Draft, register: Register | None) -> Register:
    """The register the clerk issues into covers the draft's type and secrecy level (the same rule as for
    incoming documents: registers.validation)."""
    errors: Errors = {}
    kind = Register.Kind.OUTGOING
    shared.check_register(errors, by, shared.RegisterChoice(register, kind, draft.document_type, draft.secrecy))
    shared.raise_if_any(errors)
    return register
