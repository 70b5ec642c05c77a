"""Files are served by what their bytes are, not by what the uploader declared (issue 7 A1): the type is read with
libmagic and kept on the stored file; only a PDF, PNG or JPEG that is what it claims opens in the browser; every
file response, incoming or outgoing, is sandboxed, never sniffed and never cached."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.core.tests.utils import client_as
from apps.documents import storage
from apps.documents.models import StoredFile
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.outgoing.tests.flow import make_team, new_draft
from apps.people.models import Role

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SANDBOXED = {
    "Content-Security-Policy": "sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
}


def image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (b"__png__", "image/png"),
        (b"__jpeg__", "image/jpeg"),
        (SVG, "image/svg+xml"),
        (HTML, "text/html"),
        (b"", "application/octet-stream"),
    ],
)
def test_the_type_is_read_from_the_bytes(content, expected):
    content = {b"__png__": image("PNG"), b"__jpeg__": image("JPEG")}.get(content, content)
    assert storage.detect_type(content) == expected


@pytest.mark.django_db
def test_storing_a_file_records_the_type_of_its_bytes_beside_the_declared_one(alpha, media_root):
    blob = storage.store(io.BytesIO(SVG), name="scan.pdf", content_type="image/svg+xml")
    assert (blob.content_type, blob.detected_type) == ("image/svg+xml", "image/svg+xml")
    blob = storage.store(io.BytesIO(HTML), name="scan.pdf", content_type="application/pdf")
    assert (blob.content_type, blob.detected_type) == ("application/pdf", "text/html")


def passed(file_id: int) -> None:
    """Serving's own rules are tested behind the intake gate, as if the chain (or an administrator's release) had let
    the file through: the chain refuses an SVG or HTML file (test_intake.py), and serving never trusts that alone."""
    StoredFile.objects.filter(pk=file_id).update(intake_state="ready")


def register(clerk, name: str, content: bytes, declared: str):
    upload = SimpleUploadedFile(name, content, declared)
    document = RegisteredIncomingFactory(by=clerk, files=[upload])
    attachment = document.files.select_related("file").get()
    passed(attachment.file_id)
    return document, document.files.select_related("file").get()


def file_url(document, attachment) -> str:
    return f"/documents/incoming/{document.pk}/files/{attachment.pk}/"


@pytest.mark.django_db
def test_an_svg_declared_as_an_image_is_never_shown_inline_and_is_sandboxed(alpha):
    clerk = make_person(Role.CLERK)
    document, attachment = register(clerk, "scan.pdf", SVG, "image/svg+xml")
    assert attachment.file.detected_type == "image/svg+xml"
    response = client_as(alpha, make_person(Role.LEADER).user).get(file_url(document, attachment), {"inline": "1"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/svg+xml"
    for header, value in SANDBOXED.items():
        assert response[header] == value, header
    page = client_as(alpha, clerk.user).get(f"/documents/incoming/{document.pk}/").content.decode()
    assert f"{file_url(document, attachment)}view/" not in page  # no "Xem" for a file that is only ever downloaded


@pytest.mark.django_db
def test_html_declared_as_a_pdf_is_downloaded_as_what_it_is(alpha):
    clerk = make_person(Role.CLERK)
    document, attachment = register(clerk, "to-trinh.pdf", HTML, "application/pdf")
    response = client_as(alpha, clerk.user).get(file_url(document, attachment), {"inline": "1"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "text/html"
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kind", "declared"),
    [("scan.pdf", "pdf", "application/pdf"), ("anh.png", "png", "image/png"), ("anh.jpg", "jpeg", "image/jpg")],
)
def test_a_pdf_png_or_jpeg_that_is_what_it_claims_opens_inline_sandboxed(alpha, name, kind, declared):
    clerk = make_person(Role.CLERK)
    content = PDF if kind == "pdf" else image(kind.upper())
    document, attachment = register(clerk, name, content, declared)
    client = client_as(alpha, clerk.user)
    inline = client.get(file_url(document, attachment), {"inline": "1"})
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["Content-Type"] == ("application/pdf" if kind == "pdf" else f"image/{kind}")
    for header, value in SANDBOXED.items():
        assert inline[header] == value, header
    download = client.get(file_url(document, attachment))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"] == "sandbox"
    assert (
        f"{file_url(document, attachment)}view/" in client.get(f"/documents/incoming/{document.pk}/").content.decode()
    )


@pytest.mark.django_db
def test_a_real_image_declared_as_something_else_is_only_downloaded(alpha):
    clerk = make_person(Role.CLERK)
    document, attachment = register(clerk, "scan.pdf", image("PNG"), "application/pdf")
    response = client_as(alpha, clerk.user).get(file_url(document, attachment), {"inline": "1"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_a_file_stored_before_detection_is_download_only_until_read_then_remembered(alpha):
    clerk = make_person(Role.CLERK)
    document, attachment = register(clerk, "scan.pdf", PDF, "application/pdf")
    StoredFile.objects.filter(pk=attachment.file_id).update(detected_type="")  # as the migration leaves old rows
    page = client_as(alpha, clerk.user).get(f"/documents/incoming/{document.pk}/").content.decode()
    assert f"{file_url(document, attachment)}view/" not in page
    response = client_as(alpha, clerk.user).get(file_url(document, attachment), {"inline": "1"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert StoredFile.objects.get(pk=attachment.file_id).detected_type == "application/pdf"


@pytest.mark.django_db
def test_draft_files_are_served_the_same_way(alpha):
    team = make_team()
    draft = new_draft(team, files=[SimpleUploadedFile("du-thao.pdf", SVG, "application/pdf")])
    file = draft.versions.get().files.get()
    passed(file.file_id)
    url = f"/outgoing/drafts/{draft.pk}/files/{file.pk}/"
    response = client_as(alpha, team.drafter.user).get(url, {"inline": "1"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/svg+xml"
    for header, value in SANDBOXED.items():
        assert response[header] == value, header
    pdf = new_draft(team, files=[SimpleUploadedFile("du-thao.pdf", PDF, "application/pdf")])
    pdf_file = pdf.versions.get().files.get()
    passed(pdf_file.file_id)
    inline = client_as(alpha, team.drafter.user).get(f"/outgoing/drafts/{pdf.pk}/files/{pdf_file.pk}/?inline=1")
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["Content-Security-Policy"] == "sandbox"
