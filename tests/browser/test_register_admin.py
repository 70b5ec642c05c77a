"""An agency administrator, at 1280 px, adds a specialised document type (a refused abbreviation is explained in the
panel, whose 400 answer htmx swaps in), then clears a clerk for secret documents."""

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps.people.models import Role
from apps.registers.models import DocumentType, SecrecyClearance
from tests.browser.members import office_member
from tests.browser.pages import choose, log_in, open_admin_screen, watch

pytestmark = pytest.mark.browser
PASSWORD = "Quan-tri-So-2026"


@pytest.fixture
def alpha_people(transactional_db, agency_a) -> dict:
    """A committed administrator and clerk of alpha (the watermark clean-up removes them and what the test adds)."""
    post = "Chánh Văn phòng"
    return {
        "admin": office_member(
            agency_a, "qt.loaivb", "Quản Trị Loại Văn Bản", Role.ADMIN, password=PASSWORD, post=post
        ),
        "clerk": office_member(agency_a, "vt.mat", "Trần Thị Văn Thư Mật", Role.CLERK, password=PASSWORD, post=post),
    }


def add_a_document_type_after_a_refusal(page: Page) -> None:
    """A taken abbreviation: the panel shows why, on the field, and nothing is saved; a free one is saved."""
    open_admin_screen(page, "Sổ văn bản")
    page.get_by_role("link", name="Loại văn bản", exact=True).click()
    expect(page.get_by_role("heading", name="Loại văn bản")).to_be_visible()
    expect(page.locator("#type-table")).to_contain_text("Nghị quyết")
    page.get_by_role("link", name="Thêm loại văn bản").click()
    panel = page.locator("#panel")
    panel.get_by_label("Tên").fill("Phương án chữa cháy")
    panel.get_by_label("Chữ viết tắt").fill("qđ")
    panel.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text("Đã có loại văn bản khác dùng chữ viết tắt này.")
    expect(panel.get_by_label("Chữ viết tắt")).to_have_attribute("aria-invalid", "true")
    panel.get_by_label("Chữ viết tắt").fill("PACC")
    panel.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text("Đã lưu loại văn bản Phương án chữa cháy.")
    expect(page.locator("#type-table")).to_contain_text("Do cơ quan thêm")


def clear_the_clerk_for_secret_documents(page: Page) -> None:
    page.get_by_role("link", name="Quyền đọc văn bản mật").click()
    expect(page.locator("#clearance-table")).to_contain_text("Chưa có ai được đọc văn bản mật.")
    page.get_by_role("link", name="Cấp quyền đọc văn bản mật").click()
    panel = page.locator("#panel")
    choose(panel, "Họ và tên", "van thu mat", "Trần Thị Văn Thư Mật")
    panel.get_by_label("Độ mật cao nhất được đọc").select_option(label="Mật")
    panel.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text("Đã lưu quyền đọc văn bản mật của Trần Thị Văn Thư Mật.")
    expect(page.locator("#clearance-table")).to_contain_text("Trần Thị Văn Thư Mật")


def test_the_administrator_adds_a_document_type_and_clears_a_clerk(desk, agency_a, agency_url, alpha_people):
    page = desk.new_page()
    problems = watch(page, failed_responses=False)
    log_in(page, agency_url(agency_a, "/login/"), "qt.loaivb", PASSWORD)

    add_a_document_type_after_a_refusal(page)
    clear_the_clerk_for_secret_documents(page)

    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert not problems, problems
    with schema_context(agency_a.schema_name):
        assert DocumentType.objects.get(abbreviation="PACC").name == "Phương án chữa cháy"
        assert SecrecyClearance.objects.get(user=alpha_people["clerk"]).level == "confidential"
