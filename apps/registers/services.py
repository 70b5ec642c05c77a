"""State changes of document types, registers and secrecy clearances (agency administrators).

Decree 30/2020/NĐ-CP: Đ7 and Appendix III (types), Đ15 (the head of the agency decides the numbering
systems; secret documents get their own series), Đ16 and Đ22 (registers)."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from apps.audit.services import diff, record_event, record_rights_change
from apps.people.access import Person
from apps.people.models import Membership

from . import validation
from .models import DocumentType, Register, Secrecy, SecrecyClearance

User = get_user_model()

TYPE_FIELDS = ["name", "abbreviation", "is_copy_form", "is_active", "order"]
REGISTER_FIELDS = [
    "kind",
    "name",
    "secrecy_levels",
    "notation_pattern",
    "notation_pattern_without_type",
    "order",
    "is_active",
]


def _ensure_admin(by: Person) -> None:
    if not by.is_admin:
        raise PermissionDenied(_("Only the agency administrator may change this."))


def save_document_type(document_type: DocumentType, *, by: Person) -> DocumentType:
    """Create or change a document type. The Decree's own types keep their name and abbreviation (Appendix III
    fixes them); an agency may add specialised types and deactivate ones it does not use."""
    _ensure_admin(by)
    document_type.name = " ".join(document_type.name.split())
    document_type.abbreviation = document_type.abbreviation.strip()
    before = {}
    if document_type.pk:
        stored = DocumentType.objects.get(pk=document_type.pk)
        before = model_to_dict(stored, fields=TYPE_FIELDS)
        if stored.is_builtin and (
            stored.name != document_type.name or stored.abbreviation != document_type.abbreviation
        ):
            raise ValidationError(_("The name and abbreviation of a Decree 30 document type cannot be changed."))
    others = DocumentType.objects.exclude(pk=document_type.pk)
    taken = {}
    if others.filter(name__iexact=document_type.name).exists():
        taken["name"] = [_("Another document type already has this name.")]
    if document_type.abbreviation and others.filter(abbreviation__iexact=document_type.abbreviation).exists():
        taken["abbreviation"] = [_("Another document type already has this abbreviation.")]
    if taken:
        raise ValidationError(taken)
    document_type.full_clean()
    with transaction.atomic():
        created = document_type.pk is None
        document_type.save()
        after = model_to_dict(document_type, fields=TYPE_FIELDS)
        record_event(
            document_type, "created" if created else "updated", by=by, changes=after if created else diff(before, after)
        )
    return document_type


def _check_register(register: Register, document_types: list[DocumentType] | None) -> None:
    errors: validation.Errors = {}
    levels = list(dict.fromkeys(register.secrecy_levels))
    if not levels:
        validation.add(errors, "secrecy_levels", _("Choose at least one secrecy level."))
    # Secret documents have their own number series (Đ15.1): one register never mixes them with ordinary ones.
    if Secrecy.NONE in levels and len(levels) > 1:
        validation.add(
            errors, "secrecy_levels", _("A register covers either ordinary documents or secret ones, not both.")
        )
    register.secrecy_levels = sorted(levels, key=Secrecy.rank)
    if register.kind in (Register.Kind.OUTGOING, Register.Kind.COPIES) and not (
        register.notation_pattern or register.notation_pattern_without_type
    ):
        validation.add(errors, "notation_pattern", _("An outgoing register needs a notation pattern."))
    copies = register.kind == Register.Kind.COPIES
    if copies and document_types is not None and any(not t.is_copy_form for t in document_types):
        validation.add(errors, "document_types", _("A copies register covers copy forms only."))
    if errors:
        raise ValidationError(errors)


def save_register(register: Register, *, by: Person, document_types: Iterable[DocumentType] | None = None) -> Register:
    """Create or change a register (sổ đăng ký văn bản). ``document_types`` None leaves them as they are; an
    empty list means every type. A register that has numbered documents keeps its kind and secrecy levels,
    so its series stays one series."""
    _ensure_admin(by)
    types = list(document_types) if document_types is not None else None
    register.name = " ".join(register.name.split())
    before: dict = {}
    if register.pk:
        stored = Register.objects.prefetch_related("document_types").get(pk=register.pk)
        before = {
            **model_to_dict(stored, fields=REGISTER_FIELDS),
            "document_types": sorted(t.pk for t in stored.document_types.all()),
        }
        if _has_numbers(stored) and (stored.kind != register.kind or stored.secrecy_levels != register.secrecy_levels):
            raise ValidationError(_("This register has numbered documents: its kind and secrecy levels are fixed."))
    _check_register(register, types)
    register.full_clean()
    with transaction.atomic():
        created = register.pk is None
        register.save()
        if types is not None:
            register.document_types.set(types)
        after = {
            **model_to_dict(register, fields=REGISTER_FIELDS),
            "document_types": sorted(t.pk for t in register.document_types.all()),
        }
        record_event(
            register, "created" if created else "updated", by=by, changes=after if created else diff(before, after)
        )
    return register


def _has_numbers(register: Register) -> bool:
    from .models import RegisterCounter

    return RegisterCounter.objects.filter(register=register, last_number__gt=0).exists()


def set_clearance(user: User, level: str, *, by: Person) -> SecrecyClearance | None:
    """Record the highest secrecy level ``user`` may read here (the head's decision, entered by the
    administrator); ``none`` removes the clearance. Only members of the agency can be cleared."""
    _ensure_admin(by)
    if level not in Secrecy.values:
        raise ValidationError({"level": _("Unknown secrecy level.")})
    if not Membership.objects.filter(user=user, is_active=True).exists():
        raise ValidationError({"user": _("This person is not a member of the agency.")})
    who = f"{user.full_name} ({user.username})"
    with transaction.atomic():
        current = SecrecyClearance.objects.select_for_update().filter(user=user).first()
        old = current.level if current else Secrecy.NONE
        if level == Secrecy.NONE:
            if current:
                record_rights_change(
                    current, "revoked", by=by, changes={"user": user.pk, "level": [old, level]}, label=who
                )
                SecrecyClearance.objects.filter(pk=current.pk).delete()
            return None
        clearance, _created = SecrecyClearance.objects.update_or_create(user=user, defaults={"level": level})
        record_rights_change(clearance, "granted", by=by, changes={"user": user.pk, "level": [old, level]}, label=who)
    return clearance
