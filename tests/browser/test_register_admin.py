"""An agency administrator, at 1280 px, adds a specialised document type (a refused abbreviation is explained in the
panel, whose 400 answer htmx swaps in), then clears a clerk for secret documents."""

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from apps.people.models import Membership, Position, Role, Unit
from apps.registers.models import DocumentType, SecrecyClearance
from tests.browser.pages import choose, log_in, open_admin_screen

pytestmark = pytest.mark.browser
PASSWORD = "Quan-tri-So-2026"


@pytest.fixture
def alpha_people(transactional_db, agency_a) -> Iterator[dict]:
    """A committed administrator and clerk of alpha (the watermark clean-up removes them and what the test adds)."""
    User = get_user_model()
    people = {
        "admin": User.objects.create_user("qt.loaivb", full_name="Quản Trị Loại Văn Bản", password=PASSWORD),
        "clerk": User.objects.create_user("vt.mat", full_name="Trần Thị Văn Thư Mật", password=PASSWORD),
    }
    with schema_context(agency_a.schema_name):
        unit, position = Unit.objects.get(abbreviation="VP"), Position.objects.get(name="Chánh Văn phòng")
        for key, role in (("admin", Role.ADMIN), ("clerk", Role.CLERK)):
            Membership.objects.create(user=people[key], unit=unit, position=position, roles=[role])
    yield people


def test_the_administrator_adds_a_document_type_and_clears_a_clerk(browser, agency_a, agency_url, alpha_people):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        log_in(page, agency_url(agency_a, "/login/"), "qt.loaivb", PASSWORD)
        open_admin_screen(page, "Sổ văn bản")
        page.get_by_role("link", name="Loại văn bản", exact=True).click()
        expect(page.get_by_role("heading", name="Loại văn bản")).to_be_visible()
        expect(page.locator("#type-table")).to_contain_text("Nghị quyết")

        # A taken abbreviation: the panel shows why, on the field; nothing is saved.
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

        # Clear the clerk for secret documents.
        page.get_by_role("link", name="Quyền đọc văn bản mật").click()
        expect(page.locator("#clearance-table")).to_contain_text("Chưa có ai được đọc văn bản mật.")
        page.get_by_role("link", name="Cấp quyền đọc văn bản mật").click()
        choose(panel, "Họ và tên", "van thu mat", "Trần Thị Văn Thư Mật")
        panel.get_by_label("Độ mật cao nhất được đọc").select_option(label="Mật")
        panel.get_by_role("button", name="Lưu").click()
        expect(panel).to_contain_text("Đã lưu quyền đọc văn bản mật của Trần Thị Văn Thư Mật.")
        expect(page.locator("#clearance-table")).to_contain_text("Trần Thị Văn Thư Mật")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    finally:
        context.close()
    assert not problems, problems
    with schema_context(agency_a.schema_name):
        assert DocumentType.objects.get(abbreviation="PACC").name == "Phương án chữa cháy"
        assert SecrecyClearance.objects.get(user=alpha_people["clerk"]).level == "confidential"
