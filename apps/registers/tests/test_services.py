"""Administrators configure document types, registers and clearances; every change leaves an audit event."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.audit.services import events_for
from apps.documents.tests.factories import make_person
from apps.people.access import Person
from apps.people.models import Role
from apps.people.tests.factories import UserFactory
from apps.registers import access, services
from apps.registers.models import DocumentType, Register, Secrecy
from apps.registers.numbering import next_number


@pytest.fixture
def admin(alpha):
    return make_person(Role.ADMIN)


@pytest.mark.django_db
def test_an_administrator_adds_a_specialised_type_and_the_change_is_audited(admin):
    permit = services.save_document_type(DocumentType(name="Giấy  phép ", abbreviation="GP"), by=admin)
    assert (permit.name, permit.is_builtin) == ("Giấy phép", False)
    [event] = events_for(permit)
    assert event.action == "created" and event.changes["abbreviation"] == "GP"
    permit.is_active = False
    services.save_document_type(permit, by=admin)
    assert events_for(permit).first().changes == {"is_active": [True, False]}


@pytest.mark.django_db
def test_only_administrators_change_types_and_registers(alpha):
    clerk = make_person(Role.CLERK)
    with pytest.raises(PermissionDenied):
        services.save_document_type(DocumentType(name="Giấy phép", abbreviation="GP"), by=clerk)
    with pytest.raises(PermissionDenied):
        services.save_register(Register(kind="incoming", name="Sổ riêng", secrecy_levels=["none"]), by=clerk)


@pytest.mark.django_db
def test_a_decree_30_type_keeps_its_name_and_abbreviation(admin):
    decision = DocumentType.objects.get(abbreviation="QĐ")
    decision.abbreviation = "QD"
    with pytest.raises(ValidationError):
        services.save_document_type(decision, by=admin)
    with pytest.raises(ValidationError) as error:
        services.save_document_type(DocumentType(name="Quyết định", abbreviation="QĐX"), by=admin)
    assert error.value.message_dict  # the name is taken


@pytest.mark.django_db
def test_a_register_covers_ordinary_or_secret_documents_never_both(admin):
    with pytest.raises(ValidationError) as error:
        services.save_register(Register(kind="incoming", name="Sổ lẫn", secrecy_levels=["none", "secret"]), by=admin)
    assert "secrecy_levels" in error.value.message_dict
    register = services.save_register(
        Register(kind="incoming", name="Sổ mật riêng", secrecy_levels=["top_secret", "confidential"]), by=admin
    )
    assert register.secrecy_levels == ["confidential", "top_secret"] and register.is_secret
    assert events_for(register).get().action == "created"


@pytest.mark.django_db
def test_a_copies_register_covers_copy_forms_only(admin):
    decision = DocumentType.objects.get(abbreviation="QĐ")
    with pytest.raises(ValidationError) as error:
        services.save_register(
            Register(kind="copies", name="Sổ sao khác", secrecy_levels=["none"]), by=admin, document_types=[decision]
        )
    assert "document_types" in error.value.message_dict


@pytest.mark.django_db
def test_a_register_with_numbers_keeps_its_kind_and_secrecy(admin):
    register = services.save_register(Register(kind="incoming", name="Sổ đến phụ", secrecy_levels=["none"]), by=admin)
    with transaction.atomic():
        next_number(register, 2026)
    register.kind = Register.Kind.OUTGOING
    with pytest.raises(ValidationError):
        services.save_register(register, by=admin)
    register.refresh_from_db()
    register.name = "Sổ đến phụ (đổi tên)"
    services.save_register(register, by=admin)
    assert events_for(register).first().changes == {"name": ["Sổ đến phụ", "Sổ đến phụ (đổi tên)"]}


@pytest.mark.django_db
def test_clearance_opens_secret_registers_to_a_clerk_and_can_be_revoked(admin):
    clerk = make_person(Role.CLERK)
    assert [r.name for r in access.registers_usable_by(clerk)] == ["Sổ đăng ký văn bản đến"]
    clearance = services.set_clearance(clerk.user, Secrecy.CONFIDENTIAL, by=admin)
    assert access.clearance_of(clerk) == Secrecy.NONE  # looked up once per request: the next one sees the change
    clerk = Person.for_user(clerk.user)
    assert access.clearance_of(clerk) == Secrecy.CONFIDENTIAL
    assert len(access.registers_usable_by(clerk)) == 2
    assert events_for(clearance).get().changes == {"user": clerk.user.pk, "level": ["none", "confidential"]}
    services.set_clearance(clerk.user, Secrecy.NONE, by=admin)
    assert access.clearance_of(Person.for_user(clerk.user)) == Secrecy.NONE
    with pytest.raises(ValidationError):
        services.set_clearance(UserFactory(), Secrecy.SECRET, by=admin)  # not a member of the agency
