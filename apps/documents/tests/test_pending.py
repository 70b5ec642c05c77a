"""Scans waiting to be registered (issue 9 points 6–7): the clerk uploads a scan, it is checked and read by the real
chain (clamd, tesseract), and "Vào sổ" opens the registration form filled in from its text with the scan attached;
registering links the document; a scan may be set aside; only clerks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.tests.utils import client_as
from apps.documents import pending
from apps.documents.models import IncomingDocument, IntakeState, PendingRegistration
from apps.documents.tests.factories import cong_van, default_register, make_person, through_intake
from apps.people.models import Role
from ocr.tests.files import letter_png

LIST = "/documents/incoming/scans/"


@pytest.fixture
def clerk(alpha):
    return make_person(Role.CLERK)


def upload(client, *files):
    return client.post(LIST, {"files": list(files)})


@pytest.mark.django_db
def test_a_scan_is_checked_read_and_opens_a_prefilled_form_that_registers_it(alpha, clerk):
    register, _ = default_register(), cong_van()
    client = client_as(alpha, clerk.user)
    assert upload(client, SimpleUploadedFile("ban-quet.png", letter_png(), "image/png")).status_code == 302
    item = PendingRegistration.objects.get()
    assert item.file.intake_state == IntakeState.WAITING and item.uploaded_by == clerk.user
    page = client.get(LIST).content.decode()
    assert "ban-quet.png" in page and 'hx-trigger="every 2s"' in page
    assert client.get(reverse("documents:pending-register", args=[item.pk])).status_code == 302  # not read yet

    assert through_intake(item.file) == [IntakeState.READY]
    row = client.get(f"{LIST}{item.pk}/?row=1").content.decode()
    assert "every 2s" not in row and reverse("documents:pending-register", args=[item.pk]) in row
    form = client.get(reverse("documents:pending-register", args=[item.pk])).content.decode()
    assert "gợi ý từ bản quét" in form
    assert 'value="189"' in form and "TB-UBND" in form  # number and notation read from the scan
    assert "ban-quet.png" in form  # the scan is attached already

    token = _staged_token(form)
    data = {
        "register": register.pk,
        "document_type": cong_van().pk,
        "issuer_name": "Ủy ban nhân dân tỉnh Đồng Nai",
        "number": "189",
        "notation": "TB-UBND",
        "issued_date": "21/10/2022",
        "subject": "Về việc tổ chức họp giao ban công tác tháng mười (sửa)",
        "urgency": "none",
        "secrecy": "none",
        "files__kept": token,
    }
    saved = client.post(reverse("documents:pending-register", args=[item.pk]), data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    document = IncomingDocument.objects.get()
    assert document.subject.endswith("(sửa)")
    assert [a.file_id for a in document.files.all()] == [item.file_id]
    item.refresh_from_db()
    assert item.document == document
    assert "ban-quet.png" not in client.get(LIST).content.decode()
    assert AuditEvent.objects.filter(object_type="documents.pendingregistration", action="registered").exists()


def _staged_token(html: str) -> str:
    import re

    found = re.search(r'name="files__kept" value="([^"]+)"', html)
    assert found, "the scan is offered as a kept file"
    return found.group(1)


@pytest.mark.django_db
def test_a_scan_is_set_aside_and_only_clerks_use_the_queue(alpha, clerk):
    client = client_as(alpha, clerk.user)
    upload(client, SimpleUploadedFile("trang-le.pdf", b"%PDF-1.4 x", "application/pdf"))
    item = PendingRegistration.objects.get()
    assert client_as(alpha, make_person(Role.SPECIALIST).user).get(LIST).status_code == 403
    client.post(reverse("documents:pending-dismiss", args=[item.pk]))
    item.refresh_from_db()
    assert item.dismissed_at is not None and item not in pending.waiting()
    assert client.post(reverse("documents:pending-dismiss", args=[item.pk])).status_code == 404


@pytest.mark.django_db
def test_an_empty_upload_is_refused_with_a_message_and_saves_nothing(alpha, clerk):
    response = upload(client_as(alpha, clerk.user))
    assert response.status_code == 400
    assert not PendingRegistration.objects.exists()


def zipped(entries: dict[str, bytes], compression: int = 8) -> SimpleUploadedFile:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("buu-pham.zip", buffer.getvalue(), "application/zip")


@pytest.mark.django_db
def test_a_zip_of_scans_becomes_one_waiting_scan_per_file_with_safe_names_and_eicar_quarantined(alpha, clerk):
    from ocr.tests.test_clamav import EICAR

    client = client_as(alpha, clerk.user)
    archive = zipped(
        {
            "../../etc/cong-van-1.png": letter_png(),
            "thu muc/nhiem\x07.pdf": EICAR,
            "__MACOSX/._cong-van-1.png": b"junk",
            "thu muc/": b"",
        }
    )
    assert upload(client, archive).status_code == 302
    names = sorted(PendingRegistration.objects.values_list("name", flat=True))
    assert names == ["cong-van-1.png", "nhiem.pdf"]
    infected = PendingRegistration.objects.get(name="nhiem.pdf").file
    assert through_intake(infected) == [IntakeState.QUARANTINED]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"bom.pdf": b"\0" * 20_000_000}, "bom nén"),
        ({f"{n}.pdf": b"%PDF" for n in range(201)}, "quá 200 tệp"),
        ({"thu-muc/": b""}, "không chứa tệp nào"),
    ],
)
def test_a_zip_bomb_or_an_oversized_or_empty_zip_is_refused_and_nothing_saved(alpha, clerk, entries, message):
    response = upload(client_as(alpha, clerk.user), zipped(entries))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PendingRegistration.objects.exists()


@pytest.mark.django_db
def test_a_damaged_zip_is_refused(alpha, clerk):
    broken = SimpleUploadedFile("hong.zip", b"PK\x03\x04" + b"\xff" * 200, "application/zip")
    response = upload(client_as(alpha, clerk.user), broken)
    assert response.status_code == 400 and "bị hỏng" in response.content.decode()


@pytest.mark.django_db
def test_the_watched_folder_takes_settled_files_and_sets_aside_what_it_cannot_take(alpha, settings, tmp_path):
    import os

    settings.INTAKE_WATCH_ROOT = str(tmp_path)
    folder = tmp_path / alpha.schema_name
    folder.mkdir()
    (folder / "cong-van.png").write_bytes(letter_png())
    (folder / "bom.zip").write_bytes(zipped({"bom.pdf": b"\0" * 20_000_000}).read())
    (folder / "dang-ghi.png").write_bytes(letter_png())
    for name in ("cong-van.png", "bom.zip"):
        os.utime(folder / name, (1_000_000_000, 1_000_000_000))  # written long ago; dang-ghi.png is still being written

    assert pending.import_folder(alpha.schema_name) == 1
    item = PendingRegistration.objects.get()
    assert (item.name, item.source, item.uploaded_by) == ("cong-van.png", "folder", None)
    assert item.file.intake_state == IntakeState.WAITING
    assert sorted(p.name for p in folder.iterdir()) == [".refused", "dang-ghi.png"]
    assert "bom nén" in (folder / ".refused" / "bom.zip.txt").read_text(encoding="utf-8")
