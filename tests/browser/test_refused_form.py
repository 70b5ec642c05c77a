"""A refused registration keeps its file: the clerk corrects the field in red and registers without picking the
file again, and the document holds it. The date is typed the short way (d/m/yy)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.people.models import Role
from tests.browser.members import office_member
from tests.browser.pages import choose, log_in, watch

pytestmark = pytest.mark.browser

PASSWORD = "Van-thu-Giu-Tep-2026"
PDF = b"%PDF-1.4\n% cong van giu lai\n"


@pytest.fixture
def alpha_clerk(transactional_db, agency_a) -> object:
    return office_member(agency_a, "vt.giutep", "Lê Thị Giữ Tệp", Role.CLERK, password=PASSWORD)


def test_a_refused_registration_keeps_the_chosen_file_for_the_next_try(
    desk, agency_a, agency_url, alpha_clerk, tmp_path
):
    page = desk.new_page()
    problems = watch(page, failed_responses=False)
    scan = tmp_path / "Công văn giữ lại.pdf"
    scan.write_bytes(PDF)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    log_in(page, agency_url(agency_a, "/login/"), "vt.giutep", PASSWORD)
    page.goto(agency_url(agency_a, "/documents/incoming/register/"))
    choose(page, "Cơ quan ban hành", "thu nghiem beta", "Sở Thử nghiệm Beta tỉnh Đồng Nai")
    page.get_by_label("Số", exact=True).fill("77")
    page.get_by_label("Ký hiệu", exact=True).fill("UBND-VP")
    page.get_by_label("Ngày tháng văn bản").fill(f"{yesterday.day}/{yesterday.month}/{yesterday.year % 100}")
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    page.get_by_label("Tệp đính kèm").set_input_files(str(scan))
    page.get_by_role("button", name="Vào sổ", exact=True).click()  # no subject: refused

    expect(page.locator("#form-errors")).to_be_visible()
    kept = page.get_by_label("Công văn giữ lại.pdf", exact=False)
    expect(kept).to_be_checked()
    page.get_by_label("Trích yếu").fill("V/v giữ lại tệp khi biểu mẫu bị từ chối")
    page.get_by_role("button", name="Vào sổ", exact=True).click()

    expect(page.locator("#messages")).to_contain_text("Đã vào sổ văn bản đến số 01")
    expect(page.get_by_role("link", name="Công văn giữ lại.pdf")).to_be_visible()
    expect(page.locator("#content")).to_contain_text(yesterday.strftime("%d/%m/%Y"))
    assert problems == []
