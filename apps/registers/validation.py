"""The input rules incoming and outgoing documents share, reported field by field into one ``errors`` mapping
(every problem at once, nothing saved): a register that covers the type and the secrecy level, the type itself,
urgency and secrecy marks, dates, numbers and notations, recipients inside the agency (Decree 30/2020/NĐ-CP, Đ15,
Đ16, Đ22; Appendix VI Part II). documents.validation and outgoing.validation call them; each app keeps only the rules
of its own."""

import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from apps.people.access import Person
from apps.people.models import Membership, Unit

from .access import is_cleared_for, may_register_into
from .models import DocumentType, Register, Secrecy, Urgency
from .numbering import is_well_formed_notation

Errors = dict[str, list[str]]
REASON_LENGTH = 500


def add(errors: Errors, key: str, message: str) -> None:
    if message not in errors.setdefault(key, []):
        errors[key].append(message)


def merge(errors: Errors, error: ValidationError) -> None:
    """A model's own validation (``full_clean``) into ``errors``, without repeating a message already there."""
    for key, messages in error.message_dict.items():
        for message in messages:
            add(errors, key, message)


def raise_if_any(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def check_model(errors: Errors, instance: models.Model, *, exclude: Iterable[str]) -> None:
    """The model's own limits (lengths, ranges, choices) on ``instance`` about to be written, into ``errors``;
    ``exclude``: the fields the rules here check themselves (relations, numbers the system gives)."""
    try:
        instance.full_clean(exclude=list(exclude), validate_constraints=False)
    except ValidationError as exc:
        merge(errors, exc)


def clean_reason(reason: str | None, *, missing: str = "") -> str:
    """The reason recorded with a cancellation, a recall or an abandonment: in NFC with one space between words, at
    most 500 characters. ``missing``: the message when a reason is required and none is given."""
    reason = " ".join(unicodedata.normalize("NFC", str(reason or "")).split())
    if missing and not reason:
        raise ValidationError({"reason": missing})
    if len(reason) > REASON_LENGTH:
        raise ValidationError({"reason": _("The reason has at most 500 characters.")})
    return reason


def check_document_type(errors: Errors, document_type: DocumentType | None, *, key: str = "document_type") -> None:
    if document_type is None:
        add(errors, key, _("Choose the document type."))
    elif not document_type.is_active:
        add(errors, key, _("This document type is no longer in use."))


def check_marks(errors: Errors, *, urgency: str, secrecy: str) -> None:
    if urgency not in Urgency.values:
        add(errors, "urgency", _("Unknown urgency."))
    if secrecy not in Secrecy.values:
        add(errors, "secrecy", _("Unknown secrecy level."))


def covers(register: Register, document_type: DocumentType | None, secrecy: str) -> bool:
    """The register numbers documents of this type and secrecy level (Đ15.1: secret documents have their own
    series; a register lists the types it numbers, and one that lists none takes every type)."""
    return secrecy in register.secrecy_levels and register.covers(document_type)


def registers_covering(
    registers: Iterable[Register], document_type: DocumentType | None, secrecy: str
) -> list[Register]:
    """Those of ``registers`` that cover the type and the secrecy level (``covers``), in their order."""
    return [register for register in registers if covers(register, document_type, secrecy)]


@dataclass(frozen=True)
class RegisterChoice:
    """The register a document is to be recorded into, with what the register must cover: the ``kind`` of
    register, the document's type and secrecy level. ``recorded``: the document is in the register already (a
    correction)."""

    register: Register | None
    kind: str
    document_type: DocumentType | None
    secrecy: str
    recorded: bool = False


def check_register(
    errors: Errors, by: Person, choice: RegisterChoice, *, clearance: str | None = None, type_key: str = "register"
) -> None:
    """The register covers the document (``covers``) and the clerk may record into it (an active register, a
    clearance for the secrecy level); each refusal says why. ``type_key``: the field a type the register does not
    cover is reported on. A document already recorded (``choice.recorded``) may be in a register closed since: it
    need not be active."""
    register, secrecy = choice.register, choice.secrecy
    if register is None:
        add(errors, "register", _("Choose the register."))
    elif register.kind != choice.kind:
        if choice.kind == Register.Kind.INCOMING:
            add(errors, "register", _("This is not an incoming register."))
        else:
            add(errors, "register", _("This is not an outgoing register."))
    elif secrecy not in Secrecy.values:
        return  # reported by check_marks
    elif not may_register_into(by, register, secrecy, clearance=clearance, even_closed=choice.recorded):
        add(errors, "register", _refusal(by, register, secrecy, clearance))
    elif choice.document_type is not None and not covers(register, choice.document_type, secrecy):
        add(errors, type_key, _("This register does not cover this document type."))


def _refusal(by: Person, register: Register, secrecy: str, clearance: str | None) -> str:
    """Why ``by`` may not record a document of ``secrecy`` into ``register``."""
    if not is_cleared_for(by, secrecy, clearance=clearance):
        return _("You are not cleared to register documents of this secrecy level.")
    if secrecy not in register.secrecy_levels:
        return _("This register does not cover documents of this secrecy level.")
    return _("You may not register documents into this register.")


def check_issued_date(errors: Errors, issued_date: datetime.date | None, *, today: datetime.date) -> None:
    if issued_date is None:
        add(errors, "issued_date", _("Enter the date of the document."))
    elif issued_date > today:
        add(errors, "issued_date", _("The date of the document cannot be in the future."))


def check_arrival_date(
    errors: Errors, arrival_date: datetime.date, *, issued_date: datetime.date | None, today: datetime.date
) -> None:
    if arrival_date > today:
        add(errors, "arrival_date", _("The arrival date cannot be in the future."))
    elif issued_date and arrival_date < issued_date:
        add(errors, "arrival_date", _("The arrival date cannot be before the date of the document."))


def check_number_and_notation(errors: Errors, number: int | None, notation: str) -> None:
    """Số and ký hiệu go together (Appendix I Part I §II.3): ``12658/UBND-KGVX``."""
    if notation and not is_well_formed_notation(notation):
        add(errors, "notation", _("The notation is malformed: groups such as UBND-VP joined by hyphens, no spaces."))
    if number is not None and not notation:
        add(errors, "notation", _("Enter the notation that goes with the number."))
    if notation and number is None:
        add(errors, "number", _("Enter the number that goes with the notation."))


def check_recipients(
    errors: Errors,
    *,
    units: Iterable[Unit],
    users: Iterable,
    units_key: str = "recipient_units",
    users_key: str = "recipient_users",
) -> None:
    """Recipients inside the agency are active units and people with an active membership."""
    if any(not u.is_active for u in units):
        add(errors, units_key, _("A recipient unit is no longer active."))
    users = list(users)
    if users:
        members = set(
            Membership.objects.filter(user__in=users, is_active=True).values_list("user_id", flat=True).distinct()
        )
        if any(u.pk not in members for u in users):
            add(errors, users_key, _("A recipient is not a member of the agency."))
