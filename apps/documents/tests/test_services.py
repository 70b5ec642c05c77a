"""Registering incoming documents (Decree 30/2020/NĐ-CP, Đ22; Appendix VI)."""

import datetime
import io
import os
import stat

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import override

from apps.audit.models import AuditEvent
from apps.audit.services import events_for
from apps.documents import storage
from apps.documents.models import IncomingDocument, StoredFile
from apps.documents.services import Issuer, Upload, resolve_issuer
from apps.documents.tests.factories import (
    IncomingDocumentFactory,
    RegisteredIncomingFactory,
    cong_van,
    default_register,
    make_person,
    register_entry,
)
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import DocumentType, Register, RegisterCounter, Secrecy, Urgency
from apps.registers.tests.factories import RegisterFactory
from province.directory.models import DirectoryEntry
from tenants.models import Agency

TODAY = timezone.localdate


def valid(**overrides) -> dict:
    data = {
        "register": default_register(),
        "document_type": cong_van(),
        "issuer": "Ủy ban nhân dân tỉnh Đồng Nai",
        "number": 12658,
        "notation": "UBND-KGVX",
        "issued_date": TODAY() - datetime.timedelta(days=3),
        "subject": "V/v triển khai kế hoạch chuyển đổi số năm 2026",
    }
    return {**data, **overrides}


def refused(by, **overrides) -> dict[str, list[str]]:
    before = (IncomingDocument.objects.count(), RegisterCounter.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        register_entry(by=by, **valid(**overrides))
    after = (IncomingDocument.objects.count(), RegisterCounter.objects.count(), AuditEvent.objects.count())
    assert after == before, "nothing may be saved when the input is refused"
    return error.value.message_dict


# ---- numbering --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_arrival_numbers_follow_on_from_one_in_each_register(clerk):
    register = RegisterFactory()
    numbers = [register_entry(by=clerk, **valid(register=register)).document.arrival_number for _ in range(3)]
    other = register_entry(by=clerk, **valid(register=RegisterFactory())).document
    assert numbers == [1, 2, 3]
    assert other.arrival_number == 1
    assert other.arrival_number_display == "01"


@pytest.mark.django_db
def test_arrival_numbers_restart_at_one_on_the_first_of_january(clerk):
    register = RegisterFactory()
    last_year = TODAY().year - 1
    old = register_entry(
        by=clerk,
        **valid(
            register=register,
            issued_date=datetime.date(last_year, 12, 30),
            arrival_date=datetime.date(last_year, 12, 31),
        ),
    ).document
    new = register_entry(by=clerk, **valid(register=register)).document
    assert (old.year, old.arrival_number) == (last_year, 1)
    assert (new.year, new.arrival_number) == (TODAY().year, 1)


@pytest.mark.django_db
def test_numbers_stay_gapless_when_a_save_fails(clerk):
    register = RegisterFactory()
    assert register_entry(by=clerk, **valid(register=register)).document.arrival_number == 1
    # A row imported from the old system already holds number 2: the next save fails after taking the number.
    imported = IncomingDocumentFactory(register=register, arrival_number=2)
    with pytest.raises(IntegrityError):
        register_entry(by=clerk, **valid(register=register))
    assert RegisterCounter.objects.get(register=register).last_number == 1, "the failed save gave its number back"
    imported.delete()
    assert register_entry(by=clerk, **valid(register=register)).document.arrival_number == 2


@pytest.mark.django_db
def test_the_database_refuses_two_documents_with_the_same_arrival_number(alpha):
    first = IncomingDocumentFactory()
    with pytest.raises(IntegrityError):
        IncomingDocumentFactory(register=first.register, arrival_number=first.arrival_number)


# ---- what is recorded -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registration_records_every_appendix_vi_field_and_an_audit_event(clerk):
    unit, leader = UnitFactory(), make_person(Role.LEADER)
    registration = register_entry(
        by=clerk,
        **valid(
            document_type=DocumentType.objects.get(abbreviation="QĐ"),
            notation="QĐ-UBND",
            number=5,
            page_count=3,
            signer="Võ Tấn Đức",
            signer_position="Chủ tịch",
            urgency=Urgency.URGENT,
            recipient_units=[unit],
            recipient_users=[leader.user],
            due_on=TODAY() + datetime.timedelta(days=10),
            description="Bản giấy kèm theo",
        ),
    )
    doc = IncomingDocument.objects.get(pk=registration.document.pk)
    assert doc.number_and_notation == "05/QĐ-UBND"
    assert (doc.arrival_date, doc.year, doc.arrival_number) == (TODAY(), TODAY().year, 1)
    assert (doc.issuer_name, doc.page_count, doc.signer, doc.signer_position) == (
        "Ủy ban nhân dân tỉnh Đồng Nai",
        3,
        "Võ Tấn Đức",
        "Chủ tịch",
    )
    assert (doc.urgency, doc.secrecy, doc.registered_by_id) == (Urgency.URGENT, Secrecy.NONE, clerk.user.pk)
    assert {(r.unit_id, r.user_id) for r in doc.recipients.all()} == {(unit.pk, None), (None, leader.user.pk)}
    [event] = events_for(doc)
    assert (event.action, event.actor_id, event.actor_name) == ("registered", clerk.user.pk, clerk.user.full_name)
    assert event.changes["arrival_number"] == 1 and event.changes["recipient_units"] == [unit.pk]


@pytest.mark.django_db
def test_an_issuer_from_the_directory_or_the_deployment_keeps_its_code_and_name(clerk, agency_b):
    ministry = DirectoryEntry.objects.create(code_102="000.00.00.G09", name="Bộ Nội vụ")
    assert resolve_issuer(code="000.00.00.g09") == Issuer(name="Bộ Nội vụ", code="000.00.00.G09")
    assert resolve_issuer(code=agency_b.code_102) == Issuer(name=agency_b.name, code=agency_b.code_102)
    assert resolve_issuer(name="  Công ty   Điện lực ") == Issuer(name="Công ty Điện lực")
    with pytest.raises(ValidationError):
        resolve_issuer(code="000.00.00.Z99")
    doc = register_entry(by=clerk, **valid(issuer=ministry)).document
    assert (doc.issuer_code, doc.issuer_name) == ("000.00.00.G09", "Bộ Nội vụ")
    doc = register_entry(by=clerk, **valid(issuer=Agency.objects.get(pk=agency_b.pk))).document
    assert doc.issuer_code == agency_b.code_102


@pytest.mark.django_db
def test_a_repeated_number_notation_and_issuer_is_a_warning_not_a_refusal(clerk):
    first = register_entry(by=clerk, **valid())
    second = register_entry(by=clerk, **valid(issuer=" Ủy ban nhân dân  tỉnh Đồng Nai"))
    other_issuer = register_entry(by=clerk, **valid(issuer="Sở Tài chính"))
    assert first.warnings == [] and other_issuer.warnings == []
    assert second.document.pk and second.document.arrival_number == first.document.arrival_number + 1
    [warning] = second.warnings
    assert "12658/UBND-KGVX" in warning and first.document.arrival_number_display in warning


# ---- validation -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_missing_required_fields_are_all_reported_and_nothing_is_saved(clerk):
    errors = refused(clerk, register=None, document_type=None, issuer="", issued_date=None, subject="  ")
    assert {"register", "document_type", "issuer_name", "issued_date", "subject"} <= set(errors)


@pytest.mark.django_db
def test_a_subject_over_500_characters_is_refused(clerk):
    assert "subject" in refused(clerk, subject="V/v " + "x" * 497)
    assert register_entry(by=clerk, **valid(subject="V/v " + "x" * 496)).document.pk


@pytest.mark.django_db
def test_an_issued_date_in_the_future_is_refused(clerk):
    assert "issued_date" in refused(clerk, issued_date=TODAY() + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_an_arrival_date_before_the_issued_date_or_in_the_future_is_refused(clerk):
    errors = refused(
        clerk, issued_date=TODAY() - datetime.timedelta(days=1), arrival_date=TODAY() - datetime.timedelta(days=2)
    )
    assert "arrival_date" in errors
    assert "arrival_date" in refused(clerk, arrival_date=TODAY() + datetime.timedelta(days=1))


@pytest.mark.django_db
@pytest.mark.parametrize("notation", ["UBND KGVX", "-UBND", "UBND--VP", "QĐ/UBND", "UBND_VP"])
def test_a_malformed_notation_is_refused(clerk, notation):
    assert "notation" in refused(clerk, notation=notation)


@pytest.mark.django_db
def test_a_number_needs_its_notation_and_the_other_way_round(clerk):
    assert "notation" in refused(clerk, notation="")
    assert "number" in refused(clerk, number=None)
    assert register_entry(by=clerk, **valid(number=None, notation="")).document.number_and_notation == ""


@pytest.mark.django_db
def test_the_messages_are_in_vietnamese(clerk):
    with override("vi"):
        errors = refused(clerk, issued_date=TODAY() + datetime.timedelta(days=1), notation="UBND KGVX")
    assert "văn bản" in errors["issued_date"][0]
    assert "ký hiệu" in errors["notation"][0].lower()


@pytest.mark.django_db
def test_recipients_must_be_active_units_and_members_of_the_agency(clerk):
    from apps.people.tests.factories import UserFactory

    retired = UnitFactory(is_active=False)
    errors = refused(clerk, recipient_units=[retired], recipient_users=[UserFactory()])
    assert {"recipient_units", "recipient_users"} <= set(errors)


# ---- who may register where --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_clerk_registers_incoming_documents(alpha):
    for role in (Role.LEADER, Role.SPECIALIST, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            register_entry(by=make_person(role), **valid())
    assert not IncomingDocument.objects.exists()


@pytest.mark.django_db
def test_an_incoming_document_cannot_go_into_an_outgoing_register(clerk):
    assert "register" in refused(clerk, register=default_register(Register.Kind.OUTGOING))


@pytest.mark.django_db
def test_a_secret_document_goes_only_into_a_secret_register_by_a_cleared_clerk(alpha):
    uncleared, cleared = make_person(Role.CLERK), make_person(Role.CLERK, clearance=Secrecy.SECRET)
    secret_register = default_register(secret=True)
    assert "register" in refused(uncleared, register=secret_register, secrecy=Secrecy.CONFIDENTIAL)
    assert "register" in refused(cleared, register=default_register(), secrecy=Secrecy.CONFIDENTIAL)
    assert "register" in refused(cleared, register=secret_register, secrecy=Secrecy.TOP_SECRET)
    assert "register" in refused(cleared, register=secret_register, secrecy=Secrecy.NONE)
    doc = register_entry(by=cleared, **valid(register=secret_register, secrecy=Secrecy.SECRET)).document
    assert (doc.register, doc.arrival_number) == (secret_register, 1)


@pytest.mark.django_db
def test_a_register_limited_to_some_types_refuses_the_others(clerk):
    invitations = RegisterFactory(document_types=[DocumentType.objects.get(abbreviation="GM")])
    assert "document_type" in refused(clerk, register=invitations)
    doc = register_entry(
        by=clerk,
        **valid(register=invitations, document_type=DocumentType.objects.get(abbreviation="GM"), notation="GM-UBND"),
    ).document
    assert doc.arrival_number == 1


@pytest.mark.django_db
def test_an_inactive_register_cannot_be_used(clerk):
    assert "register" in refused(clerk, register=RegisterFactory(is_active=False))


# ---- files --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_files_are_stored_once_under_their_sha256_read_only_in_the_agency_folder(clerk, media_root):
    content = b"%PDF-1.7 van ban den"
    first = register_entry(by=clerk, **valid(files=[SimpleUploadedFile("cv 12658.pdf", content, "application/pdf")]))
    second = register_entry(by=clerk, **valid(files=[Upload(io.BytesIO(content), "../../ban-sao.pdf")]))
    [stored] = StoredFile.objects.all()
    path = storage.path_for(stored.sha256)
    assert path.is_relative_to(media_root / "alpha" / "files")
    assert path.read_bytes() == content and stored.size == len(content) and stored.content_type == "application/pdf"
    assert not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert [a.name for a in first.document.files.all()] == ["cv 12658.pdf"]
    assert [a.name for a in second.document.files.all()] == ["ban-sao.pdf"]


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_and_nothing_is_saved(clerk, settings, media_root):
    settings.MAX_UPLOAD_MB = 0.001  # about 1 KB
    big = SimpleUploadedFile("lon.pdf", b"x" * 2048, "application/pdf")
    assert "files" in refused(clerk, files=[big])
    # A stream without a declared size is cut off while it is written.
    with pytest.raises(ValidationError):
        storage.store(io.BytesIO(b"x" * 2048), name="lon.pdf")
    assert not StoredFile.objects.exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]


# ---- the factory goes through the service --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_registered_incoming_factory_goes_through_the_service(clerk):
    doc = RegisteredIncomingFactory(by=clerk)
    assert doc.arrival_number == 1 and events_for(doc).count() == 1
