"""An outgoing document from draft to number, in the browser: a specialist drafts a công văn with its file and
submits it; the head of the office approves the content on a phone; the clerk checks the format; the director
approves it on a phone; the clerk issues it, sees the register's next number (``NN/SAL-VP``) and finds the document in
the issued list by an accent-free search and by its number."""

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps.people.models import Membership, Position, Role, Unit
from apps.registers.models import Register, RegisterCounter
from tests.browser.pages import choose, log_in, open_menu

pytestmark = pytest.mark.browser

PASSWORD = "Van-ban-di-2026"
SUBJECT = "V/v tổ chức hội nghị tổng kết công tác văn thư năm 2026"


@pytest.fixture
def people(transactional_db, agency_a) -> Iterator[dict]:
    """Committed people of alpha's office (VP) and its director; the watermark clean-up removes them afterwards."""
    User = get_user_model()
    with schema_context(agency_a.schema_name):
        office = Unit.objects.get(abbreviation="VP")
        board = Unit.objects.create(name="Ban Giám đốc", abbreviation="BGDTD")
        posts = {p.name: p for p in Position.objects.all()}
        director_post = Position.objects.order_by("rank").first()

        def person(username: str, name: str, unit: Unit, post: Position, *roles: str):
            user = User.objects.create_user(username, full_name=name, password=PASSWORD)
            Membership.objects.create(user=user, unit=unit, position=post, roles=list(roles))
            return user

        people = {
            "drafter": person("cv.duthao", "Lê Thị Dự Thảo", office, posts["Chuyên viên"], Role.SPECIALIST),
            "head": person("cvp.duyet", "Trần Văn Chánh", office, posts["Chánh Văn phòng"], Role.LEADER),
            "clerk": person("vt.phathanh", "Phạm Thị Văn Thư", office, posts["Văn thư"], Role.CLERK),
            "signer": person("gd.ky", "Nguyễn Văn Giám Đốc", board, director_post, Role.LEADER),
        }
    yield people


def expected_number(agency) -> str:
    """The register's next number this year, as the page writes it (leading zero below 10)."""
    with schema_context(agency.schema_name):
        register = Register.objects.filter(kind=Register.Kind.OUTGOING, is_active=True).order_by("order").first()
        counter = RegisterCounter.objects.filter(register=register, year=timezone.localdate().year).first()
    return f"{(counter.last_number if counter else 0) + 1:02d}/SAL-VP"


def watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    return problems


def open_waiting_draft(page: Page) -> None:
    """From the home page: the count of drafts waiting, then the draft itself."""
    waiting = page.locator(".outgoing-waiting")
    expect(waiting).to_contain_text("1 dự thảo chờ bạn xử lý")
    waiting.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Chờ tôi xử lý")).to_be_visible()
    page.get_by_role("link", name=SUBJECT).first.click()
    expect(page.get_by_role("heading", name=SUBJECT)).to_be_visible()


def test_a_draft_is_reviewed_approved_and_issued_with_the_next_number(browser, phone, agency_a, agency_url, people):
    number = expected_number(agency_a)
    login = agency_url(agency_a, "/login/")
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk.set_default_timeout(20_000)
    problems: list[str] = []
    try:
        # The specialist drafts the công văn with its file and submits it.
        page = desk.new_page()
        problems = watch(page)
        log_in(page, login, "cv.duthao", PASSWORD)
        page.locator("#nav").get_by_role("link", name="Văn bản đi").click()
        page.get_by_role("link", name="Soạn dự thảo").click()
        page.get_by_label("Loại văn bản").select_option(label="Công văn")
        page.get_by_label("Trích yếu").fill(SUBJECT)
        choose(page, "Người ký", people["signer"].full_name, people["signer"].full_name)
        choose(page, "Đơn vị trong cơ quan", "van phong", "Văn phòng")
        page.get_by_label("Nơi nhận khác").fill("Như trên")
        page.get_by_label("Tệp đính kèm").set_input_files(
            files=[{"name": "du-thao-cong-van.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n% cong van\n"}]
        )
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator("#messages")).to_contain_text("Đã lưu dự thảo phiên bản 1.")
        expect(page.locator("#content")).to_contain_text("du-thao-cong-van.pdf")
        page.get_by_role("button", name="Trình duyệt nội dung").click()
        expect(page.locator("#draft .state-content_review")).to_be_visible()
        expect(page.locator("#messages")).to_contain_text(
            "duyệt nội dung."
        )  # "Đã trình <the reviewer> duyệt nội dung."
        draft_url = page.url

        # The head of the office approves the content, on a phone.
        mobile = phone.new_page()
        problems += watch(mobile)
        log_in(mobile, login, "cvp.duyet", PASSWORD)
        open_waiting_draft(mobile)
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 360
        mobile.get_by_label("Ý kiến").fill("Đồng ý nội dung.")
        mobile.get_by_role("button", name="Đồng ý").click()
        expect(mobile.locator("#draft .state-format_check")).to_be_visible()

        # The clerk checks the format.
        clerk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        clerk.set_default_timeout(20_000)
        clerk_page = clerk.new_page()
        problems += watch(clerk_page)
        log_in(clerk_page, login, "vt.phathanh", PASSWORD)
        open_waiting_draft(clerk_page)
        clerk_page.get_by_role("button", name="Đồng ý").click()
        expect(clerk_page.locator("#draft .state-awaiting_approval")).to_be_visible()

        # The director approves it, on a phone (a fresh session).
        mobile.context.clear_cookies()
        log_in(mobile, login, "gd.ky", PASSWORD)
        open_waiting_draft(mobile)
        mobile.get_by_role("button", name="Duyệt ký").click()
        expect(mobile.locator("#draft .state-approved")).to_be_visible()

        # The clerk issues it: the register's next number, shown on the page and in the issued list.
        clerk_page.goto(draft_url)
        expect(clerk_page.get_by_label("Sổ văn bản")).to_have_value(re.compile(r"\d+"))
        clerk_page.get_by_role("button", name="Cấp số và phát hành").click()
        expect(clerk_page.locator("#issued-number")).to_have_text(number)
        expect(clerk_page.locator("#messages")).to_contain_text(f"Đã phát hành văn bản số {number}")
        expect(clerk_page.locator("#audit-trail")).to_contain_text("Cấp số và phát hành")
        clerk_page.locator("#nav").get_by_role("link", name="Văn bản đi").click()
        clerk_page.get_by_role("link", name="Đã phát hành").click()
        expect(clerk_page.locator("#issued-table")).to_contain_text(number)
        expect(clerk_page.locator("#issued-table")).to_contain_text(SUBJECT)
        # Searched as one types, without accents, or by the number as written.
        clerk_page.get_by_role("searchbox").fill("hoi nghi tong ket van thu")
        expect(clerk_page).to_have_url(re.compile(r"/outgoing/issued/\?q=hoi(\+|%20)nghi(\+|%20)tong"))
        expect(clerk_page.locator("#issued-table tbody tr")).to_have_count(1)
        expect(clerk_page.locator("#issued-count")).to_have_text("1 văn bản")
        clerk_page.get_by_role("searchbox").fill("khong co van ban nay")
        expect(clerk_page.locator("#issued-table")).to_contain_text("Không có văn bản nào phù hợp")
        clerk_page.get_by_role("searchbox").fill(number)
        expect(clerk_page.locator("#issued-table tbody tr")).to_have_count(1)

        # The drafter sees the number on their draft too.
        page.goto(draft_url)
        expect(page.locator("#issued-number")).to_have_text(number)
        clerk.close()
    finally:
        desk.close()
    assert not problems, problems


def test_the_menu_is_reached_through_the_collapsed_toggler_on_a_phone(phone, agency_a, agency_url, people):
    page = phone.new_page()
    log_in(page, agency_url(agency_a, "/login/"), "cv.duthao", PASSWORD)
    open_menu(page)
    page.locator("#nav").get_by_role("link", name="Văn bản đi").click()
    expect(page.get_by_role("heading", name="Dự thảo của tôi")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
