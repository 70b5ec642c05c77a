"""Issue 9's browser test, through the screens and the real workers: the clerk uploads the scan of a letter in "Vào sổ
từ bản quét", watches its state change live until it has been scanned for viruses and read (OCR in Vietnamese on the
Celery worker), previews it in the page, opens the registration form filled in from the scan (the suggested fields
marked), corrects one field and saves: the document is registered with the scan attached."""

import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from apps.documents.models import IncomingDocument, IntakeState
from apps.people.models import Role
from ocr.tests.files import letter_png
from tests.browser.members import office_member
from tests.browser.pages import log_in_and_see_home, watch

pytestmark = pytest.mark.browser

PASSWORD = "Van-thu-Ban-Quet-2026"
CORRECTED = "Về việc tổ chức họp giao ban công tác tháng mười năm 2022"


@pytest.fixture
def scan_clerk(transactional_db, agency_a) -> object:
    return office_member(agency_a, "vt.banquet", "Phan Thị Bản Quét", Role.CLERK, password=PASSWORD)


def test_a_scan_is_read_previewed_and_registered_from_the_prefilled_form(
    desk, agency_a, agency_url, scan_clerk, celery_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = celery_worker  # the worker and the web server share the agency's files
    desk.set_default_timeout(90_000)
    expect.set_options(timeout=90_000)
    page = desk.new_page()
    problems = watch(page, console=True)
    log_in_and_see_home(page, agency_url(agency_a, "/login/"), "vt.banquet", PASSWORD, "Phan Thị Bản Quét")

    page.get_by_role("link", name="Vào sổ từ bản quét").first.click()
    expect(page.get_by_role("heading", name="Vào sổ từ bản quét")).to_be_visible()
    scan = tmp_path / "thong-bao-189.png"
    scan.write_bytes(letter_png())
    page.locator("#id_files").set_input_files(str(scan))
    page.get_by_role("button", name="Tải lên").click()
    row = page.locator("li", has_text="thong-bao-189.png")
    expect(row).to_be_visible()
    register = row.get_by_role("link", name="Vào sổ")
    expect(register).to_be_visible()  # swapped in by the row's polling once the worker has read the scan
    # Preview it in the page (the OCR'd PDF/A drawn by pdf.js).
    row.get_by_role("link", name="Xem").click()
    expect(page.locator(".file-viewer-page canvas[data-rendered]").first).to_be_visible()
    page.go_back()

    page.locator("li", has_text="thong-bao-189.png").get_by_role("link", name="Vào sổ").click()
    expect(page.get_by_role("heading", name="Vào sổ văn bản đến")).to_be_visible()
    expect(page.locator("#id_number")).to_have_value("189")
    expect(page.locator("#id_notation")).to_have_value("TB-UBND")
    expect(page.locator(".field-suggested").first).to_be_visible()
    expect(page.locator("#content")).to_contain_text("gợi ý từ bản quét")
    expect(page.locator("#content")).to_contain_text("thong-bao-189.png")  # the scan is attached already
    page.locator("#id_subject").fill(CORRECTED)
    page.get_by_role("button", name="Vào sổ", exact=True).click()

    expect(page.locator("#messages")).to_contain_text("Đã vào sổ văn bản đến số")
    expect(page.locator("#content")).to_contain_text("189/TB-UBND")
    expect(page.locator("#content")).to_contain_text(CORRECTED)
    expect(page.get_by_role("link", name="thong-bao-189.png")).to_be_visible()
    with schema_context(agency_a.schema_name):
        document = IncomingDocument.objects.get()
        attached = document.files.select_related("file").get().file
        assert attached.intake_state == IntakeState.READY and attached.preview_sha256
    assert re.search(r"/documents/incoming/\d+/$", page.url)
    assert not problems, problems
