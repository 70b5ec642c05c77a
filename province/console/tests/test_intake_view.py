"""The province administrator sees, across agencies, the files the intake chain has not finished with and the
length of the scan and OCR queues (issue 9 point 8); an agency's people never see the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from apps.core.tests.utils import client_as
from apps.documents.models import IncomingAttachment, IntakeState, StoredFile
from apps.documents.tests.factories import RegisteredIncomingFactory
from apps.people.tests.factories import UserFactory


@pytest.mark.django_db
def test_the_console_shows_each_agencys_files_waiting_read_and_stopped(agency_a, agency_b):
    with schema_context(agency_a.schema_name):
        document = RegisteredIncomingFactory(files=[SimpleUploadedFile("a.pdf", b"%PDF-1.7 a")])
        reading = RegisteredIncomingFactory(files=[SimpleUploadedFile("quet.pdf", b"%PDF-1.7 b")])
        StoredFile.objects.filter(pk__in=IncomingAttachment.objects.filter(document=reading).values("file")).update(
            intake_state=IntakeState.READING, pages=7, pages_read=3
        )
        clerk = document.registered_by
    with schema_context(agency_b.schema_name):
        other = RegisteredIncomingFactory(files=[SimpleUploadedFile("b.pdf", b"%PDF-1.7 c")])
        StoredFile.objects.filter(pk__in=IncomingAttachment.objects.filter(document=other).values("file")).update(
            intake_state=IntakeState.QUARANTINED
        )

    page = client_as(None, UserFactory(is_staff=True)).get("/intake/")
    text = page.content.decode()
    assert page.status_code == 200
    assert agency_a.name in text and agency_b.name in text
    assert "quet.pdf: trang 3/7" in text
    assert "Đang chờ quét virus" in text
    assert client_as(agency_a, clerk).get("/intake/").status_code == 404
