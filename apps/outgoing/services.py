"""Drafting, reviewing, issuing and recalling outgoing documents (Decree 30/2020/NĐ-CP, Đ10–19).

A specialist (anyone with a membership) drafts (Đ10); every save is a new version. The drafter submits it to the
head of the drafting unit, who answers for the content (Đ12.1); the clerk checks the format (Đ12.2); the signer
approves it (Đ11, Đ13). Each of them may return it to the drafter with a comment (Đ10.3). A clerk then issues it:
number, notation and issue time come from the register in one transaction (Đ15.3, Đ16) and the content is frozen.
A later document may correct, amend or replace it, and it may be recalled (Đ18.3–4).

Every function here owns its transaction, writes the audit event and schedules the notification of the next actor
after the commit. Every action names the version it acts on: when the draft has moved on, it is refused."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import diff, record_event
from apps.core.agencies import current_agency
from apps.documents import fulltext, storage
from apps.documents.models import StoredFile
from apps.documents.services import stored_files
from apps.documents.validation import check_uploads
from apps.notifications.services import mark_done_about
from apps.people.access import Person
from apps.registers import validation as shared
from apps.registers.models import Register
from apps.registers.numbering import NotationError, build_notation, next_number
from tenants.models import Agency

from . import access, validation
from .inputs import DraftEntry, RecipientSpec
from .models import Draft, DraftFile, DraftVersion, OutgoingDocument, OutgoingRecipient, ReviewStep
from .search import outgoing_search_text
from .validation import register_for, signer_position_of

User = get_user_model()
State = Draft.State
Stage = ReviewStep.Stage
Decision = ReviewStep.Decision
NOTIFY_QUEUE = "notify"


def _lock(draft: Draft) -> Draft:
    """The draft row, locked until the transaction ends: two people acting at once are served one after the other."""
    return (
        Draft.objects.select_for_update(of=("self",)).select_related("drafting_unit", "document_type").get(pk=draft.pk)
    )


# ---- versions -----------------------------------------------------------------------------------------------------


def _snapshot(draft: Draft, recipients: list[OutgoingRecipient], files: list[tuple[str, str]]) -> dict:
    """What a version records: every field, the recipients and the files (sha256, name)."""
    return {
        "drafting_unit": draft.drafting_unit_id,
        "document_type": draft.document_type_id,
        "subject": draft.subject,
        "urgency": draft.urgency,
        "secrecy": draft.secrecy,
        "due_on": draft.due_on.isoformat() if draft.due_on else None,
        "signer": draft.signer_id,
        "signer_position": draft.signer_position,
        "register": draft.register_id,
        "page_count": draft.page_count,
        "issued_amount": draft.issued_amount,
        "language": draft.language,
        "description": draft.description,
        "in_reply_to": draft.in_reply_to_id,
        "corrects": draft.corrects_id,
        "correction_kind": draft.correction_kind,
        "recipients": [
            {"kind": r.kind, "agency_code": r.agency_code, "name": r.name, "unit": r.unit_id, "user": r.user_id}
            for r in recipients
        ],
        "files": [{"sha256": sha, "name": name} for sha, name in files],
    }


def _save_recipients(draft: Draft, recipients: tuple[RecipientSpec, ...]) -> list[OutgoingRecipient]:
    draft.recipients.all().delete()
    return OutgoingRecipient.objects.bulk_create([r.row(draft=draft, position=i) for i, r in enumerate(recipients)])


def _new_version(
    draft: Draft, *, by: Person, files: list[tuple[StoredFile, str]], recipients: list[OutgoingRecipient], note: str
) -> DraftVersion:
    content = _snapshot(draft, recipients, [(f.sha256, name) for f, name in files])
    version = DraftVersion.objects.create(
        draft=draft, number=draft.version, subject=draft.subject, content=content, note=note, created_by=by.user
    )
    DraftFile.objects.bulk_create(
        [DraftFile(version=version, file=f, name=name, position=i) for i, (f, name) in enumerate(files)]
    )
    return version


def _files_of_version(
    kept: list[DraftFile], blobs: list[storage.Blob], stored: dict[str, StoredFile]
) -> list[tuple[StoredFile, str]]:
    """The files of a new version: those kept from the current one, then the new ones (each content once)."""
    files = {f.file.sha256: (f.file, f.name) for f in kept}
    files.update({b.sha256: (stored[b.sha256], b.original_name) for b in blobs})
    return list(files.values())


def _check_entry(by: Person, draft: Draft, entry: DraftEntry, errors: validation.Errors) -> None:
    """Every rule on the draft as the entry makes it (its fields, its recipients, its files); all at once."""
    validation.check_fields(by, draft, errors)
    if entry.recipients is not None:
        validation.check_recipients(entry.recipients, errors)
    check_uploads(errors, entry.files)
    shared.raise_if_any(errors)


def _store(entry: DraftEntry) -> list[storage.Blob]:
    """The entry's files on disk (content-addressed), before the transaction: a refused draft leaves only them."""
    return [storage.store(u.content, name=u.name, content_type=u.content_type) for u in entry.files]


# ---- drafting -----------------------------------------------------------------------------------------------------


def create_draft(entry: DraftEntry, *, by: Person) -> Draft:
    """Start a draft (Đ10): its type, subject, urgency, secrecy, signer, recipients and files (``entry``). The
    drafter works in one of their units (the first by default); the register is chosen from the type and the
    secrecy level."""
    if not by.memberships:
        raise PermissionDenied(_("Only members of the agency draft documents."))
    errors: validation.Errors = {}
    drafting_unit = entry.drafting_unit or by.primary.unit
    if drafting_unit.pk not in {m.unit_id for m in by.memberships} or not drafting_unit.is_active:
        shared.add(errors, "drafting_unit", _("You draft only for an active unit you work in."))
    fields = {"document_type": None, "subject": "", **entry.fields}
    draft = Draft(drafting_unit=drafting_unit, drafter=by.user, **fields)
    if draft.signer_id and not draft.signer_position:
        draft.signer_position = signer_position_of(draft.signer)
    draft.register = register_for(fields["document_type"], draft.secrecy)
    _check_entry(by, draft, entry, errors)
    blobs = _store(entry)
    with transaction.atomic():
        files = _files_of_version([], blobs, stored_files(blobs, by=by))
        draft.save()
        saved = _save_recipients(draft, entry.recipients or ())
        version = _new_version(draft, by=by, files=files, recipients=saved, note=entry.note)
        record_event(draft, "created", by=by, changes={**version.content, "version": 1})
    return draft


def update_draft(draft: Draft, entry: DraftEntry, *, by: Person, version: int | None) -> Draft:
    """Save the drafter's changes (``entry``) as a new version of the ``version`` they read (nothing is saved when
    nothing changed): ``entry.recipients`` None keeps them; ``entry.keep_files`` lists the files of the current
    version to keep (None: all) and ``entry.files`` adds new ones. Only the drafter, and only while the draft is
    with them (drafting or returned)."""
    access.ensure_may_act(by, draft, "edit")
    validation.ensure_state(draft, "edit")
    validation.ensure_version(draft, version)
    errors: validation.Errors = {}
    current = draft.versions.get(number=draft.version)
    kept = _kept_files(current, entry.keep_files, errors)
    _apply_changes(draft, entry.fields)
    try:
        _check_entry(by, draft, entry, errors)
    except ValidationError:
        draft.refresh_from_db()
        raise
    blobs = _store(entry)
    with transaction.atomic():
        locked = _lock(draft)
        validation.ensure_state(locked, "edit")
        validation.ensure_version(locked, version)
        files = _files_of_version(kept, blobs, stored_files(blobs, by=by))
        draft.register = register_for(draft.document_type, draft.secrecy)
        old_recipients = list(draft.recipients.all())
        recipients = old_recipients if entry.recipients is None else [r.row() for r in entry.recipients]
        changed = diff(dict(current.content), _snapshot(draft, recipients, [(f.sha256, name) for f, name in files]))
        if not changed:
            draft.refresh_from_db()
            return draft
        draft.version = locked.version + 1
        draft.save()
        saved = old_recipients if entry.recipients is None else _save_recipients(draft, entry.recipients)
        _new_version(draft, by=by, files=files, recipients=saved, note=entry.note)
        record_event(draft, "edited", by=by, changes={**changed, "version": draft.version})
    return draft


def _kept_files(current: DraftVersion, keep: frozenset[int] | None, errors: validation.Errors) -> list[DraftFile]:
    """The files of the ``current`` version to keep (``keep``: their ids; None: all); an id of another version's
    file is refused."""
    files = list(current.files.select_related("file"))
    if keep is None:
        return files
    if keep - {f.pk for f in files}:
        shared.add(errors, "keep_files", _("Only files of the latest version can be kept."))
    return [f for f in files if f.pk in keep]


def _apply_changes(draft: Draft, fields: dict[str, Any]) -> None:
    """The changed fields onto ``draft`` (unsaved); a new signer brings their post unless one is written."""
    changes = dict(fields)
    if "signer" in changes and not changes.get("signer_position"):
        signer = changes["signer"]
        if getattr(signer, "pk", None) != draft.signer_id:
            changes["signer_position"] = signer_position_of(signer) if signer is not None else ""
    for name, value in changes.items():
        setattr(draft, name, value)


# ---- the flow -----------------------------------------------------------------------------------------------------


def _settle_earlier_steps(draft: Draft) -> None:
    """The draft moved on: what its earlier steps asked of people (review it, take it back) is done, for everyone
    told, whatever page they act from."""
    earlier = list(ReviewStep.objects.filter(draft=draft).values_list("pk", flat=True))
    mark_done_about(ReviewStep._meta.label_lower, earlier)


def _record_step(step: ReviewStep, *, by: Person, old_state: str) -> ReviewStep:
    """Save the new ``step`` of its draft (which has moved on from ``old_state``), record it, settle what the
    earlier steps asked of people and tell the next actor after the commit."""
    draft = step.draft
    _settle_earlier_steps(draft)
    step.save()
    action = {Decision.SUBMIT: "submitted", Decision.APPROVE: "approved", Decision.RETURN: "returned"}[step.decision]
    changes = {"stage": step.stage, "version": step.version, "state": [old_state, draft.state], "comment": step.comment}
    record_event(draft, action, by=by, changes=changes)
    from .tasks import notify_step

    transaction.on_commit(lambda: notify_step.apply_async((step.pk,), queue=NOTIFY_QUEUE))
    return step


def _step(draft: Draft, *, by: Person, stage: str, decision: str, comment: str) -> ReviewStep:
    """A step of ``draft``'s current version (unsaved)."""
    return ReviewStep(draft=draft, stage=stage, decision=decision, version=draft.version, by=by.user, comment=comment)


def submit_draft(draft: Draft, *, by: Person, version: int | None, comment: str = "", reviewer: Any = None) -> Draft:
    """Send the draft for the content review (Đ12.1) to the ``reviewer`` the drafter chooses among
    ``access.reviewers_for``: a head of the drafting unit, else — a unit without a head — one of the agency's leaders
    (the best placed when none is chosen). It needs its signer, its file and its recipients."""
    access.ensure_may_act(by, draft, "submit")
    comment = (comment or "").strip()
    with transaction.atomic():
        draft = _lock(draft)
        validation.ensure_state(draft, "submit")
        validation.ensure_version(draft, version)
        if draft.register_id is None:
            draft.register = register_for(draft.document_type, draft.secrecy)
        errors = validation.submission_errors(draft)
        draft.reviewer = validation.check_reviewer(draft, reviewer, errors)
        if errors:
            raise ValidationError(errors)
        old = draft.state
        draft.state = State.CONTENT_REVIEW
        draft.save(update_fields=["state", "register", "reviewer", "updated_at"])
        step = _step(draft, by=by, stage=Stage.SUBMISSION, decision=Decision.SUBMIT, comment=comment)
        _record_step(step, by=by, old_state=old)
    return draft


def abandon_draft(draft: Draft, *, by: Person, version: int | None, reason: str = "") -> Draft:
    """The drafter abandons a draft that is with them (drafting or returned): it is kept, with its versions and
    steps, marked abandoned, and recorded with the reason; no one acts on it any more."""
    access.ensure_may_act(by, draft, "abandon")
    reason = shared.clean_reason(reason)
    with transaction.atomic():
        draft = _lock(draft)
        validation.ensure_state(draft, "abandon")
        validation.ensure_version(draft, version)
        old = draft.state
        draft.state = State.ABANDONED
        draft.save(update_fields=["state", "updated_at"])
        _settle_earlier_steps(draft)
        changes = {"state": [old, draft.state], "version": draft.version, "reason": reason}
        record_event(draft, "abandoned", by=by, changes=changes)
    return draft


# stage → (action, state it happens in, state after approval)
STAGES = {
    Stage.CONTENT_REVIEW: ("review", State.CONTENT_REVIEW, State.FORMAT_CHECK),
    Stage.FORMAT_CHECK: ("check_format", State.FORMAT_CHECK, State.AWAITING_APPROVAL),
    Stage.APPROVAL: ("approve", State.AWAITING_APPROVAL, State.APPROVED),
}


def decide(draft: Draft, *, by: Person, stage: str, version: int | None, approve: bool, comment: str = "") -> Draft:
    """Approve the draft at ``stage`` (it moves on to the next step) or return it to the drafter with a comment
    (Đ10.3). The person must hold the stage's part: head of the drafting unit (content, Đ12.1), a cleared clerk
    (format, Đ12.2), the signer (approval, Đ11)."""
    action, _state, next_state = STAGES[stage]
    access.ensure_may_act(by, draft, action)
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why the draft is returned.")})
    if len(comment) > 2000:
        raise ValidationError({"comment": _("A comment has at most 2000 characters.")})
    with transaction.atomic():
        draft = _lock(draft)
        validation.ensure_state(draft, action)
        validation.ensure_version(draft, version)
        old = draft.state
        draft.state = next_state if approve else State.RETURNED
        draft.save(update_fields=["state", "updated_at"])
        decision = Decision.APPROVE if approve else Decision.RETURN
        _record_step(_step(draft, by=by, stage=stage, decision=decision, comment=comment), by=by, old_state=old)
    return draft


def review_content(draft: Draft, *, by: Person, version: int | None, approve: bool, comment: str = "") -> Draft:
    return decide(draft, by=by, stage=Stage.CONTENT_REVIEW, version=version, approve=approve, comment=comment)


def check_format(draft: Draft, *, by: Person, version: int | None, approve: bool, comment: str = "") -> Draft:
    return decide(draft, by=by, stage=Stage.FORMAT_CHECK, version=version, approve=approve, comment=comment)


def approve_draft(draft: Draft, *, by: Person, version: int | None, approve: bool = True, comment: str = "") -> Draft:
    return decide(draft, by=by, stage=Stage.APPROVAL, version=version, approve=approve, comment=comment)


# ---- issuing ------------------------------------------------------------------------------------------------------


def _recipients_text(draft: Draft) -> str:
    """As printed under "Nơi nhận" (Appendix I): one place a line, then the copy kept by the clerk and the unit."""
    lines = [f"- {r.name};" for r in draft.recipients.all()]
    lines.append(f"- Lưu: VT, {draft.drafting_unit.abbreviation}.")
    return "\n".join(lines)


def issue_outgoing(
    draft: Draft, *, by: Person, version: int | None, register: Register | None = None
) -> OutgoingDocument:
    """Issue an approved draft (Đ15–16): in one transaction take the register's next number for the year, build
    the notation from the register's pattern (``{type}-{agency}`` or, for công văn, ``{agency}-{unit}``), stamp the
    issue time, register the document with a frozen copy of the approved version and its search key (number and
    notation, subject, recipients: ``search.outgoing_search_text``), and record it. A failure rolls the number back,
    so the series stays gapless. Only a clerk cleared for the secrecy level issues.

    This is the single issuing step: the digital signatures (the signer's and the agency's, Đ13, Đ17) will be
    applied here, inside the same transaction, before the document is registered."""
    access.ensure_may_act(by, draft, "issue")
    agency = current_agency()
    with transaction.atomic():
        draft = _lock(draft)
        validation.ensure_state(draft, "issue")
        validation.ensure_version(draft, version)
        validation.ensure_files_ready(draft)
        register = validation.check_issue_register(by, draft, register or draft.register)
        document = _document_of(draft, register=register, agency=agency)
        document.issued_by = by.user
        document.number = next_number(register, document.year)
        document.search_text = outgoing_search_text(
            number=document.number,
            notation=document.notation,
            subject=document.subject,
            recipients_text=document.recipients_text,
        )
        _save_issued(document)
        fulltext.refresh_document(document)
        draft.state = State.ISSUED
        draft.register = register
        draft.save(update_fields=["state", "register", "updated_at"])
        _record_issue(document, by=by)
    return document


def _notation(draft: Draft, register: Register, agency: Agency) -> str:
    """The notation from the register's pattern; a pattern the draft cannot fill is the register's problem."""
    try:
        return build_notation(
            register,
            draft.document_type,
            agency_abbreviation=agency.abbreviation,
            unit_abbreviation=draft.drafting_unit.abbreviation,
        )
    except NotationError as exc:
        raise ValidationError({"register": str(exc)}) from exc


def _document_of(draft: Draft, *, register: Register, agency: Agency) -> OutgoingDocument:
    """The issued document (unsaved, without its number): a frozen copy of the draft's approved version, issued now
    by the agency."""
    notation = _notation(draft, register, agency)
    issued = draft.versions.get(number=draft.version)
    files = list(issued.files.select_related("file"))
    signer = User.objects.get(pk=draft.signer_id)
    now = timezone.now()
    today = timezone.localdate(now)
    return OutgoingDocument(
        draft=draft,
        version=issued,
        register=register,
        year=today.year,
        notation=notation,
        issued_at=now,
        issued_date=today,
        issuer_code=agency.code_102,
        issuer_name=agency.name[:200],
        document_type=draft.document_type,
        type_name=draft.document_type.name[:100],
        subject=draft.subject,
        urgency=draft.urgency,
        secrecy=draft.secrecy,
        drafting_unit=draft.drafting_unit,
        signer=signer,
        signer_name=(signer.full_name or signer.username)[:50],
        signer_position=draft.signer_position or signer_position_of(signer),
        recipients_text=_recipients_text(draft),
        recipient_unit_ids=sorted(draft.recipients.filter(unit__isnull=False).values_list("unit_id", flat=True)),
        files_text="\n".join(f"{f.file.sha256}  {f.name}" for f in files),
        page_count=draft.page_count,
        issued_amount=draft.issued_amount,
        due_on=draft.due_on,
        language=draft.language,
        description=draft.description,
        corrects_id=draft.corrects_id,
        correction_kind=draft.correction_kind,
    )


def _save_issued(document: OutgoingDocument) -> None:
    """Save the numbered document; its number taken already (a unique constraint backs the counter) is refused."""
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:
        if "outgoing_unique_number" not in str(exc):
            raise
        raise ValidationError(
            {
                "register": _("Number %(number)s of %(year)s is already used in %(register)s: nothing was issued.")
                % {"number": document.number, "year": document.year, "register": document.register.name}
            }
        ) from exc


def _record_issue(document: OutgoingDocument, *, by: Person) -> None:
    """The "issued" event, the "corrected" one on the document it corrects, and the recipients told after commit."""
    record_event(document, "issued", by=by, changes=_issued_changes(document))
    if document.corrects_id:
        record_event(
            document.corrects,
            "corrected",
            by=by,
            changes={
                "corrected_by": document.pk,
                "number_and_notation": document.number_and_notation,
                "kind": document.correction_kind,
            },
        )
    from .tasks import notify_document

    pk = document.pk
    transaction.on_commit(lambda: notify_document.apply_async((pk, "issued"), queue=NOTIFY_QUEUE))


def _issued_changes(document: OutgoingDocument) -> dict:
    return {
        "draft": document.draft_id,
        "version": document.version.number,
        "register": document.register_id,
        "year": document.year,
        "number": document.number,
        "notation": document.notation,
        "number_and_notation": document.number_and_notation,
        "issued_at": document.issued_at,
        "content_sha256": document.content_sha256,
    }


def recall_outgoing(document: OutgoingDocument, *, by: Person, reason: str) -> OutgoingDocument:
    """Record the recall of an issued document (Đ18.4; Appendix VI §III.8: the sender keeps the document and its
    metadata frozen, the recall's own metadata is kept). The clerk or the signer records it, with the reason."""
    if not access.may_recall(by, document):
        raise PermissionDenied(_("Only the clerk (văn thư) or the signer records the recall of a document."))
    reason = shared.clean_reason(reason, missing=_("Give the reason for the recall."))
    with transaction.atomic():
        document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        if document.is_recalled:
            raise ValidationError({"reason": _("This document was already recalled.")})
        document.recalled_at = timezone.now()
        document.recalled_by = by.user
        document.recall_reason = reason
        document.save(update_fields=["recalled_at", "recalled_by", "recall_reason"])
        record_event(document, "recalled", by=by, changes={"recalled_at": document.recalled_at, "reason": reason})
        from .tasks import notify_document

        pk = document.pk
        transaction.on_commit(lambda: notify_document.apply_async((pk, "recalled"), queue=NOTIFY_QUEUE))
    return document
