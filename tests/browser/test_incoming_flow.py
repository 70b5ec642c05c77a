"""A clerk registers an incoming document with its file from the keyboard, is warned live when the same document
comes again, finds it in the list by an accent-free search, opens it and downloads the file (streamed after the
access check, under its original name). The test ends on the list page."""

import datetime
import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from apps.people.models import Membership, Position, Role, Unit
from tests.browser.pages import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Van-thu-Vao-So-2026"
SUBJECT = "Về việc báo cáo tình hình thực hiện chuyển đổi số quý IV"
PDF = b"%PDF-1.4\n% bao cao tinh hinh\n"


@pytest.fixture
def alpha_clerk(transactional_db, agency_a, settings, tmp_path) -> Iterator[object]:
    """A committed clerk of alpha; files go to a folder of the test's own. The watermark clean-up of
    tests/support/committed.py removes the clerk, the document and its rows afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    clerk = get_user_model().objects.create_user("vt.vaoso", full_name="Lý Thị Vào Sổ", password=PASSWORD)
    with schema_context(agency_a.schema_name):
        Membership.objects.create(
            user=clerk,
            unit=Unit.objects.get(abbreviation="VP"),
            position=Position.objects.get(name="Chuyên viên"),
            roles=[Role.CLERK],
        )
    yield clerk


def fill_document(page: Page) -> None:
    """The fields a clerk reads off the paper, in the form's order (Tab moves on)."""
    issued = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    expect(page.locator("#id_issuer_name-ts-control")).to_be_focused()  # the issuer picker (core/pickers.js)
    page.keyboard.type("Ủy ban nhân dân tỉnh Đồng Nai")
    page.get_by_label("Số", exact=True).fill("12658")
    page.get_by_label("Ký hiệu", exact=True).fill("UBND-KGVX")
    page.get_by_label("Ngày tháng văn bản").fill(issued)


def test_a_clerk_registers_finds_without_accents_opens_and_downloads_an_incoming_document(
    browser, agency_a, agency_url, alpha_clerk, tmp_path
):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    scan = tmp_path / "Báo cáo tình hình.pdf"
    scan.write_bytes(PDF)
    try:
        log_in(page, agency_url(agency_a, "/login/"), "vt.vaoso", PASSWORD)
        expect(page.get_by_role("heading", name="Xin chào, Lý Thị Vào Sổ")).to_be_visible()

        # From the menu to the register screen.
        page.locator("#nav").get_by_role("link", name="Văn bản đến").click()
        expect(page.get_by_role("heading", name="Văn bản đến", exact=True)).to_be_visible()
        page.get_by_role("link", name="Vào sổ văn bản đến").click()
        expect(page.get_by_role("heading", name="Vào sổ văn bản đến")).to_be_visible()

        fill_document(page)
        page.get_by_label("Loại văn bản").select_option(label="Công văn")
        page.get_by_label("Trích yếu").fill(SUBJECT)
        page.get_by_label("Tệp đính kèm").set_input_files(str(scan))
        page.get_by_role("button", name="Vào sổ", exact=True).click()

        expect(page.locator("#messages")).to_contain_text("Đã vào sổ văn bản đến số 01")
        expect(page.get_by_role("heading", name=f"Văn bản đến số 01/{timezone.localdate().year}")).to_be_visible()
        expect(page.locator("#content")).to_contain_text("12658/UBND-KGVX")

        # The same document again: the warning comes while typing, before any number is taken.
        page.get_by_role("link", name="Vào sổ văn bản khác").click()
        fill_document(page)
        page.get_by_label("Ký hiệu", exact=True).press("Tab")
        expect(page.locator("#duplicate-warning")).to_contain_text("đã được vào sổ với số đến 01")
        page.get_by_role("link", name="Hủy").click()

        # The list, searched without accents as one types.
        expect(page).to_have_url(re.compile(r"/documents/incoming/$"))
        page.get_by_role("searchbox").fill("bao cao tinh hinh")
        expect(page).to_have_url(re.compile(r"/documents/incoming/\?q=bao(\+|%20)cao(\+|%20)tinh(\+|%20)hinh$"))
        rows = page.locator("#incoming-table tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(SUBJECT)
        page.get_by_role("searchbox").fill("khong co van ban nay")
        expect(page.locator("#incoming-table")).to_contain_text("Không có văn bản nào phù hợp")
        page.get_by_role("searchbox").fill("BÁO CÁO tình hình")
        expect(rows).to_have_count(1)

        # Open it and download the file.
        page.get_by_role("link", name=SUBJECT).click()
        expect(page.locator("#doc-files")).to_be_visible()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Báo cáo tình hình.pdf").click()
        download = download_info.value
        assert download.suggested_filename == "Báo cáo tình hình.pdf"
        saved = tmp_path / "downloaded.pdf"
        download.save_as(saved)
        assert saved.read_bytes() == PDF

        # Back to the list (the register printing step continues from here).
        page.get_by_role("link", name="Văn bản đến").first.click()
        expect(page.get_by_role("heading", name="Văn bản đến", exact=True)).to_be_visible()
        expect(page.locator("#incoming-table tbody tr")).to_have_count(1)

        # Print the register (Đ22): the menu's print page, the Excel button, a file holding the document.
        page.locator("#nav").get_by_role("link", name="In sổ đăng ký").click()
        page.get_by_label("Sổ văn bản").select_option(label="Sổ đăng ký văn bản đến")
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Tải về dạng Excel (xlsx)").click()
        register_file = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(register_file)
    finally:
        context.close()
    assert not problems, problems
    rows = list(load_workbook(register_file)["Sổ đăng ký"].iter_rows(min_row=4, values_only=True))
    assert [(row[1], row[3], row[5]) for row in rows] == [("01", "12658/UBND-KGVX", f"Công văn: {SUBJECT}")]
