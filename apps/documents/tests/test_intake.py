"""Every stored file goes through the intake chain before anyone may open it (issue 9 points 1–3, 8, 9): the states
a person sees, quarantine with notification, release and deletion by the administrator, retries, and the gate on
issuing. Real clamd (EICAR), libmagic, pikepdf and tesseract; the stages run in this process as the workers run
them (factories.through_intake), and once through the real Celery worker."""

import datetime
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.audit.models import AuditEvent
from apps.core.tests.utils import client_as
from apps.documents import intake, storage
from apps.documents.models import IntakeState, StoredFile, StoredFileText
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person, through_intake
from apps.notifications.models import Notification
from apps.people.models import Role
from ocr.tests import files
from ocr.tests.test_clamav import EICAR

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def registered(content: bytes, name: str, **fields):
    """An incoming document registered with one file; (document, its attachment, its stored file)."""
    document = RegisteredIncomingFactory(files=[SimpleUploadedFile(name, content)], **fields)
    attachment = document.files.select_related("file").get()
    return document, attachment, attachment.file


def file_url(document, attachment) -> str:
    return reverse("documents:incoming-file", args=[document.pk, attachment.pk])


@pytest.mark.django_db
def test_a_new_file_waits_and_cannot_be_opened_until_the_chain_passes_it(alpha):
    document, attachment, stored = registered(files.born_digital_pdf(), "cong-van.pdf")
    clerk = document.registered_by
    assert stored.intake_state == IntakeState.WAITING
    assert stored.uploaded_by == clerk
    client = client_as(alpha, clerk)
    refused = client.get(file_url(document, attachment))
    assert refused.status_code == 409
    assert "đang được kiểm tra" in refused.content.decode()
    badge = client.get(file_url(document, attachment) + "?state=1").content.decode()
    assert 'hx-trigger="every 2s"' in badge and "Đang chờ kiểm tra" in badge

    assert through_intake(stored) == [IntakeState.READY]
    assert StoredFileText.objects.get(file=stored).text.strip()
    opened = client.get(file_url(document, attachment))
    assert opened.status_code == 200 and b"".join(opened.streaming_content).startswith(b"%PDF")
    assert "every 2s" not in client.get(file_url(document, attachment) + "?state=1").content.decode()
    actions = set(AuditEvent.objects.filter(object_type="documents.storedfile").values_list("action", flat=True))
    assert "intake_ready" in actions


@pytest.mark.django_db
def test_the_eicar_file_named_as_a_pdf_is_quarantined_and_the_uploader_and_admins_are_told(
    alpha, django_capture_on_commit_callbacks
):
    admin = make_person(Role.ADMIN)
    document, attachment, stored = registered(EICAR, "eicar.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert through_intake(stored) == [IntakeState.QUARANTINED]
    assert "eicar" in stored.intake_signature.lower()
    client = client_as(alpha, document.registered_by)
    assert client.get(file_url(document, attachment)).status_code == 409
    assert client.get(file_url(document, attachment) + "?preview=1").status_code == 409
    assert "Đã cách ly" in client.get(reverse("documents:incoming-detail", args=[document.pk])).content.decode()
    told = set(Notification.objects.filter(kind="file_quarantined").values_list("recipient_id", flat=True))
    assert {document.registered_by.pk, admin.user.pk} <= told


@pytest.mark.django_db
def test_an_svg_is_refused_and_its_uploader_told(alpha, django_capture_on_commit_callbacks):
    document, attachment, stored = registered(SVG, "scan.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert through_intake(stored) == [IntakeState.REFUSED]
    assert stored.intake_code == "type_not_allowed"
    assert client_as(alpha, document.registered_by).get(file_url(document, attachment)).status_code == 409
    assert Notification.objects.filter(kind="file_refused", recipient=document.registered_by).exists()


@pytest.mark.django_db
def test_a_scan_is_read_page_by_page_into_a_searchable_pdfa_shown_in_the_viewer(alpha):
    document, attachment, stored = registered(files.scanned_pdf(), "ban-quet.pdf")
    assert intake.run_scan_stage(stored.pk) == IntakeState.READING
    stored.refresh_from_db()
    badge = client_as(alpha, document.registered_by).get(file_url(document, attachment) + "?state=1")
    assert "Đang nhận dạng chữ" in badge.content.decode() or "Đang đọc" in badge.content.decode()
    assert intake.run_heavy_stage(stored.pk) == IntakeState.READY
    stored.refresh_from_db()
    assert stored.pages == stored.pages_read == 1
    assert stored.preview_sha256 and stored.preview_sha256 != stored.sha256
    assert "ocr" in stored.flags
    assert "Ủy ban nhân dân" in StoredFileText.objects.get(file=stored).text
    preview = client_as(alpha, document.registered_by).get(file_url(document, attachment) + "?preview=1")
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert "inline" in preview["Content-Disposition"]
    assert b"".join(preview.streaming_content)[:5] == b"%PDF-"


@pytest.mark.django_db
def test_an_unreachable_scanner_waits_and_retries_with_back_off_then_fails_and_may_be_retried(alpha, settings):
    settings.CLAMD_SOCKET = "/nonexistent/clamd.sock"
    document, _attachment, stored = registered(files.born_digital_pdf(), "cong-van.pdf")
    assert intake.run_scan_stage(stored.pk) == IntakeState.WAITING
    stored.refresh_from_db()
    assert (stored.intake_code, stored.intake_attempts) == ("scanner_unavailable", 1)
    assert [intake.backoff_seconds(n) for n in (1, 2, 3)] == [30, 60, 120]
    StoredFile.objects.filter(pk=stored.pk).update(intake_attempts=intake.MAX_ATTEMPTS - 1)
    assert intake.run_scan_stage(stored.pk) == IntakeState.FAILED
    stored.refresh_from_db()

    other = make_person(Role.CLERK)
    with pytest.raises(PermissionDenied):
        intake.retry(stored, by=other)
    clerk = client_as(alpha, document.registered_by)
    retried = clerk.post(
        reverse("documents:file-retry", args=[stored.pk]), {"poll_url": "//evil.example/"}, HTTP_HX_REQUEST="true"
    )
    assert retried.status_code == 200 and "evil.example" not in retried.content.decode()
    stored.refresh_from_db()
    assert (stored.intake_state, stored.intake_attempts) == (IntakeState.WAITING, 0)


@pytest.mark.django_db
def test_the_administrator_releases_a_quarantined_file_with_a_reason_or_deletes_it(alpha, media_root):
    admin = make_person(Role.ADMIN)
    first, first_attachment, infected = registered(EICAR, "eicar.pdf")
    through_intake(infected)
    page = client_as(alpha, admin.user).get(reverse("documents:quarantine")).content.decode()
    assert "eicar.pdf" in page and "Eicar-Test-Signature" in page
    assert client_as(alpha, first.registered_by).get(reverse("documents:quarantine")).status_code == 403

    with pytest.raises(ValidationError):
        intake.release(infected, by=admin, reason="  ")
    client_as(alpha, admin.user).post(reverse("documents:file-release", args=[infected.pk]), {"reason": "Báo nhầm"})
    infected.refresh_from_db()
    assert infected.is_ready and infected.release_reason == "Báo nhầm" and "released" in infected.flags
    assert client_as(alpha, first.registered_by).get(file_url(first, first_attachment)).status_code == 200
    assert AuditEvent.objects.filter(action="released", object_id=str(infected.pk)).exists()

    second, second_attachment, refused = registered(SVG, "scan.svg")
    through_intake(refused)
    admin_client = client_as(alpha, admin.user)
    admin_client.post(reverse("documents:file-delete", args=[refused.pk]))  # not confirmed: nothing happens
    assert storage.path_for(refused.sha256).exists()
    admin_client.post(reverse("documents:file-delete", args=[refused.pk]), {"confirm": "1"})
    refused.refresh_from_db()
    assert refused.intake_state == IntakeState.DELETED
    assert client_as(alpha, second.registered_by).get(file_url(second, second_attachment)).status_code == 409


@pytest.mark.django_db
def test_a_file_whose_worker_died_is_queued_again_by_the_sweep(alpha):
    _, _, stored = registered(files.born_digital_pdf(), "cong-van.pdf")
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    StoredFile.objects.filter(pk=stored.pk).update(intake_state=IntakeState.SCANNING, intake_changed_at=long_ago)
    assert intake.requeue_stale() == 1
    stored.refresh_from_db()
    assert stored.intake_state == IntakeState.WAITING and stored.intake_changed_at > long_ago
    assert intake.requeue_stale() == 0  # queued just now: the next sweep leaves it alone
    assert intake.requeue_stale(everything=True, limit=None) == 1  # the backlog command queues it all the same


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_file_goes_through_the_real_worker_and_opens_once_ready(celery_worker, agency_a, settings):
    settings.MEDIA_ROOT = celery_worker
    with schema_context(agency_a.schema_name):
        document, attachment, stored = registered(files.born_digital_pdf(), "cong-van.pdf")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            stored.refresh_from_db()
            if stored.intake_state == IntakeState.READY:
                break
            time.sleep(0.5)
        assert stored.intake_state == IntakeState.READY
        clerk = document.registered_by
    assert client_as(agency_a, clerk).get(file_url(document, attachment)).status_code == 200


@pytest.mark.django_db
def test_a_document_is_not_issued_with_a_file_that_has_not_passed_the_chain(alpha):
    from apps.outgoing import services as outgoing
    from apps.outgoing.tests.flow import make_team, new_draft, pdf, take_through

    team = make_team()
    draft = take_through(new_draft(team, files=[pdf("nhiem.pdf", EICAR)]), team)
    assert draft.versions.get(number=draft.version).files.get().file.intake_state == IntakeState.QUARANTINED
    with pytest.raises(ValidationError) as refused:
        outgoing.issue_outgoing(draft, by=team.clerk, version=draft.version)
    assert "nhiem.pdf" in str(refused.value)


@pytest.mark.django_db
def test_a_name_with_a_path_control_or_bidi_characters_is_kept_as_its_plain_last_part(alpha):
    _, attachment, stored = registered(files.born_digital_pdf(), "../../etc/ba\u202eo-cao\x07\u200b.pdf")
    assert attachment.name == stored.original_name == "bao-cao.pdf"
    assert storage.clean_name("\x00\x1f") == "tep-dinh-kem"


@pytest.mark.django_db
def test_once_a_scan_is_read_its_document_is_found_by_its_words_without_accents(
    alpha, django_capture_on_commit_callbacks
):
    document, _attachment, stored = registered(files.scanned_pdf(), "ban-quet.pdf")
    client = client_as(alpha, document.registered_by)
    assert document.subject not in client.get("/documents/incoming/", {"q": "vuong mac phat sinh"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert through_intake(stored) == [IntakeState.READY]
    found = client.get("/documents/incoming/", {"q": "vuong mac phat sinh"}).content.decode()
    assert document.subject in found
