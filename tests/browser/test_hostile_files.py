"""Issue 7 A1, reproduced as reported: a clerk registers an incoming document through the API with a file named
``scan.pdf`` whose bytes are an SVG carrying scripts, declared ``image/svg+xml``; a leader opens
``…/files/<id>/?inline=1``. The intake chain refuses it (its type by its bytes is not allowed): the leader sees
"Bị từ chối" beside it and the address answers our own page saying why — the file is never rendered on the agency's
origin and its script never runs (no dialog, no error on the leader's page). Serving's own rules behind the chain
(an SVG is never inline, every file response sandboxed) are tested in apps/documents/tests/test_serving.py."""

import datetime
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from apps.core.tests.utils import client_as
from apps.documents.models import IncomingDocument, IntakeState
from apps.documents.tests.factories import settled
from apps.people.models import Membership, Position, Role, Unit
from apps.registers.models import DocumentType, Register
from tests.browser.pages import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Tep-Doc-Hai-2026"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)">'
    b"<script>alert(document.cookie)</script></svg>"
)


@pytest.fixture
def alpha_people(transactional_db, agency_a, settings, celery_worker) -> Iterator[dict]:
    """A committed clerk and leader of alpha (removed by the watermark clean-up afterwards)."""
    settings.MEDIA_ROOT = celery_worker  # the web server and the intake workers share the agency's files
    User = get_user_model()
    with schema_context(agency_a.schema_name):
        office, post = Unit.objects.get(abbreviation="VP"), Position.objects.get(name="Chuyên viên")
        for username, name, role in [
            ("vt.teptin", "Lý Văn Thư", Role.CLERK),
            ("ld.teptin", "Trần Lãnh Đạo", Role.LEADER),
        ]:
            user = User.objects.create_user(username, full_name=name, password=PASSWORD)
            Membership.objects.create(user=user, unit=office, position=post, roles=[role])
        register = next(
            r
            for r in Register.objects.filter(kind=Register.Kind.INCOMING, is_active=True).order_by("order")
            if not r.is_secret
        )
        yield {"register": register.pk, "document_type": DocumentType.objects.get(name="Công văn").pk}


def register_through_the_api(agency, username: str, ids: dict) -> int:
    """The clerk posts the registration with the hostile file to the API, as any API client could."""
    clerk = get_user_model().objects.get(username=username)
    upload = SimpleUploadedFile("scan.pdf", SVG, "image/svg+xml")
    data = {
        "register": ids["register"],
        "document_type": ids["document_type"],
        "issuer_name": "Ủy ban nhân dân tỉnh Đồng Nai",
        "number": "77",
        "notation": "UBND-KGVX",
        "issued_date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "subject": "V/v tệp đính kèm độc hại",
        "urgency": "none",
        "files": [upload],
    }
    response = client_as(agency, clerk).post("/api/v1/incoming-documents/", data)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_an_svg_with_scripts_uploaded_as_a_pdf_never_runs_when_another_user_opens_it_inline(
    browser, agency_a, agency_url, alpha_people
):
    document_id = register_through_the_api(agency_a, "vt.teptin", alpha_people)
    leader = browser.new_context(locale="vi-VN", accept_downloads=True)
    leader.set_default_timeout(20_000)
    try:
        with schema_context(agency_a.schema_name):
            attachment = IncomingDocument.objects.get(pk=document_id).files.select_related("file").get()
            assert settled(attachment.file) == [IntakeState.REFUSED]  # the intake workers, after the commit
        assert attachment.file.detected_type == "image/svg+xml"

        page = leader.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, agency_url(agency_a, "/login/"), "ld.teptin", PASSWORD)
        expect(page.get_by_role("heading", name="Xin chào, Trần Lãnh Đạo")).to_be_visible()
        page.goto(agency_url(agency_a, f"/documents/incoming/{document_id}/"))
        expect(page.get_by_role("link", name="scan.pdf")).to_be_visible()
        expect(page.get_by_role("link", name="Xem")).to_have_count(0)  # no way to open it in the browser

        expect(page.locator(".file-state")).to_contain_text("Bị từ chối")
        url = agency_url(agency_a, f"/documents/incoming/{document_id}/files/{attachment.pk}/?inline=1")
        answer = page.goto(url)  # our own page that says why, never the file
        assert answer.status == 409
        expect(page.get_by_role("heading", name="Không mở được tệp")).to_be_visible()
        page.wait_for_timeout(1000)  # time for any script to have run, were it rendered
        assert dialogs == [] and errors == []
        assert page.evaluate("document.domain") == agency_a.primary_host
    finally:
        leader.close()
