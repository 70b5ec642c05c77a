"""The file viewer in the browser (issue 9 point 4): a leader opens an incoming document's PDF from the document's
"Xem" at 1366 and at 360 px; pdf.js draws the first page into a canvas fitted to the width (page k/n, zoom, the
next page), an image is drawn too, and a file the browser may not show, or one that is missing, is explained in
Vietnamese; no console error and no Content-Security-Policy violation anywhere (pdf.js runs without eval or
WebAssembly, its worker from our own origin)."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image
from playwright.sync_api import Page, expect

from apps.documents import storage
from apps.documents.models import IntakeState, StoredFile
from apps.documents.tests.factories import RegisteredIncomingFactory
from apps.documents.tests.test_serving import SVG
from apps.people.access import Person
from apps.people.models import Role
from tests.browser.members import office_member
from tests.browser.pages import PHONE, log_in_and_see_home, watch

pytestmark = pytest.mark.browser

PASSWORD = "Xem-Tep-Trong-Trang-2026"
DESK_1366 = {"width": 1366, "height": 768}
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""
PAGES = ["Kính gửi: Sở Nội vụ — trang một", "Nội dung thông báo — trang hai", "Nơi nhận: lưu văn thư — trang ba"]


def three_page_pdf() -> bytes:
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always; font-size: 28pt">{text}</p>' for text in PAGES)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def jpeg2000_scan() -> bytes:
    """A one-page PDF whose page is a JPEG 2000 image (JPXDecode, as some scanners write): pdf.js decodes it with
    its JavaScript decoder, WebAssembly being off."""
    image = Image.new("L", (600, 800), 255)
    image.paste(0, (100, 300, 500, 340))  # a black bar
    encoded = io.BytesIO()
    image.save(encoded, "JPEG2000")
    pdf = pikepdf.new()
    picture = pikepdf.Stream(pdf, encoded.getvalue())
    picture.Type, picture.Subtype, picture.Filter = pikepdf.Name.XObject, pikepdf.Name.Image, pikepdf.Name.JPXDecode
    picture.Width, picture.Height = 600, 800
    page = pdf.add_blank_page(page_size=(600, 800))
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=picture))
    page.Contents = pdf.make_stream(b"q 600 0 0 800 0 0 cm /Im0 Do Q")
    saved = io.BytesIO()
    pdf.save(saved)
    return saved.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (20, 90, 160)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def with_files(transactional_db, agency_a, settings, tmp_path) -> dict:
    """Committed: a clerk and a leader of alpha; a registered document with a three-page PDF, a PNG, a JPEG 2000
    scan and an SVG."""
    settings.MEDIA_ROOT = tmp_path / "media"
    clerk = office_member(agency_a, "vt.xemtep", "Đỗ Thị Văn Thư", Role.CLERK, password=PASSWORD, post="Văn thư")
    office_member(agency_a, "ld.xemtep", "Hoàng Văn Lãnh Đạo", Role.LEADER, password=PASSWORD)
    uploads = [
        SimpleUploadedFile("thong-bao.pdf", three_page_pdf(), "application/pdf"),
        SimpleUploadedFile("so-do.png", png(), "image/png"),
        SimpleUploadedFile("ban-quet-jpx.pdf", jpeg2000_scan(), "application/pdf"),
        SimpleUploadedFile("logo.svg", SVG, "image/svg+xml"),
    ]
    with schema_context(agency_a.schema_name):
        document = RegisteredIncomingFactory(
            by=Person.for_user(clerk), subject="V/v xem tệp trong trang", files=uploads
        )
        # The viewer is tested here, behind the intake gate (tests of the chain: apps/documents/tests/test_intake.py):
        # the files as the chain would have let them through, shown as they are (no OCR'd copy).
        StoredFile.objects.filter(pk__in=document.files.values("file")).update(intake_state=IntakeState.READY)
        files = {a.name: a for a in document.files.select_related("file")}
    return {"document": document, "files": files}


def first_canvas_is_drawn(page: Page) -> None:
    canvas = page.locator(".file-viewer-page canvas[data-rendered]").first
    expect(canvas).to_be_visible()
    # Something was drawn: the canvas holds dark (text) pixels, not only the white of an empty page.
    assert page.evaluate(
        """() => {
          const canvas = document.querySelector(".file-viewer-page canvas[data-rendered]");
          const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128 && pixels[i + 3] > 0) return true;
          return false;
        }"""
    )
    fits = page.evaluate(
        """() => {
          const canvas = document.querySelector(".file-viewer-page canvas[data-rendered]");
          const box = document.querySelector(".file-viewer-pages").getBoundingClientRect();
          return canvas.getBoundingClientRect().width <= box.width
            && document.documentElement.scrollWidth <= window.innerWidth;
        }"""
    )
    assert fits, "the page is fitted to the viewer's width and the screen does not scroll sideways"


def open_pdf_from_the_document(page: Page, url, document) -> None:
    page.goto(url(f"/documents/incoming/{document.pk}/"))
    row = page.locator("li").filter(has=page.get_by_role("link", name="thong-bao.pdf"))
    row.get_by_role("link", name="Xem").click()
    expect(page.get_by_role("heading", name="thong-bao.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="Tải về")).to_have_attribute("download", "")


@pytest.mark.parametrize("viewport", [DESK_1366, PHONE], ids=["1366", "360"])
def test_a_leader_reads_an_incoming_pdf_in_the_page_at_desk_and_phone_width(
    open_context, agency_a, agency_url, with_files, viewport
):
    context = open_context(viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    problems = watch(page, console=True)
    log_in_and_see_home(page, agency_url(agency_a, "/login/"), "ld.xemtep", PASSWORD, "Hoàng Văn Lãnh Đạo")

    open_pdf_from_the_document(page, lambda path: agency_url(agency_a, path), with_files["document"])
    first_canvas_is_drawn(page)
    viewer = page.locator("[data-file-viewer]")
    expect(viewer.locator("[data-viewer-count]")).to_have_text("3")
    expect(viewer.locator("[data-viewer-page]")).to_have_text("1")
    viewer.get_by_role("button", name="Trang sau").click()
    expect(viewer.locator("[data-viewer-page]")).to_have_text("2")
    expect(page.locator('.file-viewer-page[data-page="2"] canvas[data-rendered]')).to_be_visible()
    viewer.get_by_role("button", name="Phóng to").click()
    expect(viewer.locator("[data-viewer-zoom]")).to_have_text("125%")
    viewer.get_by_role("button", name="Vừa chiều ngang").click()
    expect(viewer.locator("[data-viewer-zoom]")).to_have_text("100%")
    page.get_by_role("link", name="V/v xem tệp trong trang").click()  # back to the document
    expect(page.get_by_role("link", name="thong-bao.pdf")).to_be_visible()
    assert problems == []


def test_an_image_and_a_jpeg_2000_scan_are_drawn_and_what_cannot_be_shown_is_explained(
    open_context, agency_a, agency_url, with_files
):
    page = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.add_init_script(WATCH_CSP)
    problems = watch(page, console=True, failed_responses=False)
    log_in_and_see_home(page, agency_url(agency_a, "/login/"), "ld.xemtep", PASSWORD, "Hoàng Văn Lãnh Đạo")
    document, files = with_files["document"], with_files["files"]

    def viewer_of(name: str) -> str:
        return agency_url(agency_a, f"/documents/incoming/{document.pk}/files/{files[name].pk}/view/")

    page.goto(viewer_of("so-do.png"))
    first_canvas_is_drawn(page)
    expect(page.locator("[data-viewer-paging]")).to_be_hidden()
    page.goto(viewer_of("ban-quet-jpx.pdf"))
    first_canvas_is_drawn(page)

    page.goto(viewer_of("logo.svg"))  # no "Xem" for it; opened by its address, the server sends it to download
    expect(page.locator("[data-viewer-status]")).to_have_text(
        "Tệp này chưa có bản xem trước trong trình duyệt; hãy tải về để mở."
    )
    expect(page.locator(".file-viewer-page")).to_have_count(0)

    with schema_context(agency_a.schema_name):
        storage.path_for(files["thong-bao.pdf"].file.sha256).unlink()  # its content lost from storage
    page.goto(viewer_of("thong-bao.pdf"))
    expect(page.locator("[data-viewer-status]")).to_have_text("Không tìm thấy tệp.")
    assert [p for p in problems if "404" not in p] == []  # the file's own 404 is the browser's report of it
