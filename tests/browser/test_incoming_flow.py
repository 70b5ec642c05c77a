"""A clerk registers an incoming document with its file from the keyboard, is warned live when the same document
comes again, finds it in the list by an accent-free search, opens it and downloads the file (streamed after the
access check, under its original name), then prints the register with it."""

import datetime
import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from apps.documents.models import IntakeState, StoredFile
from apps.documents.tests.factories import settled
from apps.people.models import Role
from ocr.tests.files import born_digital_pdf
from tests.browser.members import office_member
from tests.browser.pages import download, follow_menu, log_in_and_see_home, search_list, watch

pytestmark = pytest.mark.browser

PASSWORD = "Van-thu-Vao-So-2026"
SUBJECT = "Về việc báo cáo tình hình thực hiện chuyển đổi số quý IV"
PDF = born_digital_pdf()


@pytest.fixture
def alpha_clerk(transactional_db, agency_a) -> object:
    """A committed clerk of alpha (files go to the test's own folder: the media_root fixture)."""
    return office_member(agency_a, "vt.vaoso", "Lý Thị Vào Sổ", Role.CLERK, password=PASSWORD)


def fill_document(page: Page) -> None:
    """The fields a clerk reads off the paper, in the form's order (Tab moves on)."""
    issued = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    expect(page.locator("#id_issuer_name-ts-control")).to_be_focused()  # the issuer picker (core/pickers.js)
    page.keyboard.type("Ủy ban nhân dân tỉnh Đồng Nai")
    page.get_by_label("Số", exact=True).fill("12658")
    page.get_by_label("Ký hiệu", exact=True).fill("UBND-KGVX")
    page.get_by_label("Ngày tháng văn bản").fill(issued)


def open_and_fill_the_register_form(page: Page, subject: str) -> None:
    """From the menu to the register screen, a công văn read off the paper (not saved yet)."""
    follow_menu(page, "Văn bản đến", heading="Văn bản đến")
    page.get_by_role("link", name="Vào sổ văn bản đến").click()
    expect(page.get_by_role("heading", name="Vào sổ văn bản đến")).to_be_visible()
    fill_document(page)
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    page.get_by_label("Trích yếu").fill(subject)


def register_with_its_file(page: Page, scan) -> None:
    """From the menu to the register screen; the document with its file gets the register's first number."""
    open_and_fill_the_register_form(page, SUBJECT)
    page.get_by_label("Tệp đính kèm").set_input_files(str(scan))
    page.get_by_role("button", name="Vào sổ", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Đã vào sổ văn bản đến số 01")
    expect(page.get_by_role("heading", name=f"Văn bản đến số 01/{timezone.localdate().year}")).to_be_visible()
    expect(page.locator("#content")).to_contain_text("12658/UBND-KGVX")


def see_the_duplicate_warning_while_typing(page: Page) -> None:
    """The same document again: the warning comes while typing, before any number is taken."""
    page.get_by_role("link", name="Vào sổ văn bản khác").click()
    fill_document(page)
    page.get_by_label("Ký hiệu", exact=True).press("Tab")
    expect(page.locator("#duplicate-warning")).to_contain_text("đã được vào sổ với số đến 01")
    page.get_by_role("link", name="Hủy").click()


def search_the_list_without_accents(page: Page) -> None:
    """The list, searched without accents (and in capitals) as one types."""
    expect(page).to_have_url(re.compile(r"/documents/incoming/$"))
    rows = page.locator("#incoming-table tbody tr")
    search_list(page, "bao cao tinh hinh", rows, 1)
    expect(page).to_have_url(re.compile(r"/documents/incoming/\?q=bao(\+|%20)cao(\+|%20)tinh(\+|%20)hinh$"))
    expect(rows.first).to_contain_text(SUBJECT)
    page.get_by_role("searchbox").fill("khong co van ban nay")
    expect(page.locator("#incoming-table")).to_contain_text("Không có văn bản nào phù hợp")
    search_list(page, "BÁO CÁO tình hình", rows, 1)


def open_and_download_the_file(page: Page, folder) -> None:
    """The document's page streams the file under its original name, byte for byte."""
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.locator("#doc-files")).to_be_visible()
    saved, suggested = download(page, page.get_by_role("link", name="Báo cáo tình hình.pdf"), folder, "downloaded.pdf")
    assert suggested == "Báo cáo tình hình.pdf"
    assert saved.read_bytes() == PDF


def print_the_register(page: Page, folder) -> list[tuple]:
    """Back to the list, then the register printed (Đ22) from the menu's print page as Excel: its rows."""
    page.get_by_role("link", name="Văn bản đến").first.click()
    expect(page.get_by_role("heading", name="Văn bản đến", exact=True)).to_be_visible()
    expect(page.locator("#incoming-table tbody tr")).to_have_count(1)
    follow_menu(page, "In sổ đăng ký")
    page.get_by_label("Sổ văn bản").select_option(label="Sổ đăng ký văn bản đến")
    register_file, _name = download(page, page.get_by_role("button", name="Tải về dạng Excel (xlsx)"), folder)
    return list(load_workbook(register_file)["Sổ đăng ký"].iter_rows(min_row=4, values_only=True))


def test_a_clerk_registers_finds_without_accents_opens_and_downloads_an_incoming_document(
    desk, agency_a, agency_url, alpha_clerk, celery_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = celery_worker  # the web server and the intake workers share the agency's files
    page = desk.new_page()
    problems = watch(page)
    scan = tmp_path / "Báo cáo tình hình.pdf"
    scan.write_bytes(PDF)
    log_in_and_see_home(page, agency_url(agency_a, "/login/"), "vt.vaoso", PASSWORD, "Lý Thị Vào Sổ")

    register_with_its_file(page, scan)
    with schema_context(agency_a.schema_name):
        assert settled(*StoredFile.objects.all()) == [IntakeState.READY]  # the intake workers, after the commit
    see_the_duplicate_warning_while_typing(page)
    search_the_list_without_accents(page)
    open_and_download_the_file(page, tmp_path)
    rows = print_the_register(page, tmp_path)

    assert not problems, problems
    assert [(row[1], row[3], row[5]) for row in rows] == [("01", "12658/UBND-KGVX", f"Công văn: {SUBJECT}")]
