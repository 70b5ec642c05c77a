"""The clerk prints the incoming register from the web UI: the menu leads to the print page, the Excel button
downloads the register, and the file holds the document that was registered (Decree 30, Đ22)."""

import datetime
import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from playwright.sync_api import expect

from apps.documents.tests.factories import RegisteredIncomingFactory, default_register
from apps.people.access import Person
from apps.people.models import Membership, Position, Role, Unit
from tests.browser.pages import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Van-thu-In-So-2026"


@pytest.fixture
def alpha_clerk(transactional_db, agency_a) -> Iterator[object]:
    """A committed clerk of alpha with one registered incoming document; the watermark clean-up of
    tests/support/committed.py removes both afterwards."""
    clerk = get_user_model().objects.create_user("vt.inso", full_name="Đặng Thị In Sổ", password=PASSWORD)
    with schema_context(agency_a.schema_name):
        Membership.objects.create(
            user=clerk,
            unit=Unit.objects.get(abbreviation="VP"),
            position=Position.objects.get(name="Chuyên viên"),
            roles=[Role.CLERK],
        )
        RegisteredIncomingFactory(
            by=Person.for_user(clerk),
            issuer="Ủy ban nhân dân tỉnh Đồng Nai",
            number=12658,
            notation="UBND-KGVX",
            subject="V/v triển khai kế hoạch in sổ đăng ký văn bản",
        )
    yield clerk


def test_the_clerk_downloads_the_incoming_register_as_xlsx_and_it_holds_the_document(
    browser, agency_a, agency_url, alpha_clerk, tmp_path
):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        log_in(page, agency_url(agency_a, "/login/"), "vt.inso", PASSWORD)
        expect(page.get_by_role("heading", name="Xin chào, Đặng Thị In Sổ")).to_be_visible()

        page.locator("#nav").get_by_role("link", name="In sổ đăng ký").click()
        expect(page.get_by_role("heading", name="In sổ đăng ký")).to_be_visible()
        with schema_context(agency_a.schema_name):
            register = default_register()
        page.get_by_label("Sổ văn bản").select_option(label=register.name)
        page.get_by_label("Năm").fill(str(timezone.localdate().year))
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Tải về dạng Excel (xlsx)").click()
        download = download_info.value
        assert download.suggested_filename == f"so-dang-ky-van-ban-den-{timezone.localdate().year}.xlsx"
        path = tmp_path / download.suggested_filename
        download.save_as(path)
    finally:
        context.close()

    book = load_workbook(path)
    cover = [row[0] for row in book["Bìa sổ"].iter_rows(values_only=True) if row[0]]
    assert cover[:2] == [agency_a.name.upper(), "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"]
    rows = [row for row in book["Sổ đăng ký"].iter_rows(min_row=4, values_only=True)]
    assert len(rows) == 1
    assert rows[0][:6] == (
        timezone.localdate().strftime("%d/%m/%Y"),
        "01",
        "Ủy ban nhân dân tỉnh Đồng Nai",
        "12658/UBND-KGVX",
        (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
        "Công văn: V/v triển khai kế hoạch in sổ đăng ký văn bản",
    )
    assert not problems, problems


def test_a_long_printout_shows_its_progress_then_offers_the_pdf(
    browser, agency_a, agency_url, alpha_clerk, celery_worker, settings, tmp_path
):
    """Past the in-request size the PDF is made by the exports worker: the page it opens polls (htmx) until the
    file is ready, then offers it."""
    settings.MEDIA_ROOT = celery_worker
    settings.REGISTER_EXPORT_IN_REQUEST_MAX_ROWS = {"xlsx": 0, "pdf": 0}
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    try:
        log_in(page, agency_url(agency_a, "/login/"), "vt.inso", PASSWORD)
        page.goto(agency_url(agency_a, "/registers/print/"))
        page.get_by_label("Năm").fill(str(timezone.localdate().year))
        page.get_by_role("button", name="Tải về dạng PDF").click()
        expect(page).to_have_url(re.compile(r"/registers/print/jobs/\d+/$"))
        link = page.get_by_role("link", name=re.compile("Tải về"))
        expect(link).to_be_visible()  # swapped in by the polling once the worker is done
        expect(page.locator(".export-job")).to_have_attribute("data-state", "done")
        with page.expect_download() as download_info:
            link.click()
        path = tmp_path / "so.pdf"
        download_info.value.save_as(path)
    finally:
        context.close()
    assert path.read_bytes().startswith(b"%PDF-")
    assert download_info.value.suggested_filename.endswith(".pdf")
    assert not problems, problems
