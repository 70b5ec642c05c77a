"""The clerk prints the incoming register from the web UI: the menu leads to the print page, the Excel button
downloads the register, and the file holds the document that was registered (Decree 30, Đ22)."""

import datetime
import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from playwright.sync_api import expect

from apps.documents.tests.factories import RegisteredIncomingFactory, default_register
from apps.people.access import Person
from apps.people.models import Role
from tests.browser.members import office_member
from tests.browser.pages import download, follow_menu, log_in, log_in_and_see_home, watch

pytestmark = pytest.mark.browser

PASSWORD = "Van-thu-In-So-2026"


@pytest.fixture
def alpha_clerk(transactional_db, agency_a) -> object:
    """A committed clerk of alpha with one registered incoming document."""
    clerk = office_member(agency_a, "vt.inso", "Đặng Thị In Sổ", Role.CLERK, password=PASSWORD)
    with schema_context(agency_a.schema_name):
        RegisteredIncomingFactory(
            by=Person.for_user(clerk),
            issuer="Ủy ban nhân dân tỉnh Đồng Nai",
            number=12658,
            notation="UBND-KGVX",
            subject="V/v triển khai kế hoạch in sổ đăng ký văn bản",
        )
    return clerk


def test_the_clerk_downloads_the_incoming_register_as_xlsx_and_it_holds_the_document(
    desk, agency_a, agency_url, alpha_clerk, tmp_path
):
    page = desk.new_page()
    problems = watch(page, failed_responses=False)
    log_in_and_see_home(page, agency_url(agency_a, "/login/"), "vt.inso", PASSWORD, "Đặng Thị In Sổ")
    follow_menu(page, "In sổ đăng ký", heading="In sổ đăng ký")
    with schema_context(agency_a.schema_name):
        register = default_register()
    page.get_by_label("Sổ văn bản").select_option(label=register.name)
    page.get_by_label("Năm").fill(str(timezone.localdate().year))
    path, name = download(page, page.get_by_role("button", name="Tải về dạng Excel (xlsx)"), tmp_path)

    assert name == f"so-dang-ky-van-ban-den-{timezone.localdate().year}.xlsx"
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
    desk, agency_a, agency_url, alpha_clerk, celery_worker, settings, tmp_path
):
    """Past the in-request size the PDF is made by the exports worker: the page it opens polls (htmx) until the
    file is ready, then offers it."""
    settings.MEDIA_ROOT = celery_worker
    settings.REGISTER_EXPORT_IN_REQUEST_MAX_ROWS = {"xlsx": 0, "pdf": 0}
    desk.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)
    page = desk.new_page()
    problems = watch(page, failed_responses=False, console=True)
    log_in(page, agency_url(agency_a, "/login/"), "vt.inso", PASSWORD)
    page.goto(agency_url(agency_a, "/registers/print/"))
    page.get_by_label("Năm").fill(str(timezone.localdate().year))
    page.get_by_role("button", name="Tải về dạng PDF").click()
    expect(page).to_have_url(re.compile(r"/registers/print/jobs/\d+/$"))
    link = page.get_by_role("link", name=re.compile("Tải về"))
    expect(link).to_be_visible()  # swapped in by the polling once the worker is done
    expect(page.locator(".export-job")).to_have_attribute("data-state", "done")
    path, name = download(page, link, tmp_path, "so.pdf")

    assert path.read_bytes().startswith(b"%PDF-")
    assert name.endswith(".pdf")
    assert not problems, problems
