"""Registering incoming documents (Decree 30/2020/NĐ-CP, Đ20–24 and Appendix VI).

The clerk (văn thư) registers every incoming document (Đ4.2b, Đ22) into an incoming register, which gives it
the next arrival number of the year (Đ22.2, gapless: registers.numbering); urgent documents reach the
agency's leaders at once (Đ4.2c). Nothing is saved when any input is wrong."""

import datetime
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.audit.services import new_event
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.people.access import Person
from apps.people.models import Membership, Role, Unit
from apps.registers.access import clearance_of, is_cleared_for, may_register_into
from apps.registers.models import DocumentType, Register, Secrecy, SecrecyClearance, Urgency
from apps.registers.numbering import insert_numbered, is_well_formed_notation, number_and_notation
from province.directory.models import DirectoryEntry
from tenants.models import Agency

from . import search, storage
from .access import incoming_visible_to
from .models import IncomingAttachment, IncomingDocument, IncomingRecipient, StoredFile

User = get_user_model()


@dataclass(frozen=True)
class Issuer:
    """Cơ quan ban hành: the agency code (QCVN 102) when it is known, and the name as written."""

    name: str
    code: str = ""

    @classmethod
    def of(cls, value: "Issuer | Agency | DirectoryEntry | str") -> "Issuer":
        if isinstance(value, Issuer):
            return value
        if isinstance(value, Agency | DirectoryEntry):
            return cls(name=value.name, code=value.code_102)
        return cls(name=search.normalize(str(value or "")))


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
class Upload:
    """A file to attach: its content (a Django UploadedFile or any binary file object) and its name."""

    content: IO[bytes]
    name: str
    content_type: str = ""

    @classmethod
    def of(cls, value: "Upload | IO[bytes]") -> "Upload":
        if isinstance(value, Upload):
            return value
        return cls(content=value, name=getattr(value, "name", ""), content_type=getattr(value, "content_type", ""))


@dataclass(frozen=True)
class Registration:
    """The registered document and the warnings the clerk should see (the caller decides what to do)."""

    document: IncomingDocument
    warnings: list[str] = field(default_factory=list)


def _add(errors: dict[str, list[str]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def duplicate_warnings(
    person: Person,
    *,
    number: int | None,
    notation: str,
    issuer: Issuer,
    exclude_pk: int | None = None,
    clearance: str | None = None,
) -> list[str]:
    """Appendix VI §III.1: warn the clerk when the same number, notation and issuer are already registered.
    Only documents the clerk may see are considered, so the warning reveals nothing else."""
    if number is None or not notation:
        return []
    # number + upper(notation) is indexed (incoming_number_notation), so the check stays fast as the years fill up.
    same = IncomingDocument.objects.filter(number=number, notation__iexact=notation)
    same = same.filter(issuer_code=issuer.code) if issuer.code else same.filter(issuer_name__iexact=issuer.name)
    if exclude_pk:
        same = same.exclude(pk=exclude_pk)
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


def register_incoming(
    *,
    by: Person,
    register: Register | None,
    document_type: DocumentType | None,
    issuer: "Issuer | Agency | DirectoryEntry | str",
    issued_date: datetime.date | None,
    subject: str,
    number: int | None = None,
    notation: str = "",
    page_count: int | None = None,
    signer: str = "",
    signer_position: str = "",
    urgency: str = Urgency.NONE,
    secrecy: str = Secrecy.NONE,
    recipient_units: Iterable[Unit] = (),
    recipient_users: Iterable[User] = (),
    due_on: datetime.date | None = None,
    description: str = "",
    language: str = "vi",
    arrival_date: datetime.date | None = None,
    files: Sequence["Upload | IO[bytes]"] = (),
) -> Registration:
    """Register an incoming document (Đ22) and give it the register's next arrival number for the year.

    Checked before anything is saved, every problem reported at once: required fields, subject ≤ 500
    characters, an issued date not in the future, an arrival date neither in the future nor before the issued
    date (default: today), a well-formed notation, files within the size limit, recipients who belong to the
    agency, and a register the clerk may use (an incoming register covering the type and the secrecy level;
    secret registers only for cleared clerks). A document already registered with the same number, notation and
    issuer is a warning, not a refusal (Appendix VI §III.1). Urgent documents notify the leaders at once (Đ4.2c)."""
    if not by.has_role(Role.CLERK):
        raise PermissionDenied(_("Only the clerk (văn thư) registers incoming documents."))
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    clearance = clearance_of(by)
    issuer = Issuer.of(issuer)
    notation = search.normalize(notation)
    subject = search.normalize(subject)
    arrival_date = arrival_date or today
    uploads = [Upload.of(f) for f in files]
    units = list(dict.fromkeys(recipient_units))
    users = list(dict.fromkeys(recipient_users))

    if register is None:
        _add(errors, "register", _("Choose the register."))
    if document_type is None:
        _add(errors, "document_type", _("Choose the document type."))
    elif not document_type.is_active:
        _add(errors, "document_type", _("This document type is no longer in use."))
    if not issuer.name:
        _add(errors, "issuer_name", _("Enter the issuing agency."))
    if issued_date is None:
        _add(errors, "issued_date", _("Enter the date of the document."))
    elif issued_date > today:
        _add(errors, "issued_date", _("The date of the document cannot be in the future."))
    if arrival_date > today:
        _add(errors, "arrival_date", _("The arrival date cannot be in the future."))
    elif issued_date and arrival_date < issued_date:
        _add(errors, "arrival_date", _("The arrival date cannot be before the date of the document."))
    if notation and not is_well_formed_notation(notation):
        _add(errors, "notation", _("The notation is malformed: groups such as UBND-VP joined by hyphens, no spaces."))
    if number is not None and not notation:
        _add(errors, "notation", _("Enter the notation that goes with the number."))
    if notation and number is None:
        _add(errors, "number", _("Enter the number that goes with the notation."))
    if due_on and due_on < arrival_date:
        _add(errors, "due_on", _("The due date cannot be before the arrival date."))
    if urgency not in Urgency.values:
        _add(errors, "urgency", _("Unknown urgency."))
    if secrecy not in Secrecy.values:
        _add(errors, "secrecy", _("Unknown secrecy level."))
    elif register is not None:
        if register.kind != Register.Kind.INCOMING:
            _add(errors, "register", _("This is not an incoming register."))
        elif not may_register_into(by, register, secrecy, clearance=clearance):
            if not is_cleared_for(by, secrecy, clearance=clearance):
                _add(errors, "register", _("You are not cleared to register documents of this secrecy level."))
            elif secrecy not in register.secrecy_levels:
                _add(errors, "register", _("This register does not cover documents of this secrecy level."))
            else:
                _add(errors, "register", _("You may not register documents into this register."))
        elif document_type is not None and not register.covers(document_type):
            _add(errors, "document_type", _("This register does not cover this document type."))
    if any(not u.is_active for u in units):
        _add(errors, "recipient_units", _("A recipient unit is no longer active."))
    if users:
        members = set(
            Membership.objects.filter(user__in=users, is_active=True).values_list("user_id", flat=True).distinct()
        )
        if any(u.pk not in members for u in users):
            _add(errors, "recipient_users", _("A recipient is not a member of the agency."))
    for upload in uploads:
        try:
            storage.check_size(upload.content, storage.clean_name(upload.name))
        except ValidationError as exc:
            for message in exc.message_dict["files"]:
                _add(errors, "files", message)

    document = IncomingDocument(
        register=register,
        year=arrival_date.year,
        arrival_date=arrival_date,
        issuer_code=issuer.code,
        issuer_name=issuer.name,
        number=number,
        notation=notation,
        issued_date=issued_date,
        document_type=document_type,
        subject=subject,
        language=language or "vi",
        page_count=page_count,
        signer=search.normalize(signer),
        signer_position=search.normalize(signer_position),
        urgency=urgency,
        secrecy=secrecy,
        due_on=due_on,
        description=unicodedata.normalize("NFC", description.strip()),
        registered_by=by.user,
        recipient_unit_ids=sorted(u.pk for u in units),
        recipient_user_ids=sorted(u.pk for u in users),
    )
    document.search_text = search.incoming_search_text(document)
    document.issuer_key = search.issuer_key(document.issuer_name)
    try:
        document.full_clean(
            exclude=["register", "document_type", "arrival_number", "registered_by"], validate_constraints=False
        )
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            for message in messages:
                if message not in errors.get(key, []):
                    _add(errors, key, message)
    if errors:
        raise ValidationError(errors)

    warnings = duplicate_warnings(by, number=number, notation=notation, issuer=issuer, clearance=clearance)
    blobs = [storage.store(u.content, name=u.name, content_type=u.content_type) for u in uploads]

    # Content-addressed file rows may exist before their document (the files are on disk already, and the same
    # content is shared): written first, so that the document, its event, recipients and attachments are one
    # statement, committed as it ends, with the counter row locked only while it runs (numbering.insert_numbered).
    stored = stored_files(blobs)
    event = new_event(document, "registered", by=by, changes=_snapshot(document, units, users, blobs))
    recipients = [IncomingRecipient(unit=u) for u in units] + [IncomingRecipient(user=u) for u in users]
    attachments = [
        IncomingAttachment(file=stored[blob.sha256], name=blob.original_name, position=i)
        for i, blob in enumerate(dict((b.sha256, b) for b in blobs).values())
    ]
    children = {"document_id": recipients + attachments}
    insert_numbered(document, "arrival_number", register, document.year, event=event, children=children)
    if Urgency.is_urgent(document.urgency):
        from .tasks import NOTIFY_QUEUE, notify_urgent_incoming

        pk = document.pk  # after the commit of the caller's transaction, if it runs inside one
        transaction.on_commit(lambda: notify_urgent_incoming.apply_async((pk,), queue=NOTIFY_QUEUE))
    return Registration(document=document, warnings=warnings)


def stored_files(blobs: list[storage.Blob]) -> dict[str, StoredFile]:
    """StoredFile rows for ``blobs`` by SHA-256, created race-free (two people may upload the same content at
    once). Every app that keeps files calls this inside its transaction."""
    if not blobs:
        return {}
    StoredFile.objects.bulk_create(
        [
            StoredFile(
                sha256=b.sha256,
                size=b.size,
                content_type=b.content_type,
                detected_type=b.detected_type,
                original_name=b.original_name,
            )
            for b in blobs
        ],
        ignore_conflicts=True,
    )
    return {f.sha256: f for f in StoredFile.objects.filter(sha256__in=[b.sha256 for b in blobs])}


def _snapshot(document: IncomingDocument, units: list[Unit], users: list, blobs: list[storage.Blob]) -> dict:
    fields = [
        "register_id",
        "year",
        "arrival_number",
        "arrival_date",
        "issuer_code",
        "issuer_name",
        "number",
        "notation",
        "issued_date",
        "document_type_id",
        "subject",
        "page_count",
        "signer",
        "signer_position",
        "urgency",
        "secrecy",
        "due_on",
    ]
    return {
        **{name: getattr(document, name) for name in fields},
        "recipient_units": [u.pk for u in units],
        "recipient_users": [u.pk for u in users],
        "files": [b.sha256 for b in blobs],
    }


URGENCY_WORDS = {
    Urgency.URGENT: "Khẩn",
    Urgency.VERY_URGENT: "Thượng khẩn",
    Urgency.FLASH: "Hỏa tốc",
}


def notify_urgent_incoming(document: IncomingDocument) -> int:
    """Tell the agency's leaders about an urgent incoming document at once (Đ4.2c: urgent documents are
    registered, submitted and handed over immediately). A secret one only reaches leaders who may read it.
    Returns how many notifications were made; running it again makes none."""
    leader_ids = set(
        Membership.objects.filter(is_active=True, roles__contains=[Role.LEADER]).values_list("user_id", flat=True)
    )
    if document.secrecy != Secrecy.NONE:
        cleared = set(
            SecrecyClearance.objects.filter(
                user_id__in=leader_ids, level__in=Secrecy.values[Secrecy.rank(document.secrecy) :]
            ).values_list("user_id", flat=True)
        )
        named = set(document.recipients.filter(user_id__in=leader_ids).values_list("user_id", flat=True))
        leader_ids = cleared | named
    with override(settings.LANGUAGE_CODE):
        message = _("%(urgency)s: incoming document no. %(arrival)s from %(issuer)s — %(subject)s") % {
            "urgency": URGENCY_WORDS.get(document.urgency, document.urgency),
            "arrival": document.arrival_number_display,
            "issuer": document.issuer_name,
            "subject": document.subject,
        }
    return notify(sorted(leader_ids), kind=Notification.Kind.URGENT_INCOMING, message=message, about=document)
