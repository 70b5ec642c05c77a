"""Correcting and cancelling a registered incoming document (Decree 30 Appendix VI: add and edit metadata; Đ22.2:
the register stays gapless): the service, the page and the API."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.audit.services import events_for
from apps.core import registry
from apps.core.tests.utils import htmx
from apps.documents.models import IncomingDocument
from apps.documents.services import cancel_incoming, correct_incoming
from apps.documents.tests.factories import RegisteredIncomingFactory, default_register, make_person, register_entry
from apps.documents.trail import ACTIONS, trail_for
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import DocumentType, Secrecy, Urgency
from apps.registers.tests.factories import RegisterFactory

TODAY = timezone.localdate


def detail_url(document: IncomingDocument) -> str:
    return f"/documents/incoming/{document.pk}/"


# ---- the service ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_correction_changes_the_metadata_adds_files_and_records_before_and_after(clerk):
    unit = UnitFactory()
    document = RegisteredIncomingFactory(by=clerk, subject="V/v bao cao sai", page_count=2)
    result = correct_incoming(
        document,
        by=clerk,
        changes={"subject": "V/v  báo cáo tình hình", "page_count": 3, "recipient_units": [unit]},
        files=[SimpleUploadedFile("bo-sung.pdf", b"%PDF-1.7 bo sung", "application/pdf")],
    )
    document.refresh_from_db()
    assert result.changed
    assert (document.subject, document.page_count) == ("V/v báo cáo tình hình", 3)
    assert document.recipient_unit_ids == [unit.pk]
    assert "bao cao tinh hinh" in document.search_text
    assert [a.name for a in document.files.all()] == ["bo-sung.pdf"]
    assert list(document.recipients.values_list("unit_id", flat=True)) == [unit.pk]
    event = events_for(document).get(action="corrected")
    assert event.changes["subject"] == ["V/v bao cao sai", "V/v báo cáo tình hình"]
    assert event.changes["page_count"] == [2, 3]
    entry = next(e for e in trail_for(document) if e.action == str(ACTIONS["corrected"]))
    shown = dict(entry.changes)
    assert "V/v bao cao sai → V/v báo cáo tình hình" in shown.values()
    assert f"— → {unit.name}" in shown.values()
    assert "— → bo-sung.pdf" in shown.values()


@pytest.mark.django_db
def test_a_correction_keeps_the_register_its_number_and_arrival_date(clerk):
    document = RegisteredIncomingFactory(by=clerk)
    before = (document.register_id, document.year, document.arrival_number, document.arrival_date)
    with pytest.raises(TypeError):
        correct_incoming(document, by=clerk, changes={"arrival_number": 9})
    correct_incoming(document, by=clerk, changes={"subject": "V/v khác"})
    document.refresh_from_db()
    assert (document.register_id, document.year, document.arrival_number, document.arrival_date) == before


@pytest.mark.django_db
def test_a_correction_follows_the_registration_rules_and_saves_nothing_when_refused(clerk):
    document = RegisteredIncomingFactory(by=clerk, subject="V/v giữ nguyên")
    events = AuditEvent.objects.count()
    invitation = DocumentType.objects.get(abbreviation="GM")
    invitations_only = RegisterFactory(document_types=[invitation])
    narrow = RegisteredIncomingFactory(
        by=clerk, register=invitations_only, document_type=invitation, notation="GM-UBND"
    )
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        correct_incoming(narrow, by=clerk, changes={"document_type": DocumentType.objects.get(abbreviation="QĐ")})
    assert "document_type" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        correct_incoming(
            document,
            by=clerk,
            changes={"subject": "", "issued_date": TODAY() + datetime.timedelta(days=1), "secrecy": Secrecy.SECRET},
        )
    assert {"subject", "issued_date", "register"} <= set(error.value.message_dict)
    document.refresh_from_db()
    assert document.subject == "V/v giữ nguyên" and AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_nothing_is_recorded_when_a_correction_changes_nothing(clerk):
    document = RegisteredIncomingFactory(by=clerk)
    result = correct_incoming(document, by=clerk, changes={"subject": document.subject})
    assert not result.changed
    assert not events_for(document).filter(action="corrected").exists()


@pytest.mark.django_db
def test_only_a_clerk_cleared_for_its_secrecy_corrects_or_cancels(clerk):
    secret_register = default_register(secret=True)
    cleared = make_person(Role.CLERK, clearance=Secrecy.SECRET)
    secret = RegisteredIncomingFactory(by=cleared, register=secret_register, secrecy=Secrecy.SECRET)
    ordinary = RegisteredIncomingFactory(by=clerk)
    for person in (make_person(Role.LEADER), make_person(Role.SPECIALIST), make_person(Role.ADMIN)):
        with pytest.raises(PermissionDenied):
            correct_incoming(ordinary, by=person, changes={"subject": "V/v khác"})
        with pytest.raises(PermissionDenied):
            cancel_incoming(ordinary, by=person, reason="Vào sổ nhầm")
    with pytest.raises(PermissionDenied):
        correct_incoming(secret, by=clerk, changes={"subject": "V/v khác"})
    assert correct_incoming(secret, by=cleared, changes={"subject": "V/v khác"}).changed


@pytest.mark.django_db
def test_a_cancelled_registration_keeps_its_number_and_the_register_stays_gapless(clerk):
    register = RegisterFactory()
    first = RegisteredIncomingFactory(by=clerk, register=register)
    cancel_incoming(first, by=clerk, reason="  Vào sổ   hai lần ")
    second = RegisteredIncomingFactory(by=clerk, register=register)
    first.refresh_from_db()
    assert first.is_cancelled and first.cancel_reason == "Vào sổ hai lần" and first.cancelled_by == clerk.user
    assert [first.arrival_number, second.arrival_number] == [1, 2]
    assert IncomingDocument.objects.filter(register=register).count() == 2
    assert "Vào sổ hai lần" in first.cancellation_note
    event = events_for(first).get(action="cancelled")
    assert event.changes["reason"] == "Vào sổ hai lần"
    with pytest.raises(PermissionDenied):
        cancel_incoming(first, by=clerk, reason="lần nữa")
    with pytest.raises(PermissionDenied):
        correct_incoming(first, by=clerk, changes={"subject": "V/v khác"})


@pytest.mark.django_db
def test_a_cancellation_needs_a_reason_and_an_unhandled_document(clerk):
    document = RegisteredIncomingFactory(by=clerk)
    with pytest.raises(ValidationError) as error:
        cancel_incoming(document, by=clerk, reason="  ")
    assert "reason" in error.value.message_dict
    IncomingDocument.objects.filter(pk=document.pk).update(status=IncomingDocument.Status.ASSIGNED)
    document.refresh_from_db()
    with pytest.raises(ValidationError):
        cancel_incoming(document, by=clerk, reason="Vào sổ nhầm")
    document.refresh_from_db()
    assert not document.is_cancelled


@pytest.mark.django_db
def test_a_cancelled_registration_is_no_duplicate_to_warn_about(clerk):
    fields = {"number": 777, "notation": "UBND-VP", "issuer": "Sở Tài chính"}
    first = RegisteredIncomingFactory(by=clerk, **fields)
    assert register_entry(by=clerk, **_entry(**fields)).warnings
    cancel_incoming(first, by=clerk, reason="Vào sổ nhầm")
    for document in IncomingDocument.objects.filter(number=777).exclude(pk=first.pk):
        cancel_incoming(document, by=clerk, reason="Vào sổ nhầm")
    assert register_entry(by=clerk, **_entry(**fields)).warnings == []


def _entry(**overrides) -> dict:
    return {
        "register": default_register(),
        "document_type": DocumentType.objects.get(name="Công văn"),
        "issued_date": TODAY() - datetime.timedelta(days=1),
        "subject": "V/v thử",
        **overrides,
    }


@pytest.mark.django_db
def test_becoming_urgent_by_a_correction_notifies_like_a_registration(clerk, django_capture_on_commit_callbacks):
    document = RegisteredIncomingFactory(by=clerk)
    with django_capture_on_commit_callbacks() as callbacks:
        correct_incoming(document, by=clerk, changes={"urgency": Urgency.FLASH})
    assert len(callbacks) == 1


# ---- the page -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_clerk_corrects_from_the_documents_page_and_the_history_shows_the_change(alpha, api_as, clerk):
    document = RegisteredIncomingFactory(by=clerk, subject="V/v cũ")
    client = api_as(alpha, clerk)
    page = client.get(detail_url(document)).content.decode()
    assert f"/documents/incoming/{document.pk}/correct/" in page and "Hủy vào sổ" in page
    panel = client.get(f"{detail_url(document)}correct/", **htmx("panel"))
    assert panel.status_code == 200 and "<html" not in panel.content.decode()
    assert 'value="V/v cũ"' in panel.content.decode() or "V/v cũ</textarea>" in panel.content.decode()
    data = {
        "issuer_name": document.issuer_name,
        "number": document.number,
        "notation": document.notation,
        "issued_date": document.issued_date.strftime("%d/%m/%Y"),
        "document_type": document.document_type_id,
        "subject": "V/v mới",
        "urgency": "none",
        "secrecy": "none",
        "files": [SimpleUploadedFile("them.pdf", b"%PDF-1.7 them", "application/pdf")],
    }
    response = client.post(f"{detail_url(document)}correct/", data)
    assert response.status_code == 302 and response["Location"] == detail_url(document)
    after = client.get(detail_url(document)).content.decode()
    assert "V/v cũ → V/v mới" in after and "them.pdf" in after and "Đã sửa" in after


@pytest.mark.django_db
def test_a_refused_correction_shows_the_error_in_the_panel(alpha, api_as, clerk):
    document = RegisteredIncomingFactory(by=clerk)
    response = api_as(alpha, clerk).post(
        f"{detail_url(document)}correct/",
        {"issuer_name": "X", "issued_date": "01/01/2020", "document_type": document.document_type_id, "subject": ""},
        **htmx("panel"),
    )
    assert response.status_code == 400 and "is-invalid" in response.content.decode()


@pytest.mark.django_db
def test_nobody_but_the_clerk_gets_the_correction_and_cancel_pages(alpha, api_as, clerk):
    document = RegisteredIncomingFactory(by=clerk)
    leader = api_as(alpha, make_person(Role.LEADER))
    assert "Hủy vào sổ" not in leader.get(detail_url(document)).content.decode()
    assert leader.get(f"{detail_url(document)}correct/").status_code == 403
    assert leader.post(f"{detail_url(document)}cancel/", {"reason": "x"}).status_code == 403
    stranger = api_as(alpha, make_person(Role.SPECIALIST))
    assert stranger.get(f"{detail_url(document)}correct/").status_code == 404


@pytest.mark.django_db
def test_cancelling_from_the_page_marks_it_in_the_list_and_on_its_page(alpha, api_as, clerk):
    document = RegisteredIncomingFactory(by=clerk, subject="V/v vào sổ nhầm")
    client = api_as(alpha, clerk)
    refused = client.post(f"{detail_url(document)}cancel/", {"reason": ""}, **htmx("cancel-section"))
    assert refused.status_code == 400 and 'id="cancel-section"' in refused.content.decode()
    response = client.post(f"{detail_url(document)}cancel/", {"reason": "Vào sổ hai lần"}, **htmx("cancel-section"))
    assert response.status_code == 204 and response["HX-Redirect"] == detail_url(document)
    page = client.get(detail_url(document)).content.decode()
    assert "Vào sổ hai lần" in page and 'id="cancelled-note"' in page and "Hủy vào sổ" in page
    listing = client.get("/documents/incoming/").content.decode()
    assert f'id="incoming-{document.pk}" class="incoming-cancelled"' in listing and "Đã hủy" in listing


# ---- the API --------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_corrects_with_patch_and_cancels_with_a_reason(alpha, api_as, clerk):
    document = RegisteredIncomingFactory(by=clerk)
    client = api_as(alpha, clerk)
    url = f"/api/v1/incoming-documents/{document.pk}/"
    response = client.patch(url, json.dumps({"subject": "V/v sửa qua API", "page_count": 4}), "application/json")
    assert response.status_code == 200, response.content
    assert (response.json()["subject"], response.json()["page_count"]) == ("V/v sửa qua API", 4)
    assert response.json()["arrival_number"] == document.arrival_number
    refused = client.patch(url, json.dumps({"page_count": 0}), "application/json")
    assert refused.status_code == 400 and "page_count" in refused.json()["errors"]
    assert client.post(f"{url}cancel/", {}).status_code == 400
    cancelled = client.post(f"{url}cancel/", {"reason": "Vào sổ nhầm"})
    assert cancelled.status_code == 200
    assert cancelled.json()["is_cancelled"] is True and cancelled.json()["cancel_reason"] == "Vào sổ nhầm"
    assert client.patch(url, json.dumps({"subject": "V/v nữa"}), "application/json").status_code == 403
    leader = api_as(alpha, make_person(Role.LEADER))
    assert leader.get(url).json()["is_cancelled"] is True


@pytest.mark.django_db
def test_a_cancelled_registration_no_longer_waits_on_the_leaders_home(clerk, monkeypatch):
    monkeypatch.setattr(registry, "_figure_providers", {})  # documents' own count, without direction's
    from apps.documents.plugins import leader_section

    leader = make_person(Role.LEADER)
    document = RegisteredIncomingFactory(by=clerk, urgency=Urgency.URGENT)
    assert (leader_section(leader)["waiting"], leader_section(leader)["urgent"]) == ("1", "1")
    cancel_incoming(document, by=clerk, reason="Vào sổ nhầm")
    assert (leader_section(leader)["waiting"], leader_section(leader)["urgent"]) == ("0", "0")
