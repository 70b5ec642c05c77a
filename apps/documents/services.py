"""Registering, correcting and cancelling incoming documents (Decree 30/2020/NĐ-CP, Đ20–24 and Appendix VI).

The clerk (văn thư) registers every incoming document (Đ4.2b, Đ22) into an incoming register, which gives it
the next arrival number of the year (Đ22.2, gapless: registers.numbering); urgent documents reach the
agency's leaders and the leaders of the units it is sent to at once (Đ4.2c). The clerk may later correct and
complete its metadata and add files (Appendix VI: add and edit metadata), or cancel a mistaken registration: it
keeps its number and stays in the register, marked. Nothing is saved when any input is wrong; the input is an
``inputs.IncomingEntry`` and its rules are in ``validation``."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import diff, new_event, record_event
from apps.people.access import Person
from apps.people.models import Role, Unit
from apps.registers import validation as shared
from apps.registers.access import clearance_of
from apps.registers.models import Urgency
from apps.registers.numbering import Series, insert_numbered, number_and_notation

from . import fulltext, search, storage, validation
from .access import ensure_may_correct, incoming_visible_to
from .files import stored_files
from .inputs import CORRECTABLE, WRITTEN_FIELDS, IncomingEntry, Issuer, Reference, Upload, resolve_issuer
from .models import IncomingAttachment, IncomingDocument, IncomingRecipient, StoredFile
from .tasks import NOTIFY_QUEUE, notify_urgent_incoming

__all__ = [
    "IncomingEntry",
    "Issuer",
    "Reference",
    "Registration",
    "Upload",
    "cancel_incoming",
    "correct_incoming",
    "duplicate_warnings",
    "register_incoming",
    "resolve_issuer",
    "stored_files",
]

User = get_user_model()


@dataclass(frozen=True)
class Registration:
    """The registered document and the warnings the clerk should see (the caller decides what to do)."""

    document: IncomingDocument
    warnings: list[str] = field(default_factory=list)
    changed: bool = True  # False: a correction that changed nothing (nothing was recorded)


def duplicate_warnings(
    person: Person, reference: Reference, *, exclude_pk: int | None = None, clearance: str | None = None
) -> list[str]:
    """Appendix VI §III.1: warn the clerk when the same number, notation and issuer (``reference``) are already
    registered. Only documents the clerk may see are considered, so the warning reveals nothing else."""
    number, notation, issuer = reference.number, reference.notation, reference.issuer
    if number is None or not notation:
        return []
    # number + upper(notation) is indexed (incoming_number_notation), so the check stays fast as the years fill up.
    same = IncomingDocument.objects.filter(number=number, notation__iexact=notation)
    same = same.filter(issuer_code=issuer.code) if issuer.code else same.filter(issuer_name__iexact=issuer.name)
    if exclude_pk:
        same = same.exclude(pk=exclude_pk)
    same = same.filter(cancelled_at__isnull=True)  # a cancelled registration is no twin
    # Most documents have no twin: one plain indexed lookup, and the access rule only for the twins found.
    twins = list(same.order_by().values_list("pk", flat=True)[:50])
    if not twins:
        return []
    same = incoming_visible_to(person, clearance=clearance).filter(pk__in=twins)
    return [
        _("%(ref)s of %(issuer)s is already registered as arrival number %(arrival)s/%(year)s in %(register)s.")
        % {
            "ref": number_and_notation(number, notation),
            "issuer": issuer.name,
            "arrival": doc.arrival_number_display,
            "year": doc.year,
            "register": doc.register.name,
        }
        for doc in same.select_related("register").order_by("year", "arrival_number")[:5]
    ]


def register_incoming(entry: IncomingEntry, *, by: Person) -> Registration:
    """Register an incoming document (Đ22) and give it the register's next arrival number for the year.

    Checked before anything is saved, every problem reported at once (validation.entry_errors): required fields,
    subject ≤ 500 characters, an issued date not in the future, an arrival date neither in the future nor before the
    issued date (default: today), a well-formed notation, files within the size limit, recipients who belong to the
    agency, and a register the clerk may use (an incoming register covering the type and the secrecy level;
    secret registers only for cleared clerks). A document already registered with the same number, notation and
    issuer is a warning, not a refusal (Appendix VI §III.1). Urgent documents notify their leaders at once (Đ4.2c)."""
    if not by.has_role(Role.CLERK):
        raise PermissionDenied(_("Only the clerk (văn thư) registers incoming documents."))
    today = timezone.localdate()
    clearance = clearance_of(by)
    arrival_date = entry.arrival_date or today
    errors = validation.entry_errors(entry, by=by, clearance=clearance, arrival_date=arrival_date)
    document = IncomingDocument(
        register=entry.register, year=arrival_date.year, arrival_date=arrival_date, registered_by=by.user
    )
    _fill(document, entry)
    validation.model_errors(errors, document)
    shared.raise_if_any(errors)

    warnings = duplicate_warnings(by, entry.reference, clearance=clearance)
    blobs = [storage.store(u.content, name=u.name, content_type=u.content_type) for u in entry.files]

    # Content-addressed file rows may exist before their document (the files are on disk already, and the same
    # content is shared): written first, so that the document, its event, recipients and attachments are one
    # statement, committed as it ends, with the counter row locked only while it runs (numbering.insert_numbered).
    stored = stored_files(blobs, by=by)
    event = new_event(document, "registered", by=by, changes=_snapshot(document, [b.sha256 for b in blobs]))
    recipients = [IncomingRecipient(unit=u) for u in entry.recipient_units]
    recipients += [IncomingRecipient(user=u) for u in entry.recipient_users]
    attachments = _attachments(stored, blobs)
    children = {"document_id": recipients + attachments}
    insert_numbered(document, "arrival_number", Series(entry.register, document.year), event=event, children=children)
    fulltext.refresh_document(document)
    if Urgency.is_urgent(document.urgency):
        _notify_urgent_after_commit(document)
    return Registration(document=document, warnings=warnings)


def _fill(document: IncomingDocument, entry: IncomingEntry) -> None:
    """The document's metadata, search keys and copies of its recipients from ``entry``."""
    document.issuer_code, document.issuer_name = entry.issuer.code, entry.issuer.name
    for name in ("number", "notation", *WRITTEN_FIELDS):
        setattr(document, name, getattr(entry, name))
    document.recipient_unit_ids = sorted(u.pk for u in entry.recipient_units)
    document.recipient_user_ids = sorted(u.pk for u in entry.recipient_users)
    document.search_text = search.incoming_search_text(document)
    document.issuer_key = search.issuer_key(document.issuer_name)


def _attachments(
    stored: dict[str, StoredFile], blobs: list[storage.Blob], *, after: int = 0, skip: frozenset[str] = frozenset()
) -> list[IncomingAttachment]:
    """Attachment rows for ``blobs`` (each content once), numbered from ``after``; ``skip``: already attached."""
    unique = [b for sha, b in {b.sha256: b for b in blobs}.items() if sha not in skip]
    return [
        IncomingAttachment(file=stored[blob.sha256], name=blob.original_name, position=after + i)
        for i, blob in enumerate(unique)
    ]


def _notify_urgent_after_commit(document: IncomingDocument) -> None:
    pk = document.pk  # after the commit of the caller's transaction, if it runs inside one
    transaction.on_commit(lambda: notify_urgent_incoming.apply_async((pk,), queue=NOTIFY_QUEUE))


# ---- correcting and cancelling --------------------------------------------------------------------------------


NOT_PLAIN = ("document_type", "issuer", "recipient_units", "recipient_users")


def entry_of(document: IncomingDocument) -> IncomingEntry:
    """The document's metadata as an entry (what a correction starts from)."""
    units = Unit.objects.filter(pk__in=document.recipient_unit_ids).order_by("pk")
    users = User.objects.filter(pk__in=document.recipient_user_ids).order_by("pk")
    return IncomingEntry(
        register=document.register,
        document_type=document.document_type,
        issuer=Issuer(name=document.issuer_name, code=document.issuer_code),
        arrival_date=document.arrival_date,
        recipient_units=tuple(units),
        recipient_users=tuple(users),
        **{name: getattr(document, name) for name in CORRECTABLE if name not in NOT_PLAIN},
    )


def correct_incoming(
    document: IncomingDocument,
    *,
    by: Person,
    changes: Mapping[str, Any],
    files: Sequence["Upload | IO[bytes]"] = (),
) -> Registration:
    """Correct and complete a registered document's metadata and add files (Appendix VI: add and edit metadata).

    ``changes`` maps the fields of ``inputs.CORRECTABLE`` to their new values (others keep theirs); the register,
    the arrival number and the arrival date stay. The same rules as a registration apply to the result (the
    register must still cover its type and secrecy level, and the clerk be cleared for it). Only a clerk cleared for
    the document's secrecy level, and never on a cancelled registration. The audit event lists each change as
    before → after; nothing is recorded when nothing changed. A new number, notation or issuer that another
    registration has comes back as a warning (Appendix VI §III.1)."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise TypeError(f"fields that cannot be corrected: {sorted(unknown)}")
    ensure_may_correct(by, document)
    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().select_related("register").get(pk=document.pk)
        ensure_may_correct(by, document)
        before = entry_of(document)
        entry = before.with_changes(**changes, files=tuple(files))
        # Recipients already there are not checked again (a unit closed since does not block a correction).
        added = entry.with_changes(
            recipient_units=[u for u in entry.recipient_units if u not in before.recipient_units],
            recipient_users=[u for u in entry.recipient_users if u not in before.recipient_users],
        )
        errors = validation.entry_errors(
            added, by=by, clearance=clearance_of(by), arrival_date=document.arrival_date, recorded=True
        )
        attached = list(document.files.select_related("file"))
        old = _snapshot(document, [a.file.sha256 for a in attached])
        _fill(document, entry)
        validation.model_errors(errors, document)
        shared.raise_if_any(errors)
        blobs = [storage.store(u.content, name=u.name, content_type=u.content_type) for u in entry.files]
        new_rows = _attachments(
            stored_files(blobs, by=by), blobs, after=len(attached), skip=frozenset(a.file.sha256 for a in attached)
        )
        changed = diff(old, _snapshot(document, [a.file.sha256 for a in attached] + [r.file.sha256 for r in new_rows]))
        if not changed:
            return Registration(document=document, changed=False)
        document.save()
        _save_recipients(document, before, entry)
        for row in new_rows:
            row.document = document
        IncomingAttachment.objects.bulk_create(new_rows)
        fulltext.refresh_document(document)
        record_event(document, "corrected", by=by, changes=changed)
        if Urgency.is_urgent(document.urgency) and not Urgency.is_urgent(before.urgency):
            _notify_urgent_after_commit(document)
    warnings = []
    if {"number", "notation", "issuer_name", "issuer_code"} & set(changed):
        warnings = duplicate_warnings(by, entry.reference, exclude_pk=document.pk)
    return Registration(document=document, warnings=warnings)


def _save_recipients(document: IncomingDocument, before: IncomingEntry, after: IncomingEntry) -> None:
    if (before.recipient_units, before.recipient_users) == (after.recipient_units, after.recipient_users):
        return
    document.recipients.all().delete()
    rows = [IncomingRecipient(document=document, unit=u) for u in after.recipient_units]
    rows += [IncomingRecipient(document=document, user=u) for u in after.recipient_users]
    IncomingRecipient.objects.bulk_create(rows)


def cancel_incoming(document: IncomingDocument, *, by: Person, reason: str) -> IncomingDocument:
    """Cancel a mistaken registration (registered twice, not for this agency, wrong register…). The document is not
    deleted: it keeps its arrival number and stays in the register, marked cancelled with the reason, so that the
    register stays gapless (Đ22.2) and the printed register shows what happened. Only a clerk cleared for its
    secrecy level, with a reason, and only while no one has started handling it (status "registered")."""
    ensure_may_correct(by, document)
    reason = shared.clean_reason(reason, missing=_("Give the reason for cancelling the registration."))
    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        ensure_may_correct(by, document)
        if document.status != IncomingDocument.Status.REGISTERED:
            raise ValidationError(
                {"reason": _("Its handling has started: a registration is cancelled only before it is handled.")}
            )
        document.cancelled_at = timezone.now()
        document.cancelled_by = by.user
        document.cancel_reason = reason
        document.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        record_event(document, "cancelled", by=by, changes={"cancelled_at": document.cancelled_at, "reason": reason})
    return document


def _snapshot(document: IncomingDocument, files: list[str]) -> dict:
    """What the audit records of the document: its fields, recipients (ids) and files (SHA-256)."""
    recorded = ("register_id", "year", "arrival_number", "arrival_date", "issuer_code", "issuer_name", "number")
    written = [_AUDIT_KEYS.get(name, name) for name in ("notation", *WRITTEN_FIELDS)]
    return {
        **{name: getattr(document, name) for name in (*recorded, *written)},
        "recipient_units": list(document.recipient_unit_ids),
        "recipient_users": list(document.recipient_user_ids),
        "files": files,
    }


# The audit keeps the type by its id, under the column's name.
_AUDIT_KEYS = {"document_type": "document_type_id"}
