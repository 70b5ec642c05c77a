"""The rules on an incoming document's input (Decree 30/2020/NĐ-CP, Đ22; Appendix VI), every problem reported at
once by field. The rules incoming and outgoing documents share are registers.validation's; the ones here are
incoming's own (arrival date, due date, files, the model's own limits)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.people.access import Person
from apps.registers import validation as shared
from apps.registers.models import Register

from . import storage
from .inputs import IncomingEntry, Upload
from .models import IncomingDocument

Errors = shared.Errors


def entry_errors(
    entry: IncomingEntry, *, by: Person, clearance: str, arrival_date: datetime.date, recorded: bool = False
) -> Errors:
    """Every rule on ``entry`` but the model's own (``model_errors``), as of today. ``recorded``: a correction of a
    document already in its register."""
    today = timezone.localdate()
    errors: Errors = {}
    shared.check_document_type(errors, entry.document_type)
    if not entry.issuer.name:
        shared.add(errors, "issuer_name", _("Enter the issuing agency."))
    shared.check_issued_date(errors, entry.issued_date, today=today)
    if not recorded:
        shared.check_arrival_date(errors, arrival_date, issued_date=entry.issued_date, today=today)
    elif entry.issued_date and entry.issued_date > arrival_date:
        shared.add(errors, "issued_date", _("The date of the document cannot be after its arrival date."))
    shared.check_number_and_notation(errors, entry.number, entry.notation)
    if entry.due_on and entry.due_on < arrival_date:
        shared.add(errors, "due_on", _("The due date cannot be before the arrival date."))
    shared.check_marks(errors, urgency=entry.urgency, secrecy=entry.secrecy)
    kind = Register.Kind.INCOMING
    choice = shared.RegisterChoice(entry.register, kind, entry.document_type, entry.secrecy, recorded=recorded)
    shared.check_register(errors, by, choice, clearance=clearance, type_key="document_type")
    shared.check_recipients(errors, units=entry.recipient_units, users=entry.recipient_users)
    check_uploads(errors, entry.files)
    return errors


def check_uploads(errors: Errors, uploads: Iterable[Upload]) -> None:
    """Every file within the size limit (``storage.check_size``)."""
    for upload in uploads:
        try:
            storage.check_size(upload.content, storage.clean_name(upload.name))
        except ValidationError as exc:
            for message in exc.message_dict["files"]:
                shared.add(errors, "files", message)


def model_errors(errors: Errors, document: IncomingDocument) -> None:
    """The model's own limits (lengths, ranges) on the document about to be written, added to ``errors``."""
    exclude = ["register", "document_type", "arrival_number", "registered_by", "cancelled_by"]
    shared.check_model(errors, document, exclude=exclude)
